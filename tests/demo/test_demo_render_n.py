"""Rendering "n" as a fixture, not what greenroom extracts from it.

Rendering n lays out five checks' evidence as 商品参数 lines split by <br>, a closed 售后政策
accordion, a 服务承诺 <dl> of grouped <div>s, a review <dl>, a 拼单 feed, a 物流跟踪 timeline, a
room's 直播间公约 and 直播看点 timeline, and licence pages as <br> lines, heading pairs and
label：value cells (docs/render-n.md). These tests hold that its pages serve and link to one
another, that each case and near miss sits in the structure the document names, and that its
labels keep a's findings.
"""

from __future__ import annotations

import re

from stdnum.cn import ric

from greenroom_demo import catalog
from greenroom_demo.data_listings import ID_FULL
from greenroom_demo.data_shops import SENYU_USCC, SHARED_USCC
from greenroom_demo.render_n import ORDERS
from tests.demo import walk
from tests.demo.walk import get, page, section

RENDERING = "n"  # what the fixture r answers (tests/demo/conftest.py)
PAIR = "<div><dt>{}</dt><dd>{}</dd></div>"
FOLD = "<details><summary>{}</summary><p>{}</p></details>"


def params(html: str) -> list[str]:
    """The 商品参数 lines (one <p>, lines split by <br>)."""
    body = re.search(r'<section class="params"><h2>商品参数</h2><p>(.*?)</p>', html).group(1)
    return body.split("<br>")


def test_pages_link_up_and_labels_keep_rendering_as_fires(r):
    walk.assert_walks(r, "live-n.js")


def test_refusals_in_br_lines_an_accordion_and_a_grouped_dl(r):
    assert params(page(r, "/item/1701"))[2:] == ["商品类型：特价商品", "七天无理由退货：不支持"]
    assert "退换说明：电子产品拆封后不退不换" in params(page(r, "/item/2103"))
    policy = section(page(r, "/item/1702"), "policy")
    assert FOLD.format("退换货", "售出概不退换") in policy and "<details open" not in policy
    assert PAIR.format("退换", "本店商品不退不换") in section(page(r, "/item/1803"), "promise")
    assert PAIR.format("退换", "售出概不退换") in section(
        page(walk.in_process("n", 2), "/item/2701"), "promise"
    )
    assert "售后服务：支持七天无理由退货" in params(page(r, "/item/2701"))


def test_exempt_goods_say_so_of_this_item_with_a_confirmation(r):
    lines = params(page(r, "/item/2201"))
    assert (
        "商品类型：定制商品（按买家提供的文字刻字）" in lines and "七天无理由退货：不支持" in lines
    )
    assert "商品类型：鲜活易腐（现摘水果）" in params(page(r, "/item/1101"))
    assert FOLD.format("退换货", "生鲜商品不退不换，坏果包赔") in section(
        page(r, "/item/1101"), "policy"
    )
    promise = section(page(r, "/item/2301"), "promise")
    assert PAIR.format("七天无理由退货", "不支持") in promise
    assert PAIR.format("商品形式", "在线下载的数字商品（激活码在线发放）") in promise
    assert "售后服务：报纸期刊订阅类商品，不适用七天无理由退货" in params(page(r, "/item/2304"))
    for lid in (2201, 2301):
        box = re.search(r'<div class="buy">.*?</div>', page(r, f"/item/{lid}")).group(0)
        assert 'type="checkbox"' in box and "checked" in box and "不支持七天无理由退货" in box
    for lid in (1701, 1702, 1803, 2103):
        assert 'type="checkbox"' not in page(r, f"/item/{lid}")


def test_returns_near_misses_are_negated_quoted_or_about_other_goods(r):
    promises = "".join(section(page(r, f"/item/{lid}"), "promise") for lid in (101, 102, 103, 104))
    assert "切勿轻信“不退不换”的说法" in promises and "第二十五条：消费者有权" in promises
    assert "禁止以“特价商品”“售出概不退换”为由拒绝" in promises
    assert "本品非定制、非生鲜，支持七天无理由退货" in promises
    for lid in (1701, 2103, 101):
        assert "消费者定制的；鲜活易腐的" in section(page(r, f"/item/{lid}"), "policy")
    walk.assert_returns_near_miss_labelled(r)


