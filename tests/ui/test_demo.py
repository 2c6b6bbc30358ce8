"""The UI over the demo crawl's database: search finds what says so, shared licences listed."""

from __future__ import annotations

import asyncio
import shutil

import pytest

from tests.ui.casedb import served

pytest.importorskip("greenroom_demo.site")


@pytest.fixture(scope="module")
def demo_ds(crawled_a, tmp_path_factory):
    copy = tmp_path_factory.mktemp("demo-ui") / "demo.db"
    shutil.copy(crawled_a.db_path, copy)
    captures = crawled_a.db_path.with_name(crawled_a.db_path.name + ".captures")
    shutil.copytree(captures, copy.with_name(copy.name + ".captures"))
    for suffix in ("-wal", "-shm"):
        wal = crawled_a.db_path.with_name(crawled_a.db_path.name + suffix)
        if wal.exists():
            shutil.copy(wal, copy.with_name(copy.name + suffix))
    return served(copy), crawled_a


def get_json(ds, path):
    response = asyncio.run(ds.client.get(path))
    assert response.status_code == 200, response.text[:300]
    return response.json()


def test_search_gaofang_finds_every_demo_listing_that_says_it(demo_ds):
    ds, crawled = demo_ds
    said = {
        r["url"]
        for r in crawled.db.query(
            "SELECT url FROM listings WHERE title LIKE '%高仿%' OR description LIKE '%高仿%'"
        )
    }
    assert said, "the demo has listings saying 高仿"
    found = get_json(ds, "/demo/search_listings.json?_shape=array&q=高仿")
    assert said <= {r["url"] for r in found}


def test_shared_licence_query_lists_demo_shops_sharing_a_code_or_phone(demo_ds):
    ds, _ = demo_ds
    rows = get_json(ds, "/demo/shared_licences.json?_shape=array")
    assert rows, "the demo site should contain shops sharing a 统一社会信用代码 or a phone"
    assert all(r["shops"] >= 2 for r in rows)
