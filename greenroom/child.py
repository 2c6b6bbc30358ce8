"""A crawl in a child process: the spider's arguments from the config, the spider in a fresh
process (a Twisted reactor runs once per process), its stats. The run's Scrapy settings come
from `greenroom.config.crawl_settings`.

Used by the single-process crawl (`greenroom.run`) and by each cluster worker
(`greenroom.coordinator`).
"""

from __future__ import annotations

import json
import multiprocessing
import os
import tempfile
from pathlib import Path

from greenroom.config import Config
from toolkit.process import die_with_parent


def spider_kwargs(cfg: Config) -> dict:
    """The spider's arguments: the config's start URLs and the domains it stays in."""
    return {
        "start_urls": list(cfg.start_urls),
        "allowed_domains": list(cfg.allowed_domains),
    }


def cpu_seconds(stats) -> None:
    """The CPU seconds (user + system) of this crawl process and of its children, ended by
    now: greenroom/cpu/crawl and greenroom/cpu/workers. The children are the extraction
    workers and, when pages were rendered, Playwright's driver with the browser under it."""
    import resource

    for key, who in (("crawl", resource.RUSAGE_SELF), ("workers", resource.RUSAGE_CHILDREN)):
        usage = resource.getrusage(who)
        stats.set_value(f"greenroom/cpu/{key}", round(usage.ru_utime + usage.ru_stime, 3))


def crawl_child(overrides: dict, kwargs: dict, stats_path: str) -> None:
    """The crawl itself, in this (spawned) process: crawler.settings with the run's
    `overrides`, the spider with `kwargs`; its stats written as JSON to `stats_path`."""
    die_with_parent()
    from scrapy.crawler import CrawlerProcess
    from scrapy.settings import Settings

    from crawler.extraction import start_workers, stop_forked
    from crawler.settings import setting
    from spiders.marketplace import MarketplaceSpider

    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    settings.update(overrides, priority="cmdline")
    # forked while this process has one thread, with the extraction code imported
    start_workers(setting(settings, "GREENROOM_EXTRACT_WORKERS"))
    crawler = None
    try:
        process = CrawlerProcess(settings)
        crawler = process.create_crawler(MarketplaceSpider)
        process.crawl(crawler, **kwargs)
        process.start()
    finally:
        # the extraction workers go before this process ends: a spawned process joins its
        # children at exit, and a pool not shut down (a crawl stopped before its engine
        # stopped, or before its spider was made) would hold it open for ever
        extractor = getattr(crawler, "greenroom_extractor", None)
        if extractor is not None:
            extractor.close()
        stop_forked()
    cpu_seconds(crawler.stats)  # the workers' CPU is counted once they have ended
    stats = {k: v for k, v in crawler.stats.get_stats().items() if isinstance(v, int | float | str)}
    Path(stats_path).write_text(json.dumps(stats, default=str))


def run_child(overrides: dict, kwargs: dict) -> dict:
    """Crawl in a fresh process (a Twisted reactor runs once per process); its stats."""
    import signal

    with tempfile.TemporaryDirectory() as tmp:
        stats_path = os.path.join(tmp, "stats.json")
        child = multiprocessing.get_context("spawn").Process(
            target=crawl_child, args=(overrides, kwargs, stats_path)
        )
        child.start()
        # The child stops gracefully on SIGINT/SIGTERM; pass SIGTERM on and wait for it.
        previous = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, lambda *_: child.terminate())
        try:
            child.join()
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        return json.loads(Path(stats_path).read_text()) if os.path.exists(stats_path) else {}
