"""Throughput of the full greenroom pipeline against a bare link-following Scrapy spider.

Both crawl the same demo marketplace on loopback in the same run. Prints pages/s of each,
their ratio (goal ≥ 0.7) and the peak RSS of the greenroom crawl.

Reproduce: .venv/bin/python bench/throughput.py [--copies N]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import resource
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import scrapy


class BareSpider(scrapy.Spider):
    """Nothing but link following: the baseline."""

    name = "bare"

    def __init__(self, url=None, **kw):
        super().__init__(**kw)
        self.start_urls = [url]
        self.allowed_domains = ["127.0.0.1"]

    def parse(self, response):
        if b"html" not in response.headers.get(b"Content-Type", b"html"):
            return
        for href in response.css("a::attr(href)").getall():
            yield response.follow(href, callback=self.parse)


def _bare(url: str, out: str) -> None:
    from scrapy.crawler import CrawlerProcess
    from scrapy.settings import Settings

    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    settings.update(
        {
            "DOWNLOADER_MIDDLEWARES": {},
            "SPIDER_MIDDLEWARES": {},
            "ITEM_PIPELINES": {},
            "EXTENSIONS": {},
            "LOG_LEVEL": "ERROR",
            "AUTOTHROTTLE_ENABLED": False,
            "GREENROOM_BOUNDS_ENABLED": False,
            "DEPTH_LIMIT": 8,
        },
        priority="cmdline",
    )
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(BareSpider)
    process.crawl(crawler, url=url)
    process.start()
    elapsed = crawler.stats.get_value("elapsed_time_seconds", 0)
    pages = crawler.stats.get_value("response_received_count", 0)
    Path(out).write_text(json.dumps({"pages": pages, "seconds": elapsed}))


def run_bare(url: str) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        out = f"{tmp}/bare.json"
        p = multiprocessing.get_context("spawn").Process(target=_bare, args=(url, out))
        p.start()
        p.join()
        return json.loads(Path(out).read_text())


def run_greenroom(site, tmp: str) -> dict:
    from crawler import config as configmod
    from crawler.run import crawl

    cfg = configmod.load(site.write_config(Path(tmp)))
    result = crawl(
        cfg,
        f"{tmp}/bench.db",
        extra_settings={
            "AUTOTHROTTLE_ENABLED": False,
            "GREENROOM_RENDER_ENABLED": False,
            "GREENROOM_PROGRESS_INTERVAL": 0,
        },
    )
    stats = result["stats"]
    return {
        "pages": stats.get("response_received_count", 0),
        "seconds": stats.get("elapsed_time_seconds", 0),
    }


def main() -> None:
    argparse.ArgumentParser(description=__doc__).parse_args()
    from crawler.demo.site import DemoSite

    with DemoSite(rendering="a") as site, tempfile.TemporaryDirectory() as tmp:
        bare = run_bare(site.url)
        full = run_greenroom(site, tmp)
    rss_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    bare_rate = bare["pages"] / bare["seconds"]
    full_rate = full["pages"] / full["seconds"]
    print(
        f"bare scrapy spider : {bare['pages']} pages in {bare['seconds']:.1f}s = {bare_rate:.0f} pages/s"
    )
    print(
        f"greenroom pipeline : {full['pages']} pages in {full['seconds']:.1f}s = {full_rate:.0f} pages/s"
    )
    print(f"ratio              : {full_rate / bare_rate:.2f} (goal ≥ 0.7)")
    print(f"peak RSS (largest child process): {rss_mb:.0f} MB")
    print("reproduce: .venv/bin/python bench/throughput.py")


if __name__ == "__main__":
    main()
