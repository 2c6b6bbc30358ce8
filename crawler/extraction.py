"""Page facts for the crawl, extracted in a worker process: the reactor fetches and captures.

Extraction is most of a page's CPU (bench/extract_profile.py). The spider hands each Page
to a worker process through a pipe (a ProcessPoolExecutor of spawned processes) and awaits
its facts, so the reactor goes on fetching, capturing and storing while the worker
extracts: one crawl uses two cores without Redis. The worker also encodes the facts as
stored (JSON), which the pipeline writes as given. Captures are written before a page
reaches the worker, so their order and hash chain do not change; a page whose facts were
not stored when the crawl was killed is replayed from its capture at resume and extracted
then. A worker that dies (an OOM kill) is replaced and the page given to the new one; a
page that kills that one too is stored with `error: extraction failed`.

Settings: GREENROOM_EXTRACT_WORKERS (worker processes; 0: extract in the reactor's own).
Stats: greenroom/extract/worker_restarts, greenroom/extract/failed.
"""

from __future__ import annotations

import asyncio
import json
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING

from crawler.extract.pages import extract, failed

if TYPE_CHECKING:
    from crawler.items import Page


def page_facts(page: Page) -> dict:
    """The facts of one page as the crawl stores them: its extraction, the capture it was
    read from, the redirects that led to it and the extractor's version."""
    from crawler.analyse import extractor_version

    facts = extract(page)
    facts["capture_id"] = page.capture_id
    facts["redirect_urls"] = page.redirect_urls
    facts["extractor"] = extractor_version()
    return facts


def stored(facts: dict) -> str:
    """The facts as the `pages` table stores them (crawler.pipelines.compact, as JSON)."""
    from crawler.pipelines import compact

    return json.dumps(compact(facts), ensure_ascii=False)


def _in_worker(page: Page) -> tuple[dict, str]:
    facts = page_facts(page)
    return facts, stored(facts)


def _worker_start() -> None:
    """A worker dies with the crawl (kill -9 included) and leaves Ctrl-C to it."""
    import signal

    from crawler.run import _die_with_parent

    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)


class Extractor:
    """The crawl's extraction: `await extractor.facts(page)` → (facts, stored JSON or None)."""

    def __init__(self, crawler, workers: int) -> None:
        self.crawler = crawler
        self.workers = workers
        self.pool = self._start() if workers > 0 else None

    @classmethod
    def for_crawler(cls, crawler) -> Extractor:
        """The one extractor of a crawl (GREENROOM_EXTRACT_WORKERS), closed with the spider."""
        extractor = getattr(crawler, "greenroom_extractor", None)
        if extractor is None:
            workers = crawler.settings.getint("GREENROOM_EXTRACT_WORKERS", 1)
            extractor = crawler.greenroom_extractor = cls(crawler, workers)
            from scrapy import signals

            crawler.signals.connect(extractor.close, signal=signals.engine_stopped)
        return extractor

    def _start(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_worker_start,
        )

    async def facts(self, page: Page) -> tuple[dict, str | None]:
        if self.pool is None:
            return page_facts(page), None
        for _attempt in range(2):
            pool = self.pool
            try:
                return await asyncio.get_running_loop().run_in_executor(pool, _in_worker, page)
            except BrokenProcessPool:
                if pool is self.pool:  # the first page to see it replaces the worker
                    self.crawler.stats.inc_value("greenroom/extract/worker_restarts")
                    pool.shutdown(wait=False, cancel_futures=True)
                    self.pool = self._start()
        self.crawler.stats.inc_value("greenroom/extract/failed")
        facts = failed(page)
        facts["capture_id"], facts["redirect_urls"] = page.capture_id, page.redirect_urls
        return facts, None

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None