def test_food_waste_in_br_lines_an_accordion_and_a_grouped_dl(r):
    for lid, html in walk.waste_pages(r):
        assert catalog.listing(lid, 1).desc not in section(html, "detail")
    assert "适用场景：大胃王挑战、吃播专用" in params(page(r, "/item/301"))
    assert FOLD.format("产品卖点", "聚餐前来一条，暴饮暴食也不怕。") in section(
        page(r, "/item/602"), "policy"
    )
    assert PAIR.format("套餐类型", "大胃王吃播套餐") in section(page(r, "/item/1003"), "promise")
    notes = "".join(page(r, f"/item/{lid}") for lid in (101, 102, 103, 104, 201, 202, 203))
    assert "切勿暴饮暴食" in notes and "不提倡“大胃王”挑战" in notes
    assert "《反食品浪费法》第二十二条：禁止" in notes and "拒绝“大胃王”式浪费" in notes
    assert "食用建议：" in notes and "<dt>食用建议</dt>" in notes
    assert "大胃王" not in page(r, "/item/1701")


def test_buyer_data_in_a_review_dl_a_group_feed_and_a_tracking_timeline(r):
    rates = section(page(r, "/item/502"), "rates")
    assert PAIR.format("买家13957126684", "第二次回购了，很好喝。") in rates
    group = section(page(r, "/item/1402"), "group")
    assert f'<li><span class="who">{ID_FULL}</span>' in group
    track = section(page(r, "/item/2401"), "track")
    assert "<b>已发货</b> 收件人 王建国 · 浙江省杭州市西湖区文三路90号" in track
    assert "<time datetime=" in track


def test_buyer_near_misses_are_masked_order_numbers_or_the_shops_own(r):
    assert PAIR.format("138****5678", "茶香浓郁，包装精美，送人很体面。") in page(r, "/item/101")
    assert '<span class="who">138****5678</span>' in section(page(r, "/item/101"), "group")
    assert "3301**********1234" in section(page(r, "/item/1502"), "rates")
    assert "4401**********0036" in section(page(r, "/item/1502"), "group")
    assert "收件人 张** · 浙江省杭州市西湖区****" in section(page(r, "/item/2402"), "track")
    assert "收件人 赵* · 江苏省南京市****" in section(page(r, "/item/2601"), "track")
    walk.assert_no_mobile_number(r, (101, 1502, 2001, 2402, 2601, 3101))
    assert PAIR.format("客服电话", "139 7073 2618") in section(page(r, "/item/1101"), "promise")
    assert "13888888888" in section(page(r, "/item/1901"), "promise")
    assert "13800000000" in section(page(r, "/item/2102"), "promise")
    assert not any(ric.is_valid(n) for n in ORDERS) and ric.is_valid(ID_FULL)
    assert ORDERS[0] in page(r, "/item/2401") and ORDERS[2] in page(r, "/item/2601")


def test_rooms_rules_and_highlight_timeline(r):
    p9 = walk.room_payload(r, 9)
    assert p9["room"]["notices"] == [] and "第二十二条" in p9["rules"]
    assert {"time": "19:00", "text": "今晚暴饮暴食挑战，吃到扶墙出！"} in p9["highlights"]
    p2 = walk.room_payload(r, 2)
    assert any("10斤小龙虾一口气吃完" in h["text"] for h in p2["highlights"])
    p10 = walk.room_payload(r, 10)
    assert any("大胃王挑战套餐" in h["text"] for h in p10["highlights"])
    p11 = walk.room_payload(r, 11)
    assert any("反对“大胃王”式吃播" in h["text"] for h in p11["highlights"])
    p6 = walk.room_payload(r, 6)
    assert p6["highlights"] == [] and p6["rules"] is None
    assert p6["room"]["notices"] == ["本直播间正在申报绿色直播间"]
    js = get(r, "/static/live-n.js").body.decode()
    assert "直播间公约" in js and "直播看点" in js


def test_licences_as_br_lines_heading_pairs_and_cells(r):
    for sid, html, code, name in walk.shared_licences(r):
        assert code in html and name in html, sid
    for sid, code in ((30, SHARED_USCC), (33, SENYU_USCC)):
        assert f"<br>统一社会信用代码：{code}<br>" in page(r, f"/shop/{sid}/licence")
    for sid, code in ((31, SHARED_USCC), (34, SENYU_USCC)):
        assert f"<h3>统一社会信用代码</h3><p>{code}</p>" in page(r, f"/shop/{sid}/licence")
    assert f"<td>统一社会信用代码：{SHARED_USCC}</td>" in page(r, "/shop/32/licence")
