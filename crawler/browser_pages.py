"""Browser pages kept open between room samples, each for a bounded number of samples.

Opening a Chromium page costs a render about a third of its CPU (a renderer process is
started and torn down, and Playwright sets the page up: docs/speed.md, "Ninth pass"). A
page whose sample was kept is blanked (`about:blank`, so the room's scripts, timers and
sockets stop) and serves the next sample, up to GREENROOM_RENDER_PAGE_USES samples; then
it is closed and a new one opened. The pages' limits are staggered (the first page serves
`uses` samples, the next one fewer, down to about half), so pages opened together are not
all closed and reopened together: a crowd of renderers starting while the old ones are
torn down would lift the browser's memory and CPU at once. A page whose sample failed (a
timeout, a crash, a room that navigated away, a script error) is closed at once, never
reused. Each sample still has its own navigation, listeners, scope filter and evidence
(crawler.rooms).

The pool also bounds the pages: a sample waits here for a place, never inside
scrapy-playwright (whose own page limit is the same number), so a page kept idle here can
never hold up a sample waiting for a new one. Every `take` is matched by one `give_back`
or `drop`, whichever way the sample ends (crawler.middlewares.render). Stats:
greenroom/render/pages/opened, …/reused (samples given a kept page), …/closed. Example:

    pages = BrowserPages(size=8, uses=8)
    await pages.take(request)                # an idle page in request.meta, or none: new
    ...                                      # scrapy-playwright renders the sample
    pages.give_back(request)                 # kept: blank it, keep it (or close it)
    pages.drop(request)                      # failed: close it
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import TYPE_CHECKING

from playwright.async_api import Error as PlaywrightError

if TYPE_CHECKING:
    from playwright.async_api import Page
    from scrapy import Request
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)

PAGE = "playwright_page"  # scrapy-playwright: the page to use / the page that was used
INCLUDE = "playwright_include_page"  # scrapy-playwright: leave the page open afterwards
PLACE = "_greenroom_page_place"  # in-flight only: this request holds a place in the pool


class BrowserPages:
    """Up to `size` pages of the rooms' browser context; each serves up to `uses` samples."""

    def __init__(self, size: int, uses: int, stats: StatsCollector | None = None) -> None:
        self.uses, self.stats = max(1, uses), stats
        self.places = asyncio.Semaphore(max(1, size))
        self.idle: list[Page] = []
        self.served: dict[Page, int] = {}  # samples each open page has served
        self.limits: dict[Page, int] = {}  # samples each open page may serve (staggered)
        self.fresh = 0  # pages seen so far: the next one's place in the stagger
        self._tasks: set[asyncio.Task] = set()

    async def take(self, request: Request) -> None:
        """Wait for a place; give the request an idle page, else scrapy-playwright opens one."""
        await self.places.acquire()
        request.meta[PLACE] = True
        request.meta[INCLUDE] = True
        request.meta.pop(PAGE, None)
        while self.idle:
            page = self.idle.pop()
            if not page.is_closed():
                request.meta[PAGE] = page
                self._count("reused")
                return
            self._forget(page)
        self._count("opened")

    def give_back(self, request: Request) -> None:
        """The sample was kept: its page is blanked and kept, or closed when used up."""
        page = self._release(request)
        if page is not None:
            self._later(self._keep(page))

    def drop(self, request: Request) -> None:
        """The sample failed (or never reached the browser): its page, if any, is closed."""
        page = self._release(request)
        if page is not None:
            self._later(self._close(page))

    def _release(self, request: Request) -> Page | None:
        """The request's page (or None), once: a request gives its place back only once."""
        page = request.meta.pop(PAGE, None)
        request.meta.pop(INCLUDE, None)
        if not request.meta.pop(PLACE, False):
            return None
        if page is None:
            self.places.release()
            return None
        return page

    def limit(self, page: Page) -> int:
        """Samples `page` may serve: uses, uses-1, … down to about uses/2, then uses again."""
        if page not in self.limits:
            self.limits[page] = self.uses - self.fresh % ((self.uses + 1) // 2)
            self.fresh += 1
        return self.limits[page]

    async def _keep(self, page: Page) -> None:
        served = self.served.get(page, 0) + 1
        if served >= self.limit(page) or page.is_closed():
            return await self._close(page)
        try:
            await page.goto("about:blank", wait_until="load", timeout=5_000)
        except Exception:  # noqa: BLE001 - crashed, hung or closed meanwhile: not reused
            return await self._close(page)
        self.served[page] = served
        self.idle.append(page)
        self.places.release()

    def _forget(self, page: Page) -> None:
        self.served.pop(page, None)
        self.limits.pop(page, None)

    async def _close(self, page: Page) -> None:
        self._forget(page)
        self._count("closed")
        try:
            with contextlib.suppress(PlaywrightError):
                await asyncio.wait_for(page.close(), 10.0)
        except TimeoutError:
            logger.warning("a browser page did not close in 10 s")
        finally:
            self.places.release()

    def _count(self, what: str) -> None:
        if self.stats is not None:
            self.stats.inc_value(f"greenroom/render/pages/{what}")

    def _later(self, coro) -> None:
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
