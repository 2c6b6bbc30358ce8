"""Room rendering throughput and browser memory: ≥200 samples through the real Scrapy engine.

Serves JS-drawn rooms on loopback (tests/rooms/roomsite.py: a static shell + JSON API per
room), crawls them with the render middleware and Chromium (scrapy-playwright), and prints
rooms/s, the renders and API samples per room (a room's first sample is rendered, later
ones replay its JSON API: crawler.room_api), and the browser's peak PSS (sum over chromium
processes, from /proc/<pid>/smaps_rollup) while the first 50 samples were taken and while
samples 151–200 were. Goal (issue 21): ≥ 5 rooms/s at 2 samples and ≥ 4 at 6 on 2 idle
cores; PSS at 200 samples within 20% of PSS at 50.

It also prints where the CPU went, in ms per render by process group (browser, renderers
with their zygote, gpu-process, network service, the playwright driver, this Python process
with the loopback site), and the load average: the machine's other work slows the
wall-clock figures, much less the per-render CPU ones. PSS is read once a second (reading
it costs the kernel ~10 ms per chromium process), the rest five times a second.

`--whole` crawls the same rooms with `greenroom crawl` instead, as a regulator runs it
(robots.txt, AutoThrottle, the extraction workers, SQLite, the checks after the crawl), and
prints rooms/s over its crawl and over the whole command.

Example:
    .venv/bin/python bench/rooms.py --rooms 100 --samples 2
    .venv/bin/python bench/rooms.py --whole --rooms 110 --samples 6
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
for path in (ROOT, ROOT / "tests" / "rooms"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))


HZ = os.sysconf("SC_CLK_TCK")


def kind(pid: int, name: str) -> str:
    """The process group a pid's CPU counts under (chromium by --type, the driver, python).

    Not cached: a pid is first seen as the forked driver or zygote, then named by exec or
    by setproctitle.
    """
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            argv = fh.read().decode("utf-8", "replace").replace("\0", " ").split()
    except OSError:
        argv = []
    types = [a.split("=", 1)[1] for a in argv if a.startswith("--type=")]
    subs = [a.rsplit(".", 1)[-1] for a in argv if a.startswith("--utility-sub-type=")]
    if types:  # renderers are forked by the zygote: closed ones count under it
        label = types[0] + (f" {subs[0]}" if subs else "")
        return "renderers" if label in ("renderer", "zygote") else label
    if "chrom" in name.lower():
        return "browser"
    if "node" in name.lower():
        return "playwright driver"
    return "python (scrapy, site)"


def scan(root_pid: int, pss: bool = True) -> tuple[int, dict[str, float]]:
    """(PSS kB of the chromium processes, CPU s by process group) of root_pid's tree.

    CPU is utime+stime plus that of reaped children, so renderers closed with their pages
    still count (under their zygote). PSS (smaps_rollup) costs ~10 ms of CPU per chromium
    process: pss=False skips it.
    """
    parents: dict[int, int] = {}
    names: dict[int, str] = {}
    cpu: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                stat = fh.read().decode("latin-1")
        except OSError:
            continue
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2 :].split()
        pid = int(entry)
        parents[pid], names[pid] = int(fields[1]), name
        cpu[pid] = sum(int(f) for f in fields[11:15])
    total = 0
    groups: dict[str, float] = {}
    for pid, name in names.items():
        node = pid
        while node > 1 and node != root_pid:
            node = parents.get(node, 1)
        if node != root_pid:
            continue
        group = kind(pid, name)
        groups[group] = groups.get(group, 0.0) + cpu[pid] / HZ
        if not pss or "chrom" not in name.lower():
            continue
        try:
            with open(f"/proc/{pid}/smaps_rollup") as fh:
                for line in fh:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1])
                        break
        except OSError:
            continue
    return total, groups


def chromium_pss_kb(root_pid: int) -> int:
    """PSS (kB) summed over the chromium processes descending from root_pid."""
    return scan(root_pid)[0]


class Monitor(threading.Thread):
    """Samples rendered samples and CPU every `period` s, chromium PSS every `pss_period` s.

    Reading PSS is costly (the kernel walks each chromium process's page tables): sampled
    every 0.2 s it took ~10% of a core from the crawl it measures.
    """

    def __init__(self, stats, period: float = 0.2, pss_period: float = 1.0) -> None:
        super().__init__(daemon=True)
        self.stats, self.period, self.pss_period = stats, period, pss_period
        self.points: list[tuple[float, int, int]] = []  # (time, samples, PSS kB)
        self.cpu: list[tuple[int, dict[str, float]]] = []  # (rendered, CPU s by group)
        self.own_cpu: list[float] = []  # this thread's CPU s at each CPU point
        self.done = threading.Event()

    def run(self) -> None:
        pid, last_pss = os.getpid(), 0.0
        while not self.done.is_set():
            rendered = self.stats.get_value("greenroom/render/rendered", 0)
            samples = rendered + self.stats.get_value("greenroom/render/api_samples", 0)
            now = time.monotonic()
            want_pss = now - last_pss >= self.pss_period
            pss, cpu = scan(pid, pss=want_pss)
            if want_pss:
                last_pss = now
                self.points.append((now, samples, pss))
            self.cpu.append((rendered, cpu))
            self.own_cpu.append(time.thread_time())
            self.done.wait(self.period)

    def peak(self, low: int, high: int) -> int:
        return max((p for _, n, p in self.points if low <= n <= high), default=0)

    def cpu_per_render(self) -> tuple[int, dict[str, float]]:
        """(renders, CPU ms per render by group) from just before the first render to the
        last (the browser still running); this monitor's own CPU apart from the crawl's."""
        first = next((i for i, (n, _) in enumerate(self.cpu) if n > 0), None)
        if first is None:
            return 0, {}
        top = max(n for n, _ in self.cpu)
        i0 = max(0, first - 1)
        i1 = next(i for i, point in enumerate(self.cpu) if point[0] == top)
        (n0, c0), (n1, c1) = self.cpu[i0], self.cpu[i1]
        renders = n1 - n0
        if renders <= 0:
            return 0, {}
        per = {k: 1000 * (v - c0.get(k, 0.0)) / renders for k, v in c1.items()}
        own = 1000 * (self.own_cpu[i1] - self.own_cpu[i0]) / renders
        per["python (scrapy, site)"] = per.get("python (scrapy, site)", 0.0) - own
        per["bench monitor"] = own
        return renders, per

    def first_time(self, count: int) -> float | None:
        return next((t for t, n, _ in self.points if n >= count), None)


def whole(args) -> None:
    """The same rooms crawled by `greenroom crawl`, as a regulator runs it: a config, all of
    greenroom's settings (robots.txt, AutoThrottle, the extraction workers, SQLite) and the
    checks after the crawl. Prints rooms/s over the crawl and over the whole command."""
    import json
    import sqlite3
    import subprocess

    from roomsite import RoomSite

    with RoomSite() as site, tempfile.TemporaryDirectory(prefix="bench-rooms-") as tmp:
        rooms = ", ".join(f'"{site.url}live/{n}"' for n in range(1, args.rooms + 1))
        config = Path(tmp, "rooms.toml")
        config.write_text(
            f"[crawl]\nstart_urls = [{rooms}]\nmax_depth = 1\nroom_samples = {args.samples}\n"
            f"room_sample_interval_s = {args.interval}\nroom_render_every = {args.render_every}\n"
            f"room_page_uses = {args.page_uses}\n",
            encoding="utf-8",
        )
        command = [sys.executable, "-m", "greenroom.cli", "crawl", "--config", str(config)]
        began = time.monotonic()
        db = f"{tmp}/rooms.db"
        done = subprocess.run([*command, "--db", db], check=False, capture_output=True, text=True)
        wall = time.monotonic() - began
        if done.returncode != 0:
            sys.exit(f"greenroom crawl exited {done.returncode}: {done.stderr[-2000:]}")
        (stats,) = sqlite3.connect(db).execute("SELECT stats FROM runs").fetchone()
    stats = json.loads(stats)
    rendered = stats.get("greenroom/render/rendered", 0)
    api = stats.get("greenroom/render/api_samples", 0)
    crawl = stats.get("elapsed_time_seconds", 0.0)
    print(f"greenroom crawl: rooms {args.rooms} × {args.samples} samples, {args.interval:g} s "
          f"apart, {os.cpu_count()} cores")  # fmt: skip
    print(f"per room: renders {rendered / args.rooms:.2f}, API samples {api / args.rooms:.2f}; "
          f"render errors {stats.get('greenroom/render/errors', 0)}")  # fmt: skip
    print(f"rooms/s {(rendered + api) / args.samples / crawl:.2f} over the crawl ({crawl:.1f} s), "
          f"{(rendered + api) / args.samples / wall:.2f} over the whole command ({wall:.1f} s: "
          "start, crawl, checks)")  # fmt: skip
    print(f"reproduce: .venv/bin/python bench/rooms.py --whole --rooms {args.rooms} "
          f"--samples {args.samples} --interval {args.interval:g} --page-uses {args.page_uses}"
          + (f" --render-every {args.render_every}" if args.render_every else ""))  # fmt: skip


def main() -> None:
    from crawler.settings import GREENROOM_RENDER_MAX_PAGES, GREENROOM_RENDER_PAGE_USES

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rooms", type=int, default=100)
    parser.add_argument("--samples", type=int, default=2)
    parser.add_argument("--interval", type=float, default=3.0)
    parser.add_argument("--max-pages", type=int, default=GREENROOM_RENDER_MAX_PAGES)
    parser.add_argument(
        "--render-every", type=int, default=0, help="GREENROOM_ROOM_RENDER_EVERY (0: first only)"
    )
    parser.add_argument(
        "--page-uses",
        type=int,
        default=GREENROOM_RENDER_PAGE_USES,
        help="GREENROOM_RENDER_PAGE_USES: samples a browser page serves (1: a new page each)",
    )
    parser.add_argument("--browser-arg", action="append", default=[], help="extra Chromium flag")
    parser.add_argument(
        "--browser", default=None, help="Chromium executable (GREENROOM_BROWSER_PATH)"
    )
    parser.add_argument(
        "--whole", action="store_true", help="a whole `greenroom crawl` of the rooms (whole())"
    )
    args = parser.parse_args()
    if args.whole:
        whole(args)
        return

    import scrapy
    from crawl import RoomsSpider, crawl_settings, throttle_settings
    from roomsite import RoomSite
    from scrapy import signals
    from scrapy.crawler import CrawlerProcess

    site = RoomSite().start()
    starts = [f"{site.url}live/{n}" for n in range(1, args.rooms + 1)]

    class BenchSpider(RoomsSpider):
        name = "rooms-bench"

        async def start(self):
            for url in starts:
                yield scrapy.Request(url, callback=self.parse)

        def parse(self, response):
            for item in super().parse(response):
                if not isinstance(item, scrapy.Request) or item.meta.get("playwright"):
                    yield item  # rooms only: no wandering off through the links

    tmp = tempfile.mkdtemp(prefix="bench-rooms-")
    settings = crawl_settings(
        f"{tmp}/bench.db",
        {
            "LOG_LEVEL": "WARNING",
            "GREENROOM_ROOM_SAMPLES": args.samples,
            "GREENROOM_ROOM_SAMPLE_INTERVAL": args.interval,
            "GREENROOM_ROOM_RENDER_EVERY": args.render_every,
            "GREENROOM_RENDER_TIMEOUT": 20.0,
            "PLAYWRIGHT_MAX_PAGES_PER_CONTEXT": args.max_pages,
            "GREENROOM_RENDER_PAGE_USES": args.page_uses,
            "CONCURRENT_REQUESTS": 32,
            "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
            **throttle_settings(),
        },
    )
    launch = settings["PLAYWRIGHT_LAUNCH_OPTIONS"]
    settings["PLAYWRIGHT_LAUNCH_OPTIONS"] = {**launch, "args": launch["args"] + args.browser_arg}
    if args.browser:
        settings["PLAYWRIGHT_LAUNCH_OPTIONS"]["executable_path"] = args.browser
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(BenchSpider)
    monitor: Monitor | None = None
    began: list[float] = []

    def opened(spider):
        nonlocal monitor
        began.append(time.monotonic())
        monitor = Monitor(crawler.stats)
        monitor.start()

    crawler.signals.connect(opened, signal=signals.spider_opened)
    last: dict[str, float] = {}

    def answered(request, **_):
        last["response"] = time.monotonic()
        if request.meta.get("playwright"):
            last["render"] = last["response"]
            last.setdefault("first render", last["response"])

    def closed(**_):
        last["closed"] = time.monotonic()

    crawler.signals.connect(answered, signal=signals.response_received)
    crawler.signals.connect(closed, signal=signals.spider_closed)
    process.crawl(crawler, url=site.url)
    process.start()
    ended = time.monotonic()
    monitor.done.set()
    monitor.join()
    site.stop()

    stats = crawler.stats.get_stats()
    rendered = stats.get("greenroom/render/rendered", 0)
    api = stats.get("greenroom/render/api_samples", 0)
    errors = stats.get("greenroom/render/errors", 0)
    fallbacks = {
        k.rsplit("/", 1)[1]: v
        for k, v in stats.items()
        if k.startswith("greenroom/render/api_fallback/")
    }
    wall = ended - began[0]
    t200 = monitor.first_time(200) or ended
    pss50, pss200 = monitor.peak(0, 50), monitor.peak(151, 200)
    print(f"rooms {args.rooms} × {args.samples} samples, {args.interval:g} s apart, "
          f"≤{args.max_pages} browser pages, {os.cpu_count()} cores")  # fmt: skip
    print(f"rendered samples {rendered}, API samples {api}, render errors {errors}, "
          f"wall {wall:.1f} s (renders from {last['first render'] - began[0]:.1f} s "
          f"to {last['render'] - began[0]:.1f} s, last response at "
          f"{last['response'] - began[0]:.1f} s, "
          f"spider closed at {last['closed'] - began[0]:.1f} s)")  # fmt: skip
    print(f"per room: renders {rendered / args.rooms:.2f}, API samples {api / args.rooms:.2f}; "
          f"fallbacks to a render {sum(fallbacks.values())}"
          + "".join(f" ({k} {v})" for k, v in sorted(fallbacks.items())))  # fmt: skip
    pages = {k: stats.get(f"greenroom/render/pages/{k}", 0) for k in ("opened", "reused")}
    print(f"browser pages: opened {pages['opened']}, reused {pages['reused']} "
          f"(each serves up to {args.page_uses} samples)")  # fmt: skip
    print(f"rooms/s {(rendered + api) / args.samples / wall:.2f} · samples/s "
          f"{(rendered + api) / wall:.2f} · renders/s {rendered / wall:.2f}"
          f" · first 200 samples in {t200 - began[0]:.1f} s")  # fmt: skip
    print(f"chromium peak PSS: samples 1-50 {pss50 / 1024:.0f} MiB · samples 151-200 "
          f"{pss200 / 1024:.0f} MiB · ratio {pss200 / pss50 if pss50 else float('nan'):.2f}"
          f" · whole run {monitor.peak(0, 10**9) / 1024:.0f} MiB")  # fmt: skip
    renders, cpu = monitor.cpu_per_render()
    if renders:
        own = cpu.pop("bench monitor")
        parts = sorted(cpu.items(), key=lambda kv: -kv[1])
        print(f"CPU ms per render ({renders} renders, static fetches and the loopback site "
              f"included): total {sum(cpu.values()):.0f} = "
              + ", ".join(f"{k} {v:.0f}" for k, v in parts if v >= 0.5)
              + f" (+ this bench's monitor {own:.0f})")  # fmt: skip
    load = os.getloadavg()
    print(f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} (other work on the machine"
          " slows the wall-clock figures, less the CPU ones)")  # fmt: skip
    print(f"reproduce: .venv/bin/python bench/rooms.py --rooms {args.rooms} "
          f"--samples {args.samples} --interval {args.interval:g} --max-pages {args.max_pages}"
          f" --page-uses {args.page_uses}"
          + (f" --render-every {args.render_every}" if args.render_every else "")
          + "".join(f" --browser-arg={a}" for a in args.browser_arg))  # fmt: skip


if __name__ == "__main__":
    main()
