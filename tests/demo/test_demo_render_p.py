"""Rendering "p" as a fixture, not what greenroom extracts from it.

Rendering p lays out five checks' evidence in tables and feeds: a 规格参数 table, a three-column
售后保障 table, a 问大家 feed, a 成交记录 table, review cards with 追评 and 掌柜回复, a room's pinned
公告 and comment feed, and licence pages as a 照面信息 table or a <div> grid (docs/render-p.md).
These tests hold that its pages serve and link to one another, that each case and near miss sits
in the structure the document names (read with parsel), and that its labels keep a's findings.
"""

from __future__ import annotations

from parsel import Selector

from greenroom_demo import catalog
from greenroom_demo.data_listings import ID_FULL
from greenroom_demo.data_shops import SENYU_USCC, SHARED_USCC
from tests.demo import walk
from tests.demo.walk import get, page

RENDERING = "p"  # what the fixture r answers (tests/demo/conftest.py)
RR, FW, BD = "listing.returns_refused", "listing.food_waste_promotion", "listing.buyer_data_exposed"


def sel(r, target: str) -> Selector:
    return Selector(text=page(r, target))


def text(node) -> str:
    return "".join(node.xpath(".//text()").getall()).strip()


def spec(r, lid: int) -> dict[str, str]:
    """The 规格参数 table: {th: td}."""
    rows = sel(r, f"/item/{lid}").css("section.spec table.spec-table tr")
    return {text(row.css("th")): text(row.css("td")) for row in rows}


def head_table(renderer, lid: int, css: str, heads: list[str]) -> list[tuple[str, ...]]:
    """A table's body rows, once its header row is `heads`."""
    table = sel(renderer, f"/item/{lid}").css(css)
    assert [text(c) for c in table.css("thead th")] == heads
    return [tuple(text(c) for c in row.css("td")) for row in table.css("tbody tr")]


def guarantee(r, lid: int) -> list[tuple[str, ...]]:
    """The 售后保障 table (服务项目, 说明, 是否支持)."""
    return head_table(
        r, lid, "section.after-sale table.guarantee", ["服务项目", "说明", "是否支持"]
    )


def qa(r, lid: int) -> list[dict]:
    """The 问大家 feed: question, the seller's answer, buyers' answers."""
    items = sel(r, f"/item/{lid}").css("section.qa ul.qa-feed li.qa-item")
    return [
        {
            "ask": text(item.css("p.ask")),
            "seller": text(item.css("p.answer.seller")),
            "buyers": [text(b) for b in item.css("p.answer.buyer")],
        }
        for item in items
    ]


def deals(r, lid: int) -> list[tuple[str, ...]]:
    """The 成交记录 table (买家, 数量, 时间)."""
    return head_table(r, lid, "section.deals table.deal-table", ["买家", "数量", "时间"])


def cards(r, lid: int) -> list[dict]:
    """The review cards: buyer, review, its follow-up, the shop's reply."""
    parts = {
        "who": "div.rate-user",
        "text": "p.rate-content",
        "append": "p.append",
        "reply": "p.reply",
    }
    found = sel(r, f"/item/{lid}").css("section.rates div.rate-card")
    return [{key: text(card.css(css)) for key, css in parts.items()} for card in found]


def test_pages_link_up_and_labels_keep_rendering_as_fires(r):
    walk.assert_walks(r, "live-p.js")


def test_only_loopback_is_linked(r):
    walk.assert_loopback_only(r)


def test_refusals_in_a_guarantee_table_a_spec_row_an_answer_and_a_reply(r):
    assert ("七天无理由退货", "特价商品", "不支持") in guarantee(r, 1701)
    assert spec(r, 1702)["售后"] == "售出概不退换"
    (entry,) = qa(r, 1803)
    assert "能七天无理由吗" in entry["ask"] and "本店商品不退不换" in entry["seller"]
    assert entry["seller"].startswith("商家")
    (card,) = cards(r, 2103)
    assert card["reply"] == "掌柜回复亲，电子产品拆封后不退不换，详情页已写明。"
    assert ("退换货", "售出概不退换", "不支持") in guarantee(walk.in_process("p", 2), 2701)
    assert guarantee(r, 2701)[1][2] == "支持"  # night 1: takes returns


