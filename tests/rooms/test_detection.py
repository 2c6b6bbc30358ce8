"""Which static responses go to the browser: content-based, or forced by a regulator."""

from __future__ import annotations

import pytest
from roomsite import ABOUT, INDEX, SHELL, SHOP
from scrapy.http import HtmlResponse, Request
from scrapy.settings import Settings

from crawler.middlewares.render import abort_media
from crawler.needs_browser import is_js_shell, render_reason

ROOM_SHELL = SHELL.format(id="7", before="", query="")
SPA = """<html><head><script src="/app.3f2a.js" defer></script></head>
<body><div id="root"></div><noscript>You need to enable JavaScript to run this app.</noscript>
</body></html>"""


@pytest.mark.parametrize(
    ("html", "shell"),
    [
        (ROOM_SHELL, True),
        (SPA, True),
        (INDEX, False),
        (SHOP.format(name="蜂蜜小店", script="<script>window.dataLayer = [];</script>"), False),
        (ABOUT, False),
    ],
)
def test_js_shells_are_told_from_content(html, shell):
    assert is_js_shell(html.encode("utf-8"), {"content-type": "text/html; charset=utf-8"}) is shell


def _response(url: str, html: str, status: int = 200) -> HtmlResponse:
    return HtmlResponse(
        url, body=html.encode(), encoding="utf-8", status=status, request=Request(url)
    )


@pytest.mark.parametrize(
    ("url", "html", "facts", "force", "reason"),
    [
        ("http://a.test/x/1", ROOM_SHELL, None, [], "detected"),
        ("http://a.test/x/1", ROOM_SHELL, {"needs_browser": True}, [], "detected"),
        ("http://a.test/about", ABOUT, None, [], None),
        ("http://a.test/about", ABOUT, {"needs_browser": False}, [r"/about$"], "forced"),
        ("http://a.test/x/1", ROOM_SHELL, {"needs_browser": False}, [], None),
    ],
)
def test_render_reason(url, html, facts, force, reason):
    settings = Settings({"GREENROOM_RENDER_FORCE": force})
    assert render_reason(settings, _response(url, html), facts) == reason


def test_error_pages_are_not_rendered_unless_forced():
    assert render_reason(Settings(), _response("http://a.test/x", ROOM_SHELL, 500), None) is None


class _Req:
    def __init__(self, url, resource_type):
        self.url, self.resource_type = url, resource_type


@pytest.mark.parametrize(
    ("url", "rtype", "aborted"),
    [
        ("http://a.test/v.mp4", "media", True),
        ("http://a.test/live/index.m3u8?t=1", "xhr", True),
        ("http://a.test/seg/001.ts", "fetch", True),
        ("http://a.test/stream.flv", "other", True),
        ("http://a.test/badge.png", "image", False),
        ("http://a.test/NotoSansCJK.woff2", "font", False),
        ("http://a.test/api/room/1", "fetch", False),
    ],
)
def test_media_is_aborted_images_and_fonts_are_not(url, rtype, aborted):
    assert abort_media(_Req(url, rtype)) is aborted
