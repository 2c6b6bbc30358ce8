"""Room rendering throughput and browser memory: ≥200 samples through the real Scrapy engine.

Serves JS-drawn rooms on loopback (tests/rooms/roomsite.py: a static shell + JSON API per
room), crawls them with the render middleware and Chromium (scrapy-playwright), and prints
renders/s, rooms/s and the browser's peak PSS (sum over chromium processes, from
/proc/<pid>/smaps_rollup) while the first 50 samples were taken and while samples 151–200
were. Goal (issue 5): ≥ 5 rooms/s on 2 cores; PSS at 200 within 20% of PSS at 50.

Example:
    .venv/bin/python bench/rooms.py --rooms 100 --samples 2
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


def chromium_pss_kb(root_pid: int) -> int:
    """PSS (kB) summed over the chromium processes descending from root_pid."""
    parents: dict[int, int] = {}
    names: dict[int, str] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                stat = fh.read().decode("latin-1")
        except OSError:
            continue
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        ppid = int(stat[stat.rindex(")") + 2 :].split()[1])
        parents[int(entry)], names[int(entry)] = ppid, name
    total = 0
    for pid, name in names.items():
        if "chrom" not in name.lower():
            continue
        node = pid
        while node > 1 and node != root_pid:
            node = parents.get(node, 1)
        if node != root_pid:
            continue
        try:
            with open(f"/proc/{pid}/smaps_rollup") as fh:
                for line in fh:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1])
                        break
        except OSError:
            continue
    return total


class Monitor(threading.Thread):
    """Samples (rendered samples so far, chromium PSS) every `period` seconds."""

    def __init__(self, stats, period: float = 0.2) -> None:
        super().__init__(daemon=True)
        self.stats, self.period = stats, period
        self.points: list[tuple[float, int, int]] = []
        self.done = threading.Event()

    def run(self) -> None:
        pid = os.getpid()
        while not self.done.is_set():
            rendered = self.stats.get_value("greenroom/render/rendered", 0)
            self.points.append((time.monotonic(), rendered, chromium_pss_kb(pid)))
            self.done.wait(self.period)

    def peak(self, low: int, high: int) -> int:
        return max((p for _, n, p in self.points if low <= n <= high), default=0)

    def first_time(self, count: int) -> float | None:
        return next((t for t, n, _ in self.points if n >= count), None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rooms", type=int, default=100)
    parser.add_argument("--samples", type=int, default=2)
    parser.add_argument("--interval", type=float, default=3.0)
    parser.add_argument("--max-pages", type=int, default=4)
    parser.add_argument("--browser-arg", action="append", default=[], help="extra Chromium flag")
    args = parser.parse_args()

    import scrapy
    from crawl import RoomsSpider, crawl_settings
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
            "GREENROOM_RENDER_TIMEOUT": 20.0,
            "PLAYWRIGHT_MAX_PAGES_PER_CONTEXT": args.max_pages,
            "CONCURRENT_REQUESTS": 32,
            "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
        },
    )
    launch = settings["PLAYWRIGHT_LAUNCH_OPTIONS"]
    settings["PLAYWRIGHT_LAUNCH_OPTIONS"] = {**launch, "args": launch["args"] + args.browser_arg}
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
    process.crawl(crawler, url=site.url)
    process.start()
    ended = time.monotonic()
    monitor.done.set()
    monitor.join()
    site.stop()

    stats = crawler.stats.get_stats()
    rendered = stats.get("greenroom/render/rendered", 0)
    errors = stats.get("greenroom/render/errors", 0)
    wall = ended - began[0]
    t200 = monitor.first_time(200) or ended
    pss50, pss200 = monitor.peak(0, 50), monitor.peak(151, 200)
    print(f"rooms {args.rooms} × {args.samples} samples, {args.interval:g} s apart, "
          f"≤{args.max_pages} browser pages, {os.cpu_count()} cores")  # fmt: skip
    print(f"rendered samples {rendered}, render errors {errors}, wall {wall:.1f} s")
    print(f"renders/s {rendered / wall:.2f} · rooms/s {rendered / args.samples / wall:.2f}"
          f" · first 200 samples in {t200 - began[0]:.1f} s")  # fmt: skip
    print(f"chromium peak PSS: samples 1-50 {pss50 / 1024:.0f} MiB · samples 151-200 "
          f"{pss200 / 1024:.0f} MiB · ratio {pss200 / pss50 if pss50 else float('nan'):.2f}"
          f" · whole run {monitor.peak(0, 10**9) / 1024:.0f} MiB")  # fmt: skip
    print(f"reproduce: .venv/bin/python bench/rooms.py --rooms {args.rooms} "
          f"--samples {args.samples} --interval {args.interval:g} --max-pages {args.max_pages}"
          + "".join(f" --browser-arg={a}" for a in args.browser_arg))  # fmt: skip


if __name__ == "__main__":
    main()
