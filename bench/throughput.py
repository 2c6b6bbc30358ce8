"""Throughput of the full greenroom pipeline against a bare link-following Scrapy spider.

Both crawl the same demo marketplace on loopback in the same run. Prints pages/s of each,
their ratio (goal ≥ 0.7) and the peak RSS of the greenroom crawl.

OCR of licence images (about 1 s of CPU each) is off unless --ocr: it is a cost per
image, not per page. Reproduce: .venv/bin/python bench/throughput.py [--ocr]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import resource
import sqlite3
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import scrapy


class BareSpider(scrapy.Spider):
    """Nothing but link following, over the pages greenroom fetched: the baseline."""

    name = "bare"

    def __init__(self, url=None, urls_file=None, **kw):
        super().__init__(**kw)
        self.start_urls = [url]
        self.allowed_domains = ["127.0.0.1"]
        self.scope = set(Path(urls_file).read_text().split())

    def parse(self, response):
        if b"html" not in response.headers.get(b"Content-Type", b"html"):
            return
        for href in response.css("a::attr(href)").getall():
            url = response.urljoin(href)
            if url in self.scope:
                yield scrapy.Request(url, callback=self.parse)


def _bare(url: str, urls_file: str, out: str) -> None:
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
            "GREENROOM_RENDER_ENABLED": False,
            "DOWNLOAD_HANDLERS": {},
        },
        priority="cmdline",
    )
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(BareSpider)
    process.crawl(crawler, url=url, urls_file=urls_file)
    process.start()
    elapsed = crawler.stats.get_value("elapsed_time_seconds", 0)
    pages = crawler.stats.get_value("response_received_count", 0)
    Path(out).write_text(json.dumps({"pages": pages, "seconds": elapsed}))


def run_bare(url: str, urls_file: str) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        out = f"{tmp}/bare.json"
        p = multiprocessing.get_context("spawn").Process(target=_bare, args=(url, urls_file, out))
        p.start()
        p.join()
        return json.loads(Path(out).read_text())


def run_greenroom(site, tmp: str, ocr: bool) -> dict:
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
            "GREENROOM_OCR_ENABLED": ocr,
        },
    )
    stats = result["stats"]
    return {
        "pages": stats.get("response_received_count", 0),
        "seconds": stats.get("elapsed_time_seconds", 0),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--ocr", action="store_true", help="also read licence images (OCR)")
    args = parser.parse_args()
    from crawler.demo.site import DemoSite

    with DemoSite(rendering="a") as site, tempfile.TemporaryDirectory() as tmp:
        full = run_greenroom(site, tmp, args.ocr)
        # the baseline follows links only to the pages greenroom fetched: the same page set
        urls = (
            sqlite3.connect(f"{tmp}/bench.db")
            .execute("SELECT DISTINCT url FROM captures WHERE kind = 'response'")
            .fetchall()
        )
        Path(f"{tmp}/urls.txt").write_text("\n".join(u for (u,) in urls))
        bare = run_bare(site.url, f"{tmp}/urls.txt")
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
    print(f"licence images read by OCR: {'yes' if args.ocr else 'no (add --ocr)'}")
    print(f"reproduce: .venv/bin/python bench/throughput.py{' --ocr' if args.ocr else ''}")


if __name__ == "__main__":
    main()
