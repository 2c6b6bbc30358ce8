"""Rendering "r" as a fixture, not what greenroom extracts from it.

Rendering r is a mobile-web marketplace (docs/render-r.md): a price block of `<em>¥</em>`/`<small>`
parts first, div cells, a shop card, a bottom bar; shop pages with a 店铺详情 sheet ending in the
licence entry; rooms with a 主播卡 and a numbered 小黄车. These tests hold that its pages serve and
link to one another, that each case and near miss sits in the structure the document names, that
only loopback is linked, and that its labels keep a's findings.
"""

from __future__ import annotations

import re

import pytest
from parsel import Selector

from greenroom_demo import catalog
from greenroom_demo.data_shops import SHARED_USCC
from greenroom_demo.site import DemoSite
from tests.demo import walk
from tests.demo.walk import get, page

RENDERING = "r"  # what the fixture r answers (tests/demo/conftest.py)


def sel(r, target: str) -> Selector:
    return Selector(text=page(r, target))


def cells(node: Selector) -> list[tuple[str, str]]:
    return [
        (c.css(".cell-label::text").get(), c.css(".cell-value::text").get())
        for c in node.css("div.cell")
    ]


def test_pages_link_up_and_labels_keep_rendering_as_fires(r):
    walk.assert_walks(r, "live-r.js")


def test_only_loopback_is_linked(r):
    walked = walk.walk(r)
    for target, status in walked.items():
        if status != 200:
            continue
        resp = get(r, target)
        if "html" not in resp.headers.get("Content-Type", ""):
            continue
        for url in re.findall(r'(?:href|src|action)="([^"]*)"', walk.text_of(resp)):
            assert url.startswith(("/", "#", "http://127.0.0.1:8000/")), (target, url)
    assert "http" not in get(r, "/static/live-r.js").body.decode()


def test_price_block_comes_first_split_in_em_and_small(r):
    s = Selector(text=page(r, "/item/1801").replace("￥", "¥"))  # a GBK shop's page
    block = s.css(".goods-page > .price-block")
    assert s.css(".goods-page > *")[1].attrib["class"] == "price-block"
    assert block.css(".price").get() == '<div class="price"><em>¥</em>399<small>.00</small></div>'
    assert block.css(".coupon-price .tag::text").get() == "券后价"
    assert "".join(block.css(".coupon-price ::text").getall()) == "券后价¥99.00"
    assert block.css("del.market-price::text").get() == "原价 ¥1299.00"
    rng = "".join(sel(r, "/item/1002").css(".price-block .price ::text").getall())
    assert rng == "¥35.00-¥59.00"


def test_fictitious_original_price_on_night_8_in_the_price_block():
    night8 = DemoSite("r", night=8)
    night8.port = 8000
    r8 = night8.renderer
    labels = {x["subject_url"]: x for x in night8.labels()}
    for lid, shown in ((3001, "划线价 ¥159.00"), (1302, "专柜价 ¥399.00"), (702, "原价 ¥29.90")):
        assert sel(r8, f"/item/{lid}").css("del.market-price::text").get() == shown
    fp = "listing.fictitious_original_price"
    assert fp in labels[r8.abs("/item/3001")]["fires"]
    assert fp in labels[r8.abs("/item/702")]["near_miss"]


def test_item_facts_sit_in_service_cell_comments_and_detail(r):
    s = sel(r, "/item/1701")
    row = s.css(".goods-page > div.cell.service-row")
    assert row.css(".cell-label::text").get() == "服务"
    assert row.css(".cell-value::text").get() == "特价商品，不支持七天无理由退货"
    s = sel(r, "/item/502")
    nicks = s.css(".comments .comment .comment-nick::text").getall()
    assert nicks[0] == "买家13957126684"
    assert s.css(".comments .comment .comment-text::text").get() == "第二次回购了，很好喝。"
    assert sel(r, "/item/101").css(".comment-nick::text").get() == "138****5678"
    item = catalog.listing(102, 1)
    s = sel(r, "/item/102")
    assert s.css(".goods-detail > p::text").get() == item.desc
    assert s.css(".goods-detail .detail-points li::text").getall() == list(item.claims)
    card = s.css(".goods-page .mall-card")
    assert card.css(".mall-name::text").get() == catalog.shop(item.sid, 1).name
    assert card.css("a.enter-mall::attr(href)").get() == f"/shop/{item.sid}"


def test_shop_sheet_holds_disclosures_and_ends_in_the_licence_entry(r):
    s = sel(r, "/shop/30")
    sheet = s.css("section.mall-detail")
    assert ("经营者", catalog.shop(30, 1).operator) in cells(sheet)
    last = sheet.xpath("./*[last()]")
    assert last.attrib["href"] == "/shop/30/licence" and "qual-entry" in last.attrib["class"]
    assert s.css(".mall-copyright::text").get() == f"© 2026 {catalog.shop(30, 1).operator}"
    assert s.css("header.mall-card .mall-count::text").get() == "在售商品 2"
    assert len(s.css("ul.goods-grid.col-2 li.goods-card")) == 2
    assert "依法无需办理" in sel(r, "/shop/11").css(".mall-detail .exempt::text").get()
    assert sel(r, "/shop/16").css(".mall-detail .qual-entry").get() is None
    assert sel(r, "/shop/7").css(".mall-detail dl.kv dt")


