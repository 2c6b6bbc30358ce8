"""Run one real Scrapy crawl with the render middleware and Chromium; write items + stats JSON.

A subprocess per crawl (Twisted's reactor runs once per process):
    python tests/rooms/crawl.py URL --db X.db --out result.json [--set KEY=JSON ...]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import scrapy
from scrapy import signals

from crawler.browser import BROWSER_PATH, playwright_settings
from crawler.extract.pages import extract
from crawler.rooms import room_requests, sample_page
from spiders.marketplace import page_from_response


class RoomsSpider(scrapy.Spider):
    """Follows in-site links; yields the facts of each static page and each room sample.

    It wires crawler.rooms the way spiders/marketplace.py does.
    """

    name = "rooms-test"

    def __init__(self, url: str, **kwargs):
        super().__init__(**kwargs)
        self.start_urls = url.split(",")

    def parse(self, response):
        page = sample_page(response) or page_from_response(response)
        facts = extract(page)
        yield {
            "kind": "sample" if page.rendered or page.api_sample else "static",
            "url": page.url,
            "sample": page.sample,
            "capture_id": page.capture_id,
            "fetched_at": page.fetched_at,
            "api": [
                {k: a[k] for k in ("url", "status", "capture_id", "json")}
                for a in page.api_responses
            ],
            "needs_browser": facts.get("needs_browser"),
            "facts": {k: facts.get(k) for k in ROOM_KEYS},
        }
        yield from room_requests(self, response, facts)
        follow = self.settings.getbool("ROOMS_TEST_FOLLOW", True)
        if follow and not (page.rendered or page.api_sample):
            for href in response.css("a::attr(href)").getall():
                if not href.startswith(("/item", "/media")):
                    yield response.follow(href, callback=self.parse)


ROOM_KEYS = (
    "role", "title", "host", "host_verification", "host_verified", "sellers", "products",
    "counters", "counters_source", "badge", "notices", "prices",
    "url", "fetched_at", "capture_id", "sample", "rendered", "api_sample", "text",
)  # fmt: skip


def throttle_settings() -> dict:
    """greenroom's AutoThrottle settings (crawler.settings), for a crawl that runs as it does."""
    from crawler import settings

    return {k: getattr(settings, k) for k in dir(settings) if k.startswith("AUTOTHROTTLE_")}


def crawl_settings(db: str, overrides: dict) -> dict:
    settings = {
        "LOG_LEVEL": "INFO",
        "TELNETCONSOLE_ENABLED": False,
        "ROBOTSTXT_OBEY": False,
        "GREENROOM_DB": db,
        "GREENROOM_ROOM_SAMPLES": 2,
        "GREENROOM_ROOM_SAMPLE_INTERVAL": 1.0,
        "GREENROOM_RENDER_TIMEOUT": 6.0,
        "DOWNLOADER_MIDDLEWARES": {
            "crawler.middlewares.render.RenderMiddleware": 580,
            "crawler.middlewares.capture.CaptureMiddleware": 950,
        },
    }
    settings.update(playwright_settings(BROWSER_PATH, max_pages=4, timeout_s=6.0))
    settings.update(overrides)
    if "GREENROOM_BROWSER_PATH" in overrides:
        launch = dict(settings["PLAYWRIGHT_LAUNCH_OPTIONS"])
        launch["executable_path"] = overrides["GREENROOM_BROWSER_PATH"]
        settings["PLAYWRIGHT_LAUNCH_OPTIONS"] = launch
    return settings


def run(url: str, db: str, out: str, overrides: dict, spider_cls=RoomsSpider) -> dict:
    from scrapy.crawler import CrawlerProcess

    items: list = []
    result: dict = {}
    process = CrawlerProcess(crawl_settings(db, overrides))
    crawler = process.create_crawler(spider_cls)

    def closed(spider, reason):
        result.update(stats={**crawler.stats.get_stats(), "finish_reason": reason})

    def scraped(item, **_):
        items.append(item)

    def downloaded(request, **_):  # after AutoThrottle's own handler, when it is enabled
        slot = crawler.engine.downloader.slots.get(request.meta.get("download_slot"))
        if slot is not None and request.meta.get("playwright"):
            crawler.stats.max_value("test/browser_slot_delay_ms", round(slot.delay * 1000))

    crawler.signals.connect(scraped, signal=signals.item_scraped)
    crawler.signals.connect(downloaded, signal=signals.response_downloaded)
    crawler.signals.connect(closed, signal=signals.spider_closed)
    process.crawl(crawler, url=url)
    process.start()
    result["items"] = items
    result["stats"] = {
        k: (v if isinstance(v, int | float | str) else str(v)) for k, v in result["stats"].items()
    }
    Path(out).write_text(json.dumps(result, ensure_ascii=False, default=str), encoding="utf-8")
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("--db", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--set", action="append", default=[], metavar="KEY=JSON")
    args = parser.parse_args()
    overrides = {}
    for pair in args.set:
        key, value = pair.split("=", 1)
        overrides[key] = json.loads(value)
    run(args.url, args.db, args.out, overrides)


if __name__ == "__main__":
    main()
