"""The cluster frontier's request format: JSON with known fields only, never pickle.

scrapy-redis unpickles queued requests by default, so anyone who can write to Redis could
run code on every worker. Here a queued request is a JSON object of Scrapy's request
fields; `loads` refuses anything else (an unknown field or meta key, a request class, a
callback that is not one of the spider's, a non-http(s) URL, a browser setting other than
greenroom's own) with `RequestRefused`. Meta that lives only while a request is in flight
(`_greenroom_state`, the browser's page methods, a politeness slot) is not queued.
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit

CALLBACKS = {None, "parse", "failed", "parse_licence_image"}
METHODS = {"GET", "HEAD", "POST"}
FIELDS = {
    "url",
    "callback",
    "errback",
    "headers",
    "method",
    "body",
    "cookies",
    "meta",
    "_encoding",
    "priority",
    "dont_filter",
    "flags",
    "cb_kwargs",
}
META = {
    # Scrapy's own
    "depth",
    "redirect_urls",
    "redirect_times",
    "redirect_ttl",
    "redirect_reasons",
    "retry_times",
    "dont_retry",
    "dont_redirect",
    "dont_merge_cookies",
    "handle_httpstatus_all",
    "handle_httpstatus_list",
    "download_slot",
    "download_timeout",
    "download_latency",
    # greenroom's
    "capture_id",
    "greenroom_chain",
    "greenroom_sample",
    "greenroom_replayed",
    "greenroom_licence_page",
    "greenroom_not_before",
    "greenroom_capture",  # an API sample's {kind, about} (crawler.room_api), checked
    # scrapy-playwright's, with greenroom's values only (checked in `_browser`)
    "playwright",
    "playwright_context",
    "playwright_context_kwargs",
    "playwright_page_init_callback",
    "playwright_page_goto_kwargs",
}
MAX_BYTES = 4 << 20


def _ours(key: str) -> bool:
    return key.startswith("greenroom_") or key == "capture_id"


class RequestRefused(ValueError):
    """A queued request that is not one greenroom would have queued: one line, why."""


def _text(b: bytes | str) -> str:
    return b.decode("latin-1") if isinstance(b, bytes) else b


def _jsonable(value) -> bool:
    try:
        json.dumps(value)
    except (TypeError, ValueError):
        return False
    return True


def dumps(obj: dict) -> bytes:
    """A request dict (Request.to_dict) as JSON; in-flight meta is left out. Greenroom's
    own meta that is not JSON is refused, not dropped: a room sample without its meta
    would be fetched as some other page."""
    meta = {k: v for k, v in (obj.get("meta") or {}).items() if k in META and _jsonable(v)}
    lost = sorted(k for k in set(obj.get("meta") or {}) - set(meta) if k in META and _ours(k))
    if lost:
        raise RequestRefused(f"request meta {lost} is not JSON: it can't be queued")
    headers = {
        _text(k): [_text(v) for v in (vs if isinstance(vs, list | tuple) else [vs])]
        for k, vs in (obj.get("headers") or {}).items()
    }
    out = {k: v for k, v in obj.items() if k in FIELDS}
    out.update(meta=meta, headers=headers, body=_text(obj.get("body") or b""))
    if "_class" in obj:
        raise RequestRefused(f"request class {obj['_class']} is not queued")
    return json.dumps(out, ensure_ascii=False).encode("utf-8")


def loads(data: bytes) -> dict:
    """A request dict for `request_from_dict`, or RequestRefused saying why not."""
    if len(data) > MAX_BYTES:
        raise RequestRefused(f"queued request of {len(data)} bytes, over {MAX_BYTES}")
    try:
        obj = json.loads(data)
    except (UnicodeDecodeError, ValueError):
        raise RequestRefused("queued request is not JSON (pickle or garbage)") from None
    if not isinstance(obj, dict):
        raise RequestRefused("queued request is not a JSON object")
    unknown = sorted(set(obj) - FIELDS)
    if unknown:
        raise RequestRefused(f"queued request has unknown fields {unknown}")
    url = obj.get("url")
    if not isinstance(url, str) or urlsplit(url).scheme not in ("http", "https"):
        raise RequestRefused(f"queued request URL is not http(s): {str(url)[:100]!r}")
    if obj.get("callback") not in CALLBACKS or obj.get("errback") not in CALLBACKS:
        raise RequestRefused("queued request names a callback the spider does not have")
    if obj.get("method", "GET") not in METHODS:
        raise RequestRefused(f"queued request method {str(obj.get('method'))[:20]!r}")
    meta = obj.get("meta") or {}
    headers = obj.get("headers") or {}
    if not isinstance(meta, dict) or not isinstance(headers, dict):
        raise RequestRefused("queued request meta or headers is not an object")
    unknown = sorted(set(meta) - META)
    if unknown:
        raise RequestRefused(f"queued request has unknown meta keys {unknown}")
    _browser(meta)
    _capture(meta.get("greenroom_capture"))
    if not all(
        isinstance(v, list) and all(isinstance(x, str) for x in v) for v in headers.values()
    ):
        raise RequestRefused("queued request headers are not lists of strings")
    if not isinstance(obj.get("body", ""), str):
        raise RequestRefused("queued request body is not a string")
    obj["headers"] = {
        k.encode("latin-1"): [v.encode("latin-1") for v in vs] for k, vs in headers.items()
    }
    obj["body"] = obj.get("body", "").encode("latin-1")
    return obj


def _browser(meta: dict) -> None:
    """Browser meta must be exactly what crawler.rooms sets: no other init script, context
    options (a proxy, say) or page callback can come in from the queue."""
    from crawler import rooms

    expected = {
        "playwright_context": rooms.CONTEXT,
        "playwright_context_kwargs": json.loads(json.dumps(rooms.CONTEXT_KWARGS)),
        "playwright_page_init_callback": "crawler.rooms.init_page",
    }
    for key, value in expected.items():
        if key in meta and meta[key] != value:
            raise RequestRefused(f"queued request sets {key} to something greenroom never does")
    goto = meta.get("playwright_page_goto_kwargs")
    if goto is not None and (not isinstance(goto, dict) or set(goto) - {"wait_until", "timeout"}):
        raise RequestRefused("queued request sets playwright_page_goto_kwargs beyond wait/timeout")


def _capture(capture) -> None:
    """An API sample's capture is kind `api`, about a capture id: nothing else reaches the
    capture store's record_response from the queue."""
    if capture is None:
        return
    about = capture.get("about") if isinstance(capture, dict) else None
    if (
        not isinstance(capture, dict)
        or set(capture) - {"kind", "about"}
        or capture.get("kind") != "api"
        or not (about is None or type(about) is int)
    ):
        raise RequestRefused("queued request sets greenroom_capture beyond an api capture")
