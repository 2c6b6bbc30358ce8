"""Spots JS-drawn pages from their static response and sends them to a real browser.

Each plain-HTTP HTML response is judged by its content alone, by generic extraction's
`looks_like_js_shell` (little visible text once script/style/noscript are removed, an
empty mount element, scripts that fetch data, a `<noscript>` hint) — never by a site's
paths or ids — or forced by a regulator's URL regexes (`render_reason`). The static
response goes on like any other (captured, extracted); `crawler.rooms.room_requests`
then gives the spider the browser samples of the pages that need them. RenderMiddleware
finishes each browser sample (crawler.rooms stores its evidence), turns failed renders
into recorded crawl errors, and skips rooms (recorded) when no browser can start.

Settings:
- GREENROOM_RENDER_ENABLED (True): off → NotConfigured, every page stays on plain HTTP.
- GREENROOM_RENDER_FORCE ([]): regexes of URLs a regulator wants rendered regardless.
- GREENROOM_RENDER_LISTINGS (False): render, once, each listing whose static page shows no
  price of its own (`[crawl] render_listings`); it costs a room's render each.
- GREENROOM_ROOM_SAMPLES (2), GREENROOM_ROOM_SAMPLE_INTERVAL (3.0 s): samples per room;
  GREENROOM_ROOM_RENDER_EVERY (0): which of them are renders (crawler.room_api).
- GREENROOM_RENDER_TIMEOUT (20 s): a render that has not settled by then is a crawl error.
- GREENROOM_BROWSER_PATH (/usr/bin/chromium-headless-shell if installed, else
  /usr/bin/chromium), GREENROOM_RENDER_MAX_PAGES (4): see
  `playwright_settings()`, which gives the scrapy-playwright settings to merge.

Stats: greenroom/render/detected, …/forced, …/unpriced, …/static, …/rendered, …/errors (and
…/errors/<reason>), …/browser_missing, …/screenshots, …/api_responses, …/aborted (and
…/aborted/<reason>: browser requests out of scope, see crawler.browser_scope), …/not_a_room;
API samples (crawler.room_api): …/api_samples, …/api_requests, …/api_fallback/<reason>.
"""

from __future__ import annotations

import functools
import logging
import os
import re
import time
from typing import TYPE_CHECKING

from scrapy import signals
from scrapy.exceptions import IgnoreRequest, NotConfigured

from crawler import room_api
from crawler.browser_scope import scope_for
from crawler.rooms import SAMPLE, SCOPE, RoomSampler, navigated_message, sample_read, sample_request

if TYPE_CHECKING:
    from playwright.async_api import Request as BrowserRequest
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from scrapy.settings import BaseSettings

logger = logging.getLogger(__name__)

# Chromium's headless shell (Debian's chromium-headless-shell: the same engine without the
# desktop browser's layers, what Playwright itself runs for headless Chromium) opens a page
# for about half the CPU of the full browser; the full one serves where it is all there is.
SHELL_PATH = "/usr/bin/chromium-headless-shell"
BROWSER_PATH = SHELL_PATH if os.path.exists(SHELL_PATH) else "/usr/bin/chromium"
BROWSER_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--mute-audio",
    # A room's script that allocates without end crashes its own page (a recorded crawl
    # error) at this heap size instead of taking the machine's memory with it.
    "--js-flags=--max-old-space-size=1024",
]
FORCE = "GREENROOM_RENDER_FORCE"
LISTINGS = "GREENROOM_RENDER_LISTINGS"
INSTALL_HINT = "apt-get install -y chromium-headless-shell fonts-noto-cjk"
HANDLER = "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler"
ASYNCIO_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"

_MEDIA_EXT = re.compile(
    r"\.(?:m3u8|mpd|flv|mp4|m4s|m4a|ts|webm|mkv|mov|mp3|aac|ogg|wav)$", re.IGNORECASE
)


