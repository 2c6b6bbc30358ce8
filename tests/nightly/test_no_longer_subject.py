"""A finding whose page is read again but is no longer a subject is resolved; one whose page
answered an error that night keeps its status (SPEC: resolved when the subject was crawled
again and the check no longer fires)."""

from __future__ import annotations

import pytest

from greenroom import config as configmod
from greenroom.run import crawl
from storage.db import connect
from tests.nightly.test_unjudged import _item, _shop
from tests.nightly.tinysite import TinySite, page, write_config

CLOSED = page("店铺已关闭", '<p>该店铺已关闭，<a href="/">返回首页</a></p>')


def statuses(db_path) -> dict[str, str]:
    rows = connect(db_path).query(
        "SELECT subject_url, status FROM findings WHERE check_id = 'shop.licence_missing'"
    )
    return {
        r["subject_url"].rsplit("/", 2)[-2] + "/" + r["subject_url"][-1]: r["status"] for r in rows
    }


@pytest.fixture(scope="module")
def two_nights(tmp_path_factory):
    pages = {
        "/": page("茶叶街", "".join(f'<a href="/shop/{n}">{n}号茶铺</a>' for n in (5, 6))),
        **{f"/shop/{n}": _shop(n, f"/licence/{n}") for n in (5, 6)},
        **{
            f"/licence/{n}": page("证照信息", f"<p>企业名称：{n}号茶业有限公司</p>") for n in (5, 6)
        },
        **{f"/item/{n}{i}": _item(n, i) for n in (5, 6) for i in range(1, 4)},
    }
    with TinySite(pages) as site:
        tmp = tmp_path_factory.mktemp("closed")
        cfg = configmod.load(write_config(tmp, site.url))
        db_path = tmp / "c.db"
        crawl(cfg, db_path)
        first = statuses(db_path)
        site.pages["/shop/5"] = CLOSED  # read again: a notice, no longer a shop
        del site.pages["/shop/6"]  # answers 404 tonight: not read
        crawl(cfg, db_path)
        yield first, statuses(db_path)


def test_night_one_finds_both_shops_without_a_code(two_nights):
    first, _second = two_nights
    assert first == {"shop/5": "open", "shop/6": "open"}


def test_a_page_read_again_that_is_no_longer_a_shop_resolves_its_finding(two_nights):
    _first, second = two_nights
    assert second["shop/5"] == "resolved"


def test_a_page_that_answered_an_error_keeps_its_finding_open(two_nights):
    _first, second = two_nights
    assert second["shop/6"] == "open"
