"""Rendering "o" as a fixture, not what greenroom extracts from it.

Rendering o writes the marketplace as Taobao / Tmall / Pinduoduo / Douyin pages (docs/render-o.md):
Taobao-like URLs, 旺铺 shop pages (掌柜档案 in four shapes, a 企业资质 pane, a 亮照 badge link or a
证照信息 text link), Tmall item pages (split-span prices, 参数信息 `<li title>`, a rate grid, rails
with their own prices) and Douyin-like rooms drawn by live-o.js. These tests hold that its pages
serve and link to one another, that each subject's facts sit where the document says, and that its
labels are a's.
"""

from __future__ import annotations

import json
import re

import pytest
from parsel import Selector

from greenroom_demo import catalog
from greenroom_demo.render_o import PLATFORM, item_no, shop_no
from greenroom_demo.site import DemoSite
from tests.demo import walk
from tests.demo.walk import get, page, text_of

RENDERING = "o"  # what the fixture r answers (tests/demo/conftest.py)


def sel(r, target: str) -> Selector:
    return Selector(text=page(r, target))


def norm(s: str) -> str:
    return " ".join(s.split())


def test_every_subject_serves_and_is_reached_by_links(r, walked):
    for label in r.site.labels():
        target = label["subject_url"].removeprefix(r.abs(""))
        assert get(r, target).status == 200, target
        assert target in walked, target
    assert r.room_url(9) == f"/live/{600000000000 + 9 * 104729}"
    assert r.listing_url(101) == f"/item.htm?id={item_no(101)}"
    assert r.shop_url(1) == f"/shop{shop_no(1)}/index.htm"


def test_every_link_serves_but_the_dead_promo_and_the_robots_trap(r, walked):
    bad = {t: s for t, s in walked.items() if s not in (200, 301, 302)}
    assert bad == {"/promo/2023-618": 404}
    assert get(r, "/robots.txt").body.decode() == "User-agent: *\nDisallow: /member/\n"
    assert any(t.startswith("/member/") for t in walked)
    assert walked["/static/live-o.js"] == 200 and walked["/about/licence.htm"] == 200
    assert get(r, "/item.htm?id=123").status == 404
    assert get(r, f"/item.htm?id={item_no(101) + 1}").status == 404
    assert get(r, "/shops.htm?page=x").status == 404


def test_nothing_but_loopback_is_linked(r, walked):
    """Links (href, src, action), structured-data URLs and the room JSON name 127.0.0.1 only."""
    linked = re.compile(r'(?:href|src|action)="(?:https?:)?//([^/"]+)|"url": "https?://([^/"]+)')
    hosts, seen = set(), 0
    for target, status in walked.items():
        resp = get(r, target)
        if status == 200 and "html" in resp.headers.get("Content-Type", ""):
            found = linked.findall(text_of(resp))
            hosts |= {h for pair in found for h in pair if h}
            seen += len(found)
    payloads = "".join(get(r, r.api_path(x.rid)).body.decode() for x in catalog.rooms(False))
    assert (
        "http" not in payloads
        and "//" not in get(r, "/static/live-o.js").body.decode().split("*/", 1)[1]
    )
    assert seen > 200 and hosts == {"127.0.0.1:8000"}


@pytest.mark.parametrize("night", [1, 2, 8])
def test_labels_are_as_in_a_at_o_urls(night):
    a, o = DemoSite("a", night=night, faults=True), DemoSite("o", night=night, faults=True)
    a.port = o.port = 8000
    for la, lo in zip(a.labels(), o.labels(), strict=True):
        assert la["subject_type"] == lo["subject_type"]
        assert (la["fires"], la["near_miss"], la["note"]) == (
            lo["fires"],
            lo["near_miss"],
            lo["note"],
        )
        assert la["reachable"] == lo["reachable"]
    urls = [x["subject_url"] for x in o.labels()]
    assert len(set(urls)) == len(urls) and all(u.startswith("http://127.0.0.1:8000/") for u in urls)


# --- shops ---------------------------------------------------------------------------------


def card(r, sid: int) -> Selector:
    return sel(r, r.shop_url(sid)).css("div.shop-side")[0]


def test_shop_cards_in_four_shapes(r):
    s12 = card(r, 12)  # style 0: div rows
    assert (
        norm(s12.css("div.info-row")[0].xpath("string()").get())
        == "经营者：杭州安康医疗器械有限公司"
    )
    s2 = card(r, 2)  # style 1: a grid, two pairs a row
    row = [norm(t) for t in s2.css("table.info-grid tr")[0].css("td::text").getall()]
    assert row == ["经营者", "杭州云栖贸易有限公司", "客服电话", "0571-88730416"]
    s3 = card(r, 3)  # style 2: <li title>
    assert s3.css('ul.info-list li[title="0579-85326017"]::text').get() == "联系电话：0579-85326017"
    s13 = card(r, 13)  # style 3: running text
    assert "0571-88213560" in s13.css("p.shop-intro::text").get()
    assert "个人卖家，销售自产农副产品" in card(r, 11).css("p.seller-note::text").get()


