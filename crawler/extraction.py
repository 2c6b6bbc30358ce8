"""Page facts for the crawl, extracted in a worker process: the reactor fetches and captures.

Extraction is most of a page's CPU (bench/extract_profile.py). The spider hands each Page
to a worker process through a pipe (a ProcessPoolExecutor of spawned processes) and awaits
its facts, so the reactor goes on fetching, capturing and storing while the worker
extracts: one crawl uses two cores without Redis. The worker also encodes the facts as
stored (JSON), which the pipeline writes as given. Captures are written before a page
reaches the worker, so their order and hash chain do not change; a page whose facts were
not stored when the crawl was killed is replayed from its capture at resume and extracted
then. A worker that dies (an OOM kill) is replaced and the page given to the new one.
When one worker dies every page queued to the pool fails with it, so a page that saw the
new pool break too is read once more alone, in a process of its own: only the page that
kills a worker is stored with `error: extraction failed`.

The crawl child forks its workers (`start_workers`) before the reactor starts, while it has
one thread: they begin with the extraction code already imported (a spawned worker spends
about a second of CPU on imports, the crawl's first pages waiting for it). A worker that
replaces a dead one is spawned: by then the process has threads.

Settings: GREENROOM_EXTRACT_WORKERS (worker processes; 0: extract in the reactor's own).
Stats: greenroom/extract/worker_restarts, greenroom/extract/read_alone,
greenroom/extract/failed.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import multiprocessing
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import crawler.extract
from crawler.extract.pages import extract, failed
from crawler.settings import setting
from toolkit import charset
from toolkit.process import die_with_parent
from toolkit.urls import clean_url

FOLLOW_SCHEMES = ("http", "https")
_FOLLOWED = ("http://", "https://")  # a clean URL's scheme, as most links are written
FIRST_RELS = ("licence", "shop")  # followed first: a shop is judged on what they show

if TYPE_CHECKING:
    from crawler.items import Page


@cache
def extractor_version() -> str:
    """A hash of the extraction code, its vocabularies and the decoder: facts from another
    version are stale. (Not of assemble.py: assembly reads the stored facts at every
    analysis.)"""
    root = Path(crawler.extract.__file__).parent
    digest = hashlib.sha256()
    for path in [*sorted(root.rglob("*")), Path(charset.__file__)]:
        if path.name == "assemble.py":
            continue
        if path.is_file() and path.suffix in (".py", ".txt", ".csv", ".json"):
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


_VERSION: list[str] = []  # the extractor's version, given to a worker when it starts


def version() -> str:
    if not _VERSION:
        _VERSION.append(extractor_version())
    return _VERSION[0]


def page_facts(page: Page) -> dict:
    """The facts of one page as the crawl stores them: its extraction, the capture it was
    read from, the redirects that led to it and the extractor's version."""
    facts = extract(page)
    facts["capture_id"] = page.capture_id
    facts["redirect_urls"] = page.redirect_urls
    facts["extractor"] = version()
    return facts


def stored(facts: dict) -> str:
    """The facts as the `pages` table stores them (crawler.pipelines.compact, as JSON)."""
    from crawler.pipelines import compact

    return json.dumps(compact(facts), ensure_ascii=False)


def follow(facts: dict) -> list[tuple[str, bool]]:
    """The page's links to follow, once each as (URL identity, first): http(s) only, in
    order; `first`: a subject's licence or shop link, asked for before the others."""
    out: dict[str, bool] = {}
    for link in facts.get("links", []):
        url = clean_url(link["url"])  # as linked; url_identity is its key
        if url not in out and (url.startswith(_FOLLOWED) or urlsplit(url).scheme in FOLLOW_SCHEMES):
            out[url] = link.get("rel") in FIRST_RELS and not link.get("chrome")
    return list(out.items())


def read(page: Page) -> tuple[dict, str, list[tuple[str, bool]]]:
    """(facts, the facts as stored, the links to follow) of one page: what a worker sends."""
    facts = page_facts(page)
    return facts, stored(facts), follow(facts)


def _worker_start(extractor: str) -> None:
    """A worker dies with the crawl (kill -9 included) and leaves Ctrl-C to it."""
    import signal

    die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _VERSION[:] = [extractor]
    from crawler.extract import pages, room  # noqa: F401  (imported before the first page)


def _pool(workers: int, method: str) -> ProcessPoolExecutor:
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context(method),
        initializer=_worker_start,
        initargs=(version(),),
    )
    for _ in range(workers):  # started now, not at the first page
        pool.submit(int)
    return pool


_FORKED: dict[int, ProcessPoolExecutor] = {}  # workers forked before the crawl: their pool


