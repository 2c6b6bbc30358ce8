"""crawler.middlewares.refresh: Scrapy's meta refresh, without decoding pages that hold none.

Every page gets the answer Scrapy's own middleware gives it: a redirect to the same URL, or
the response itself."""

from __future__ import annotations

import pytest
from scrapy import Request
from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware as ScrapyMetaRefresh
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from crawler.middlewares.refresh import MetaRefreshMiddleware

URL = "http://127.0.0.1:8800/item/1"
FILLER = "<p>" + "商品详情" * 3000 + "</p>"  # 12,000 characters: past Scrapy's 4096


def _page(head: str, body: str = "<h1>商品</h1>", charset: str = "utf-8") -> tuple[bytes, str]:
    html = f'<html><head><meta charset="{charset}">{head}</head><body>{body}</body></html>'
    return html.encode(charset), charset


PAGES = {
    "utf-8 refresh": _page('<meta http-equiv="refresh" content="0;url=/item/2">'),
    "gbk refresh": _page('<meta http-equiv="refresh" content="0;url=/店铺/2">', charset="gbk"),
    "upper-case refresh": _page('<META HTTP-EQUIV="REFRESH" CONTENT="0; URL=/item/3">'),
    "refresh with a delay past the limit": _page(
        '<meta http-equiv="refresh" content="600;url=/item/4">'
    ),
    "no refresh": _page("<title>商品</title>", FILLER),
    "no refresh, gbk": _page("<title>商品</title>", FILLER, charset="gbk"),
    "refresh past 4096 characters": _page(
        "", FILLER + '<meta http-equiv="refresh" content="0;url=/item/5">'
    ),
    "refresh in a script only": _page(
        '<script>location.href="/x"; // http-equiv="refresh"</script>', FILLER
    ),
    "utf-16 refresh": (
        '\ufeff<html><head><meta http-equiv="refresh" content="0;url=/item/6"></head></html>'
    ).encode("utf-16-le"),
}


def _made(cls):
    return cls.from_crawler(get_crawler(settings_dict={"METAREFRESH_MAXDELAY": 100}))


def _answer(middleware, body, encoding):
    response = HtmlResponse(URL, body=body, encoding=encoding, request=Request(URL))
    out = middleware.process_response(Request(URL), response)
    return out.url if isinstance(out, Request) else ("response", out is response)


@pytest.mark.parametrize("name", PAGES)
def test_same_answer_as_scrapy(name):
    body, encoding = PAGES[name] if isinstance(PAGES[name], tuple) else (PAGES[name], None)
    ours = _answer(_made(MetaRefreshMiddleware), body, encoding)
    assert ours == _answer(_made(ScrapyMetaRefresh), body, encoding)
    redirects = name in ("utf-8 refresh", "gbk refresh", "upper-case refresh", "utf-16 refresh")
    assert isinstance(ours, str) == redirects, ours


def test_a_page_without_refresh_is_not_decoded():
    body, _charset = PAGES["no refresh, gbk"]
    response = HtmlResponse(URL, body=body, request=Request(URL))  # encoding left to infer
    out = _made(MetaRefreshMiddleware).process_response(Request(URL), response)
    assert out is response
    assert response._cached_ubody is None  # Scrapy's decoded text, made on first use
