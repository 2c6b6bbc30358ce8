"""The generic marketplace spider: follow every in-scope link, extract, yield page facts.

It knows no site: pages are classified and read by crawler.extract from their content.
Arguments: `start_urls` and `allowed_domains` (comma-separated; the domains default to the
start URLs' registrable domains; `greenroom crawl` gives both from its config) — `scrapy
crawl marketplace -a start_urls=http://127.0.0.1:8000/` works from the repo root.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import scrapy
from scrapy import exceptions as scrapy_exceptions
from scrapy import signals
from scrapy.exceptions import IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import DNSLookupError, TCPTimedOutError, TimeoutError

from crawler import licence_images, rooms
from crawler.extraction import Extractor, extractor_version
from crawler.items import Page, PageFacts
from toolkit.urls import site_domains, url_identity

# Recent Scrapy raises its own timeout error; older versions raise Twisted's.
_SCRAPY_TIMEOUT = getattr(scrapy_exceptions, "DownloadTimeoutError", TimeoutError)


def page_from_response(response) -> Page:
    """The capture-level view of a Scrapy response that every extractor takes."""
    headers = {
        k.decode("latin-1").lower(): b", ".join(v).decode("latin-1")
        for k, v in response.headers.items()
    }
    return Page(
        url=response.url,
        body=response.body,
        headers=headers,
        status=response.status,
        capture_id=response.meta.get("capture_id"),
        redirect_urls=list(response.meta.get("redirect_urls", [])),
    )


def url_list(value: str | list[str] | None) -> list[str]:
    """Start URLs as given: a list, or one string of URLs separated by commas (`-a
    start_urls=…`); a comma inside a URL (`list.html?cat=670,671`) stays in it."""
    if isinstance(value, list | tuple):
        return [u for u in value if u]
    return [u for u in re.split(r",(?=\s*[A-Za-z][A-Za-z0-9+.-]*://)", value or "") if u.strip()]


class MarketplaceSpider(scrapy.Spider):
    name = "marketplace"

    def __init__(
        self,
        start_urls: str | list[str] | None = None,
        allowed_domains: str | list[str] | None = None,
        **kwargs,
    ):
        super().__init__(**kwargs)
        urls = url_list(start_urls)
        if not urls:
            raise ValueError("give -a start_urls=URL[,URL]")
        self.start_urls = urls
        domains = (
            [d for d in (allowed_domains or "").split(",") if d]
            if isinstance(allowed_domains, str | None)
            else list(allowed_domains)
        )
        self.allowed_domains = domains or site_domains(urls)
        # URLs offered to the scheduler: its duplicate filter drops them from then on, so a
        # page's links to them (its navigation, on every page) are not yielded again
        self.offered: set[str] = set()
        self._scope: dict[str, bool] = {}  # what comes between :// and the next / → in scope

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.loops = HopLoops(crawler)
        crawler.signals.connect(spider.loops.scheduled, signal=signals.request_scheduled)
        crawler.signals.connect(spider.loops.dropped, signal=signals.request_dropped)
        crawler.signals.connect(spider._offer, signal=signals.request_scheduled)
        Extractor.for_crawler(crawler)  # its worker starts with the crawl
        return spider

    def _offer(self, request, spider=None) -> None:
        if not request.dont_filter:
            self.offered.add(request.url)

    async def start(self):
        for url in self.start_urls:
            yield scrapy.Request(url, callback=self.parse, errback=self.failed)

    def start_requests(self):  # Scrapy < 2.13
        for url in self.start_urls:
            yield scrapy.Request(url, callback=self.parse, errback=self.failed)

    async def parse(self, response):
        page = rooms.sample_page(response)  # a room sample: rendered, or read from its API
        if page is None:
            if not _is_html(response):
                return
            page = page_from_response(response)
        # read in a worker process (crawler.extraction): the reactor fetches meanwhile
        facts, stored, links = await Extractor.for_crawler(self.crawler).read(page)
        yield PageFacts(capture_id=page.capture_id, url=page.url, facts=facts, stored=stored)
        # Browser samples of JS-drawn pages (rooms); nothing for static pages and samples.
        for request in rooms.room_requests(self, response, facts):
            yield request
        # Licence images the shop shows (营业执照 as a scan): fetched, captured, read by OCR.
        for request in licence_images.requests(self, facts):
            yield request
        # at the depth limit DepthMiddleware would drop every link: none is made (hundreds a
        # real page), each counted as it would count it
        beyond, ignored = self._beyond_depth(response), 0
        for url, first in links:
            if url in self.offered:  # the scheduler has seen it: it would drop it as a duplicate
                continue
            # a subject's licence and shop links first: a shop is judged only when they are read
            if self._in_scope(url):
                if beyond:
                    ignored += 1
                    continue
                yield scrapy.Request(
                    url, callback=self.parse, errback=self.failed, priority=10 if first else 0
                )
            elif first:
                self._unfetched(url, "off-site")
        if ignored:
            self.crawler.stats.inc_value("depth/request_ignored_count", ignored)

    async def parse_licence_image(self, response):
        """A licence image: read offline (crawler.ocr), its fields stored as page facts."""
        facts = await licence_images.read_response(self.crawler, response)
        if facts is not None:
            facts["extractor"] = extractor_version()
            yield PageFacts(capture_id=facts["capture_id"], url=response.url, facts=facts)

    def _beyond_depth(self, response) -> bool:
        """Whether a link of this response is past DEPTH_LIMIT (as DepthMiddleware counts)."""
        limit = self.crawler.settings.getint("DEPTH_LIMIT")
        return bool(limit) and response.meta.get("depth", 0) + 1 > limit

    def _in_scope(self, url: str) -> bool:
        """Whether the URL's host is an allowed domain or under one: asked once a host (a real
        page links hundreds of URLs on a few hosts)."""
        key = url.partition("://")[2].partition("/")[0]  # it fixes the host
        found = self._scope.get(key)
        if found is None:
            host = urlsplit(url).hostname or ""
            found = any(host == d or host.endswith("." + d) for d in self.allowed_domains)
            if key:
                self._scope[key] = found
        return found

    def _unfetched(self, url: str, reason: str) -> None:
        from storage.warc import CaptureStore

        self.crawler.stats.inc_value(f"greenroom/unfetched/{reason}")
        CaptureStore.for_crawler(self.crawler).record_unfetched(url_identity(url), reason)

    def failed(self, failure):
        """Record a page that could not be fetched as a crawl error; the crawl goes on."""
        request = failure.request
        ignored = str(failure.value) if failure.check(IgnoreRequest) else ""
        if ignored.startswith("max redirections"):  # a redirect loop, or a chain too long
            kind, message = "redirect", f"too many redirects, the last to {request.url}"
            request = request.replace(url=request.meta.get("redirect_urls", [request.url])[0])
        elif "DOWNLOAD_MAXSIZE" in ignored:  # a compressed body expanding past the limit
            kind, message = "size", ignored[:300]
        elif failure.check(IgnoreRequest) and not failure.check(HttpError):
            # robots.txt said no, or a bound dropped it: not an error of the site
            self.crawler.stats.inc_value("greenroom/skipped/ignored")
            if "robots.txt" in ignored:
                self._unfetched(request.url, "robots")
            return
        elif failure.check(HttpError):
            kind, message = "http", f"HTTP {failure.value.response.status}"
        elif failure.check(DNSLookupError):
            kind, message = "dns", "DNS lookup failed"
        elif failure.check(TimeoutError, TCPTimedOutError, _SCRAPY_TIMEOUT):
            kind, message = "timeout", f"timed out: {failure.getErrorMessage()}"[:300]
        else:
            kind, message = "fetch", f"{failure.type.__name__}: {failure.getErrorMessage()}"[:300]
        self.crawler.stats.inc_value(f"greenroom/errors/{kind}")
        from storage.warc import CaptureStore

        CaptureStore.for_crawler(self.crawler).record_error(request.url, kind, message)


class HopLoops:
    """Redirect and `<meta refresh>` loops: the dupefilter ends them, this records them.

    Every hop (a request carrying `redirect_urls`) is an edge from the URL it left to the
    one it goes to. When the scheduler drops a hop as already seen and its edges lead back
    to where the hop started, the hops form a loop: one `redirect` crawl error per loop,
    under the URL that started the chain. A hop to a page merely seen before (an old URL
    moved to one already crawled) is no loop and no error.
    """

    def __init__(self, crawler) -> None:
        self.crawler = crawler
        self.edges: dict[str, set[str]] = {}
        self.recorded: set[frozenset[str]] = set()

    def scheduled(self, request, spider=None) -> None:
        chain = request.meta.get("redirect_urls")
        if chain:
            self.edges.setdefault(url_identity(chain[-1]), set()).add(url_identity(request.url))

    def dropped(self, request, spider=None) -> None:
        chain = request.meta.get("redirect_urls")
        if not chain:
            return
        loop = self._path(url_identity(request.url), url_identity(chain[-1]))
        if loop is None or frozenset(loop) in self.recorded:
            return
        self.recorded.add(frozenset(loop))
        reasons = request.meta.get("redirect_reasons", [])
        what = "meta refresh" if "meta refresh" in reasons else "redirect"
        hops = " -> ".join([*loop, loop[0]])
        self.crawler.stats.inc_value("greenroom/errors/redirect")
        from storage.warc import CaptureStore

        CaptureStore.for_crawler(self.crawler).record_error(
            chain[0], "redirect", f"{what} loop: {hops}"[:300]
        )

    def _path(self, start: str, goal: str) -> list[str] | None:
        """URLs from `start` along the hops to `goal` (both included), or None."""
        paths, seen = [[start]], {start}
        while paths:
            path = paths.pop()
            if path[-1] == goal:
                return path
            for nxt in self.edges.get(path[-1], ()):
                if nxt not in seen:
                    seen.add(nxt)
                    paths.append([*path, nxt])
        return None


def _is_html(response) -> bool:
    ctype = response.headers.get(b"Content-Type", b"").decode("latin-1").lower()
    if "html" in ctype or "xml" in ctype:
        return True
    if not ctype or "text/plain" in ctype or "octet-stream" in ctype:
        head = response.body[:512].lstrip().lower()
        return head.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<meta", b"<div"))
    return False
