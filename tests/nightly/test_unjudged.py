"""Not seen is not missing: a shop whose licence page was not read is unjudged, not a finding.

Three shops link their 证照信息 page to where the crawl can't read it: a 404, a path that
robots.txt disallows, and a second loopback host outside allowed_domains. A fourth shop's
licence page is read and shows no code: only it is a finding.
"""

from __future__ import annotations

import pytest

from greenroom import config as configmod
from greenroom.run import crawl
from greenroom.summary import render_text, summary
from storage.db import connect
from tests.nightly.tinysite import TinySite, page, write_config


def _shop(n: int, licence_href: str) -> str:
    items = "".join(
        f'<li><a href="/item/{n}{i}">第{i}款 明前绿茶 250g</a> <span>¥{38 + i}.00</span></li>'
        for i in range(1, 4)
    )
    return page(
        f"{n}号茶铺",
        f'<p>店铺首页 · 本店商品</p><ul>{items}</ul><p><a href="{licence_href}">证照信息</a></p>',
    )


def _item(n: int, i: int) -> str:
    return page(
        f"第{i}款 明前绿茶 250g",
        f"<p>价格：<b>¥{38 + i}.00</b></p><button>立即购买</button><button>加入购物车</button>"
        f'<p><a href="/shop/{n}">进入店铺</a></p>',
    )


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    with TinySite({}, host="127.0.0.2") as elsewhere:
        off_site = f"{elsewhere.url}licence/3"
        pages = {
            "/": page("茶叶街", "".join(f'<a href="/shop/{n}">{n}号茶铺</a>' for n in range(1, 5))),
            "/shop/1": _shop(1, "/licence/1"),  # answers 404
            "/shop/2": _shop(2, "/private/licence/2"),  # robots.txt disallows it
            "/shop/3": _shop(3, off_site),  # another host, outside allowed_domains
            "/shop/4": _shop(4, "/licence/4"),  # read: shows a name but no code
            "/licence/4": page("证照信息", "<p>企业名称：杭州四号茶业有限公司</p>"),
            "/private/licence/2": page("证照信息", "<p>企业名称：二号茶业有限公司</p>"),
        }
        pages.update({f"/item/{n}{i}": _item(n, i) for n in range(1, 5) for i in range(1, 4)})
        with TinySite(pages, robots="User-agent: *\nDisallow: /private/\n") as site:
            tmp = tmp_path_factory.mktemp("unjudged")
            cfg = configmod.load(write_config(tmp, site.url))
            db_path = tmp / "u.db"
            result = crawl(cfg, db_path)
            yield site, elsewhere, connect(db_path), result


def test_only_the_shop_whose_licence_page_was_read_is_a_finding(crawled):
    _site, _elsewhere, db, _result = crawled
    found = {
        (r["check_id"], r["subject_url"].rsplit("/", 2)[-2] + "/" + r["subject_url"][-1])
        for r in db.query("SELECT check_id, subject_url FROM findings WHERE status = 'open'")
    }
    assert ("shop.licence_missing", "shop/4") in found
    assert not any(u in ("shop/1", "shop/2", "shop/3") for _c, u in found)


def test_each_unread_licence_page_is_unjudged_with_its_reason(crawled):
    _site, _elsewhere, db, result = crawled
    rows = {
        (r["check_id"], r["subject_url"].rsplit("/", 1)[-1]): r["reasons"]
        for r in db.query("SELECT * FROM unjudged")
    }
    assert "(error: HTTP 404)" in rows[("shop.licence_missing", "1")]
    kinds = {r["subject_url"][-1]: r["reason"] for r in db.query("SELECT * FROM unjudged")}
    assert (kinds["1"], kinds["2"], kinds["3"]) == ("error", "robots", "off_site")  # SPEC's kinds
    assert "(robots)" in rows[("shop.licence_missing", "2")]
    assert "(off-site)" in rows[("shop.licence_missing", "3")]
    assert rows[("shop.contact_missing", "3")].startswith("http://127.0.0.2:")
    assert ("shop.licence_missing", "4") not in rows
    assert result["findings"]["unjudged"]["shop.licence_missing"] == 3


def test_nothing_was_asked_of_the_host_outside_allowed_domains_nor_of_the_disallowed_page(
    crawled,
):
    site, elsewhere, _db, _result = crawled
    assert elsewhere.requests == []
    assert "/private/licence/2" not in site.paths()
    assert "/licence/1" in site.paths()  # the 404 was asked for: it is an error, not a skip


def test_the_summary_counts_the_unjudged_per_check_with_their_reasons(crawled):
    _site, _elsewhere, db, _result = crawled
    s = summary(db)
    row = next(r for r in s["unjudged"] if r["check_id"] == "shop.licence_missing")
    assert row["subjects"] == 3
    assert "robots 1" in row["why"] and "off-site 1" in row["why"] and "error 1" in row["why"]
    assert "unjudged" in render_text(s)
