"""Rendering "l" as a fixture, not what greenroom extracts from it.

Rendering l lays out five checks' evidence as 规格与包装 tables with service lists, ARIA 服务 grids,
交易快照 <pre> blocks, quoted reviews, 晒单 captions, 近期下单 lists, a room chat feed and licence
grids and <colgroup> tables (docs/render-l.md). These tests hold that its pages serve and link
to one another, that each case and near miss sits in the structure the document names, and that
its labels keep a's findings.
"""

from __future__ import annotations

import re

from stdnum.cn import ric

from greenroom_demo import catalog
from greenroom_demo.data_listings import ID_FULL
from greenroom_demo.data_shops import SENYU_USCC, SHARED_USCC
from greenroom_demo.render_l import ORDERS
from tests.demo import walk
from tests.demo.walk import get, page, section

RENDERING = "l"  # what the fixture r answers (tests/demo/conftest.py)
ROW = '<div role="row"><span role="rowheader">{}</span><span role="cell">{}</span></div>'


def snapshot(html: str) -> str:
    """The 交易快照 section (its <pre> spans lines)."""
    return re.search(r'<section class="snapshot">.*?</section>', html, re.DOTALL).group(0)


def test_pages_link_up_and_labels_keep_rendering_as_fires(r):
    walk.assert_walks(r, "live-l.js")


def test_refusals_in_a_service_list_an_aria_grid_and_a_snapshot(r):
    spec = section(page(r, "/item/1701"), "spec")
    assert "<li>✕ 七天无理由退货</li>" in spec and "<td>特价商品</td>" in spec
    assert '<div role="table" aria-label="服务"' in page(r, "/item/1702")
    assert ROW.format("退换", "售出概不退换") in section(page(r, "/item/1702"), "service")
    assert ROW.format("退换货", "电子产品拆封后不退不换") in section(
        page(r, "/item/2103"), "service"
    )
    snap = snapshot(page(r, "/item/1803"))
    assert "<pre><code>" in snap and "售后服务：本店商品不退不换" in snap
    assert "<table" not in section(page(r, "/item/1702"), "service")
    assert "售后服务：售出概不退换" in snapshot(page(walk.in_process("l", 2), "/item/2701"))
    assert "✓ 支持七天无理由退货" in section(page(r, "/item/2701"), "spec")


def test_exempt_goods_refuse_in_the_same_structures_with_a_confirmation(r):
    spec = section(page(r, "/item/2201"), "spec")
    assert "<li>✕ 七天无理由退货</li>" in spec and "定制商品" in spec
    spec = section(page(r, "/item/1101"), "spec")
    assert "<li>✕ 七天无理由退货</li>" in spec and "鲜活易腐" in spec
    svc = section(page(r, "/item/2301"), "service")
    assert ROW.format("七天无理由退货", "不支持") in svc
    assert ROW.format("商品形式", "在线下载的数字商品") in svc
    snap = snapshot(page(r, "/item/2304"))
    assert "报纸期刊订阅类商品，不适用七天无理由退货" in snap
    for lid in (2201, 2301):
        box = re.search(r'<form class="buy".*?</form>', page(r, f"/item/{lid}")).group(0)
        assert 'type="checkbox"' in box and "checked" in box and "不支持七天无理由退货" in box
    assert 'type="checkbox"' not in page(r, "/item/1701")


def test_returns_near_misses_are_negated_quoted_or_prohibited(r):
    snaps = "".join(snapshot(page(r, f"/item/{lid}")) for lid in (101, 102, 103, 104))
    assert "本店从不“不退不换”" in snaps and "《消费者权益保护法》第二十五条" in snaps
    assert "平台禁止以“售出概不退换”拒绝" in snaps and "拆封的音像制品、计算机软件" in snaps
    walk.assert_returns_near_miss_labelled(r)


def test_food_waste_in_a_spec_list_a_grid_and_a_snapshot(r):
    for lid, html in walk.waste_pages(r):
        assert catalog.listing(lid, 1).desc in snapshot(html)
        assert catalog.listing(lid, 1).desc not in section(html, "detail")
    assert "<ul><li>大胃王挑战</li><li>吃播专用</li></ul>" in section(page(r, "/item/301"), "spec")
    assert ROW.format("卖点", "暴饮暴食也不怕") in section(page(r, "/item/602"), "service")
    assert "套餐类型：大胃王吃播套餐" in snapshot(page(r, "/item/1003"))
    notes = "".join(section(page(r, f"/item/{lid}"), "spec") for lid in (101, 102, 103, 104))
    assert "拒绝“大胃王”式吃播" in notes and "《反食品浪费法》第二十二条" in notes
    assert "切勿暴饮暴食" in notes and "不提倡吃播挑战" in notes
    assert "大胃王" not in page(r, "/item/1701")


