"""Rendering "i" as a fixture, not what greenroom extracts from it.

Rendering i lays out five checks' evidence as column tables, state tables, promise lists, 晒单
articles, a script-drawn deal feed, room chat feeds and 工商信息 tables (docs/render-i.md).
These tests hold that its pages serve and link to one another, that each case and near miss
sits in the structure the document names, and that its labels keep rendering a's findings.
"""

from __future__ import annotations

import json
import re

from greenroom_demo import catalog
from greenroom_demo.data_listings import ID_FULL
from tests.demo import walk
from tests.demo.walk import get, page, section

RENDERING = "i"  # what the fixture r answers (tests/demo/conftest.py)
MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


def test_every_labelled_subject_serves_and_is_reachable(r, walked):
    walk.assert_subjects_reachable(r, walked)


def test_every_link_is_served_or_is_the_taken_down_page(r, walked):
    walk.assert_links_served(r, walked, "live-i.js")
    assert walked["/static/feed-i.js"] == 200


def test_labels_are_rendering_as_fires_with_near_misses_added():
    walk.assert_only_near_misses_added("i")


def test_refusals_as_a_column_state_tables_a_promise_list_and_details(r):
    params = section(page(r, "/item/1701"), "params")
    assert "<th>售后</th></tr></thead><tbody><tr>" in params
    assert params.endswith("<td>特价商品，不支持七天无理由退货</td></tr></tbody></table></section>")
    service = section(page(r, "/item/1702"), "service")
    assert "<th>状态</th><th>服务项目</th><th>说明</th>" in service
    assert "<td>不支持</td><td>七天无理由退货</td><td>售出概不退换</td>" in service
    assert "<dt>服务承诺</dt><dd>48小时内发货</dd><dd>本店商品不退不换</dd>" in page(
        r, "/item/1803"
    )
    assert "<details open><summary>退换说明</summary><p>电子产品拆封后不退不换</p>" in page(
        r, "/item/2103"
    )
    service = section(page(walk.in_process("i", 2), "/item/2701"), "service")
    assert "<td>七天无理由退货</td><td>售出概不退换</td><td>不支持</td>" in service
    assert "不支持" not in page(r, "/item/2701")  # night 1: returns supported


def test_exempt_goods_refuse_in_the_same_structures(r):
    assert "<td>定制商品，不支持七天无理由退货</td></tr></tbody>" in page(r, "/item/2201")
    assert "<td>不支持</td><td>七天无理由退货</td><td>数字商品，下载后" in page(r, "/item/2301")
    assert "<dd>生鲜商品不退不换，坏果包赔</dd>" in page(r, "/item/1101")
    assert "<summary>退换说明</summary><p>报纸期刊订阅类商品，不适用七天无理由退货" in page(
        r, "/item/2304"
    )
    for lid in (2201, 2301, 2304):
        box = re.search(r'<form class="buy-box".*?</form>', page(r, f"/item/{lid}")).group(0)
        assert re.search(r'<input type="checkbox" name="confirm_no_return" required> 我已', box)
        assert "不支持七天无理由退货" in box
    assert 'type="checkbox"' not in page(r, "/item/1701")


def test_refusal_near_misses_are_negated_quoted_or_prohibited(r):
    promise = section(page(r, "/item/2401"), "promise")
    assert "《消费者权益保护法》第二十五条" in promise
    assert "本店不设“不退不换”条款" in page(r, "/item/2004")
    assert "禁止商家以“售出概不退换”拒绝" in page(r, "/item/3002")
    assert "从未拒绝过任何一笔七天无理由退货申请" in page(r, "/item/2203")
    for lid in (1701, 1702, 1803, 2103, 2201, 2301, 1101, 2304):
        assert "《消费者权益保护法》" not in page(r, f"/item/{lid}"), lid


def test_food_waste_in_the_params_columns(r):
    for lid, h1, scene in (
        (301, "辣条 10斤装", "大胃王挑战、吃播专用"),
        (602, "酵素果冻 10条", "暴饮暴食也不怕"),
        (1003, "自热火锅 8盒", "大胃王吃播套餐"),
    ):
        html = page(r, f"/item/{lid}")
        assert f'<h1 class="item-title">{h1}</h1>' in html and f"<title>{h1} - " in html
        params = section(html, "params")
        assert "<th>适用场景</th><th>卖点</th>" in params and f"<td>{scene}</td>" in params
        assert catalog.listing(lid, 1).desc in params
    assert "拒绝浪费，不提倡大胃王挑战" in page(r, "/item/1003")  # a warning beside a promotion
    assert "<td>拒绝浪费，按需购买" in section(page(r, "/item/302"), "params")
    assert "反对“大胃王”式暴饮暴食" in section(page(r, "/item/104"), "promise")
    assert "切勿暴饮暴食" in page(r, "/item/1102")
    assert "《反食品浪费法》第二十二条" in page(r, "/item/501")
    assert "大胃王" not in page(r, "/item/1701")


