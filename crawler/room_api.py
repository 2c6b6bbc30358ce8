"""Room samples read from the room's own JSON API, over Scrapy, instead of a browser render.

The first sample of a room is a full render (crawler.rooms). It shows which JSON requests
the room's script made and what they answered. A later sample replays those requests
directly: same URL, method, headers and cookies (the Cookie header the browser sent), one
after another, each stored as an `api` capture of that sample (the first one is the
sample's capture; the others are `about` it). The answers are read by the same room-fact
code (crawler.extract.room.extract_room_api): counters and product cards from the JSON;
host, title and sellers carry over from the rendered sample when the room is assembled.

Replay can't stand in for a render, and the sample is rendered instead, counted in
greenroom/render/api_fallback/<reason>, when:
- `no_api`: the last render saw no JSON answer to replay;
- `api_unlike_dom`: the counters the render's DOM shows are not those its JSON names (a
  page that formats or computes what it shows: only a render reads it as a viewer does);
- `expired`: a request carries a signature, token or timestamp parameter that looks
  expired (an `expires`-like epoch in the past, or a signed request's timestamp older
  than TOKEN_TTL_S);
- `http_status`, `not_json`, `shape_changed`: a replayed answer is 4xx/5xx, is not JSON,
  or its JSON keys differ from the render's; `fetch_error`: no answer (refused, timed out);
  `ignored`: a downloader middleware dropped the request (robots.txt).

GREENROOM_ROOM_RENDER_EVERY (0) = N renders samples 1, N+1, 2N+1 … (0: the first only).
Stats: greenroom/render/api_samples, …/api_requests, …/api_fallback (and …/<reason>).
"""

from __future__ import annotations

import json
import re
import time
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlsplit

from scrapy import Request

from crawler.items import Page
from crawler.room_samples import RESULT, SAMPLE, sample_request, utcnow

if TYPE_CHECKING:
    from scrapy.http import Response
    from scrapy.statscollectors import StatsCollector

CAPTURE = "greenroom_capture"  # on a request: {kind, about} of the capture to store
TOKEN_TTL_S = 300.0  # a signed request's timestamp older than this looks expired
# headers the browser sent that Scrapy sets itself for the connection it makes
_CONNECTION = {"host", "content-length", "connection", "accept-encoding", "keep-alive"}
_EXPIRY = {"expires", "expire", "expiry", "expiration", "exp", "deadline", "xexpires"}
_STAMP = {"t", "ts", "timestamp", "time", "stamp", "tm", "reqtime"}
_SIGNED = {"sign", "signature", "sig", "token", "mstoken", "xbogus", "abogus", "authkey", "auth"}
_EPOCH = re.compile(r"^\d{10}(?:\d{3})?$")


def replay_plan(api: list[dict]) -> list[dict]:
    """The JSON requests of a render worth replaying: answered < 400 with a JSON body."""
    plan = []
    for got in api:
        data = _json(got.get("body") or b"")
        if data is None or got.get("error") or not 200 <= got.get("status", 0) < 400:
            continue
        headers = {
            k: v
            for k, v in (got.get("request_headers") or {}).items()
            if k.lower() not in _CONNECTION and not k.startswith(":")
        }
        plan.append(
            {
                "url": got["url"],
                "method": got.get("method", "GET"),
                "headers": headers,
                # text (Latin-1, byte for byte): a plan travels in request meta, queued
                # as JSON by a cluster (crawler.request_json)
                "body": (got.get("post_data") or b"").decode("latin-1"),
                "shape": sorted(shape(data)),
            }
        )
    return plan


def shape(data: Any, prefix: str = "") -> set[str]:
    """The key paths of a JSON value (`room.title`, `goods[].price`): what replay must match."""
    keys: set[str] = set()
    if isinstance(data, dict):
        for key, value in data.items():
            path = f"{prefix}.{key}" if prefix else str(key)
            keys.add(path)
            keys |= shape(value, path)
    elif isinstance(data, list):
        for value in data:
            keys |= shape(value, f"{prefix}[]")
    return keys


def expired(url: str, now: float | None = None) -> bool:
    """Whether a request's query carries an expiry in the past, or a signature with a stale
    timestamp (epoch seconds or milliseconds)."""
    now = time.time() if now is None else now
    params = [(re.sub(r"[^a-z]", "", k.lower()), v) for k, v in parse_qsl(urlsplit(url).query)]
    signed = any(k in _SIGNED for k, _ in params)
    for key, value in params:
        if not _EPOCH.match(value):
            continue
        at = int(value) / (1000 if len(value) == 13 else 1)
        if key in _EXPIRY and at < now:
            return True
        if key in _STAMP and signed and now - at > TOKEN_TTL_S:
            return True
    return False


def next_is_render(info: dict, k: int) -> bool:
    """Whether sample k of a room is a render by GREENROOM_ROOM_RENDER_EVERY (N: 1, N+1 …)."""
    every = info.get("render_every", 0)
    return k == 1 or bool(every) and (k - 1) % every == 0


