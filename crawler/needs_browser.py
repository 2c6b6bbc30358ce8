"""Whether a page goes to the browser: forced by a regulator's URL regexes, a JS shell
(generic extraction's `looks_like_js_shell`), or a listing whose static page shows no price
of its own. Asked by `crawler.rooms.room_requests` for every HTML response.

Settings: GREENROOM_RENDER_FORCE ([]), GREENROOM_RENDER_LISTINGS (False); see
crawler.middlewares.render.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scrapy.http import Response
    from scrapy.settings import BaseSettings

FORCE = "GREENROOM_RENDER_FORCE"
LISTINGS = "GREENROOM_RENDER_LISTINGS"


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
    from crawler.extract.text import lines, parse
    from toolkit.charset import decode

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
