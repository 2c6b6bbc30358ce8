"""The coordinator of a cluster run, the `greenroom worker` loop, and a private Redis.

`greenroom crawl --config FILE --db PATH --workers N` (or any config with `[cluster]
redis = "redis://…"`) runs the crawl here: this process holds the database, publishes the
run in Redis, starts N local workers (and restarts one that dies), writes everything the
workers relay (storage.relay.Writer: the one writer, one hash chain), returns the leases
of dead workers to the queue, enforces max_pages and max_runtime_s for the cluster, and
decides when the run is over. Workers on other machines join with `greenroom worker
--config FILE` (same config: the Redis keys are derived from its start URLs).

Without `[cluster] redis`, `--workers N` starts a private redis-server (Debian package
`redis-server`) with its data in `<db>.redis/` (append-only file, so a killed run resumes
with its frontier); it listens on a Unix socket only.

Run the same command again after the coordinator was killed: the run is resumed from the
frontier, leases and unwritten rows that Redis still holds.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import multiprocessing
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from crawler.settings import GREENROOM_CLUSTER_HEARTBEAT_TTL, setting
from greenroom.child import crawl_child, spider_kwargs
from greenroom.config import ConfigError, crawl_settings, line_in_file
from storage.pages import roles_of_run
from storage.store import Store
from storage.warc import last_id, responses_of_run
from toolkit.progress import display

TICK_S = 0.25
LIVE_S = 1.0  # seconds between updates of a terminal's live display (each reads the database)
HEARTBEAT_TTL_S = GREENROOM_CLUSTER_HEARTBEAT_TTL
SHUTDOWN_WAIT_S = 60.0


class ClusterError(RuntimeError):
    """The cluster cannot run: no Redis to reach or start."""


def cluster_url(cfg) -> str | None:
    """The `[cluster] redis` URL of a config, or None."""
    return (getattr(cfg, "raw", None) or {}).get("cluster", {}).get("redis") or None


# settings ---------------------------------------------------------------------------------
def worker_overrides(
    base: dict, url: str, ns: str, run_id: int, worker: str, captures: str, key: bytes
) -> dict:
    """A worker's Scrapy settings: the run's own, on the shared frontier and the relay."""
    from crawler import settings as project

    overrides = dict(base)
    overrides.pop("CLOSESPIDER_PAGECOUNT", None)  # counted for the cluster by the coordinator
    overrides.pop("CLOSESPIDER_TIMEOUT", None)  # and the clock too
    overrides.update(
        {
            "SCHEDULER": "crawler.cluster.ClusterScheduler",
            "GREENROOM_STORE_CLASS": "crawler.cluster.WorkerStore",
            "GREENROOM_RESUME_ENABLED": False,  # the frontier in Redis is the resume state
            "GREENROOM_PROGRESS_INTERVAL": 0,  # the coordinator prints progress
            "GREENROOM_CLUSTER_REDIS": url,
            "GREENROOM_CLUSTER_NS": ns,
            "GREENROOM_CLUSTER_RUN": run_id,
            "GREENROOM_CLUSTER_WORKER": worker,
            "GREENROOM_CLUSTER_CAPTURES": captures,
            "GREENROOM_CLUSTER_KEY": key.hex(),  # the run's relay key (toolkit.redis_trust)
            "GREENROOM_CLUSTER_HEARTBEAT_TTL": HEARTBEAT_TTL_S,
            # the domain's delay holds for the cluster (Redis clock); not again per worker
            "GREENROOM_CLUSTER_DELAY": base.get("DOWNLOAD_DELAY", 0) or 0,
            "DOWNLOAD_DELAY": 0,
            "EXTENSIONS": {**project.EXTENSIONS, "crawler.cluster.ClusterWorker": 10},
            "SPIDER_MIDDLEWARES": {**project.SPIDER_MIDDLEWARES, "crawler.cluster.HeldOutput": 50},
            "DOWNLOADER_MIDDLEWARES": {
                **project.DOWNLOADER_MIDDLEWARES,
                "crawler.cluster.ClusterPoliteness": 960,
            },
        }
    )
    return overrides


# private Redis ------------------------------------------------------------------------------
@contextlib.contextmanager
def private_redis(db_path: str):
    """A redis-server for this database only: Unix socket, append-only file in `<db>.redis/`.
    One left running by a killed coordinator is reused (it holds the run's frontier)."""
    import redis

    home = Path(str(db_path) + ".redis").resolve()
    home.mkdir(parents=True, exist_ok=True)
    sock = home / "redis.sock"
    if len(str(sock)) > 100:  # the limit of a Unix socket path
        digest = hashlib.sha1(str(home).encode()).hexdigest()[:16]  # stable across restarts
        sock = Path(tempfile.gettempdir()) / f"greenroom-{digest}.sock"
    url = f"unix://{sock}"
    proc = None
    try:
        redis.Redis(unix_socket_path=str(sock), socket_connect_timeout=1).ping()
    except (redis.exceptions.ConnectionError, OSError):
        exe = shutil.which("redis-server")
        if not exe:
            raise ConfigError(
                "<command line>",
                None,
                "--workers needs Redis: install redis-server (apt-get install -y "
                'redis-server) or name one in the config: [cluster] redis = "redis://…"',
            ) from None
        with contextlib.suppress(FileNotFoundError):
            sock.unlink()
        proc = subprocess.Popen(
            [exe, "--port", "0", "--unixsocket", str(sock), "--unixsocketperm", "700"]
            + ["--dir", str(home), "--appendonly", "yes", "--save", ""]
            + ["--logfile", str(home / "redis.log")],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # survives a killed coordinator: the same command resumes
        )
        deadline = time.monotonic() + 20
        while True:
            try:
                redis.Redis(unix_socket_path=str(sock), socket_connect_timeout=1).ping()
                break
            except (redis.exceptions.ConnectionError, redis.exceptions.BusyLoadingError):
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise ClusterError(
                        f"redis-server did not start; see {home}/redis.log"
                    ) from None
                time.sleep(0.05)
    try:
        yield url
    finally:
        with contextlib.suppress(Exception):
            redis.Redis(unix_socket_path=str(sock)).shutdown(nosave=True)
        if proc is not None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(10)


def secret_file(cfg) -> str | None:
    """`[cluster] secret_file`, resolved beside the config, or None."""
    name = (getattr(cfg, "raw", None) or {}).get("cluster", {}).get("secret_file")
    if not name:
        return None
    path = (Path(cfg.path).parent / name).resolve() if cfg.path else Path(name)
    if not path.is_file():
        raise ConfigError(cfg.path, line_in_file(cfg.path, "secret_file"), f"no such file: {path}")
    return str(path)


def checked_url(cfg, url: str) -> str:
    """The configured Redis URL, refused (one line naming the config) when unauthenticated."""
    from toolkit.redis_trust import RedisRefused, check_url

    try:
        check_url(url)
    except RedisRefused as exc:
        where = cfg.path or "<command line>"
        line = line_in_file(cfg.path, "redis") if cfg.path else None
        raise ConfigError(where, line, str(exc)) from None
    return url


@contextlib.contextmanager
def redis_for(cfg, db_path: str):
    url = cluster_url(cfg)
    if url:
        yield checked_url(cfg, url)
    else:
        with private_redis(db_path) as url:
            yield url


# the coordinator --------------------------------------------------------------------------
def run_cluster(
    cfg, store: Store, run_id: int, overrides: dict, spider_kwargs: dict, workers: int = 1
) -> dict:
    """Crawl one run with `workers` local workers (plus any that join); the merged stats."""
    from crawler.cluster import Link, namespace
    from storage.runs import relay_key
    from toolkit.redis_trust import derived_key

    with redis_for(cfg, store.path) as url:
        reachable(cfg, url)
        ns = namespace(cfg.start_urls)
        secret = secret_file(cfg)  # derived from the secret file, else random, kept in the db
        key = derived_key(secret, ns, run_id) if secret else relay_key(store.db, run_id)
        link = Link(url, ns, run_id, worker="coordinator", key=key)
        return Coordinator(cfg, store, link, overrides, spider_kwargs, workers).run()


def reachable(cfg, url: str) -> None:
    """Fail at once, naming the config line, when the configured Redis does not answer."""
    import redis

    from toolkit.redis_trust import redact, redacted_url

    try:
        redis.Redis.from_url(url, socket_connect_timeout=3, socket_timeout=3).ping()
    except (redis.exceptions.RedisError, OSError, ValueError) as exc:
        where = cfg.path or "<command line>"
        line = line_in_file(cfg.path, "redis") if cfg.path else None
        problem = redact(f"cannot reach Redis at {redacted_url(url)}: {exc}", url)
        raise ConfigError(where, line, problem.splitlines()[0]) from None


class Coordinator:
    """One cluster run seen from the process that holds the database."""

    def __init__(self, cfg, store: Store, link, overrides, spider_kwargs, workers: int):
        from storage.relay import Writer

        self.cfg, self.db, self.link = cfg, store.db, link
        self.run_id = link.keys.run_id
        self.overrides, self.spider_kwargs, self.workers = overrides, spider_kwargs, workers
        self.captures = str(store.captures.resolve())
        self.writer = Writer(store.db, link, self.run_id)
        self.children: dict[int, multiprocessing.Process] = {}  # slot -> process
        self.interrupted = False
        self.started = time.monotonic()
        self.started_at = datetime.now(UTC)
        self.progress_s = setting(overrides, "GREENROOM_PROGRESS_INTERVAL")

    # Redis state of the run -------------------------------------------------------------
    def publish(self) -> None:
        """Make this run the namespace's active run; clear what an older run left."""
        server, k = self.link.server, self.link.keys
        current = server.hget(k.run, "id")
        if current is not None and int(current) != self.run_id:
            self._clear(int(current))
        max_id = last_id(self.db)
        if int(server.get(k.ids) or 0) < max_id:
            server.set(k.ids, max_id)
        server.delete(k.done)
        server.hset(k.run, mapping={"id": self.run_id, "captures": self.captures})

    def _clear(self, run_id: int) -> None:
        server = self.link.server
        pattern = f"{self.link.keys.ns}:{run_id}:*"
        for key in server.scan_iter(match=pattern, count=1000):
            server.delete(key)

    # workers ----------------------------------------------------------------------------
    def spawn(self, slot: int) -> None:
        ctx = multiprocessing.get_context("spawn")
        stats_path = os.path.join(tempfile.gettempdir(), f"greenroom-worker-{os.getpid()}-{slot}")
        proc = ctx.Process(
            target=_worker_child,
            args=(self.overrides, self.spider_kwargs, self.link.url, self.link.keys.ns),
            kwargs={
                "run_id": self.run_id,
                "captures": self.captures,
                "stats_path": stats_path,
                "key": self.link.key,
            },
            name=f"greenroom-worker-{slot}",
        )
        proc.start()
        self.children[slot] = proc

    def supervise(self) -> None:
        """Restart a local worker that died before the run was over; reap its leases."""
        for slot, proc in list(self.children.items()):
            if proc.is_alive():
                continue
            requeued, _ = self.link.reap(_worker_name(proc.pid))
            if not self.link.done() and not self.interrupted:
                print(
                    f"[greenroom] worker {proc.pid} exited ({proc.exitcode}); "
                    f"{requeued} requests back in the queue; restarting it",
                    file=sys.stderr,
                    flush=True,
                )
                self.spawn(slot)

    def reap_dead(self) -> None:
        """Return the leases of workers whose heartbeat expired; forget drained ones."""
        server, k = self.link.server, self.link.keys
        local = {_worker_name(p.pid) for p in self.children.values() if p.is_alive()}
        for raw in server.smembers(k.workers):
            w = raw.decode()
            if w in local or server.exists(k.alive(w)):
                continue
            requeued, _ = self.link.reap(w)
            if requeued:
                print(
                    f"[greenroom] worker {w} is gone; {requeued} requests back in the queue",
                    file=sys.stderr,
                    flush=True,
                )
            if not server.llen(k.msgs(w)) and not server.zcard(k.lease(w)):
                server.srem(k.workers, w)

    # the end of the run ------------------------------------------------------------------
    def quiet(self) -> tuple[bool, int]:
        """(nothing queued, leased, unwritten, and every live worker idle; the pop epoch)."""
        server, k = self.link.server, self.link.keys
        names = [w.decode() for w in server.smembers(k.workers)]
        pipe = server.pipeline(transaction=False)
        pipe.zcard(k.queue).zcard(k.pending).get(k.epoch)
        for w in names:
            pipe.zcard(k.lease(w)).llen(k.msgs(w)).get(k.alive(w))
        res = pipe.execute()
        queued, pending, epoch = res[0], res[1], int(res[2] or 0)
        busy = queued or pending
        statuses = []
        for i in range(len(names)):
            leases, backlog, alive = res[3 + 3 * i : 6 + 3 * i]
            busy = busy or leases or backlog
            if alive:
                statuses.append(json.loads(alive))
        started = any(s.get("started") for s in statuses)
        idle = all(s.get("idle") or s.get("closed") for s in statuses)
        return (not busy and started and idle), epoch

    def bound_reached(self) -> str:
        if self.cfg.max_pages and self.pages() >= self.cfg.max_pages:
            return "closespider_pagecount"
        runtime = self.overrides.get("CLOSESPIDER_TIMEOUT")
        if runtime and time.monotonic() - self.started >= runtime:
            return "closespider_timeout"
        return ""

    def pages(self) -> int:
        return responses_of_run(self.db, self.run_id)

    def run(self) -> dict:
        self.publish()
        previous = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}

        def stop(*_):
            self.interrupted = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        try:
            for slot in range(self.workers):
                self.spawn(slot)
            with display("抓取", total=self.cfg.max_pages or None, unit="页") as live:
                stats = self.finish(self.loop(live))
                if live.live:  # the display ends on the run's written figures
                    self.progress(live)
            return stats
        finally:
            for proc in self.children.values():
                if proc.is_alive():
                    proc.terminate()
            for sig, handler in previous.items():
                signal.signal(sig, handler)

    def loop(self, live) -> str:
        """Supervise until the run is over; progress on `live` (a terminal's display, once
        a second) or as a line every GREENROOM_PROGRESS_INTERVAL seconds."""
        every = LIVE_S if live.live else self.progress_s
        last_quiet, last_reap, last_progress = None, 0.0, time.monotonic()
        while True:
            self.writer.drain()
            if self.interrupted:
                return "shutdown"
            now = time.monotonic()
            self.supervise()
            if now - last_reap >= 1.0:
                self.reap_dead()
                last_reap = now
            reason = self.link.done() or self.bound_reached()
            if reason:
                return reason
            quiet, epoch = self.quiet()
            if quiet and last_quiet == epoch:
                return "finished"
            last_quiet = epoch if quiet else None
            if every and now - last_progress >= every:
                self.progress(live)
                last_progress = now
            time.sleep(TICK_S)

    def progress(self, live) -> None:
        """The cluster's pages, roles, live workers and queue: on the live display, or a line."""
        from crawler.progress import progress_line, role_figures

        stats = self.db_stats()
        queued = self.link.server.zcard(self.link.keys.queue)
        alive = sum(p.is_alive() for p in self.children.values())
        if live.live:
            figures = {**role_figures(stats), "进程": alive, "排队": queued}
            live.update(stats["greenroom/capture/count"], **figures)
            return
        line = progress_line(stats, time.monotonic() - self.started)
        print(f"{line} · workers {alive} · queued {queued}", file=sys.stderr, flush=True)

    def db_stats(self) -> dict:
        stats = {"greenroom/capture/count": self.pages()}
        for role, n in roles_of_run(self.db, self.run_id):
            stats[f"greenroom/pages/{role or 'other'}"] = n
        return stats

    def finish(self, reason: str) -> dict:
        """Tell the workers, let them close and relay the rest, write it; the merged stats."""
        server, k = self.link.server, self.link.keys
        server.set(k.done, reason)
        if reason == "shutdown":
            for proc in self.children.values():
                if proc.is_alive():
                    proc.terminate()  # SIGTERM: the worker closes and gives its leases back
        deadline = time.monotonic() + SHUTDOWN_WAIT_S
        while time.monotonic() < deadline:
            self.writer.drain()
            alive = [p for p in self.children.values() if p.is_alive()]
            remote = [
                w
                for w in server.smembers(k.workers)
                if server.exists(k.alive(w.decode()))
                and not json.loads(server.get(k.alive(w.decode())) or "{}").get("closed")
            ]
            if not alive and not remote:
                break
            time.sleep(TICK_S)
        for proc in self.children.values():
            if proc.is_alive():
                proc.terminate()
                proc.join(10)
        self.writer.drain()
        stats = self.merged_stats(reason)
        if reason != "shutdown":  # the run is over: its frontier and lists can go
            self._clear(self.run_id)
            self.writer.forget()
            if (server.hget(k.run, "id") or b"").decode() == str(self.run_id):
                server.delete(k.run)
        return stats

    def merged_stats(self, reason: str) -> dict:
        stats: dict = {}
        for raw in self.link.server.hvals(self.link.keys.stats):
            for key, value in json.loads(raw).items():
                if isinstance(value, int | float) and not isinstance(value, bool):
                    stats[key] = stats.get(key, 0) + value
                else:
                    stats.setdefault(key, value)
        stats.update(self.db_stats())
        stats["finish_reason"] = reason
        stats["elapsed_time_seconds"] = round(time.monotonic() - self.started, 3)
        stats["start_time"] = self.started_at.isoformat()
        stats["finish_time"] = datetime.now(UTC).isoformat()
        stats["greenroom/cluster/workers"] = self.link.server.hlen(self.link.keys.stats)
        stats["greenroom/cluster/writer_seconds"] = round(self.writer.seconds, 3)
        for key, n in self.writer.written.items():
            stats[f"greenroom/cluster/written/{key}"] = n
        return stats


