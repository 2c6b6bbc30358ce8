"""A room sample's request and its meta keys: what the render path (crawler.rooms) and the
API path (crawler.room_api) both build and read, kept below both of them."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request

from crawler.items import CHAIN

SAMPLE = "greenroom_sample"  # on a sample request: {room, k, of, interval, timeout, about}
RESULT = "greenroom_sample_result"  # on a sample response: what the sample kept

CONTEXT = "greenroom-rooms"
CONTEXT_KWARGS = {
    "locale": "zh-CN",
    "timezone_id": "Asia/Shanghai",
    "viewport": {"width": 1280, "height": 800},
    "service_workers": "block",
    "accept_downloads": False,
}


def sample_request(info: dict, callback: Any = None, errback: Any = None) -> Request:
    """A browser request for sample info["k"] of a room (new page, closed after use)."""
    netloc = urlsplit(info["room"]).netloc
    meta = {
        "playwright": True,
        "playwright_context": CONTEXT,
        "playwright_context_kwargs": CONTEXT_KWARGS,
        "playwright_page_init_callback": "crawler.rooms.init_page",
        "playwright_page_goto_kwargs": {"wait_until": "load", "timeout": info["timeout"] * 1000},
        "download_slot": f"{netloc} (browser)",  # pages waiting for the browser don't block HTTP
        # a render's latency is Chromium's work, the page's settling and the wait for a
        # browser page, not the server's: AutoThrottle would space renders by it
        "autothrottle_dont_adjust_delay": True,
        "dont_retry": True,
        "handle_httpstatus_all": True,
        CHAIN: info.get("chain", 0),
        SAMPLE: {k: v for k, v in info.items() if k != "answers"},
    }
    return Request(
        info["room"],
        callback=callback,
        errback=errback,
        meta=meta,
        dont_filter=True,  # the same URL was fetched statically and by earlier samples
        priority=10,  # finish a room's samples before wandering on
    )


def utcnow(at: float | None = None) -> str:
    when = datetime.now(UTC) if at is None else datetime.fromtimestamp(at, UTC)
    return when.isoformat(timespec="milliseconds").replace("+00:00", "Z")
