"""Rendering "k" as a fixture, not what greenroom extracts from it.

Rendering k lays out five checks' evidence as attribute grids, service matrices, 问大家 and review
feeds, captioned deal tables, group-buy feeds, room 讲解 cards and 弹幕, and 营业执照信息 tables
(docs/render-k.md). These tests hold that its pages serve and link to one another, that each case
and near miss sits in the structure the document names, and that its labels keep a's findings.
"""

from __future__ import annotations

import re

from stdnum.cn import ric

from greenroom_demo import catalog
from greenroom_demo.data_listings import ID_FULL
from greenroom_demo.render_k import ORDERS
from tests.demo import walk
from tests.demo.walk import get, page, section

RENDERING = "k"  # what the fixture r answers (tests/demo/conftest.py)


def test_pages_link_up_and_labels_keep_rendering_as_fires(r):
    walk.assert_walks(r, "live-k.js")


def test_refusals_in_a_rowspan_table_an_attribute_grid_a_matrix_and_questions(r):
    svc = section(page(r, "/item/1701"), "service")
    assert '<th rowspan="2">退换货</th><td>七天无理由退货</td><td>不支持</td></tr>' in svc
    assert "<tr><td>说明</td><td>特价商品</td></tr>" in svc
    grid = section(page(r, "/item/1702"), "props")
    assert '<td class="attr-k">退换政策</td><td class="attr-v">售出概不退换</td></tr>' in grid
    ask = section(page(r, "/item/1803"), "ask")
    assert '<div class="a-text">本店商品不退不换</div><div class="a-who">商家回复</div>' in ask
    matrix = section(page(r, "/item/2103"), "service")
    assert "<th>未拆封</th><th>已拆封</th>" in matrix
    assert "<tr><th>七天无理由退货</th><td>支持</td><td>不支持</td></tr>" in matrix
    assert '<div class="a-text">售出概不退换</div>' in page(walk.in_process("k", 2), "/item/2701")
    assert "不支持" not in page(r, "/item/2701") and "概不退换" not in section(
        page(r, "/item/2701"), "service"
    )


def test_exempt_goods_refuse_in_the_same_structures(r):
    svc = section(page(r, "/item/2201"), "service")
    assert "<td>七天无理由退货</td><td>不支持</td>" in svc and "定制商品" in svc
    svc = section(page(r, "/item/2301"), "service")
    assert '<th>七天无理由退货</th><td colspan="2">不支持</td>' in svc
    assert "数字商品，下载后不支持七天无理由退货" in svc
    svc = section(page(r, "/item/2304"), "service")
    assert '<td colspan="2">不适用</td>' in svc and "报纸期刊订阅类商品" in svc
    assert '<div class="a-text">生鲜商品不退不换，坏果包赔</div>' in page(r, "/item/1101")


def test_returns_near_misses_are_negated_quoted_or_prohibited(r):
    texts = {section(page(r, f"/item/{lid}"), "ask") for lid in (104, 301, 2402)}
    joined = "".join(texts)
    assert "从来没有“不退不换”一说" in section(page(r, "/item/3402"), "ask")
    assert "《消费者权益保护法》第二十五条" in joined
    assert "平台禁止商家以“售出概不退换”拒绝" in joined
    walk.assert_returns_near_miss_labelled(r)


def test_food_waste_in_the_attribute_grid(r):
    cells = {301: "大胃王挑战", 602: "暴饮暴食也不怕", 1003: "大胃王吃播套餐"}
    for lid, cell in cells.items():
        html = page(r, f"/item/{lid}")
        shown = re.search(r'<h1 class="item-title">(.*?)</h1>', html).group(1)
        assert shown in catalog.listing(lid, 1).title and f"<title>{shown} - " in html
        assert not re.search("大胃王|暴饮暴食|吃播", shown), shown
        grid = section(html, "props")
        assert f'<td class="attr-v">{cell}</td>' in grid
        assert catalog.listing(lid, 1).desc in grid
        assert catalog.listing(lid, 1).desc not in section(html, "detail")
    assert "切勿暴饮暴食" in section(page(r, "/item/104"), "props")
    assert "不提倡“大胃王”式吃法" in section(page(r, "/item/1101"), "props")
    assert "禁止宣传“大胃王”“吃播挑战”" in section(page(r, "/item/502"), "props")
    assert "大胃王" not in page(r, "/item/1701")


