"""Rendering "h" (a Douyin-shop / Tmall style platform, built blind): the fixture itself, not
what greenroom extracts from it.

Every page serves, every link a page gives is served, every subject is reachable by links,
the labels are rendering a's but for added near misses (and role/price), and each case sits
in the structure docs/render-h.md claims.
"""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest

from greenroom_demo.data_listings import AB, CF, FW, MC, RR
from greenroom_demo.render_h import PLATFORM, PRODUCT_ID, SHOP_ID
from tests.demo import walk
from tests.demo.walk import get, page

BASE = "http://127.0.0.1:8000"


@pytest.fixture(scope="module")
def h():
    return walk.in_process("h")


def untracked(url: str) -> str:
    """The link without its spm tracking parameter (what the page's canonical names)."""
    parts = urlsplit(url)
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query) if k != "spm"])
    return parts.path + (f"?{query}" if query else "")


@pytest.fixture(scope="module")
def walked(h):
    return walk.walk(h, ["/", "/live/square"], untracked)


def item(h, lid: int) -> str:
    return page(h, h.listing_url(lid))


def test_every_labelled_page_serves_and_is_reachable(h, walked):
    walk.assert_subjects_reachable(h, walked)


def test_every_link_is_served(h, walked):
    assert {t: s for t, s in walked.items() if s not in (200, 301, 302)} == {}
    assert walked["/obj/static/live-h.js"] == 200
    assert "/obj/static/live-h.js" in page(h, h.room_url(2))
    assert any(t.startswith("/s/") for t in walked)  # 302 short links
    assert any(t.startswith("/shop/") and t.endswith(".htm") for t in walked)  # 301


def test_labels_are_rendering_as_fires_with_near_misses_role_and_price_added():
    walk.assert_only_near_misses_added("h", {RR, FW, CF, AB, MC}, same_urls=False, roles=True)


def test_listing_prices_are_labelled_as_offered(h):
    by_url = {lb["subject_url"]: lb for lb in h.site.labels()}
    assert by_url[BASE + h.listing_url(102)]["price"] == 39  # 券后价
    assert by_url[BASE + h.listing_url(1002)]["price"] == 35  # low end of a range
    assert by_url[BASE + h.listing_url(1801)]["price"] == 99


def test_urls_are_query_ids_with_tracking_and_canonical(h):
    assert h.listing_url(101) == f"/views/product/detail?id={PRODUCT_ID[101]}"
    assert len(PRODUCT_ID[101]) == 19
    html = item(h, 101)
    canonical = f'<link rel="canonical" href="{BASE}/views/product/detail?id={PRODUCT_ID[101]}">'
    assert canonical in html
    assert re.search(r'href="/views/product/detail\?id=\d{19}&spm=a2h0c\.item\.look\.\d+"', html)
    assert h.handle(h.listing_url(101) + "&spm=a2h0c.x.y.1").status == 200
    assert h.handle("/views/product/detail?id=1").status == 404


def test_item_page_regions(h):
    html = item(h, 1701)
    assert "<h1>法式碎花连衣裙 夏季</h1>" in html
    assert html.count("<h1>") == 1
    assert '<span class="tab-price">¥<em>0.00</em></span>' in html  # script-filled template
    assert '<i class="svc-pill">特价商品，不支持七天无理由退货</i>' in html
    assert "不适用七天无理由退货" in html  # the statutory exemptions, every item
    box = re.search(r'<div class="shop-box">.*?</div></div>', html).group(0)
    assert "<dt>联系电话</dt><dd>0571-86637742</dd>" in box
    assert 'class="enter-shop"' in box  # odd id: 进店逛逛 too
    assert 'class="enter-shop"' not in item(h, 1702)  # even id: the shop's name is the only link
    assert "理疗仪" in html and "定制T恤" in html  # the mega-menu's search words


