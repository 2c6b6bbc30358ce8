"""Scale-out bench: pages/s of 1 and 2 workers on a shared Redis frontier, the single
writer's cost, and Redis memory per 100,000 queued requests.

The site is bench/sitegen.py's generated marketplace (deterministic, on loopback, ≥ 20,000
pages), served from its own process so it does not share the coordinator's interpreter.
Both crawls go through the cluster path (coordinator + N workers + a redis-server started
here); rooms are off (no Chromium in this bench), AutoThrottle is off and the per-domain
concurrency is 32 for the whole cluster, so the figure is the crawler's, not the delay's.

Prints: pages/s for 1 and 2 workers and their ratio (goal ≥ 1.7 on this 2-core machine),
the writer's time per 1,000 captures (relay → SQLite, hash chain) and per 1,000 findings
(checks + findings upsert), and Redis memory per 100,000 queued requests (queue + duplicate
filter).

Reproduce: .venv/bin/python bench/scale.py [--shops 4000] [--workers 1,2]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _serve(shops: int, port_queue) -> None:
    from bench.sitegen import GeneratedSite

    site = GeneratedSite(shops=shops).start()
    port_queue.put((site.port, site.pages))
    while True:
        time.sleep(3600)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_redis(home: str) -> tuple[subprocess.Popen, int]:
    import redis

    port = free_port()
    proc = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--dir", home]
        + ["--appendonly", "yes", "--save", ""],
        stdout=subprocess.DEVNULL,
    )
    for _ in range(200):
        try:
            redis.Redis(port=port).ping()
            return proc, port
        except redis.exceptions.ConnectionError:
            time.sleep(0.05)
    raise SystemExit("redis-server did not start")


class CpuShares(threading.Thread):
    """CPU seconds spent, while it runs, by the site server, Redis, this process (the
    coordinator and its writer) and every other process below this one (the workers):
    /proc is read every 0.5 s, so workers that exit are counted up to their last sample."""

    def __init__(self, site_pid: int, redis_pid: int) -> None:
        super().__init__(daemon=True)
        self.roles = {site_pid: "site server", redis_pid: "redis", os.getpid(): "coordinator"}
        self.first: dict[int, float] = {}
        self.last: dict[int, float] = {}
        self.done = threading.Event()

    def _sample(self) -> None:
        parents, cpu = {}, {}
        tick = os.sysconf("SC_CLK_TCK")
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    fields = fh.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents[int(entry)] = int(fields[1])
            cpu[int(entry)] = (int(fields[11]) + int(fields[12])) / tick
        mine = {os.getpid()}
        grew = True
        while grew:
            more = {p for p, parent in parents.items() if parent in mine} - mine
            grew = bool(more)
            mine |= more
        for pid in mine | set(self.roles):
            if pid in cpu:
                self.first.setdefault(pid, cpu[pid])
                self.last[pid] = cpu[pid]

    def run(self) -> None:
        while not self.done.is_set():
            self._sample()
            self.done.wait(0.5)

    def stop(self) -> dict[str, float]:
        self.done.set()
        self.join()
        self._sample()
        shares: dict[str, float] = {}
        for pid, last in self.last.items():
            role = self.roles.get(pid, "workers")
            shares[role] = shares.get(role, 0.0) + last - self.first[pid]
        return shares


def crawl_once(url: str, redis_url: str, workers: int, tmp: Path, pids=(0, 0)) -> dict:
    from greenroom import config as configmod
    from greenroom.run import crawl
    from storage.db import connect

    tmp.mkdir(parents=True, exist_ok=True)
    config = tmp / "config.toml"
    config.write_text(
        f'[crawl]\nstart_urls = ["{url}"]\nconcurrency_per_domain = 32\n'
        f'[cluster]\nredis = "{redis_url}"\n',
        "utf-8",
    )
    cfg = configmod.load(config)
    import redis

    server = redis.Redis.from_url(redis_url)
    server.config_resetstat()
    shares = CpuShares(*pids)
    shares.start()
    started = time.monotonic()
    result = crawl(
        cfg,
        tmp / "bench.db",
        workers=workers,
        extra_settings={
            "AUTOTHROTTLE_ENABLED": False,
            "GREENROOM_RENDER_ENABLED": False,
            "GREENROOM_PROGRESS_INTERVAL": 0,
            "CONCURRENT_REQUESTS": 32,
        },
    )
    wall = time.monotonic() - started
    cpu = shares.stop()
    commands = sorted(
        ((k.removeprefix("cmdstat_"), v) for k, v in server.info("commandstats").items()),
        key=lambda kv: -kv[1]["usec"],
    )
    stats = result["stats"]
    db = connect(tmp / "bench.db")
    pages = db.execute("SELECT COUNT(*) FROM captures WHERE kind = 'response'").fetchone()[0]
    first, last = db.execute("SELECT MIN(fetched_at), MAX(fetched_at) FROM captures").fetchone()
    span = (_ts(last) - _ts(first)).total_seconds()
    findings = db.execute("SELECT COUNT(*) FROM findings").fetchone()[0]
    written = stats.get("greenroom/cluster/written/captures", 0) + stats.get(
        "greenroom/cluster/written/pages", 0
    )
    start, finish = stats.get("start_time"), stats.get("finish_time")
    lead = (_ts(first) - _ts(start)).total_seconds() if start else 0.0
    tail = (_ts(finish) - _ts(last)).total_seconds() if finish else 0.0
    return {
        "lead_s": lead,
        "tail_s": tail,
        "workers": workers,
        "pages": pages,
        "crawl_s": stats["elapsed_time_seconds"],
        "fetch_span_s": span,
        "writer_s": stats.get("greenroom/cluster/writer_seconds", 0.0),
        "written": written,
        "captures": stats.get("greenroom/cluster/written/captures", 0),
        "analyse_s": wall - stats["elapsed_time_seconds"],
        "findings": findings,
        "status": result["status"],
        "cpu": cpu,
        "redis_top": [(name, v["calls"], v["usec"] / 1e6) for name, v in commands[:6]],
        "wall_s": wall,
    }


def _ts(text) -> datetime:
    moment = text if isinstance(text, datetime) else datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def redis_memory_per_100k(redis_url: str, base: str, n: int = 100_000) -> dict:
    """Queue 100,000 requests (and their fingerprints) as a crawl does; INFO memory."""
    from scrapy import Request, Spider
    from scrapy_redis.dupefilter import RFPDupeFilter

    from crawler.cluster import LeasedQueue, Link

    link = Link(redis_url, "greenroom:bench-memory", 1, worker="bench")
    server = link.server
    server.flushall()
    spider = Spider(name="marketplace")

    def parse(response):  # a named callback, as the spider's requests carry
        return None

    spider.parse = parse
    queue = LeasedQueue(server, spider, link.keys.queue, link=link)
    dupefilter = RFPDupeFilter(server, key=link.keys.dupefilter)
    before = server.info("memory")["used_memory"]
    for i in range(n):
        request = Request(f"{base}item/{i}", priority=-3)
        dupefilter.request_seen(request)
        queue.push(request)
    mid = server.info("memory")["used_memory"]
    server.delete(link.keys.dupefilter)
    after_queue_only = server.info("memory")["used_memory"]
    server.flushall()
    return {
        "total_mb": (mid - before) / 2**20,
        "queue_mb": (after_queue_only - before) / 2**20,
        "dupefilter_mb": (mid - after_queue_only) / 2**20,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shops", type=int, default=4000, help="4000 shops: 20,301 pages")
    parser.add_argument("--workers", default="1,2")
    args = parser.parse_args()
    if not shutil.which("redis-server"):
        raise SystemExit("bench/scale.py needs redis-server (apt-get install -y redis-server)")
    ctx = multiprocessing.get_context("spawn")
    ports = ctx.Queue()
    site = ctx.Process(target=_serve, args=(args.shops, ports), daemon=True)
    site.start()
    port, site_pages = ports.get(timeout=30)
    url = f"http://127.0.0.1:{port}/"
    home = tempfile.mkdtemp(prefix="greenroom-scale-")
    redis_proc, redis_port = start_redis(home)
    redis_url = f"redis://127.0.0.1:{redis_port}/0"
    print(f"site: {site_pages} pages at {url}; {os.cpu_count()} cores; redis {redis_url}")
    print(f"load average before: {os.getloadavg()[0]:.1f} (other processes share the cores)")
    results = []
    try:
        for n in [int(w) for w in args.workers.split(",")]:
            r = crawl_once(url, redis_url, n, Path(home) / f"w{n}", (site.pid, redis_proc.pid))
            results.append(r)
            print(
                f"{n} worker(s): {r['pages']} pages in {r['crawl_s']:.1f}s = "
                f"{r['pages'] / r['crawl_s']:.0f} pages/s "
                f"(first to last fetch {r['fetch_span_s']:.1f}s = "
                f"{r['pages'] / max(r['fetch_span_s'], 1e-9):.0f} pages/s; first fetch "
                f"{r['lead_s']:.1f}s after the start, end {r['tail_s']:.1f}s after the last); "
                f"{r['status']}",
                flush=True,
            )
            print(
                f"    writer: {r['writer_s']:.2f}s for {r['captures']} captures + pages = "
                f"{1000 * r['writer_s'] / max(r['captures'], 1):.3f}s per 1,000 captures; "
                f"checks + findings: {r['analyse_s']:.1f}s for {r['findings']} findings = "
                f"{1000 * r['analyse_s'] / max(r['findings'], 1):.2f}s per 1,000 findings",
                flush=True,
            )
            print(
                "    CPU seconds during the crawl and its analysis "
                f"({r['wall_s']:.0f} s wall, 2 cores = {2 * r['wall_s']:.0f} CPU s): "
                + ", ".join(f"{k} {v:.0f}" for k, v in sorted(r["cpu"].items())),
                flush=True,
            )
            print(
                "    redis, most time-consuming commands (calls, s): "
                + ", ".join(f"{n} {c} {t:.1f}" for n, c, t in r["redis_top"]),
                flush=True,
            )
        if len(results) >= 2:
            one, two = results[0], results[1]
            rate = lambda r: r["pages"] / r["crawl_s"]
            span = lambda r: r["pages"] / max(r["fetch_span_s"], 1e-9)
            print(
                f"speed-up {two['workers']} vs {one['workers']}: {rate(two) / rate(one):.2f}x "
                f"(fetch span: {span(two) / span(one):.2f}x; goal ≥ 1.7)"
            )
        mem = redis_memory_per_100k(redis_url, url)
        print(
            f"redis memory per 100,000 queued requests: {mem['total_mb']:.1f} MB "
            f"(queue {mem['queue_mb']:.1f} MB + duplicate filter {mem['dupefilter_mb']:.1f} MB)"
        )
    finally:
        redis_proc.terminate()
        site.terminate()
        shutil.rmtree(home, ignore_errors=True)
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    print("reproduce: .venv/bin/python bench/scale.py --shops", args.shops)


if __name__ == "__main__":
    main()
