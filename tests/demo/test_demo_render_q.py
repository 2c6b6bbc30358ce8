"""Rendering "q" as a fixture, not what greenroom extracts from it.

Rendering q lays out five checks' evidence in a 商品服务 icon list, JD-style 规格与包装 rows, a
rowspan 售后服务 table, a dated 店铺公告 feed, a 买家秀 feed and a 晒单 grid, a room's 商品讲解
chapters and 福袋 winners, and licence pages as a captioned 工商信息 table or a 资质证照 gallery
(docs/render-q.md). These tests hold that its pages serve and link to one another, that each case
and near miss sits in the structure the document names (read with parsel), and that its labels
keep a's findings.
"""

from __future__ import annotations

from parsel import Selector

from greenroom_demo import catalog
from greenroom_demo.data_listings import ID_FULL
from greenroom_demo.data_shops import SENYU_USCC, SHARED_USCC
from tests.demo import walk
from tests.demo.walk import MOBILE, page

RENDERING = "q"  # what the fixture r answers (tests/demo/conftest.py)
RR, FW = "listing.returns_refused", "listing.food_waste_promotion"


def sel(r, target: str) -> Selector:
    return Selector(text=page(r, target))


def text(node) -> str:
    return "".join(node.xpath(".//text()").getall()).strip()


def services(r, lid: int) -> list[tuple[str, str]]:
    """商品服务: (icon class, words)."""
    rows = sel(r, f"/item/{lid}").css("section.services ul.service-list li")
    return [(row.css("i::attr(class)").get(), text(row)) for row in rows]


def ptable(r, lid: int) -> dict[str, dict[str, str]]:
    """规格与包装: {group: {label: value}}."""
    out = {}
    for group in sel(r, f"/item/{lid}").css("section.ptable div.ptable-group"):
        items = group.css("div.item")
        out[text(group.css("h3"))] = {
            text(i.css("span.label")): text(i.css("span.value")) for i in items
        }
    return out


def service_table(r, lid: int) -> list[tuple[str, ...]]:
    rows = sel(r, f"/item/{lid}").css("section.ptable table.service-table tr")
    return [tuple(text(c) for c in row.css("td")) for row in rows]


def notices(r, lid: int) -> list[tuple[str, str]]:
    rows = sel(r, f"/item/{lid}").css("section.shop-notices ol.notice-feed li")
    return [(row.css("time::attr(datetime)").get(), text(row.css("p"))) for row in rows]


def shows(r, lid: int) -> list[tuple[str, str]]:
    """买家秀 feed or 晒单 grid: (nick, words)."""
    s = sel(r, f"/item/{lid}")
    nodes = s.css("section.buyer-show ul.show-feed li.show") + s.css(
        "section.shaidan div.shaidan-grid div.cell"
    )
    return [(text(n.css(".nick")), text(n.css(".words"))) for n in nodes]


def policy(r, lid: int) -> str | None:
    return ptable(r, lid).get("售后保障", {}).get("退换货政策")


def test_pages_link_up_and_labels_keep_rendering_as_fires(r):
    walk.assert_walks(r, "live-q.js")


def test_only_loopback_is_linked(r):
    walk.assert_loopback_only(r)


def test_refusals_in_an_icon_list_a_row_a_notice_and_a_rowspan_table(r):
    assert ("no", "不支持7天无理由退货（特价商品）") in services(r, 1701)
    assert policy(r, 1701) is None
    assert policy(r, 1702) == "售出概不退换"
    assert ("2026-11-20", "本店商品不退不换，请看好尺码再拍。") in notices(r, 1803)
    assert policy(r, 1803) is None
    table = sel(r, "/item/2103").css("table.service-table")
    assert table.css("td[rowspan]::attr(rowspan)").get() == "3"
    assert service_table(r, 2103)[1] == ("退换货", "电子产品拆封后不退不换")
    for lid in (1701, 1702, 1803, 2103):
        assert not sel(r, f"/item/{lid}").css("label.agree")
    assert policy(walk.in_process("q", 2), 2701) == "售出概不退换"
    assert policy(r, 2701).startswith("本店不存在“不退不换”")


def test_exempt_goods_say_so_with_the_article_or_a_confirmation(r):
    assert ptable(r, 2201)["主体"]["商品类型"] == "定制商品（按买家提供的文字刻字）"
    assert ("no", "定制商品 不支持7天无理由退货") in services(r, 2201)
    assert "第二十五条" in policy(r, 2301)
    assert ptable(r, 2304)["主体"]["商品类型"].startswith("期刊订阅")
    assert "依法不适用七天无理由退货" in notices(r, 2304)[0][1]
    assert ptable(r, 1101)["主体"]["商品类型"] == "鲜活易腐（现摘水果）"
    assert ("ok", "坏果包赔") in services(r, 1101)
    for lid in (2201, 2301):
        box = sel(r, f"/item/{lid}").css("div.buy label.agree")
        assert box.css("input[type=checkbox][required]") and "不适用七天无理由退货" in text(box)
    confirmed = [x.lid for x in catalog.LISTINGS if sel(r, f"/item/{x.lid}").css("label.agree")]
    assert confirmed == [2201, 2301]


