"""Rendering "m" (JD / Suning / 1688 style) as a fixture, not what greenroom extracts from it.

Every labelled page is served and reachable by links, every link serves, the labels are
rendering a's but for added near misses (and role/price), and each structure docs/render-m.md
claims is on its page.
"""

from __future__ import annotations

import json
import re

import pytest

from greenroom_demo import catalog
from greenroom_demo.data_listings import AB, CF, FW, MC
from greenroom_demo.render_m import LIVE_ID, PLATFORM, SHOP_NO, SKU
from tests.demo import walk
from tests.demo.walk import get, page

BASE = "http://127.0.0.1:8000"


@pytest.fixture(scope="module")
def m():
    return walk.in_process("m")


@pytest.fixture(scope="module")
def walked(m):
    return walk.walk(m, ["/", "/zhibo/"])


def item(m, lid: int) -> str:
    return page(m, m.listing_url(lid))


def by_url(m) -> dict[str, dict]:
    return {lb["subject_url"]: lb for lb in m.site.labels()}


def test_every_labelled_page_serves_and_is_reachable(m, walked):
    assert len(m.site.labels()) > 35 + 88 + 15
    walk.assert_subjects_reachable(m, walked)


def test_every_link_is_served(m, walked):
    assert {t: s for t, s in walked.items() if s not in (200, 301, 302)} == {}
    assert walked["/misc/live/live-m.js"] == 200
    assert "/misc/live/live-m.js" in page(m, m.room_url(2))
    assert any(t.startswith("/dsp/nc?ext=") and s == 302 for t, s in walked.items())
    assert any(t.startswith("/shop/") and s == 301 for t, s in walked.items())
    assert m.handle("/passport/login.aspx").status == 200
    assert "Disallow: /passport/" in get(m, "/robots.txt").body.decode()


def test_labels_are_rendering_as_fires_with_near_misses_role_and_price_added():
    walk.assert_only_near_misses_added("m", {MC, CF, AB, FW}, same_urls=False, roles=True)
    for night in (1, 2, 8):
        labels = walk.in_process("m", night).site.labels()
        pages = [lb for lb in labels if lb["subject_type"] == "page"]
        assert all(lb["fires"] == [] and lb["role"] in ("other", "licence") for lb in pages)


def test_listing_prices_are_labelled_as_offered(m):
    labels = by_url(m)
    assert labels[BASE + m.listing_url(102)]["price"] == 39  # 券后价
    assert labels[BASE + m.listing_url(1002)]["price"] == 35  # low end of a range
    assert labels[BASE + m.listing_url(1801)]["price"] == 99


def test_urls_are_jd_and_1688_like(m):
    assert m.listing_url(101) == f"/{SKU[101]}.html" and len(SKU[101]) == 12
    assert m.shop_url(1) == f"/shop{SHOP_NO[1]}/page/index.htm"
    assert m.licence_url(1).endswith("/page/creditdetail.htm")
    assert m.room_url(1) == f"/zhibo/detail.html?liveId={LIVE_ID[1]}"
    canonical = f'<link rel="canonical" href="{BASE}/{SKU[101]}.html">'
    assert canonical in item(m, 101)
    assert m.handle("/100000000000.html").status == 404
    assert m.handle("/shop1/page/index.htm").status == 404


def test_jd_item_page(m):
    html = item(m, 1801).replace("￥", "¥")  # shop 18's pages are GBK: full-width yuan
    assert '<div class="sku-name">' in html and "京 东 价" in html
    assert f'<span class="price J-p-{SKU[1801]}">399.00</span>' in html
    assert '<div class="dt">原价</div><div class="dd"><del id="page_origin_price">¥1299.00' in html
    assert '<span class="J-finalPrice">券后价 <em>¥99.00</em></span>' in html
    assert "满199元减20元" in html
    assert '<span class="price J-p-' + SKU[1002] + '">35.00-59.00</span>' in item(m, 1002)
    for word in (
        "商品介绍",
        "规格与包装",
        "售后保障",
        "商品评价",
        "为你推荐",
        "进店逛逛",
        "关注店铺",
    ):
        assert word in html, word
    assert "划线价：商品展示的划横线价格为参考价" in html  # the platform's 价格说明


def test_hot_sale_shows_the_same_shops_labelled_goods(m):
    hot = re.search(r'id="sp-hot-sale">.*?</ul>', item(m, 101)).group(0)
    assert "苦荞茶 500g 降血糖 降血脂" in hot and "¥<span>39.00</span>" in hot
    assert MC in by_url(m)[BASE + m.listing_url(101)]["near_miss"]


def test_supplier_shop_pages(m):
    home = page(m, m.shop_url(15))
    assert "诚信通" in home and "公司档案" in home and "联系方式" in home
    assert "<dt>公司名称：</dt><dd>杭州百草堂医药连锁有限公司</dd>" in home  # legalName
    contact = page(m, m.contact_url(15))
    assert "<dt>公司名称：</dt><dd>杭州百草堂大药房有限公司</dd>" in contact  # operator
    assert "Copyright © 2026 义乌御膳坊电子商务有限公司" in page(m, m.shop_url(3))
    two = page(m, m.shop_url(2))  # licence on the home page: a 工商注册信息 table
    assert "工商注册信息" in two and "杭州云栖茶业有限公司" in two
    assert get(m, m.licence_url(2)).status == 404
    credit = page(m, m.licence_url(30))
    assert "91440106MA59K2T385" in credit and 'class="table-reg"' in credit
    assert 'alt="营业执照"' in page(m, m.licence_url(17))
    assert get(m, f"/imgextra/licence/{SHOP_NO[17]}.png").status == 200
    scan_only = page(m, m.licence_url(20))  # a licence scan: its permit is shown beside it
    assert '<td class="tit">食品经营许可证</td><td class="val">JY13101010062538</td>' in scan_only


def test_every_permit_is_shown_on_a_page_of_its_shop(m):
    for shop in catalog.SHOPS:
        text = "".join(page(m, url) for url in (m.shop_url(shop.sid), m.contact_url(shop.sid))) + (
            page(m, m.licence_url(shop.sid))
            if shop.licence and shop.licence.where != "home"
            else ""
        )
        for kind, number in shop.permits:
            assert kind in text and number in text, (shop.sid, kind)


def test_platform_chrome(m):
    html = page(m, "/")
    assert PLATFORM["hotline"] in html and PLATFORM["icp"] in html and PLATFORM["device"] in html
    assert PLATFORM["uscc"] in page(m, "/about/qualification.html")
    roles = {lb["subject_url"]: lb.get("role") for lb in m.site.labels()}
    assert roles[BASE + "/about/qualification.html"] == "licence"
    assert roles[BASE + m.contact_url(1)] == "licence"
    assert roles[BASE + "/help/question-305.html"] == "other"


def test_room_api_is_jd_like(m):
    p = walk.room_payload(m, 4)
    assert p["code"] == "0" and p["result"]["author"]["authText"] is None
    assert p["result"]["shop"]["sellerText"] == "销售方：赣州橙乡农业专业合作社"
    p = walk.room_payload(m, 1)
    assert p["result"]["shop"]["shopUrl"] == m.shop_url(1)
    assert p["result"]["counts"]["online"] == "1,286"
    assert json.loads(get(m, m.api_path(14)).body)["data"] is None  # the broken-script room
    assert get(m, m.api_path(13)).status == 500
    script = get(m, "/misc/live/live-m.js").body.decode()
    assert "J_liveRoom" in script and "liveDetail" in script
