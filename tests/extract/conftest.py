"""Helpers for extraction tests: a Page from an HTML fragment."""

import pytest

from crawler.items import Page


def make_page(html: str, url: str = "http://shop.test/p", encoding: str = "utf-8", **kw) -> Page:
    body = (
        html
        if "<html" in html
        else f"<html><head><title>t</title></head><body>{html}</body></html>"
    )
    return Page(url=url, body=body.encode(encoding), **kw)


@pytest.fixture
def page():
    return make_page