def test_exempt_goods_say_so_of_this_item_with_the_article_or_a_confirmation(r):
    assert (
        "七天无理由退货",
        "定制商品，依法不适用（按买家提供的文字刻字）",
        "不支持",
    ) in guarantee(r, 2201)
    assert spec(r, 2201)["商品类型"] == "定制商品（按买家提供的文字刻字）"
    row = next(x for x in guarantee(r, 2301) if x[0] == "七天无理由退货")
    assert "在线下载的数字商品" in row[1] and "第二十五条" in row[1] and row[2] == "不支持"
    assert spec(r, 2301)["商品形式"].startswith("在线下载的数字商品")
    assert "报纸期刊订阅类商品，依法不适用七天无理由退货" in qa(r, 2304)[0]["seller"]
    assert spec(r, 1101)["商品类型"] == "鲜活易腐（现摘水果）"
    assert ("七天无理由退货", "鲜活易腐商品，依法不适用；坏果包赔", "不支持") in guarantee(r, 1101)
    for lid in (2201, 2301):
        box = sel(r, f"/item/{lid}").css("div.buy label.confirm")
        assert box.css("input[type=checkbox][checked]") and "不支持七天无理由退货" in text(box)
    for lid in (1701, 1702, 1803, 2103, 2701):
        assert not sel(r, f"/item/{lid}").css("input[type=checkbox]"), lid


def test_returns_near_misses_are_negated_quoted_prohibited_or_a_buyers_word(r):
    notes = {row[1] for lid in (101, 102, 103, 104) for row in guarantee(r, lid)}
    assert "本店不存在“不退不换”，签收七天内无理由退货" in notes
    assert any(n.startswith("《消费者权益保护法》第二十五条：") for n in notes)
    assert any(n.startswith("平台规则禁止以“特价”") for n in notes)
    for lid in (101, 102, 103, 104):
        assert [x[2] for x in guarantee(r, lid) if x[0] == "七天无理由退货"] == ["支持"]
    (entry,) = qa(r, 1703)
    assert "支持七天无理由退货" in entry["seller"]
    assert any("不退不换" in b for b in entry["buyers"])
    assert any("不退不换" in b for b in qa(r, 2601)[0]["buyers"])
    walk.assert_returns_near_miss_labelled(r)
    assert "rendering p" in walk.labels_by_path(r)["/item/2101"]["note"]


def test_food_waste_in_a_spec_row_an_answer_and_a_reply(r):
    for lid, short in walk.WASTE_TITLES.items():
        s = sel(r, f"/item/{lid}")
        assert text(s.css("h1.item-title")) == short and text(s.css("title")).startswith(short)
        assert catalog.listing(lid, 1).desc not in text(s.css("section.detail"))
    assert "大胃王挑战一口气吃完" in qa(r, 301)[0]["seller"]
    assert spec(r, 602)["产品卖点"] == "聚餐前来一条，暴饮暴食也不怕。"
    assert spec(r, 1003)["套餐类型"] == "大胃王吃播套餐"
    assert "一次吃完8盒" in cards(r, 1003)[0]["reply"]


def test_food_near_misses_are_warnings_in_the_same_structures(r):
    rows = [spec(r, lid).get("食用建议", "") for lid in (102, 104, 202, 302, 402)]
    answers = [a["seller"] for lid in (101, 103, 201, 203, 403) for a in qa(r, lid)]
    said = " ".join(rows + answers)
    assert "切勿暴饮暴食" in said and "不提倡“大胃王”" in said
    assert "《反食品浪费法》第二十二条：禁止" in said and "本店禁止以“大胃王”" in said
    found = walk.labels_by_path(r)
    for lid in (101, 102, 3501):
        assert FW in found[f"/item/{lid}"]["near_miss"], lid
    assert "大胃王" not in page(r, "/item/1701")


def test_buyer_data_in_a_review_card_a_deal_table_and_a_sellers_answer(r):
    assert cards(r, 502)[0]["who"] == "买家13957126684"
    assert (ID_FULL, "1", "2026-12-01 10:21") in deals(r, 1402)
    assert "收货人：王建国 浙江省杭州市西湖区文三路90号" in qa(r, 2401)[0]["seller"]