def fallback_reason(
    plan: list[dict], dom_counters: dict | None = None, api_counters: dict | None = None
) -> str:
    """Why the replay plan can't stand in for a render ('' when it can)."""
    if not plan:
        return "no_api"
    api_counters = api_counters or {}
    if dom_counters and any(api_counters.get(k) != v for k, v in dom_counters.items()):
        return "api_unlike_dom"
    if any(expired(step["url"]) for step in plan):
        return "expired"
    return ""


def room_counters(api_responses: list[dict]) -> dict[str, float]:
    """The counters a room's JSON names, as the room-fact code reads them."""
    from crawler.extract.room import api_counters

    return api_counters(api_responses)


def learn(info: dict, result: dict, facts: dict) -> None:
    """A render was read: what later samples replay, and why they can't (when so)."""
    info["replay"] = result.get("replay") or []
    shown = facts.get("counters") or {}
    named = room_counters(result.get("api_responses") or [])
    info["no_replay"] = fallback_reason(info["replay"], shown, named)


def next_sample(info: dict, callback: Any = None, errback: Any = None) -> tuple[Request, str]:
    """(the request of sample k+1, why it is a render in place of a replay, or '')."""
    nxt = {**info, "k": info["k"] + 1, "answers": []}
    if next_is_render(info, nxt["k"]):
        return sample_request(nxt, callback, errback), ""
    reason = info.get("no_replay") or fallback_reason(info.get("replay") or [])
    if reason:
        return sample_request(nxt, callback, errback), reason
    return api_request(nxt, callback, errback), ""


def api_request(info: dict, callback: Any = None, errback: Any = None) -> Request:
    """The next replayed request of API sample info["k"] (info["answers"] holds those done)."""
    answers = info.setdefault("answers", [])
    step = info["replay"][len(answers)]
    first = answers[0]["capture_id"] if answers else None
    return Request(
        step["url"],
        method=step["method"],
        headers=step["headers"],
        body=step["body"].encode("latin-1") or None,
        callback=callback,
        errback=errback,
        meta={
            SAMPLE: info,
            "dont_merge_cookies": True,  # the Cookie header is the browser's, as sent
            "dont_redirect": True,
            "dont_retry": True,
            "handle_httpstatus_all": True,
            "download_timeout": info.get("timeout", 20.0),  # as long as a render may take
            CAPTURE: {"kind": "api", "about": first if first is not None else info.get("about")},
        },
        dont_filter=True,
        priority=10,
    )


def answer_problem(step: dict, response: Response) -> tuple[str, Any]:
    """(reason, None) when a replayed answer can't stand in for the render's, else ('', JSON)."""
    if response.status >= 400:
        return "http_status", None
    data = _json(response.body)
    if data is None:
        return "not_json", None
    if sorted(shape(data)) != step["shape"]:
        return "shape_changed", None
    return "", data


def take_answer(
    request: Request, response: Response, stats: StatsCollector
) -> Request | Response | str:
    """One replayed answer: the next request of the sample, the finished sample's response
    (its result in meta), or the reason to render the sample instead."""
    info = request.meta[SAMPLE]
    step = info["replay"][len(info["answers"])]
    stats.inc_value("greenroom/render/api_requests")
    problem, data = answer_problem(step, response)
    if problem:
        return problem
    content_type = response.headers.get(b"Content-Type", b"").decode("latin-1")
    row = {
        "url": response.url,
        "method": request.method,
        "http_status": response.status,
        "content_type": content_type,
        "id": request.meta.get("capture_id"),
    }
    info["answers"].append(answer_view(row, response.body, data))
    if len(info["answers"]) < len(info["replay"]):
        return api_request(info, request.callback, request.errback)
    stats.inc_value("greenroom/render/api_samples")
    request.meta["capture_id"] = info["answers"][0]["capture_id"]
    request.meta[RESULT] = {
        "room": info["room"],
        "k": info["k"],
        "mode": "api",
        "capture_id": info["answers"][0]["capture_id"],
        "fetched_at": _utcnow(),
        "api_responses": info.pop("answers"),
        "began": info.get("began"),
    }
    return response


def answer_view(row: dict, body: bytes, data: Any = None) -> dict:
    """A replayed answer as Page.api_responses holds it (from the crawl or a stored capture)."""
    text = body.decode("utf-8", "replace")
    return {
        "url": row["url"],
        "method": row.get("method") or "GET",
        "status": row.get("http_status") or 200,
        "content_type": row.get("content_type") or "",
        "capture_id": row.get("id"),
        "body": text,
        "json": _json(text) if data is None else data,
    }


def api_page(result: dict) -> Page:
    """The Page of an API sample: no DOM, the replayed JSON as its api_responses."""
    return Page(
        url=result["room"],
        body=b"",
        headers={"content-type": "application/json"},
        status=200,
        capture_id=result["capture_id"],
        fetched_at=result["fetched_at"],
        sample=result["k"],
        api_responses=result["api_responses"],
        api_sample=True,
    )


def _json(body: bytes | str) -> Any:
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    if not text.strip():
        return None
    try:
        data = json.loads(text)
    except ValueError:
        return None
    return data if isinstance(data, dict | list) else None


def _utcnow() -> str:
    return utcnow()
