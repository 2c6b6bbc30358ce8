"""crawler.extraction's worker pool: it is gone once the crawl's process closes it, closing
twice is harmless, a crawl that is over starts no new worker, and a page that kills its
worker fails alone."""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import signal
import time

from scrapy.utils.test import get_crawler

from crawler import extraction
from crawler.extraction import Extractor
from crawler.items import Page

real_read = extraction.read

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


def read_or_die(page: Page):
    """`read`, except that a page saying KILL kills the process reading it (as a page that
    crashes the parser, or takes so much memory the kernel kills its reader, would)."""
    if b"KILL" in page.body:
        os.kill(os.getpid(), signal.SIGKILL)
    return real_read(page)


def test_a_page_that_kills_every_worker_it_meets_fails_alone(monkeypatch):
    """One worker's death breaks the whole pool: the pages queued beside the killer must not
    be stored as failed with it."""
    monkeypatch.setattr(extraction, "read", read_or_die)
    crawler = get_crawler()
    extractor = Extractor(crawler, workers=2)
    killer = Page(url="http://127.0.0.1/p/0", body=b"<html><h1>KILL</h1></html>", capture_id=9)
    pages = [killer] + [
        Page(url=f"http://127.0.0.1/p/{n}", body=PAGE.body, capture_id=n) for n in range(1, 7)
    ]

    async def read_all():
        return await asyncio.gather(*(extractor.read(p) for p in pages))

    try:
        results = asyncio.run(read_all())
    finally:
        extractor.close()
    facts = [f for f, _stored, _links in results]
    assert facts[0]["error"] == "extraction failed" and facts[0]["capture_id"] == 9
    assert [f.get("error") for f in facts[1:]] == [None] * 6
    assert [f["title"] for f in facts[1:]] == ["明前绿茶"] * 6
    assert [f["capture_id"] for f in facts[1:]] == list(range(1, 7))
    assert crawler.stats.get_value("greenroom/extract/failed") == 1
    deadline = time.monotonic() + 30
    while workers() and time.monotonic() < deadline:  # the last lone reader is exiting
        time.sleep(0.05)
    assert workers() == []


def test_the_workers_are_forked_with_what_a_first_page_builds():
    """warm() builds the vocabularies, their patterns, the region openers and the public
    suffix list in the crawl process, so that forked workers start with them (each spent
    ~0.3 s on its first page)."""
    from crawler.extract import labels, regions
    from toolkit import urls

    first_use = (
        labels._terms,
        labels._any_term,
        labels.bare_label_re,
        urls._suffixes,
        regions._openers,
    )
    for built in first_use:
        built.cache_clear()
    extraction.warm()
    for built in first_use:
        assert built.cache_info().currsize == 1, built.__name__