def test_buyer_data_in_a_review_feed_a_deal_table_and_a_group_feed(r):
    rates = section(page(r, "/item/502"), "rates")
    assert '<div class="user-name">13957126684</div>' in rates
    deals = section(page(r, "/item/1402"), "deals")
    assert "<caption>成交记录</caption>" in deals and "<tfoot>" in deals
    assert f"<td>{ID_FULL}</td>" in deals and "<th>实名登记</th>" in deals
    pin = section(page(r, "/item/2401"), "pin")
    assert (
        '<span class="pin-name">王建国</span></div><div class="pin-where">浙江省杭州市西湖区文三路90号'
        in pin
    )


def test_buyer_near_misses_are_masked_order_numbers_or_the_shops_own(r):
    assert '<div class="user-name">138****5678</div>' in section(page(r, "/item/101"), "rates")
    assert "<td>138****5678</td>" in section(page(r, "/item/101"), "deals")
    assert "<td>张*</td><td>3301**********1234</td>" in section(page(r, "/item/1502"), "deals")
    assert "浙江省杭州市西湖区****" in section(page(r, "/item/2402"), "pin")
    walk.assert_no_mobile_number(r, (101, 1502, 2001, 2402, 2601, 3101))
    assert "<td>139 7073 2618</td>" in section(page(r, "/item/1101"), "service")
    assert "13800000000" in section(page(r, "/item/2102"), "service")
    assert not any(ric.is_valid(n) for n in ORDERS) and ric.is_valid(ID_FULL)


def test_rooms_pin_host_words_on_a_card_and_scroll_danmaku(r):
    p9 = walk.room_payload(r, 9)
    assert p9["room"]["notices"] == [] and p9["goods"] == []
    assert p9["cards"][0]["pin"] == {"who": "阿强", "text": "今晚暴饮暴食挑战，吃到扶墙出！"}
    assert p9["danmaku"][0]["who"] == "系统" and "《反食品浪费法》" in p9["danmaku"][0]["text"]
    assert any("切勿暴饮暴食" in m["text"] for m in p9["danmaku"])
    p10 = walk.room_payload(r, 10)
    assert p10["cards"][0]["title"].startswith("大胃王挑战套餐")
    p8 = walk.room_payload(r, 8)
    assert p8["cards"][0]["pin"]["text"] == "拒绝浪费，按需购买"
    assert any("禁止“大胃王”" in m["text"] for m in p8["danmaku"])
    p11 = walk.room_payload(r, 11)
    assert any("不搞大胃王吃播" in m["text"] for m in p11["danmaku"])
    p6 = walk.room_payload(r, 6)
    assert p6["danmaku"] == [] and p6["room"]["notices"] == ["本直播间正在申报绿色直播间"]
    js = get(r, "/static/live-k.js").body.decode()
    assert "主播置顶" in js and "danmaku" in js and "商品讲解" in js


def test_licences_in_three_table_shapes(r):
    shapes = {
        30: '<td class="tit">企业名称</td><td>{name}</td><td class="tit">统一社会信用代码</td>',
        33: '<td class="tit">名称</td><td>{name}</td><td class="tit">统一社会信用代码</td>',
        31: '<th scope="row"><span>统一社会信用代码</span>：</th><td><span class="copy-value">{code}',
        34: '<th scope="row"><span>统一社会信用代码</span>：</th><td><span class="copy-value">{code}',
        32: '<td><div class="k">统一社会信用代码</div><div class="v">{code}</div></td>',
    }
    for sid, html, code, name in walk.shared_licences(r):
        table = re.search(r"<caption>营业执照信息</caption>.*?</table>", html).group(0)
        assert shapes[sid].format(code=code, name=name) in table, sid
        assert code in table and name in table
