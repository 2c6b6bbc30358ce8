"""Rendering "d" (an H5 single-page app): every page is a shell, its content is in the API."""

from __future__ import annotations

import json

import pytest

from crawler.extract.pages import extract
from crawler.items import Page
from greenroom_demo import catalog
from greenroom_demo.site import DemoSite


@pytest.fixture(scope="module")
def d():
    return DemoSite(rendering="d", faults=True).renderer  # answered in-process, no server


def get(renderer, target: str):
    return renderer.handle(target)


def api(renderer, target: str) -> dict:
    resp = get(renderer, target)
    assert resp.status == 200, target
    return json.loads(resp.body)


def links_of(obj) -> set[str]:
    """Every site path in an API payload."""
    found: set[str] = set()
    if isinstance(obj, dict):
        for v in obj.values():
            found |= links_of(v)
    elif isinstance(obj, list):
        for v in obj:
            found |= links_of(v)
    elif isinstance(obj, str) and obj.startswith("/h5/"):
        found.add(obj)
    return found


@pytest.mark.parametrize(
    "path", ["/h5/", "/h5/shops", "/h5/shop/1", "/h5/goods/1001", "/h5/category/tea", "/h5/live"]
)
def test_every_page_is_a_script_shell(d, path):
    resp = get(d, path)
    assert resp.status == 200
    page = Page(url="http://127.0.0.1" + path, body=resp.body, headers=resp.headers, status=200)
    facts = extract(page)
    assert facts["needs_browser"]
    assert b"<a " not in resp.body


def test_the_api_draws_what_the_other_renderings_show(d):
    shop = api(d, "/api/v2/shop/1")["data"]
    s = catalog.shop(1, 1)
    assert shop["name"] == s.name
    assert shop["pairs"] == [list(p) for p in d.home_pairs(s)]
    assert len(shop["goods"]) == len(catalog.listings_of(1))
    assert api(d, "/api/v2/home")["chrome"]["footer"]


def test_every_link_the_api_gives_is_served(d):
    paths = links_of(api(d, "/api/v2/home"))
    for page in (1, 2, 3):
        paths |= links_of(api(d, f"/api/v2/shops?page={page}"))
    dead = {path for path in paths if "/topic/" in path}  # the one taken-down page (404)
    assert dead
    for path in sorted(paths - dead):
        assert get(d, path).status in (200, 301, 302, 503), path
    assert all(get(d, path).status == 404 for path in dead)


def test_missing_subjects_answer_404_in_the_api_too(d):
    assert get(d, "/api/v2/shop/99999").status == 404
    assert get(d, "/api/v2/goods/99999").status == 404
    assert get(d, "/h5/shop/99999").status == 404
