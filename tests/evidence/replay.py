"""pywb on loopback over a WACZ: Webrecorder's replay server, installed by `make setup` in
its own virtualenv (.venv/pywb: pywb pins redis 2.x, the crawler's cluster needs redis 5+)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Self

PYWB_BIN = Path(os.environ.get("GREENROOM_PYWB_BIN", Path(sys.prefix) / "pywb" / "bin"))


def pywb_installed() -> bool:
    return (PYWB_BIN / "wayback").exists() and (PYWB_BIN / "wb-manager").exists()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Pywb:
    """`with Pywb(wacz, workdir) as pywb:` replays the WACZ at pywb.url(ts, url)."""

    def __init__(self, wacz: Path, workdir: Path, collection: str = "case"):
        self.dir, self.collection = workdir, collection
        workdir.mkdir(parents=True, exist_ok=True)
        for args in (["init", collection], ["add", "--unpack-wacz", collection, str(wacz)]):
            subprocess.run(
                [str(PYWB_BIN / "wb-manager"), *args], cwd=workdir, check=True, capture_output=True
            )
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Self:
        self.log = open(self.dir / "wayback.log", "wb")
        self.proc = subprocess.Popen(
            [str(PYWB_BIN / "wayback"), "-b", "127.0.0.1", "-p", str(self.port)],
            cwd=self.dir,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return self
            except OSError:
                if self.proc.poll() is not None:
                    break
                time.sleep(0.2)
        self.__exit__()
        raise RuntimeError(f"pywb did not start: {(self.dir / 'wayback.log').read_text()[-500:]}")

    def __exit__(self, *exc) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()

    def url(self, ts: str, url: str) -> str:
        """The replay URL of `url` at WACZ page time `ts` (ISO), in frameless mode."""
        stamp = "".join(c for c in ts if c.isdigit())[:14]
        return f"{self.base}/{self.collection}/{stamp}mp_/{url}"