def test_buyer_data_in_a_quote_a_photo_caption_and_an_order_list(r):
    rates = section(page(r, "/item/502"), "rates")
    assert "<blockquote" in rates and "<cite>13957126684</cite>" in rates
    shows = section(page(r, "/item/1402"), "shows")
    assert f'<figcaption><span class="who">{ID_FULL}</span>' in shows
    orders = section(page(r, "/item/2401"), "orders")
    assert "<ol><li>收件人 王建国 | 地址 浙江省杭州市西湖区文三路90号 | 已发货</li>" in orders


def test_buyer_near_misses_are_masked_order_numbers_or_the_shops_own(r):
    assert "<cite>138****5678</cite>" in section(page(r, "/item/101"), "rates")
    assert "<cite>张*</cite>" in section(page(r, "/item/2001"), "rates")
    assert "3301**********1234" in section(page(r, "/item/1502"), "shows")
    assert "收件人 张** | 地址 浙江省杭州市西湖区****" in section(page(r, "/item/2402"), "orders")
    walk.assert_no_mobile_number(r, (101, 1502, 2001, 2402, 2601))
    assert ROW.format("客服电话", "139 7073 2618") in section(page(r, "/item/1101"), "service")
    assert "13888888888" in section(page(r, "/item/1901"), "service")
    assert "13800000000" in section(page(r, "/item/2102"), "service")
    assert not any(ric.is_valid(n) for n in ORDERS) and ric.is_valid(ID_FULL)
    assert any(n in section(page(r, "/item/2402"), "orders") for n in ORDERS)


def test_rooms_chat_feed_holds_host_moderator_and_viewer_lines(r):
    p9 = walk.room_payload(r, 9)
    assert p9["room"]["notices"] == []
    assert {"who": "阿强", "role": "host", "text": "今晚暴饮暴食挑战，吃到扶墙出！"} in p9["chat"]
    assert p9["chat"][0]["role"] == "system" and "第二十二条" in p9["chat"][0]["text"]
    assert any(m["role"] == "mod" and "反对浪费" in m["text"] for m in p9["chat"])
    p2 = walk.room_payload(r, 2)
    assert any(m["text"] == "今天挑战大胃王，10斤小龙虾吃不完不下播" for m in p2["chat"])
    p8 = walk.room_payload(r, 8)
    assert p8["room"]["notices"] == []
    assert any("拒绝“大胃王”式吃播" in m["text"] for m in p8["chat"])
    p6 = walk.room_payload(r, 6)
    assert p6["chat"] == [] and p6["room"]["notices"] == ["本直播间正在申报绿色直播间"]
    js = get(r, "/static/live-l.js").body.decode()
    assert 'aria-live": "polite"' in js and "主播" in js and "房管" in js


def test_licences_as_aria_grids_and_a_colgroup_table(r):
    for sid, html, code, name in walk.shared_licences(r):
        assert code in html and name in html, sid
    assert ROW.format("统一社会信用代码", SHARED_USCC) in page(r, "/shop/30/licence")
    assert ROW.format("统一社会信用代码", SENYU_USCC) in page(r, "/shop/33/licence")
    for sid, code, where in ((31, SHARED_USCC, "广州市越秀区"), (34, SENYU_USCC, "杭州市余杭区")):
        table = re.search(
            r"<table class=\"licence-l\">.*?</table>", page(r, f"/shop/{sid}/licence")
        )
        assert "<colgroup>" in table.group(0)
        assert (
            f'<td class="k">统一社会信用代码</td><td>{code}</td><td class="k">登记机关</td>'
            f"<td>{where}市场监督管理局</td>"
        ) in table.group(0)
    grid = page(r, "/shop/32/licence")
    assert '<span role="columnheader">统一社会信用代码</span>' in grid
    assert f'<span role="cell">{SHARED_USCC}</span>' in grid
