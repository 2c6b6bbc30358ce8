"""Scrapy's MetaRefreshMiddleware without decoding pages that declare no refresh.

Scrapy looks for `<meta http-equiv="refresh">` in the first 4096 characters of
`response.text`, which decodes the whole body first: on real pages (60–400 KB, GBK) that
decoding was the reactor's largest cost after the capture (bench/crawl_profile.py), and
nothing else in the reactor reads the text (extraction decodes in its worker). In an
encoding that writes ASCII as ASCII (UTF-8, GBK, Big5, Shift_JIS, Latin-1 …) a refresh in
those 4096 characters spells `refresh` within the first 4 × 4096 bytes; a page without it
there is passed on as it is. Any other page (UTF-16, a NUL in the head) goes to Scrapy's.
"""

from __future__ import annotations

from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware as ScrapyMetaRefresh
from scrapy.http import HtmlResponse

_HEAD = 4 * 4096  # bytes that hold Scrapy's 4096 characters in any ASCII-compatible encoding
_WIDE = (b"\xff\xfe", b"\xfe\xff", b"+/v")  # UTF-16/32 and UTF-7 byte order marks


class MetaRefreshMiddleware(ScrapyMetaRefresh):
    """Scrapy's, asked only about pages whose first bytes may hold a refresh."""

    def process_response(self, request, response, spider=None):
        if isinstance(response, HtmlResponse) and not _may_refresh(response.body[:_HEAD]):
            return response
        return super().process_response(request, response)


def _may_refresh(head: bytes) -> bool:
    """Whether these first bytes of a page may declare a refresh (or can't be read as ASCII)."""
    return b"refresh" in head.lower() or b"\x00" in head or head.startswith(_WIDE)