def test_look_again_shows_the_same_shops_labelled_goods(h):
    look = re.search(r'<div class="look-again">.*?</ul>', item(h, 101)).group(0)
    assert "苦荞茶 500g 降血糖 降血脂" in look and "¥39.00" in look
    by_url = {lb["subject_url"]: lb for lb in h.site.labels()}
    assert MC in by_url[BASE + h.listing_url(101)]["near_miss"]
    look = re.search(r'<div class="look-again">.*?</ul>', item(h, 1803)).group(0)
    assert "阿迪达斯 Yeezy 350 椰子 复刻版" in look
    assert CF in by_url[BASE + h.listing_url(1803)]["near_miss"]
    assert "大胃王" in re.search(r'class="look-again">.*?</ul>', item(h, 302)).group(0)
    assert FW in by_url[BASE + h.listing_url(302)]["near_miss"]
    assert AB in by_url[BASE + h.listing_url(3301)]["near_miss"]


def test_prices_in_the_buy_box(h):
    html = item(h, 1801).replace("￥", "¥")  # shop 18's pages are GBK: full-width yuan
    assert '<dt class="metatit">原价</dt><dd><span class="tm-price line-through">¥1,299.00' in html
    assert (
        '<dt class="metatit">促销价</dt><dd><em class="tm-yen">¥</em><span class="tm-price">399.00'
        in html
    )
    assert '<span class="c-name">券后价</span><span class="c-val">¥99.00</span>' in html
    assert '<span class="tm-price">35.00-59.00</span>' in item(h, 1002)


def test_reviews_deals_and_questions(h):
    assert '<div class="rate-user-info">买家13957126684</div>' in item(h, 502)
    deals = re.search(r'<div class="deal-record">.*?</ul>', item(h, 2401)).group(0)
    assert "收货人：王建国 浙江省杭州市西湖区文三路90号" in deals
    assert "<i>问</i>老人吃了能降血压吗？" in item(h, 402)


def test_shop_page_card_info_and_licence_link(h):
    html = page(h, h.shop_url(15))
    card = re.search(r'<div class="shop-card">.*?</div></div>', html).group(0)
    assert "<dt>公司名称：</dt><dd>杭州百草堂医药连锁有限公司</dd>" in card
    assert f'href="/views/shop/qualification?shop_id={SHOP_ID[15]}">营业执照</a>' in card
    assert "<th>经营者</th><td>杭州百草堂大药房有限公司</td>" in html
    assert "Copyright © 2026 义乌御膳坊电子商务有限公司" in page(h, h.shop_url(3))
    two = page(h, h.shop_url(2))  # licence on the home page: 经营者 and 企业 names differ
    assert "<th>店铺主体</th><td>杭州云栖贸易有限公司</td>" in two
    assert "<th>主体名称</th><td>杭州云栖茶业有限公司</td>" in two
    assert "qualification" not in two


def test_disclosure_synonyms_and_layouts(h):
    lic = page(h, h.licence_url(30))
    assert "<th>营业执照注册号</th><td>91440106MA59K2T385</td>" in lic
    assert '<p class="info-text">' in page(h, h.shop_url(4))  # running text with <br>
    assert '<ul class="info-list"><li>' in page(h, h.shop_url(3))
    assert '<div class="info-row"><label>' in page(h, h.shop_url(1))
    assert 'alt="营业执照"' in page(h, h.licence_url(17))
    assert get(h, f"/img/qualification/{SHOP_ID[17]}.png").status == 200
    assert get(h, h.licence_url(2)).status == 404  # licence on the home page


def test_platform_chrome_is_the_platforms_own(h):
    html = page(h, "/")
    assert PLATFORM["hotline"] in html and PLATFORM["icp"] in html
    assert PLATFORM["uscc"] in page(h, "/about/licence")
    roles = {lb["subject_url"]: lb.get("role") for lb in h.site.labels()}
    assert roles[BASE + "/about/licence"] == "licence"
    assert roles[BASE + "/help/contact.html"] == "other"
    assert roles[BASE + h.licence_url(1)] == "licence"


def test_room_api_is_douyin_like(h):
    p = walk.room_payload(h, 4)
    assert p["status_code"] == 0 and p["data"]["owner"]["real_name_tag"] is None
    assert p["data"]["shop"]["text"] == "销售方：赣州橙乡农业专业合作社"
    p = walk.room_payload(h, 1)
    assert p["data"]["shop"]["shop_url"] == h.shop_url(1)
    assert p["data"]["room"]["stats"]["online"] == "1,286"
    resp = get(h, h.api_path(14))  # the broken-script room
    assert json.loads(resp.body)["data"] is None
    assert get(h, h.api_path(13)).status == 500
