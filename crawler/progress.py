"""Progress lines on stderr while a crawl goes (a Scrapy extension), or a live display on a
terminal (toolkit.progress).

Settings: GREENROOM_PROGRESS_INTERVAL (seconds; 0 turns progress off).
Example (crawler/settings.py):
    EXTENSIONS = {"crawler.progress.Progress": 500}
"""

from __future__ import annotations

import sys
import time

from scrapy import signals
from scrapy.exceptions import NotConfigured
from twisted.internet import task


class Progress:
    """Every few seconds `pages N · errors N · shops N listings N rooms N` on stderr; on a
    terminal, a live display instead (`toolkit.progress`): pages and rate, rooms rendered,
    errors, and an ETA when `max_pages` bounds the crawl."""

    LIVE_INTERVAL = 0.25  # seconds between live updates (the display redraws 4 times a second)

    def __init__(self, crawler, interval: float):
        self.crawler = crawler
        self.interval = interval
        self.loop = None
        self.live = None
        crawler.signals.connect(self.opened, signal=signals.spider_opened)
        crawler.signals.connect(self.closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        interval = crawler.settings.getfloat("GREENROOM_PROGRESS_INTERVAL")
        if not interval:
            raise NotConfigured("GREENROOM_PROGRESS_INTERVAL is 0")
        return cls(crawler, interval)

    def opened(self, spider=None):
        from toolkit import progress

        self.started = time.monotonic()
        if progress.on_terminal():
            total = self.crawler.settings.getint("CLOSESPIDER_PAGECOUNT") or None
            self.live = progress.display("抓取", total=total, unit="页").__enter__()
        self.loop = task.LoopingCall(self.report)
        self.loop.start(self.LIVE_INTERVAL if self.live else self.interval, now=False)

    def report(self):
        stats = self.crawler.stats.get_stats()
        if self.live:
            self.live.update(stats.get("greenroom/capture/count", 0), **live_figures(stats))
            return
        print(progress_line(stats, time.monotonic() - self.started), file=sys.stderr, flush=True)

    def closed(self, spider=None, reason=None):
        if self.loop and self.loop.running:
            self.loop.stop()
        if self.live:
            self.report()
            self.live.__exit__(None, None, None)
            self.live = None


def live_figures(stats: dict) -> dict:
    """What the live crawl display shows beside the pages: rooms rendered, errors, roles."""
    return {
        "直播间渲染": stats.get("greenroom/render/rendered", 0),
        "错误": errors_of(stats),
        **role_figures(stats),
    }


ROLES = {"店铺": "shop", "商品": "listing", "直播间": "room"}  # as the live displays name them


def role_figures(stats: dict) -> dict:
    """Pages read as shops, listings and rooms, as the live displays name them."""
    return {zh: stats.get(f"greenroom/pages/{role}", 0) for zh, role in ROLES.items()}


def errors_of(stats: dict) -> int:
    return sum(v for k, v in stats.items() if k.startswith("greenroom/errors/"))


def progress_line(stats: dict, elapsed: float) -> str:
    pages = stats.get("greenroom/capture/count", 0)
    shops, listings, rooms = role_figures(stats).values()
    rate = pages / elapsed if elapsed else 0
    return (
        f"[greenroom] {elapsed:5.0f}s · pages {pages} ({rate:.0f}/s) · errors {errors_of(stats)} · "
        f"shops {shops} · listings {listings} · rooms {rooms}"
    )
