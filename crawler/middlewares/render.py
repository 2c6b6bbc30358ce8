"""Spots JS-drawn pages from their static response and sends them to a real browser.

Each plain-HTTP HTML response is judged by its content alone, by generic extraction's
`looks_like_js_shell` (little visible text once script/style/noscript are removed, an
empty mount element, scripts that fetch data, a `<noscript>` hint) — never by a site's
paths or ids — or forced by a regulator's URL regexes (`crawler.needs_browser`). The static
response goes on like any other (captured, extracted); `crawler.rooms.room_requests`
then gives the spider the browser samples of the pages that need them. RenderMiddleware
finishes each browser sample (crawler.rooms stores its evidence), turns failed renders
into recorded crawl errors, and skips rooms (recorded) when no browser can start.

Settings (their defaults and docs: crawler.settings):
- GREENROOM_RENDER_ENABLED: off → NotConfigured, every page stays on plain HTTP.
- GREENROOM_RENDER_FORCE: regexes of URLs a regulator wants rendered regardless.
- GREENROOM_RENDER_LISTINGS: render, once, each listing whose static page shows no price of
  its own (`[crawl] render_listings`); it costs a room's render each.
- GREENROOM_ROOM_SAMPLES, GREENROOM_ROOM_SAMPLE_INTERVAL: samples per room;
  GREENROOM_ROOM_RENDER_EVERY: which of them are renders (crawler.room_api).
- GREENROOM_RENDER_TIMEOUT: a render that has not settled by then is a crawl error.
- GREENROOM_BROWSER_PATH, GREENROOM_RENDER_MAX_PAGES: see
  `crawler.browser.playwright_settings()`, which gives the scrapy-playwright settings.
- GREENROOM_RENDER_PAGE_USES: samples a browser page serves before it is closed
  (crawler.browser_pages; 1: a new page for every sample).

Stats: greenroom/render/detected, …/forced, …/unpriced, …/static, …/rendered, …/errors (and
…/errors/<reason>), …/browser_missing, …/screenshots, …/api_responses, …/aborted (and
…/aborted/<reason>: browser requests out of scope, see crawler.browser_scope), …/not_a_room;
API samples (crawler.room_api): …/api_samples, …/api_requests, …/api_fallback/<reason>;
browser pages (crawler.browser_pages): …/pages/opened, …/pages/reused, …/pages/closed.
"""

from __future__ import annotations

import logging
import os
import re
import time
from typing import TYPE_CHECKING

from scrapy import signals
from scrapy.exceptions import IgnoreRequest, NotConfigured

from crawler import room_api
from crawler.browser import HANDLER, INSTALL_HINT
from crawler.browser_pages import BrowserPages
from crawler.browser_scope import scope_for
from crawler.rooms import SAMPLE, SCOPE, RoomSampler, navigated_message, sample_read, sample_request
from crawler.settings import setting

if TYPE_CHECKING:
    from playwright.async_api import Request as BrowserRequest
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

logger = logging.getLogger(__name__)

_MEDIA_EXT = re.compile(
    r"\.(?:m3u8|mpd|flv|mp4|m4s|m4a|ts|webm|mkv|mov|mp3|aac|ogg|wav)$", re.IGNORECASE
)


def abort_media(request: BrowserRequest) -> bool:
    """Video and audio are never downloaded (images and fonts are: the screenshot needs them)."""
    if request.resource_type == "media":
        return True
    path = request.url.split("?", 1)[0].split("#", 1)[0]
    return bool(_MEDIA_EXT.search(path))


