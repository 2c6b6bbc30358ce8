"""A redis-server of the tests' own on a free loopback port, with a password (AUTH); the
fixtures `redis_server` and `redis_url` (tests/conftest.py) start one per session."""

from __future__ import annotations

import secrets
import socket
import subprocess
import time


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RedisServer:
    """redis-server on 127.0.0.1:port with an append-only file in `home`; can restart."""

    def __init__(self, home):
        self.home, self.port, self.proc = home, free_port(), None
        self.password = secrets.token_hex(16)
        self.url = f"redis://:{self.password}@127.0.0.1:{self.port}/0"

    def start(self) -> RedisServer:
        import redis

        self.proc = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
            + ["--requirepass", self.password]
            + ["--dir", str(self.home), "--appendonly", "yes", "--save", ""],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis(port=self.port, password=self.password)
        for _ in range(200):
            try:
                client.ping()
                return self
            except (redis.exceptions.ConnectionError, redis.exceptions.BusyLoadingError):
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)

    def client(self):
        import redis

        return redis.Redis(port=self.port, password=self.password)