# A page that asks for what extraction builds on first use (vocabularies, their patterns, the
# public suffix list): read once before the workers are forked, so that each starts with them.
_FIRST_USE = """<html><head><title>碎花连衣裙_某某旗舰店</title>
<script type="application/ld+json">{"@type": "Product", "name": "碎花连衣裙",
"offers": {"price": "59.00"}}</script></head><body><h1>碎花连衣裙</h1><p>价格：¥59.00</p>
<button>加入购物车</button><a href="https://shop.example.com/licence?id=1">营业执照</a>
<table><tr><th>公司名称</th><td>某某服饰有限公司</td></tr></table>
<h3>商品评价(12)</h3><div>好看</div><p>联系电话：0571-88888888</p><p>客服电话 0571-8888</p>
</body></html>"""


def warm() -> None:
    """Build what extraction builds on its first page, in this process."""
    from crawler.items import Page

    read(Page(url="https://item.example.com/1.html", body=_FIRST_USE.encode()))


def start_workers(workers: int) -> None:
    """Fork the crawl's extraction workers now: call it in a crawl process before its
    reactor starts, while the process has one thread (crawl_child). The crawl's Extractor
    takes them over; without this call it spawns its own. The workers are forked warm
    (`warm()`): each spent ~0.3 s of CPU on its first page building the same things."""
    if (
        workers > 0
        and threading.active_count() == 1
        and "fork" in multiprocessing.get_all_start_methods()
    ):
        warm()
        _FORKED[workers] = _pool(workers, "fork")


def stop_forked(wait: bool = True) -> None:
    """Shut down forked workers that no Extractor took (a crawl stopped before its spider
    was made): a process joins its children at exit."""
    for pool in _FORKED.values():
        pool.shutdown(wait=wait, cancel_futures=True)
    _FORKED.clear()


class Extractor:
    """The crawl's extraction: `await extractor.read(page)` → `read(page)`, in a worker."""

    def __init__(self, crawler, workers: int) -> None:
        self.crawler = crawler
        self.workers = workers
        self.closed = False
        self.alone = asyncio.Semaphore(1)  # pages read alone: one process at a time
        forked = _FORKED.pop(workers, None)
        stop_forked(wait=False)  # forked for another count of workers: not these
        self.pool = forked or (self._start() if workers > 0 else None)

    @classmethod
    def for_crawler(cls, crawler) -> Extractor:
        """The one extractor of a crawl (GREENROOM_EXTRACT_WORKERS), closed with the spider."""
        extractor = getattr(crawler, "greenroom_extractor", None)
        if extractor is None:
            workers = setting(crawler.settings, "GREENROOM_EXTRACT_WORKERS")
            extractor = crawler.greenroom_extractor = cls(crawler, workers)
            from scrapy import signals

            crawler.signals.connect(extractor.close, signal=signals.engine_stopped)
        return extractor

    def _start(self) -> ProcessPoolExecutor:
        return _pool(self.workers, "spawn")  # started now, while the crawl asks for robots.txt

    async def read(self, page: Page) -> tuple[dict, str | None, list[tuple[str, bool]]]:
        if self.pool is None:
            return read(page)
        for _attempt in range(2):
            pool = self.pool
            try:
                return await asyncio.get_running_loop().run_in_executor(pool, read, page)
            except BrokenProcessPool:
                if self.closed:  # the crawl is over: no new worker outlives it
                    break
                if pool is self.pool:  # the first page to see it replaces the worker
                    self.crawler.stats.inc_value("greenroom/extract/worker_restarts")
                    pool.shutdown(wait=False, cancel_futures=True)
                    self.pool = self._start()
        if not self.closed:
            found = await self._alone(page)
            if found is not None:
                return found
        self.crawler.stats.inc_value("greenroom/extract/failed")
        facts = failed(page)
        facts["capture_id"], facts["redirect_urls"] = page.capture_id, page.redirect_urls
        return facts, None, follow(facts)

    async def _alone(self, page: Page) -> tuple[dict, str, list[tuple[str, bool]]] | None:
        """`read(page)` in a process of its own, or None when the page kills that one too."""
        async with self.alone:
            self.crawler.stats.inc_value("greenroom/extract/read_alone")
            pool = _pool(1, "spawn")
            try:
                return await asyncio.get_running_loop().run_in_executor(pool, read, page)
            except BrokenProcessPool:
                return None
            finally:
                pool.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        """Shut the workers down (at engine_stopped, and again by the crawl's process before
        it exits: closing twice is harmless)."""
        self.closed = True
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None