def test_buyer_near_misses_are_masked_or_the_shops_own(r):
    assert [d[0] for d in deals(r, 101)] == ["138****5678", "陈*"]
    assert cards(r, 101)[0]["append"].startswith("追评") and cards(r, 101)[0]["reply"]
    assert "3301**********1234" in cards(r, 1502)[0]["text"]
    assert deals(r, 1502)[0][0] == "刘* 4401**********0036"
    assert deals(r, 2402) == [("张**", "1", "2026-11-27 17:25")]
    assert deals(r, 3101)[0][0] == "王**"
    walk.assert_no_mobile_number(r, (101, 1502, 2001, 2402, 3101, 2601))
    assert "139 7073 2618" in qa(r, 1101)[-1]["seller"]
    assert "13888888888" in qa(r, 1901)[-1]["seller"]
    assert "13800000000" in qa(r, 2102)[-1]["seller"]
    found = walk.labels_by_path(r)
    assert BD in found["/item/1101"]["near_miss"] and BD in found["/item/2402"]["near_miss"]


def test_rooms_pinned_notice_and_comment_feed(r):
    p9 = walk.room_payload(r, 9)
    assert p9["room"]["notices"] == [] and p9["pinned"] == ["今晚暴饮暴食挑战，吃到扶墙出！"]
    p2 = walk.room_payload(r, 2)
    assert {"user": "阿胖", "role": "host", "text": "10斤小龙虾，一口气吃完，吃不完不下播！"} in p2[
        "comments"
    ]
    p10 = walk.room_payload(r, 10)
    assert any(c["role"] == "host" and "大胃王挑战套餐" in c["text"] for c in p10["comments"])
    p4 = walk.room_payload(r, 4)
    assert [c["role"] for c in p4["comments"]] == ["viewer", "host"]
    assert "一顿就能吃完" in p4["comments"][0]["text"] and "别一次吃完" in p4["comments"][1]["text"]
    p11 = walk.room_payload(r, 11)
    assert p11["pinned"] == ["光盘行动，拒绝浪费，吃多少做多少"]
    assert p11["comments"][0]["role"] == "viewer" and "不搞大胃王" in p11["comments"][1]["text"]
    p1 = walk.room_payload(r, 1)
    assert "第二十二条" in p1["pinned"][0]
    p6 = walk.room_payload(r, 6)
    assert p6["pinned"] == [] and p6["comments"] == []
    assert p6["room"]["notices"] == ["本直播间正在申报绿色直播间"]
    js = get(r, "/static/live-p.js").body.decode()
    assert "公告" in js and "comment-feed" in js
    assert "room.food_waste_promotion" in walk.labels_by_path(r)["/live/1"]["near_miss"]


def test_licences_as_a_zhaomian_table_and_a_div_grid(r):
    for sid in (30, 32, 33):
        code = SENYU_USCC if sid == 33 else SHARED_USCC
        row = sel(r, f"/shop/{sid}/licence").css("table.zhaomian tr")[0]
        name = r.label("name", sid)
        cells = [text(c) for c in row.css("th, td")]
        assert cells == [name, catalog.shop(sid, 1).operator, "统一社会信用代码", code], sid
    for sid in (31, 34):
        code = SENYU_USCC if sid == 34 else SHARED_USCC
        grid = sel(r, f"/shop/{sid}/licence").css("div.info-grid div.cell")
        pairs = {text(c.css("div.k")): text(c.css("div.v")) for c in grid}
        assert pairs["统一社会信用代码"] == code
        assert catalog.shop(sid, 1).operator in pairs.values()
    assert "照面信息" not in page(r, "/shop/35/licence")


def test_rooms_draw_the_pinned_notice_and_comments_in_chromium():
    """live-p.js in a real browser: the 公告 and the comment feed, host lines marked 主播."""
    with walk.chromium_tab("p") as (site, tab):
        tab.goto(site.room_url(9))
        tab.wait_for_selector("article.live-room .comment-feed")
        assert tab.inner_text(".pinned p") == "今晚暴饮暴食挑战，吃到扶墙出！"
        assert not tab.query_selector("p.notice")
        tab.goto(site.room_url(4))
        tab.wait_for_selector("article.live-room .comment-feed")
        lines = [li.inner_text() for li in tab.query_selector_all(".comment-feed li")]
        assert lines == [
            "吃***货：10斤我一顿就能吃完哈哈",
            "主播 王大姐：家庭装10斤，分几天吃，别一次吃完。",
        ]
        assert tab.query_selector_all(".comment-feed li.host")[0].inner_text().startswith("主播")
        tab.goto(site.room_url(6))
        tab.wait_for_selector("article.live-room")
        assert not tab.query_selector(".pinned") and not tab.query_selector(".comments")
        assert tab.inner_text("p.notice") == "本直播间正在申报绿色直播间"
