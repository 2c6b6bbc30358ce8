"""Room samples: each render of a room is a navigation of its own that leaves evidence behind.

A sample navigates a Chromium page (scrapy-playwright; a page kept from an earlier sample
or a new one: crawler.browser_pages) to the room, waits until the page is drawn (the
network quiet and the page no longer a JS shell) or GREENROOM_RENDER_TIMEOUT passes, then
keeps a full-page PNG screenshot, the rendered DOM, every XHR/fetch response the page
loaded and, so the room replays from its WARC records, every other response it loaded
(documents, scripts, style sheets, images, fonts: kind `asset`; media streams never),
as captures. GREENROOM_ROOM_RESOURCES off keeps no assets;
GREENROOM_ROOM_RESOURCE_MAX_BYTES skips a larger one and GREENROOM_ROOM_RESOURCES_MAX_BYTES
caps a sample's assets (defaults in crawler.settings; skips are counted in
greenroom/render/resources_skipped). Once the sample is taken the page is blanked for the
next sample, or closed. Sample k+1 is a new request scheduled
GREENROOM_ROOM_SAMPLE_INTERVAL seconds after sample k, once the spider has read sample k
(`room_requests` sends `sample_read`): a page that does not read as a room is rendered
once; a room's later samples replay the JSON requests its last render made, over Scrapy
(crawler.room_api), unless replay can't stand in for a render or
GREENROOM_ROOM_RENDER_EVERY asks for one.

The spider's side:

    yield from room_requests(self, response, facts)  # [] unless the page needs a browser
    page = sample_page(response) or page_from_response(response)  # a sample is a Page

A sample that fails (the room's data API answers >= 400, its script throws and nothing is
drawn, it never finishes loading, its script navigates the tab elsewhere, the page crashes,
the browser is missing) is a recorded crawl error: the `render_error` signal is sent,
`greenroom/render/errors/<reason>` counted, and the request dropped (IgnoreRequest); the
crawl goes on.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any

from playwright.async_api import Error as PlaywrightError
from scrapy import Request
from scrapy.exceptions import DontCloseSpider, IgnoreRequest

from crawler import room_api
from crawler.browser_scope import route_in_scope, scope_for, socket_in_scope
from crawler.devtools import DevTools
from crawler.items import CHAIN, Page
from crawler.needs_browser import render_reason
from crawler.room_samples import (  # noqa: F401 - the sample's names, as crawler.rooms gives them
    CONTEXT,
    CONTEXT_KWARGS,
    RESULT,
    SAMPLE,
    sample_request,
    utcnow,
)
from crawler.settings import (
    GREENROOM_ROOM_RESOURCE_MAX_BYTES,
    GREENROOM_ROOM_RESOURCES_MAX_BYTES,
    setting,
)

if TYPE_CHECKING:
    from playwright.async_api import Page as BrowserPage
    from playwright.async_api import Request as BrowserRequest
    from playwright.async_api import Response as BrowserResponse
    from playwright.async_api import Route, WebSocketRoute
    from scrapy import Spider
    from scrapy.crawler import Crawler
    from scrapy.http import Response

    from storage.warc import CaptureStore

logger = logging.getLogger(__name__)

_STATE = "_greenroom_state"  # in-flight only, never serialised
_LISTENERS = "_greenroom_listeners"  # on a browser page: the events its sample listens to
_SOCKET_SCOPE = "_greenroom_socket_scope"  # on a browser page: its sample's BrowserScope
SCOPE = "_greenroom_scope"  # in-flight only: the crawl's BrowserScope (RenderMiddleware)

render_error = object()  # signal: url, room_url, sample, reason, message, captures
sample_read = object()  # signal: response, facts (a sample the spider has read)

QUIET_S = 0.3  # the network counts as idle after this long without a request in flight
MAX_API_BODY = 5 * 1024 * 1024
MAX_RESOURCE = GREENROOM_ROOM_RESOURCE_MAX_BYTES  # one asset
MAX_RESOURCES = GREENROOM_ROOM_RESOURCES_MAX_BYTES  # a sample's assets
# the body Playwright hands over is decoded: these would describe bytes no longer there
_DECODED = {"content-encoding", "transfer-encoding", "content-length"}
_UNTRACKED = {"eventsource", "websocket", "media"}  # never "finish": not waited for
_DATA = {"xhr", "fetch"}
MIN_DRAWN = 10  # visible characters a script must add for a shell to count as drawn


def room_requests(spider: Spider, response: Response, facts: dict | None = None) -> list[Request]:
    """The first browser sample of a page that needs one (a JS shell, or forced), else [].

    Call it for every HTML response (it counts greenroom/render/detected and /static);
    `facts` are the page's facts from crawler.extract.pages.extract (their `needs_browser`
    is the detection). The sample comes back to the same callback; turn it into a Page with
    `sample_page(response)`. Later samples are scheduled by the render middleware. Example:
        yield from room_requests(self, response, facts)
    """
    crawler = spider.crawler
    settings, stats = crawler.settings, crawler.stats
    if RESULT in response.meta and facts is not None:  # a sample read: schedule the next
        crawler.signals.send_catch_log(sample_read, response=response, facts=facts)
    if SAMPLE in response.meta or response.meta.get("playwright"):
        return []
    if not setting(settings, "GREENROOM_RENDER_ENABLED"):
        return []
    reason = render_reason(settings, response, facts)
    if reason is None:
        stats.inc_value("greenroom/render/static")
        return []
    stats.inc_value("greenroom/render/detected")
    if reason in ("forced", "unpriced"):
        stats.inc_value(f"greenroom/render/{reason}")
    info = {
        "room": response.url,
        "k": 1,
        # a room is sampled room_samples times; a listing drawn by script is read once
        "of": 1 if reason == "unpriced" else max(1, setting(settings, "GREENROOM_ROOM_SAMPLES")),
        "interval": setting(settings, "GREENROOM_ROOM_SAMPLE_INTERVAL"),
        "render_every": max(0, setting(settings, "GREENROOM_ROOM_RENDER_EVERY")),
        "timeout": setting(settings, "GREENROOM_RENDER_TIMEOUT"),
        "about": response.meta.get("capture_id"),
        "reason": reason,
        "resources": setting(settings, "GREENROOM_ROOM_RESOURCES"),
        "resource_max": setting(settings, "GREENROOM_ROOM_RESOURCE_MAX_BYTES"),
        "resources_max": setting(settings, "GREENROOM_ROOM_RESOURCES_MAX_BYTES"),
        # the render is the same page: its links continue the page's chain of same-shape
        # pages (crawler.middlewares.bounds), or a script-drawn calendar would never end
        "chain": response.meta.get(CHAIN, 0),
    }
    return [sample_request(info, callback=response.request.callback)]


def sample_page(response: Response) -> Page | None:
    """The Page of a rendered room sample (None for any other response)."""
    result = response.meta.get(RESULT)
    if not result:
        return None
    if result.get("mode") == "api":
        return room_api.api_page(result)
    return Page(
        url=result["room"],
        body=result["dom"].encode("utf-8"),
        headers={"content-type": "text/html; charset=utf-8"},
        status=result["status"],
        capture_id=result["capture_id"],
        fetched_at=result["fetched_at"],
        rendered=True,
        sample=result["k"],
        api_responses=result["api_responses"],
        redirect_urls=[result["url"]] if result["url"] != result["room"] else [],
    )


@dataclass
class SampleState:
    """What one browser page saw while a sample was taken (lives only during the render)."""

    timeout: float
    expect_drawing: bool = True  # a detected shell must draw; a forced page need not
    keep_assets: bool = True  # scripts, styles, images, fonts, documents: for replay
    asset_max: int = MAX_RESOURCE
    assets_max: int = MAX_RESOURCES
    started: float = field(default_factory=time.monotonic)
    inflight: set = field(default_factory=set)
    last_activity: float = field(default_factory=time.monotonic)
    tasks: set = field(default_factory=set)
    api: list[dict] = field(default_factory=list)
    assets: list[dict] = field(default_factory=list)
    asset_bytes: int = 0
    assets_skipped: int = 0
    data_errors: list[str] = field(default_factory=list)
    aborted: set = field(default_factory=set)  # URLs the scope filter refused
    page_errors: list[str] = field(default_factory=list)
    timed_out: bool = False
    served_text: int | None = None  # visible characters of the HTML as served
    drawn: bool = False  # visible text grew beyond what was served (judged when asked)
    screenshot: bytes = b""
    dom: str = ""
    url: str = ""
    taken_at: str = ""
    served_at: float = 0.0  # when the page's own document arrived (epoch seconds)
    first_document: str = ""  # where the sample's own navigation went (no query/fragment)
    navigated_to: str = ""  # a later top-level navigation elsewhere: the room left itself

    def on_request(self, request: BrowserRequest) -> None:
        self.leaves_room(request)
        if request.resource_type not in _UNTRACKED:
            self.inflight.add(request)
            self.last_activity = time.monotonic()

    def leaves_room(self, request: BrowserRequest) -> bool:
        """Whether `request` is a top-level navigation away from the sample's own document
        (noted in navigated_to; the first navigation is the sample's own)."""
        if not request.is_navigation_request() or request.redirected_from is not None:
            return False
        try:
            if request.frame.parent_frame is not None:
                return False  # an iframe's own navigation
        except PlaywrightError:
            return False
        where = request.url.split("#", 1)[0].split("?", 1)[0]
        if not self.first_document:
            self.first_document = where
            return False
        if where == self.first_document:
            return False
        self.navigated_to = self.navigated_to or request.url
        return True

    def on_done(self, request: BrowserRequest) -> None:
        self.inflight.discard(request)
        self.last_activity = time.monotonic()

    def on_failed(self, request: BrowserRequest) -> None:
        self.on_done(request)
        failure = request.failure or "failed"
        if request.url in self.aborted:
            return  # out of scope: counted by the filter, no failure of the room's
        if request.resource_type in _DATA and "ERR_ABORTED" not in failure:
            self.data_errors.append(f"{request.method} {request.url}: {failure}")

    def on_response(self, response: BrowserResponse) -> None:
        now = time.time()
        if response.request.resource_type == "document" and self.served_text is None:
            self.served_at = self.served_at or now
            self._later(self._served(response))
        kind = response.request.resource_type
        if kind in _DATA:
            self._later(self._keep(response))
        elif self.keep_assets and kind not in _UNTRACKED and not 300 <= response.status < 400:
            self._later(self._keep_asset(response, utcnow(now)))

    def _later(self, coro) -> None:
        task = asyncio.ensure_future(coro)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def _served(self, response: BrowserResponse) -> None:
        try:
            body = await response.body()
        except PlaywrightError:
            body = b""
        if self.served_text is None:
            self.served_text = visible_text_length(body.decode("utf-8", "replace"))

    async def _keep(self, response: BrowserResponse) -> None:
        entry: dict = {"url": response.url, "status": response.status, "fetched_at": utcnow()}
        try:
            entry["method"] = response.request.method
            entry["request_headers"] = await response.request.all_headers()
            entry["headers"] = await response.all_headers()
            entry["post_data"] = response.request.post_data_buffer
            body = await response.body()
        except PlaywrightError as exc:  # redirect, page closed: keep what is known
            entry.setdefault("headers", {})
            entry.setdefault("request_headers", {})
            body = b""
            entry["error"] = str(exc).splitlines()[0][:200]
        entry["body"] = body[:MAX_API_BODY]
        self.api.append(entry)
        if response.status >= 400:
            self.data_errors.append(
                f"{entry.get('method', 'GET')} {response.url}: {response.status}"
            )

    async def _keep_asset(self, response: BrowserResponse, fetched_at: str) -> None:
        """A response the page loaded, whole, when it fits the limits (else counted)."""
        try:
            headers = await response.all_headers()
            declared = int(headers.get("content-length") or 0)
            if declared > self.asset_max or self.asset_bytes + declared > self.assets_max:
                self.assets_skipped += 1
                return
            body = await response.body()
            request_headers = await response.request.all_headers()
        except (PlaywrightError, ValueError):  # redirect, page closed, no body
            return
        if len(body) > self.asset_max or self.asset_bytes + len(body) > self.assets_max:
            self.assets_skipped += 1
            return
        self.asset_bytes += len(body)
        self.assets.append(
            {
                "url": response.url,
                "status": response.status,
                "method": response.request.method,
                "request_headers": request_headers,
                "headers": as_decoded(headers),
                "body": body,
                "fetched_at": fetched_at,
            }
        )

    def on_page_error(self, error: Any) -> None:
        self.page_errors.append(str(error).splitlines()[0][:300] if str(error) else repr(error))


async def stay_on_room(route: Route, request: BrowserRequest, *, state: SampleState) -> None:
    """Page route: a script sending the tab elsewhere is noted and stopped, so the drawn
    room stays as the sample's evidence (a tab mid-navigation has no DOM to keep)."""
    if state.leaves_room(request):
        await route.abort("aborted")
        return
    await route.fallback()


async def init_page(page: BrowserPage, request: Request) -> None:
    """scrapy-playwright's page init callback: listen before navigating, then settle and shoot.

    scrapy-playwright only logs an exception of this callback and navigates anyway: a page
    that could not be prepared is closed instead, so it never loads without its scope
    filter (the navigation fails; scrapy-playwright tries a new page, then gives up and
    the sample is a recorded crawl error)."""
    request.meta.pop("playwright_page_methods", None)  # set last, by a page fully prepared
    try:
        await _prepare(page, request)
    except Exception as exc:  # noqa: BLE001 - any failure: the page must not be used unprepared
        logger.warning("room page not prepared, closed: %s", str(exc).splitlines()[0][:200])
        with contextlib.suppress(PlaywrightError):
            await page.close()


async def _prepare(page: BrowserPage, request: Request) -> None:
    info = request.meta[SAMPLE]
    # a detected shell must draw; a forced page or a listing (its price) need not grow much
    drawing = info.get("reason") not in ("forced", "unpriced")
    state = SampleState(
        timeout=info["timeout"],
        expect_drawing=drawing,
        keep_assets=info.get("resources", True),
        asset_max=info.get("resource_max", MAX_RESOURCE),
        assets_max=info.get("resources_max", MAX_RESOURCES),
    )
    request.meta[_STATE] = state
    # every browser request passes the scope filter first (crawler.browser_scope): the
    # page's own route, and the context's for popups (installed once per context)
    scope = request.meta.get(SCOPE) or scope_for(info["room"], None)
    await page.route("**", partial(route_in_scope, scope=scope, aborted=state.aborted))
    # (scrapy-playwright removes a reused page's "**" routes; Playwright can't remove a
    # socket route, so a page has one, which reads the scope of the sample it serves now)
    fresh = not hasattr(page, _SOCKET_SCOPE)
    setattr(page, _SOCKET_SCOPE, scope)
    if fresh:
        await page.route_web_socket("**", partial(_socket_in_page_scope, page=page))
    await page.route("**", partial(stay_on_room, state=state))  # runs before the scope's
    context = page.context
    if not getattr(context, "_greenroom_scoped", False):
        context._greenroom_scoped = True
        await context.route("**", partial(route_in_scope, scope=scope, aborted=set()))
        await context.route_web_socket("**", partial(socket_in_scope, scope=scope))
    listen(page, state)
    from scrapy_playwright.page import PageMethod

    request.meta["playwright_page_methods"] = [PageMethod(partial(settle_and_shoot, state=state))]


async def _socket_in_page_scope(ws: WebSocketRoute, *, page: BrowserPage) -> None:
    await socket_in_scope(ws, scope=getattr(page, _SOCKET_SCOPE))


def listen(page: BrowserPage, state: SampleState | None) -> None:
    """Route the page's events to this sample's state, and no longer to the state of the
    sample the page served before (crawler.browser_pages reuses pages); None: to none."""
    for event, handler in getattr(page, _LISTENERS, ()):
        page.remove_listener(event, handler)
    setattr(page, _LISTENERS, [])
    if state is None:
        return
    listeners = [
        ("request", state.on_request),
        ("requestfinished", state.on_done),
        ("requestfailed", state.on_failed),
        ("response", state.on_response),
        ("pageerror", state.on_page_error),
        ("popup", _close_popup),
    ]
    for event, handler in listeners:
        page.on(event, handler)
    setattr(page, _LISTENERS, listeners)


def _close_popup(popup: BrowserPage) -> None:
    asyncio.ensure_future(popup.close())


async def settle_and_shoot(page: BrowserPage, state: SampleState) -> None:
    """Wait until drawn (network quiet, text grown) or the deadline; then keep the evidence."""
    devtools = await DevTools.open(page)
    try:
        await _settle(state, devtools)
        grace = max(5.0, state.started + state.timeout - time.monotonic())
        state.screenshot = await asyncio.wait_for(devtools.screenshot(), grace)
        state.dom = await asyncio.wait_for(devtools.dom(), grace)
    finally:
        await devtools.close()
    state.url = page.url
    state.taken_at = utcnow()
    # scrapy-playwright makes the response's body of page.content() right after this
    # method: the DOM just taken, not Playwright's second serialisation of it
    page.content = partial(_taken, state.dom)


async def _taken(dom: str) -> str:
    return dom


async def _settle(state: SampleState, devtools: DevTools) -> None:
    deadline = state.started + state.timeout
    next_check = 0.0
    while True:
        now = time.monotonic()
        if now >= deadline:
            state.timed_out = True
            break
        if state.navigated_to:
            break  # the room's page is gone: keep what the tab shows now, as evidence
        if not state.inflight and now - state.last_activity >= QUIET_S:
            if state.data_errors or state.page_errors or not state.expect_drawing:
                break  # nothing more is coming, or nothing needs to come
            if now >= next_check:  # quiet but not drawn yet: a late script may still draw
                html = await asyncio.wait_for(devtools.dom(), max(0.5, deadline - now))
                if _grew(state, html):
                    break
                next_check = now + 0.25
        await asyncio.sleep(0.05)
    if state.tasks:
        await asyncio.wait(list(state.tasks), timeout=max(1.0, deadline - time.monotonic()))
    if state.keep_assets and state.served_at and int(time.time()) == int(state.served_at):
        # WARC and replay times are whole seconds: the drawn page is taken in the second
        # after its document arrived, so replay at the document's time finds the document
        # (its scripts draw the room again from the recorded data), not the DOM
        await asyncio.sleep(1.0 - time.time() % 1.0 + 0.01)


def _grew(state: SampleState, html: str) -> bool:
    return visible_text_length(html) >= (state.served_text or 0) + MIN_DRAWN


def visible_text_length(html: str) -> int:
    """Characters of visible text (script/style/noscript/template removed, no white space)."""
    from crawler.extract.text import parse

    doc = parse(html)
    if doc is None:
        return 0
    texts = doc.xpath(
        "//body//text()[not(ancestor::script or ancestor::style or ancestor::noscript"
        " or ancestor::template)]"
    )
    return sum(len("".join(t.split())) for t in texts)


def navigated_message(state: SampleState) -> str:
    return f"直播间页面的脚本把浏览器导航到了别处: {state.navigated_to[:200]}"


def failure_reason(state: SampleState, status: int) -> tuple[str, str] | None:
    """(reason, message) when a finished render is not evidence of a drawn room, else None."""
    if state.navigated_to:
        return "navigated_away", navigated_message(state)
    if status >= 400:
        return "http_status", f"房间页面返回 HTTP {status}"
    if state.data_errors:
        return "api_error", "数据接口失败: " + "; ".join(state.data_errors[:3])
    pending_data = [r for r in state.inflight if r.resource_type in _DATA]
    if state.timed_out and (pending_data or (state.expect_drawing and not state.drawn)):
        pending = ", ".join(sorted(r.url for r in pending_data)[:3])
        detail = f" (仍在等待: {pending})" if pending else ""
        return "timeout", f"页面在 {state.timeout:g} 秒内未加载完成{detail}"
    if state.page_errors and not state.drawn and state.expect_drawing:
        return "script_error", "页面脚本出错, 内容未绘制: " + state.page_errors[0]
    return None


class RoomSampler:
    """Stores each sample's evidence, schedules the next sample, records failed samples."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.store_path = setting(crawler.settings, "GREENROOM_RENDER_STORE")
        self._store: Any = None
        self._pending: set = set()
        self.browser_missing = False

    @property
    def store(self) -> CaptureStore:
        if self._store is None:
            from storage.warc import CaptureStore

            self._store = CaptureStore.for_crawler(self.crawler)
        return self._store

    # evidence ---------------------------------------------------------------------------
    def keep(self, request: Request, response: Response) -> Response:
        """A finished render: store its evidence, then pass it on or record why it failed."""
        info = request.meta[SAMPLE]
        state: SampleState | None = request.meta.pop(_STATE, None)
        request.meta.pop("playwright_page_methods", None)
        page = request.meta.get("playwright_page")
        if page is not None:  # kept for a later sample: it no longer feeds this one
            listen(page, None)
            page.__dict__.pop("content", None)  # settle_and_shoot's, read by now
        request.meta.pop(SCOPE, None)
        if state is None:  # answered without the browser (not scrapy-playwright's handler)
            self.record_error(request, "not_rendered", "采样请求未经浏览器处理")
            raise IgnoreRequest("room sample was not rendered")
        if not state.taken_at:  # settle_and_shoot never ran: the DOM is not the drawn room
            self.schedule_next(request, began=state.started)
            self.record_error(request, "not_rendered", "采样页面未完成绘制与截图")
            raise IgnoreRequest("room sample was not shot")
        if state.timed_out or state.page_errors:  # failure_reason asks only then: the
            state.drawn = _grew(state, state.dom)  # spider parses a good DOM once, not twice
        captures = self._store_evidence(info, state)
        problem = failure_reason(state, response.status)
        if problem:
            self.schedule_next(request, began=state.started)
            self.record_error(request, *problem, captures=list(captures.values()))
            raise IgnoreRequest(f"room sample failed: {problem[1]}")
        self.stats.inc_value("greenroom/render/rendered")
        request.meta["capture_id"] = captures["dom"]
        request.meta[RESULT] = {
            "room": info["room"],
            "k": info["k"],
            "url": state.url or response.url,
            "status": response.status,
            "dom": state.dom,
            "capture_id": captures["dom"],
            "screenshot_capture_id": captures["screenshot"],
            "fetched_at": state.taken_at,
            "api_responses": [_api_view(a) for a in state.api],  # as the page read them
            "page_errors": list(state.page_errors),
            "replay": room_api.replay_plan(state.api),  # what later samples can fetch
            "began": state.started,
        }
        return response

    def _store_evidence(self, info: dict, state: SampleState) -> dict:
        from storage.warc import DOM_PROFILE

        store, url = self.store, state.url or info["room"]
        dom = store.record_resource(
            url=url,
            content_type="text/html; charset=utf-8",
            data=state.dom.encode("utf-8"),
            kind="dom",
            about=info.get("about"),
            fetched_at=state.taken_at or None,
            target=url,
            warc_headers={"WARC-Profile": DOM_PROFILE},
        )
        shot = store.record_resource(
            url=url,
            content_type="image/png",
            data=state.screenshot,
            kind="screenshot",
            about=dom,
            fetched_at=state.taken_at or None,
            target=f"urn:fullPage:{url}",
        )
        for api in state.api:
            api["capture_id"] = self._store_response(api, "api", dom)
        for asset in state.assets:
            asset["capture_id"] = self._store_response(asset, "asset", dom)
        self.stats.inc_value("greenroom/render/screenshots")
        self.stats.inc_value("greenroom/render/api_responses", len(state.api))
        self.stats.inc_value("greenroom/render/resources", len(state.assets))
        self.stats.inc_value("greenroom/render/resources_skipped", state.assets_skipped)
        captures = {"dom": dom, "screenshot": shot}
        captures.update({f"api{i}": a["capture_id"] for i, a in enumerate(state.api)})
        return captures

    def _store_response(self, got: dict, kind: str, about: int | None) -> int:
        return self.store.record_response(
            url=got["url"],
            method=got.get("method", "GET"),
            request_headers=got.get("request_headers", {}),
            status=got["status"],
            response_headers=as_decoded(got.get("headers", {})),
            body=got["body"],
            kind=kind,
            about=about,
            fetched_at=got.get("fetched_at"),
        )

    def record_error(
        self, request: Request, reason: str, message: str, captures: list | None = None
    ) -> None:
        """A recorded crawl error: `crawl_errors` row, stats, log line, `render_error` signal."""
        info = request.meta.get(SAMPLE, {})
        self.stats.inc_value("greenroom/render/errors")
        self.stats.inc_value(f"greenroom/render/errors/{reason}")
        self.stats.inc_value("greenroom/errors/render")  # the run's crawl error count
        sample = f"直播间第 {info.get('k')}/{info.get('of')} 次采样失败 ({reason}): {message}"
        self.store.record_error(request.url, "render", sample[:500])
        logger.error(
            "room sample %s/%s of %s failed (%s): %s",
            info.get("k"),
            info.get("of"),
            request.url,
            reason,
            message,
        )
        self.crawler.signals.send_catch_log(
            render_error,
            url=request.url,
            room_url=info.get("room", request.url),
            sample=info.get("k"),
            reason=reason,
            message=message,
            captures=[c for c in captures or [] if c is not None],
        )

    # scheduling -------------------------------------------------------------------------
    def sample_read(self, response: Response, facts: dict) -> None:
        """The spider read sample k: a room gets sample k+1, any other page is done."""
        result, info = response.meta.get(RESULT), response.meta.get(SAMPLE)
        if not result or not info or info["k"] >= info["of"]:
            return
        if facts.get("role") != "room":
            self.stats.inc_value("greenroom/render/not_a_room")
            return
        if result.get("mode") != "api":  # a render: later samples replay what it fetched
            room_api.learn(info, result, facts)
        self.schedule_next(response.request, began=result.get("began"))

    def schedule_next(self, request: Request, began: float | None = None) -> None:
        """Queue sample k+1 `interval` seconds after sample k began (no page held open): a
        replay of the room's API when it can stand in for a render, else a render."""
        info = request.meta[SAMPLE]
        if info["k"] >= info["of"]:
            return
        nxt, reason = room_api.next_sample(info, request.callback, request.errback)
        if reason:
            self.count_fallback(reason)
        # `began` is this process's clock; a sample begun by another worker (a cluster)
        # reads as anything: the wait stays within one interval
        elapsed = 0.0 if began is None else time.monotonic() - began
        delay = min(info["interval"], max(0.0, info["interval"] - elapsed))
        self.send_later(nxt, delay, after=request)

    def send_later(self, request: Request, delay: float, after: Request | None = None) -> None:
        """Hand the next sample to the engine after `delay` seconds (a timer of this
        process; a cluster worker queues it in Redis when sample `after` is acknowledged
        instead: crawler.cluster)."""
        from twisted.internet import reactor

        call = reactor.callLater(delay, self._crawl, request)
        self._pending.add(call)

    def count_fallback(self, reason: str) -> None:
        self.stats.inc_value("greenroom/render/api_fallback")
        self.stats.inc_value(f"greenroom/render/api_fallback/{reason}")

    def _crawl(self, request: Request) -> None:
        self._pending = {c for c in self._pending if c.active()}
        engine = self.crawler.engine
        if engine is not None and engine.running:
            engine.crawl(request)

    def spider_idle(self) -> None:
        self._pending = {c for c in self._pending if c.active()}
        if self._pending:
            raise DontCloseSpider("room samples pending")

    def spider_closed(self) -> None:
        for call in self._pending:
            if call.active():
                call.cancel()
        self._pending.clear()


def as_decoded(headers: dict) -> dict:
    """Response headers fit for a decoded body (Playwright decodes before it hands over)."""
    return {k: v for k, v in headers.items() if k.lower() not in _DECODED}


def _api_view(api: dict) -> dict:
    """An API response as Page.api_responses holds it: text and, when JSON, the parsed value."""
    row = {
        "url": api["url"],
        "method": api.get("method"),
        "http_status": api["status"],
        "content_type": api.get("headers", {}).get("content-type", ""),
        "id": api.get("capture_id"),
    }
    return room_api.answer_view(row, api["body"])