def test_returns_near_misses_are_negated_quoted_prohibited_or_a_buyers_word(r):
    kinds = {policy(r, lid) for lid in (2402, 2401, 2601, 1703)}
    assert any("不存在“不退不换”" in k for k in kinds)
    assert any("第二十五条" in k for k in kinds)
    assert any(k.startswith("平台规则禁止") for k in kinds)
    assert ("ok", "7天无理由退货") in services(r, 1703)
    assert any("不退不换" in w for _, w in shows(r, 1703))
    assert any("不退不换的是别家" in w for _, w in shows(r, 2601))
    assert "rendering q" in walk.labels_by_path(r)["/item/1703"]["note"]


def test_food_waste_in_a_notice_a_selling_point_and_a_packing_list(r):
    for lid, short in walk.WASTE_TITLES.items():
        s = sel(r, f"/item/{lid}")
        assert text(s.css("h1.item-title")) == short
        assert "大胃王" not in text(s.css("h1")) and "暴饮暴食" not in text(s.css("h1"))
    assert "大胃王挑战一口气吃完" in notices(r, 301)[0][1]
    assert ptable(r, 602)["主体"]["产品卖点"] == "聚餐前来一条，暴饮暴食也不怕。"
    assert "大胃王吃播套餐" in ptable(r, 1003)["包装"]["包装清单"]


def test_food_near_misses_are_warnings_in_the_same_rows(r):
    advice = {ptable(r, x.lid)["主体"].get("食用建议") for x in catalog.LISTINGS}
    assert any("第二十二条" in (a or "") for a in advice)
    assert any((a or "").startswith("本店禁止") for a in advice)
    assert any("不提倡" in (a or "") for a in advice)
    for lid in (301, 602, 1003):
        assert "食用建议" not in ptable(r, lid)["主体"]


def test_buyer_data_in_a_buyer_show_a_shaidan_grid_and_a_notice(r):
    assert ("买家13957126684", "第二次回购了，很好喝。") in shows(r, 502)
    grid = sel(r, "/item/1402").css("section.shaidan div.shaidan-grid div.cell")
    assert ID_FULL in text(grid)
    assert notices(r, 2401) == [
        ("2026-12-02", "收货人：王建国 浙江省杭州市西湖区文三路90号 已发货")
    ]
    assert not shows(r, 2401)


def test_buyer_near_misses_are_masked(r):
    assert ("138****5678", "茶香浓郁，包装精美，送人很体面。") in shows(r, 101)
    assert ("张*", "做工很好，和描述一致。") in shows(r, 2001)
    assert ("张*", "实名购药登记 3301**********1234，已发货。") in shows(r, 1502)
    for lid in (101, 2001, 1502):
        assert not MOBILE.search(text(sel(r, f"/item/{lid}").css("main")))


def test_rooms_chapters_and_lucky_bags(r):
    def api(rid):
        return walk.room_payload(r, rid)

    nine = api(9)
    assert nine["room"]["notices"] == []
    assert nine["chapters"][0]["title"] == "开场：今晚暴饮暴食挑战，吃到扶墙出！"
    assert api(2)["room"]["title"].startswith("深夜大胃王挑战")
    assert "大胃王挑战套餐" in api(10)["chapters"][0]["title"]
    assert "第二十二条" in api(1)["chapters"][0]["title"]
    assert api(11)["room"]["notices"] == ["光盘行动，拒绝浪费，吃多少做多少"]
    assert api(6)["chapters"] == [] and api(6)["lucky_bag"] is None
    for rid in (1, 8):
        assert not any(MOBILE.search(w) for w in api(rid)["lucky_bag"]["winners"])
    assert "rendering q" in walk.labels_by_path(r)["/live/1"]["note"]


def test_licences_as_a_caption_table_and_a_figure_gallery(r):
    for sid, code in ((30, SHARED_USCC), (32, SHARED_USCC), (33, SENYU_USCC)):
        table = sel(r, f"/shop/{sid}/licence").css("table.gsxx")
        assert text(table.css("caption")) == "工商信息"
        rows = {text(row.css("td")[0]): text(row.css("td")[1]) for row in table.css("tbody tr")}
        assert rows["统一社会信用代码"] == code
    for sid, code in ((31, SHARED_USCC), (34, SENYU_USCC)):
        cap = sel(r, f"/shop/{sid}/licence").css("div.zizhi-gallery figure figcaption")
        assert f"统一社会信用代码：{code}" in text(cap)


def test_rooms_draw_chapters_and_winners_in_chromium():
    """live-q.js in a real browser: the chapters and the 福袋 winners."""
    with walk.chromium_tab("q") as (site, tab):
        tab.goto(site.room_url(9))
        tab.wait_for_selector("article.live-room .chapter-list")
        titles = [x.inner_text() for x in tab.query_selector_all(".chapter-title")]
        assert titles[0] == "开场：今晚暴饮暴食挑战，吃到扶墙出！"
        assert not tab.query_selector("p.notice")
        tab.goto(site.room_url(1))
        tab.wait_for_selector("article.live-room .lucky-bag")
        winners = [x.inner_text() for x in tab.query_selector_all(".winners li")]
        assert winners == ["138****2617", "林*", "茶***友"]
        tab.goto(site.room_url(6))
        tab.wait_for_selector("article.live-room")
        assert not tab.query_selector(".chapters") and not tab.query_selector(".lucky-bag")