def playwright_settings(
    executable_path: str = BROWSER_PATH, max_pages: int = 4, timeout_s: float = 20.0
) -> dict:
    """The Scrapy settings that put Chromium behind scrapy-playwright (merge into settings).

    Only requests with meta["playwright"] go to the browser; all others keep Scrapy's own
    HTTP handler. Example:
        settings.update(playwright_settings("/usr/bin/chromium"))
    """
    return {
        "DOWNLOAD_HANDLERS": {"http": HANDLER, "https": HANDLER},
        "TWISTED_REACTOR": ASYNCIO_REACTOR,
        "PLAYWRIGHT_BROWSER_TYPE": "chromium",
        "PLAYWRIGHT_LAUNCH_OPTIONS": {
            "executable_path": executable_path,
            "headless": True,
            "args": list(BROWSER_ARGS),
            "timeout": 30_000,
        },
        "PLAYWRIGHT_MAX_CONTEXTS": 1,
        "PLAYWRIGHT_MAX_PAGES_PER_CONTEXT": max_pages,
        "PLAYWRIGHT_ABORT_REQUEST": "crawler.middlewares.render.abort_media",
        "PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT": timeout_s * 1000,
        "PLAYWRIGHT_RESTART_DISCONNECTED_BROWSER": True,
    }


def abort_media(request: BrowserRequest) -> bool:
    """Video and audio are never downloaded (images and fonts are: the screenshot needs them)."""
    if request.resource_type == "media":
        return True
    path = request.url.split("?", 1)[0].split("#", 1)[0]
    return bool(_MEDIA_EXT.search(path))


def render_reason(settings: BaseSettings, response: Response, facts: dict | None) -> str | None:
    """'forced' (GREENROOM_RENDER_FORCE), 'detected' (a JS shell), 'unpriced' (a listing whose
    static page shows no price of its own, with GREENROOM_RENDER_LISTINGS) or None (static).

    Detection is crawler.extract.pages.looks_like_js_shell, the one implementation: the
    page facts carry its answer as `needs_browser`; without facts it is asked directly.
    """
    if any(p.search(response.url) for p in _force_patterns(tuple(settings.getlist(FORCE)))):
        return "forced"
    if response.status != 200:
        return None
    if facts is not None and "needs_browser" in facts:
        if facts["needs_browser"]:
            return "detected"
        if settings.getbool(LISTINGS) and facts.get("role") == "listing":
            return "unpriced" if unpriced(facts) else None
        return None
    return "detected" if is_js_shell(response.body, _headers(response)) else None


def unpriced(facts: dict) -> bool:
    """Whether a listing's page facts show no price of the item's own (drawn by script)."""
    return not any(p.get("kind") == "offered" for p in facts.get("prices") or ())


def is_js_shell(body: bytes, headers: dict | None = None) -> bool:
    """looks_like_js_shell for a raw body (decoded and parsed as generic extraction does)."""
    from crawler.extract.pages import looks_like_js_shell
    from crawler.extract.text import decode, lines, parse

    doc = parse(decode(body, headers)[0])
    if doc is None:
        return False
    text = "\n".join(ln.text for ln in lines(doc) if not ln.chrome)
    return looks_like_js_shell(doc, text)


@functools.lru_cache(maxsize=8)
def _force_patterns(patterns: tuple[str, ...]) -> list[re.Pattern]:
    return [re.compile(p) for p in patterns]


def _headers(response: Response) -> dict[str, str]:
    return {
        k.decode("latin-1").lower(): b", ".join(v).decode("latin-1")
        for k, v in response.headers.items()
    }


class RenderMiddleware:
    """Downloader middleware: flags JS shells, finishes browser samples, records failures.

    Example (crawler/settings.py):
        DOWNLOADER_MIDDLEWARES = {"crawler.middlewares.render.RenderMiddleware": 580}
    """

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        if not settings.getbool("GREENROOM_RENDER_ENABLED", True):
            raise NotConfigured("GREENROOM_RENDER_ENABLED is off: rooms stay on plain HTTP")
        self.crawler = crawler
        self.stats = crawler.stats
        self.sampler = RoomSampler(crawler)
        _one_line_logs(logging.getLogger("scrapy-playwright"))
        handlers = settings.getdict("DOWNLOAD_HANDLERS")
        path = settings.get("GREENROOM_BROWSER_PATH") or BROWSER_PATH
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

    def process_response(
        self, request: Request, response: Response, spider: object = None
    ) -> Response:
        if _replaying(request):
            got = room_api.take_answer(request, response, self.stats)
            return self._render_instead(request, got) if isinstance(got, str) else got
        if SAMPLE in request.meta:
            return self.sampler.keep(request, response)
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
            record.msg, record.args = record.getMessage().splitlines()[0], ()
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