def test_licence_behind_a_badge_image_a_text_link_or_in_a_pane(r):
    link = card(r, 1).css("a.liangzhao")
    assert link.attrib["href"] == r.licence_url(1) and link.css("img").attrib["alt"] == "亮照"
    assert not card(r, 1).xpath(".//a[contains(., '证照') or contains(., '营业执照')]")
    text = card(r, 4).css("a.license-link")
    assert text.attrib["href"] == r.licence_url(4) and text.css("::text").get() == "证照信息"
    pane = norm(card(r, 2).css("div.qualification").xpath("string()").get())
    assert (
        "统一社会信用代码：91330106MA2B8Q7D6Y" in pane
        and "食品经营许可证：JY13301100045821" in pane
    )
    lic = sel(r, r.licence_url(1))
    rows = [norm(x.xpath("string()").get()) for x in lic.css("ul.license-info li")]
    assert (
        rows[0] == "公司名称：杭州山间茶业有限公司" and "食品经营许可证：JY13301060023417" in rows
    )
    assert "由卖家自行申报填写" in lic.css("p.license-tip::text").get()
    assert (
        sel(r, r.licence_url(17)).css("div.license-img img").attrib["src"] == "/img/licence/17.png"
    )
    assert get(r, r.licence_url(2)).status == 404  # on the home page


def test_platform_licence_sits_in_the_footer_of_every_page(r):
    footer = norm(sel(r, r.shop_url(16)).css("#footer").xpath("string()").get())
    assert PLATFORM["icp"] in footer and PLATFORM["culture"] in footer
    assert (
        sel(r, r.shop_url(16)).css('#footer a[href="/about/licence.htm"]::text').getall()[-1]
        == "营业执照"
    )
    about = page(r, "/about/licence.htm")
    assert PLATFORM["uscc"] in about and PLATFORM["company"] in about


def test_shop_header_goods_grid_footer_and_redirect(r):
    s = sel(r, r.shop_url(3))
    assert s.css("ul.shop-dsr li span.score::text").get() in ("4.6", "4.7", "4.8", "4.9")
    names = s.css("dd.detail a.item-name::text").getall()
    assert names == [x.title for x in catalog.listings_of(3)]
    assert s.css("span.c-price::text").getall()[0] == "69.90" and s.css("span.sale-num::text").get()
    assert (
        s.css("div.shop-custom-footer::text").get() == "版权所有 © 2026 义乌御膳坊电子商务有限公司"
    )
    old = get(r, f"/shop.htm?user_number_id={shop_no(3)}")
    assert old.status == 301 and old.headers["Location"] == r.shop_url(3)
    assert '"legalName": "杭州百草堂医药连锁有限公司"' in page(r, r.shop_url(15))
    gbk = get(r, r.shop_url(5))
    assert "GBK" in gbk.headers["Content-Type"] and "￥" in text_of(gbk)


# --- items ---------------------------------------------------------------------------------


def test_prices_in_split_spans_with_their_labels(r):
    s = sel(r, r.listing_url(101))
    assert s.css("dl.tm-price-panel dt::text").get() == "原价"
    assert s.css("dl.tm-price-panel del::text").get() == "¥598.00"
    promo = s.css("dl.tm-promo-panel")
    assert promo.css("dt::text").get() == "促销价"
    assert promo.css("dd span::text").getall() == ["¥", "398", ".00"]
    coupon = sel(r, r.listing_url(102)).css("dl.tm-coupon-panel")
    assert coupon.css("dt::text").get() == "券后价" and coupon.css("span::text").getall() == [
        "¥",
        "39",
        ".00",
    ]
    spans = sel(r, r.listing_url(1002)).css("dl.tm-promo-panel dd span::text").getall()
    assert spans == ["¥", "35", ".00", "-", "59", ".00"]
    night8 = DemoSite("o", night=8)
    night8.port = 8000
    s8 = sel(night8.renderer, night8.renderer.listing_url(104))
    assert s8.css("dl.tm-price-panel dt::text").get() == "划线价"
    assert s8.css("dl.tm-price-panel del::text").get() == "¥298.00"
    assert s8.css("dl.tm-promo-panel dd span::text").getall() == ["¥", "158", ".00"]


