"""Shared fixtures for the check tests: the shipped reference data on a fixed date."""

import pytest

from checks.base import Reference
from checks.reference import default_reference


@pytest.fixture
def ref() -> Reference:
    return default_reference(today="2025-06-01")


def _facts(html: str, url: str, capture_id: int, **kw) -> dict:
    from crawler.extract.pages import extract
    from crawler.items import Page

    body = f"<html><head><title>t</title></head><body>{html}</body></html>"
    stamp = f"2025-06-01T00:00:{capture_id % 60:02d}Z"
    page = Page(url=url, body=body.encode(), capture_id=capture_id, fetched_at=stamp, **kw)
    return extract(page)


def _listing(title: str, fragment: str):
    """A listing page (title, price, buy button, then `fragment`) read as the crawl reads it:
    HTML → page facts → assembly → the Listing view."""
    from crawler.extract.assemble import assemble

    html = f"<h1>{title}</h1><p>券后价 ¥59</p><button>立即购买</button>{fragment}"
    facts = _facts(html, "http://shop.test/goods/1", 7)
    assert facts["role"] == "listing", facts["role"]
    (listing,) = assemble([facts]).listings
    return listing


def _room(title: str, fragment: str):
    """A livestream room as drawn by the browser, read through extraction and assembly."""
    from crawler.extract.assemble import assemble

    html = f"<h1>{title}</h1><div>主播：小王</div><div>在线人数：2,608</div>{fragment}"
    facts = _facts(html, "http://shop.test/live/1", 8, rendered=True)
    assert facts["role"] == "room", facts["role"]
    (room,) = assemble([facts]).rooms
    return room


@pytest.fixture
def listing_page():
    """`listing_page(title, fragment)`: the Listing view the crawl makes of that page."""
    return _listing


@pytest.fixture
def room_page():
    """`room_page(title, fragment)`: the Room view the crawl makes of that drawn room."""
    return _room


@pytest.fixture
def shop_pages():
    """`shop_pages([(n, licence_fragment), …])`: the Shop views the crawl makes of shop
    pages that link their licence pages, each licence page showing its fragment."""
    from crawler.extract.assemble import assemble

    def build(shops):
        facts = []
        for n, fragment in shops:
            shop = (
                f"<h1>好茶{n}号店</h1><ul><li><a href='/goods/{n}'>龙井</a><em>¥99</em></li></ul>"
                f"<p>客服邮箱：kf{n}@shop.test</p><a href='/s/{n}/licence'>营业执照</a>"
            )
            facts.append(_facts(shop, f"http://shop.test/s/{n}", 100 + n))
            facts.append(_facts(fragment, f"http://shop.test/s/{n}/licence", 200 + n))
        return sorted(assemble(facts).shops, key=lambda s: s.url)

    return build