def test_licence_pages_as_cells_and_image(r):
    s = sel(r, "/shop/30/licence")
    assert ("统一社会信用代码", SHARED_USCC) in cells(s.css(".qual-page"))
    assert s.css(".qual-page a.back-mall::attr(href)").get() == "/shop/30"
    assert sel(r, "/shop/17/licence").css(".qual-page img::attr(src)").get() == (
        "/img/licence/17.png"
    )


def test_room_script_draws_anchor_card_and_numbered_cart(r):
    js = get(r, "/static/live-r.js").body.decode()
    assert "小黄车" in js and "anchor-card" in js and "replaceChild(cart, list)" in js
    payload = walk.room_payload(r, 9)
    assert payload == walk.in_process("a").api_payload(catalog.room(9, 1), 0)


def test_platform_chrome_names_only_the_platform(r):
    s = sel(r, "/item/101")
    assert s.css(".app-download a::text").get() == "立即打开"
    assert s.css("nav.tab-bar .tab::text").getall() == ["首页", "分类", "购物车", "我的"]
    line = s.css("footer.m-footer p.platform-licences::text").get()
    assert line.startswith("青禾优选平台经营者：杭州青禾网络科技有限公司 · 营业执照")
    assert "食品经营许可证 JY13301080265431" in line
    assert s.css('meta[name="viewport"]')


def test_rooms_draw_anchor_card_and_cart_in_chromium():
    """live-r.js in a real browser: the 主播卡 first, a's goods list replaced by the 小黄车."""
    with walk.chromium_tab("r") as (site, tab):
        tab.goto(site.room_url(9))
        tab.wait_for_selector("article.live-room .yellow-cart")
        first = tab.eval_on_selector("article.live-room", "b => b.firstElementChild.className")
        assert first == "anchor-card"
        assert tab.inner_text(".anchor-card .online") == "4,100人在看"
        assert tab.inner_text(".yellow-cart h2") == "小黄车 · 共1件"
        assert tab.inner_text(".yellow-cart .cart-shop") == "北京稻香斋"
        item = tab.query_selector(".cart-goods li")
        assert item.query_selector(".no").inner_text() == "1"
        assert item.query_selector("a").get_attribute("href") == "/item/701"
        assert not tab.query_selector("ul.goods")
        assert tab.inner_text(".seller a") == "北京稻香斋"
        tab.goto(site.room_url(3))
        tab.wait_for_selector("article.live-room .yellow-cart")
        titles = [
            a.inner_text() for a in tab.query_selector_all(".cart-goods li > span:nth-child(2)")
        ]
        assert titles == ["保湿面霜 50g", "口红小样套装"]
        assert not tab.query_selector(".cart-shop") and not tab.query_selector(".seller")


@pytest.mark.parametrize("night", [1, 8])
def test_every_listing_keeps_its_facts_in_rs_structures(night):
    site = DemoSite("r", night=night, faults=True)
    site.port = 8000
    rr = site.renderer
    for base in catalog.LISTINGS:
        item = catalog.listing(base.lid, night)
        if not catalog.reachable(item.sid, night):
            continue
        s = Selector(text=page(rr, f"/item/{item.lid}").replace("￥", "¥"))
        service = item.service or catalog.CATEGORIES[item.cat][2]
        assert s.css(".service-row .cell-value::text").get() == service, item.lid
        comments = [
            (c.css(".comment-nick::text").get(), c.css(".comment-text::text").get())
            for c in s.css(".comments .comment")
        ]
        assert comments == list(item.reviews), item.lid
        assert s.css(".goods-detail .detail-points li::text").getall() == list(item.claims)
        assert s.css("h1.goods-title::text").get() == item.title
        price, original = item.prices_at(night)
        shown = "".join(s.css(".price-block > .price ::text").getall())
        assert shown.startswith(f"¥{price:.2f}"), item.lid
        struck = s.css(".price-block del.market-price::text").get()
        assert struck == (f"{original[0]} ¥{original[1]:.2f}" if original else None), item.lid


def test_every_shop_sheet_holds_its_disclosures_and_licence_entry(r):
    for base in catalog.SHOPS:
        shop = catalog.shop(base.sid, 1)
        sheet = sel(r, f"/shop/{shop.sid}").css("section.mall-detail")
        if shop.style == 0:
            assert cells(sheet) == r.home_pairs(shop), shop.sid
        entry = sheet.css("a.qual-entry")
        if shop.licence and shop.licence.where in ("page", "image"):
            assert sheet.xpath("./*[last()]").attrib["href"] == f"/shop/{shop.sid}/licence"
            assert entry.css(".cell-label::text").get() in ("营业执照", "店铺资质", "营业执照信息")
        else:
            assert not entry, shop.sid