class RenderMiddleware:
    """Downloader middleware: flags JS shells, finishes browser samples, records failures.

    Example (crawler/settings.py):
        DOWNLOADER_MIDDLEWARES = {"crawler.middlewares.render.RenderMiddleware": 580}
    """

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        if not setting(settings, "GREENROOM_RENDER_ENABLED"):
            raise NotConfigured("GREENROOM_RENDER_ENABLED is off: rooms stay on plain HTTP")
        self.crawler = crawler
        self.stats = crawler.stats
        self.sampler = RoomSampler(crawler)
        self.pages = BrowserPages(
            size=settings.getint("PLAYWRIGHT_MAX_PAGES_PER_CONTEXT")
            or setting(settings, "GREENROOM_RENDER_MAX_PAGES"),
            uses=setting(settings, "GREENROOM_RENDER_PAGE_USES"),
            stats=self.stats,
        )
        _one_line_logs(logging.getLogger("scrapy-playwright"))
        # Playwright's own: scrapy-playwright's route and response listeners that fail
        # because the browser has gone (a crash, a kill) are logged there
        _one_line_logs(logging.getLogger("playwright"))
        handlers = settings.getdict("DOWNLOAD_HANDLERS")
        path = setting(settings, "GREENROOM_BROWSER_PATH")
        if HANDLER not in (handlers.get("http"), handlers.get("https")):
            self._browser_missing("scrapy-playwright is not the download handler")
        elif not os.access(path, os.X_OK):
            self._browser_missing(f"no browser at {path}")
        crawler.signals.connect(self.sampler.sample_read, signal=sample_read)
        crawler.signals.connect(self.sampler.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(self.sampler.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RenderMiddleware:
        return cls(crawler)

    def _browser_missing(self, why: str) -> None:
        if not self.sampler.browser_missing:
            logger.warning("rooms will be skipped: %s (install: %s)", why, INSTALL_HINT)
        self.sampler.browser_missing = True
        self.stats.set_value("greenroom/render/browser_missing", 1)

    def process_request(self, request: Request, spider: object = None) -> None:
        if _replaying(request):  # an API sample: plain Scrapy, no browser
            if not request.meta[SAMPLE]["answers"]:
                request.meta[SAMPLE]["began"] = time.monotonic()
            return
        if SAMPLE in request.meta and self.sampler.browser_missing:
            self.sampler.record_error(
                request, "browser_missing", f"浏览器不可用, 请安装: {INSTALL_HINT}"
            )
            raise IgnoreRequest("room skipped: no browser")
        if SAMPLE in request.meta:
            domains = getattr(self.crawler.spider, "allowed_domains", None)
            request.meta[SCOPE] = scope_for(request.url, domains, self.stats)
            return self.pages.take(request)  # waits for a browser page's place
        return None

    def process_response(
        self, request: Request, response: Response, spider: object = None
    ) -> Response:
        if _replaying(request):
            got = room_api.take_answer(request, response, self.stats)
            return self._render_instead(request, got) if isinstance(got, str) else got
        if SAMPLE in request.meta:
            try:
                response = self.sampler.keep(request, response)
            except Exception:  # a failed sample (IgnoreRequest) or a store that failed
                self.pages.drop(request)
                raise
            self.pages.give_back(request)
        return response

    def _render_instead(self, request: Request, reason: str) -> Request:
        """Replay can't stand in for a render: sample k is rendered (counted by reason)."""
        self.sampler.count_fallback(reason)
        return sample_request(request.meta[SAMPLE], request.callback, request.errback)

    def process_exception(
        self, request: Request, exception: BaseException, spider: object = None
    ) -> None:
        if _replaying(request):  # the API did not answer, or robots.txt forbids it: render
            ignored = isinstance(exception, IgnoreRequest)
            return self._render_instead(request, "ignored" if ignored else "fetch_error")
        if SAMPLE in request.meta:
            self.pages.drop(request)  # a failed sample's page is never reused
        if SAMPLE not in request.meta or isinstance(exception, IgnoreRequest):
            return  # not a sample, or already recorded (process_request, keep)
        message = str(exception).strip().splitlines()[0][:300] if str(exception) else ""
        message = message or type(exception).__name__
        if _is_launch_failure(exception):
            self._browser_missing(message)
            reason, message = "browser_missing", f"{message} (请安装: {INSTALL_HINT})"
        elif getattr(request.meta.get("_greenroom_state"), "navigated_to", ""):
            reason, message = "navigated_away", navigated_message(request.meta["_greenroom_state"])
        elif "Timeout" in type(exception).__name__ or "timeout" in message.lower():
            reason = "timeout"
        elif "crashed" in message.lower():
            reason = "crashed"
        else:
            reason = "browser_error"
        state = request.meta.pop("_greenroom_state", None)
        request.meta.pop("playwright_page_methods", None)
        if reason != "browser_missing":
            self.sampler.schedule_next(request, began=getattr(state, "started", None))
        self.sampler.record_error(request, reason, message)
        raise IgnoreRequest(f"room sample failed: {reason}")


class _OneLine(logging.Filter):
    """A failed render is already a recorded crawl error: log its first line, no traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info or "\n" in record.getMessage():
            line = (record.getMessage().splitlines() or [""])[0]
            error = record.exc_info[1] if record.exc_info else None
            if error is not None:  # the cause, in one line too
                line += f": {type(error).__name__}: {(str(error).splitlines() or [''])[0]}"
            record.msg, record.args = line, ()
            record.exc_info, record.exc_text = None, None
        return True


def _one_line_logs(log: logging.Logger) -> None:
    if not any(isinstance(f, _OneLine) for f in log.filters):
        log.addFilter(_OneLine())


def _replaying(request: Request) -> bool:
    return "answers" in request.meta.get(SAMPLE, {}) and not request.meta.get("playwright")


def _is_launch_failure(exception: BaseException) -> bool:
    text = str(exception)
    return any(
        s in text
        for s in ("BrowserType.launch", "Executable doesn't exist", "Failed to launch", "ENOENT")
    )
