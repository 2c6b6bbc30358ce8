"""crawler.extraction's worker pool: it is gone once the crawl's process closes it, closing
twice is harmless, and a crawl that is over starts no new worker."""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import signal

from scrapy.utils.test import get_crawler

from crawler.extraction import Extractor
from crawler.items import Page

PAGE = Page(
    url="http://127.0.0.1/p/1",
    body="<html><head><title>茶</title></head><body><h1>明前绿茶</h1></body></html>".encode(),
    capture_id=1,
)


def workers() -> list[int]:
    """The pids of this process's live worker processes."""
    return [p.pid for p in multiprocessing.active_children()]


def test_a_page_is_read_in_a_worker_and_close_ends_the_workers():
    extractor = Extractor(get_crawler(), workers=1)
    facts, stored, _links = asyncio.run(extractor.read(PAGE))
    assert facts["title"] == "明前绿茶" and '"明前绿茶"' in stored
    assert workers()
    extractor.close()
    extractor.close()  # again, as the crawl's process does before it exits
    assert extractor.pool is None and workers() == []


def test_after_close_a_broken_pool_is_not_replaced():
    crawler = get_crawler()
    extractor = Extractor(crawler, workers=1)
    asyncio.run(extractor.read(PAGE))
    pool = extractor.pool
    for pid in workers():
        os.kill(pid, signal.SIGKILL)  # the worker dies while the crawl is closing
    extractor.closed = True
    facts, stored, _links = asyncio.run(extractor.read(PAGE))
    assert extractor.pool is pool  # no new worker was started
    assert facts["error"] == "extraction failed" and stored is None
    assert crawler.stats.get_value("greenroom/extract/worker_restarts") is None
    extractor.close()