def _worker_name(pid: int | None) -> str:
    return f"{socket.gethostname()}-{pid}"


def _worker_child(
    overrides: dict,
    spider_kwargs: dict,
    url: str,
    ns: str,
    *,
    run_id: int,
    captures: str,
    stats_path: str,
    key: bytes,
) -> None:
    """One worker process (spawned): the run's crawl settings on the shared frontier."""
    name = _worker_name(os.getpid())
    settings = worker_overrides(overrides, url, ns, run_id, name, captures, key)
    try:
        crawl_child(settings, spider_kwargs, stats_path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(stats_path)


# `greenroom worker` -------------------------------------------------------------------------
def worker_loop(cfg, *, captures: str | None = None, once: bool = False, log_level="WARNING"):
    """Join the active run of this config's namespace; wait for one when there is none."""
    from crawler.cluster import connect, namespace
    from toolkit.redis_trust import derived_key, redacted_url

    url = cluster_url(cfg)
    if not url:
        raise ConfigError(cfg.path, None, 'missing [cluster] redis = "redis://host:6379/0"')
    checked_url(cfg, url)
    secret = secret_file(cfg)
    if not secret:
        raise ConfigError(
            cfg.path,
            None,
            "a worker on another machine needs [cluster] secret_file (the same file as the "
            "coordinator's) to sign what it relays",
        )
    reachable(cfg, url)
    ns = namespace(cfg.start_urls)
    server = connect(url)
    waiting = False
    while True:
        info = server.hgetall(f"{ns}:run")
        run_id = int(info.get(b"id", 0) or 0)
        done = run_id and server.get(f"{ns}:{run_id}:done")
        if not run_id or done:
            if not waiting:
                where = redacted_url(url)
                print(
                    f"[greenroom] waiting for a run in {where} ({ns})", file=sys.stderr, flush=True
                )
                waiting = True
            time.sleep(1.0)
            continue
        waiting = False
        base = crawl_settings(cfg, "", run_id)
        base["LOG_LEVEL"] = log_level
        kwargs = spider_kwargs(cfg)
        where = captures or info.get(b"captures", b"").decode()
        print(f"[greenroom] joining run {run_id}; captures in {where}", file=sys.stderr, flush=True)
        ctx = multiprocessing.get_context("spawn")
        stats_path = os.path.join(tempfile.gettempdir(), f"greenroom-worker-{os.getpid()}")
        proc = ctx.Process(
            target=_worker_child,
            args=(base, kwargs, url, ns),
            kwargs={
                "run_id": run_id,
                "captures": where,
                "stats_path": stats_path,
                "key": derived_key(secret, ns, run_id),
            },
        )
        proc.start()
        previous = signal.signal(signal.SIGTERM, lambda *_, p=proc: p.terminate())
        try:
            proc.join()
        finally:
            signal.signal(signal.SIGTERM, previous)
        if once:
            return
        # the run is over (or this worker was stopped): wait for the next one
        while server.hget(f"{ns}:run", "id") == str(run_id).encode() and not server.get(
            f"{ns}:{run_id}:done"
        ):
            if proc.exitcode not in (0, None):
                break  # crashed: join the same run again
            time.sleep(1.0)
