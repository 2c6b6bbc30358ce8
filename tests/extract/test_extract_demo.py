"""The demo marketplace in three renderings: the same shops, listings and disclosures extracted."""

import urllib.request
from urllib.parse import urlsplit

import pytest

from crawler.extract.assemble import assemble
from crawler.extract.pages import extract
from crawler.items import Page
from toolkit.urls import url_identity

site_module = pytest.importorskip("greenroom_demo.site")
MAX_PAGES = 700
SHOP_IDS = range(1, 60)


def crawl(rendering):
    site = site_module.DemoSite(rendering=rendering).start()
    try:
        host = urlsplit(site.url).netloc
        queue, seen, facts = [site.url], set(), []
        while queue and len(facts) < MAX_PAGES:
            url = queue.pop(0)
            if url_identity(url) in seen:
                continue
            seen.add(url_identity(url))
            try:
                with urllib.request.urlopen(url, timeout=10) as r:
                    body, final = r.read(), r.geturl()
                    headers = {k.lower(): v for k, v in r.headers.items()}
            except OSError:
                continue
            page = Page(url=final, body=body, headers=headers, capture_id=len(facts))
            page.redirect_urls = [url] if final != url else []
            facts.append(extract(page))
            queue += [lk["url"] for lk in facts[-1]["links"] if urlsplit(lk["url"]).netloc == host]
        shops = {url_identity(site.shop_url(i)): i for i in SHOP_IDS}
        return facts, shops
    finally:
        site.stop()


@pytest.fixture(scope="module")
def renderings():
    return {r: crawl(r) for r in ("a", "b", "c")}


def summary(facts, shop_ids):
    out = {}
    for shop in assemble(facts).shops:
        sid = shop_ids.get(shop.url)
        values = lambda ds: sorted({d.value for d in ds})
        out[sid] = {
            "uscc": values(shop.usccs),
            "phone": values(shop.phones),
            "email": values(shop.emails),
            "permit": values(shop.permits),
            "filing": values(shop.filings),
            "has_listings": bool(shop.listings),
        }
    return out


@pytest.mark.parametrize("rendering", ["a", "b", "c"])
def test_every_demo_shop_page_is_a_shop_and_nothing_else_is(renderings, rendering):
    facts, shop_ids = renderings[rendering]
    fetched = {url_identity(f["url"]): f["role"] for f in facts}
    assert {u: r for u, r in fetched.items() if u in shop_ids and r != "shop"} == {}
    # (c's sparse category pages read as shops by the platform's contacts: assembly drops them)
    assert [s.url for s in assemble(facts).shops if s.url not in shop_ids] == []


@pytest.mark.parametrize("rendering", ["a", "b", "c"])
def test_demo_listings_reach_their_shops_with_prices(renderings, rendering):
    facts, _ = renderings[rendering]
    listings = assemble(facts).listings
    assert len(listings) > 50
    assert all(lst.shop_url for lst in listings)
    assert all(lst.offered_price for lst in listings)


@pytest.mark.parametrize("other", ["b", "c"])
def test_each_rendering_gives_the_same_shop_disclosures(renderings, other):
    a = summary(*renderings["a"])
    b = summary(*renderings[other])
    common = sorted(set(a) & set(b) - {None})
    assert len(common) > 20
    diffs = {
        sid: (a[sid], b[sid])
        for sid in common
        if {**a[sid], "has_listings": 0} != {**b[sid], "has_listings": 0}
    }
    assert diffs == {}