def test_buyer_data_in_a_deals_table_a_show_header_and_a_script_feed(r):
    deals = section(page(r, "/item/1402"), "deals")
    assert "<th>买家</th><th>数量</th><th>时间</th><th>收货地区</th>" in deals
    assert f"<tr><td>{ID_FULL}</td><td>1件</td>" in deals
    assert "3302**********5521" in deals or "186****0417" in deals
    assert '<header><span class="nick">13957126684</span>' in page(r, "/item/502")
    html = page(r, "/item/2401")
    blob = re.search(r'id="deal-feed-data">(.*?)</script>', html).group(1)
    assert json.loads(blob)[0] == {
        "name": "王建国",
        "address": "浙江省杭州市西湖区文三路90号",
        "status": "已发货",
    }
    assert '<script src="/static/feed-i.js">' in html
    assert "收货人：" in get(r, "/static/feed-i.js").body.decode()


def test_buyer_near_misses_are_masked_or_the_shops_own(r):
    assert '<span class="nick">138****5678</span>' in page(r, "/item/101")
    assert "<td>张* 3301**********1234</td>" in section(page(r, "/item/1502"), "deals")
    assert "浙江省杭州市西湖区****" in page(r, "/item/2402")
    for lid in (101, 1502, 2001, 2102, 2402, 3101):
        assert not MOBILE.search(page(r, f"/item/{lid}").replace(" ", "")) or lid == 2102, lid
    assert "<dd>售后电话：139 7073 2618</dd>" in page(r, "/item/1101")
    assert "<dd>售后电话：13800000000</dd>" in page(r, "/item/2102")
    assert "13800000000" in page(r, "/shop/21")  # the shop's own number
    assert "订单编号 202611281530421800" in page(r, "/item/101")  # 18 digits, not an ID


def test_rooms_pin_host_lines_in_a_chat_feed(r):
    p9 = walk.room_payload(r, 9)
    assert p9["room"]["notices"] == []
    host = [m for m in p9["chat"] if m["pinned"]]
    assert host == [
        {"who": "阿强", "role": "主播", "pinned": True, "text": "今晚暴饮暴食挑战，吃到扶墙出！"}
    ]
    assert any("切勿暴饮暴食" in m["text"] for m in p9["chat"])
    assert p9["chat"][0]["text"].startswith("系统提示：依据《反食品浪费法》第二十二条")
    p10 = walk.room_payload(r, 10)
    assert p10["goods"] == [] and p10["cart"][0]["title"].startswith("大胃王挑战")
    p8 = walk.room_payload(r, 8)
    assert [m["text"] for m in p8["chat"] if m["pinned"]] == ["拒绝浪费，按需购买"]
    assert any("禁止“大胃王”" in m["text"] for m in p8["chat"])
    assert any("反对大胃王式吃播" in m["text"] for m in walk.room_payload(r, 11)["chat"])
    p6 = walk.room_payload(r, 6)
    assert p6["chat"] == [] and p6["room"]["notices"] == ["本直播间正在申报绿色直播间"]
    js = get(r, "/static/live-i.js").body.decode()
    assert "置顶" in js and "chat-feed" in js and "号链接" in js


def test_licences_in_three_table_shapes(r):
    shapes = {
        30: r"<thead><tr><th>企业名称</th><th>统一社会信用代码</th>",
        33: r"<thead><tr><th>名称</th><th>统一社会信用代码</th>",
        31: r"<td>2</td><td>统一社会信用代码</td><td>{code}</td>",
        34: r"<td>2</td><td>统一社会信用代码</td><td>{code}</td>",
        32: r'<th rowspan="2">主体信息</th><th>企业名称</th>',
    }
    for sid, html, code, name in walk.shared_licences(r):
        table = re.search(r'<table class="biz"><caption>工商信息</caption>.*?</table>', html)
        assert shapes[sid].format(code=code) in table.group(0), sid
        assert code in table.group(0) and name in table.group(0)