def test_every_item_shows_its_title_service_description_claims_and_reviews(r):
    for base in catalog.LISTINGS:
        item = catalog.listing(base.lid, 1)
        if not catalog.reachable(item.sid, 1):
            continue
        s = sel(r, r.listing_url(item.lid))
        assert s.css("div.tb-detail-hd h1::text").get() == item.title
        default = catalog.CATEGORIES[item.cat][2]
        assert s.css("dl.tb-serve dd::text").get() == (item.service or default)
        assert s.css("#description p::text").get() == item.desc or not item.desc
        shown = (
            s.css("ul.attributes-list li::text").getall()
            + s.css("ul.selling-points li::text").getall()
        )
        for claim in item.claims:
            assert claim in shown or claim.replace("：", ":\xa0", 1) in shown, (item.lid, claim)
        rows = [
            (x.css("td.col-author div::text").get(), x.css("div.tm-rate-fulltxt::text").get())
            for x in s.css("table.rate-grid tr")
        ]
        assert rows == list(item.reviews), item.lid


def test_params_reviews_rails_and_redirects(r):
    s = sel(r, r.listing_url(101))
    assert s.css('ul.attributes-list li[title="18个月"]::text').get() == "最佳赏味期:\xa018个月"
    assert s.css("ul.selling-points li::text").get() == "独立小包装，方便携带"
    rates = sel(r, r.listing_url(502)).css("table.rate-grid")
    assert rates.css("td.col-author div::text").get() == "买家13957126684"
    rails = sel(r, r.listing_url(1002))
    assert all(";jsessionid=" in h for h in rails.css("div.look-again a::attr(href)").getall())
    assert rails.css("div.look-again span.price span::text").get() == "¥"
    assert rails.css("div.shop-recommend a::text").getall()[0] == catalog.listing(1001, 1).title
    go = get(r, f"/click.htm?e={item_no(2001)}")
    assert go.status == 302 and go.headers["Location"] == r.listing_url(2001)
    assert '"@type": "Product"' in page(r, r.listing_url(101))


# --- rooms -----------------------------------------------------------------------------------


def test_room_api_is_douyin_like_and_counters_advance(r):
    site = DemoSite("o", faults=True)
    site.port = 8000
    one = site.renderer.handle(site.renderer.api_path(1))
    two = site.renderer.handle(site.renderer.api_path(1))
    d1, d2 = json.loads(one.body)["data"], json.loads(two.body)["data"]
    assert d1["owner"] == {"nickname": "林小茶", "verify_text": "已实名认证"}
    assert d1["shop"]["shop_url"] == r.shop_url(1) and d1["room"]["green_badge"] == "img"
    assert d1["room"]["stats"]["online"] == "1,286" and d2["room"]["stats"]["online"] == "1,277"
    assert d1["products"][0] == {
        "title": catalog.room(1, 1).products[0][0],
        "price": "398.00",
        "detail_url": r.listing_url(101),
    }
    assert get(r, r.api_path(catalog.rooms(True)[-3].rid)).status == 500


def drawn(tab, url: str) -> Selector:
    tab.goto(url)
    tab.wait_for_selector("div.webcast-room span.nickname")
    return Selector(text=tab.content())


def test_live_o_draws_host_counters_cart_and_feed_in_chromium():
    with walk.chromium_tab("o") as (site, tab):
        dom = drawn(tab, site.room_url(1))
        three = drawn(tab, site.room_url(3))
    room = dom.css("div.webcast-room")
    assert room.css("span.nickname::text").get() == "林小茶"
    assert room.css("span.verify-tag::text").get() == "已实名认证"
    assert room.css("span.watched::text").get() == "3.2万人看过"
    assert room.css("span.likes::text").get() == "本场点赞 8,532"
    assert room.css("img.green-badge").attrib["alt"] == "绿色直播间"
    assert room.css("a.shop-entry").attrib["href"] == site.renderer.shop_url(1)
    cart = room.css("ol.cart-list li")
    assert cart[0].css("a::attr(href)").get() == site.renderer.listing_url(101)
    assert cart[0].css("span.price span::text").getall() == ["¥", "398", ".00"]
    assert "严禁未成年人直播" in room.css("ul.comment-feed li.system::text").get()
    assert three.css("span.verify-tag::text").get() == "未实名认证"
    assert not three.css("a.shop-entry, span.shop-entry")


def test_the_xss_shop_name_is_escaped_wherever_shown(r):
    targets = [r.shop_url(29), r.licence_url(29), r.directory_url(3)]
    targets += [r.listing_url(x.lid) for x in catalog.listings_of(29)]
    for target in targets:
        raw = text_of(get(r, target))
        assert "<img src=x" not in raw and "&lt;img src=x onerror=alert(1)&gt;旗舰店" in raw, target
