"""Rendering "f" (five checks' evidence as tables and feeds): the fixture itself, not what
greenroom extracts from it.

Every page serves, every link a page gives is served (or is a 404 the chrome means: the
taken-down 618 page), every subject is reachable by links, the cases sit in the tables and
feeds the rendering claims, and its labels are rendering a's but for added near misses.
"""

from __future__ import annotations

import json
import re

from greenroom_demo import catalog
from greenroom_demo.codes import id_number
from greenroom_demo.data_listings import ID_FULL, RR
from greenroom_demo.data_shops import SENYU_USCC, SHARED_USCC
from greenroom_demo.render_f import DEALS_TABLE, REFUSALS
from tests.demo import walk
from tests.demo.walk import get, text_of

RENDERING = "f"  # what the fixture r answers (tests/demo/conftest.py)
DEAD = {"/promo/2023-618"}  # linked from every page's navigation; answers 404


def page(r, target: str) -> str:
    return text_of(get(r, target))


def test_every_labelled_subject_serves_and_is_reachable(r, walked):
    walk.assert_subjects_reachable(r, walked)


def test_every_link_is_served_or_is_the_taken_down_page(walked):
    bad = {t: s for t, s in walked.items() if s not in (200, 301, 302) and t not in DEAD}
    assert not bad
    assert all(walked[t] == 404 for t in DEAD if t in walked)
    assert walked["/static/live-f.js"] == 200


def test_labels_are_rendering_as_fires_with_near_misses_added():
    walk.assert_only_near_misses_added("f")


def test_refusals_sit_in_tables_and_lists(r):
    assert "<th>七天无理由退货</th><td>不支持（特价商品）</td>" in page(r, "/item/1701")
    assert "<dt>退换货</dt><dd>不支持七天无理由</dd>" in page(r, "/item/1702")
    assert "<th>退换政策</th><td>本店商品不退不换</td>" in page(r, "/item/1803")
    assert "<th>七天无理由退货</th><td>电子产品拆封后不支持</td>" in page(r, "/item/2103")
    assert "<dt>退换货</dt><dd>售出概不退换</dd>" in page(walk.in_process("f", 2), "/item/2701")
    assert "不退换" not in page(r, "/item/2701")  # night 1: it supports returns
    for lid in REFUSALS:
        assert RR in catalog.listing(lid, 2).fires


def test_exempt_goods_say_why_in_their_own_spec_rows(r):
    assert "<th>商品类型</th><td>新鲜水果（鲜活易腐）</td>" in page(r, "/item/1101")
    assert "<th>定制方式</th>" in page(r, "/item/2201")
    ebook = page(r, "/item/2301")
    assert "<th>商品形式</th><td>电子书（在线下载，数字化商品）</td>" in ebook
    assert re.search(r'<input type="checkbox" name="no_return" checked disabled> 我已知晓', ebook)
    assert "<th>七天无理由退货</th><td>不适用</td>" in page(r, "/item/2304")


def test_every_item_page_carries_the_platform_rules_and_food_pages_the_law(r):
    tea, dress = page(r, "/item/101"), page(r, "/item/1703")
    for html in (tea, dress):
        assert "下列商品不适用七天无理由退货" in html
    assert "《反食品浪费法》第二十二条" in tea and "反食品浪费法" not in dress
    assert "商家不得拒绝七天无理由退货" in dress
    assert "本店从不拒绝七天无理由退货" in page(r, "/item/2801")


def test_buyer_data_in_tables_and_feeds(r):
    oxygen = page(r, "/item/1402")
    assert "<th>身份证号</th>" in oxygen and f"<td>{ID_FULL}</td>" in oxygen
    assert "<td>13957126684</td>" in page(r, "/item/502")
    second_hand = page(r, "/item/2401")
    assert (
        "<h2>近期成交</h2>" in second_hand and "王建国 浙江省杭州市西湖区文三路90号" in second_hand
    )


def test_buyer_near_misses_are_masked_or_not_a_buyer(r):
    for lid in (101, 1502, 2001):
        html = re.sub(r"<(header|footer).*?</\1>", "", page(r, f"/item/{lid}"), flags=re.DOTALL)
        assert not re.search(r"(?<!\d)1[3-9]\d{9}(?!\d)", html), lid
        assert "****" in html or "张*" in html
    for row in DEALS_TABLE.values():
        order = row[0][3]
        assert len(order) == 18 and id_number(order[:17]) != order
    assert "<th>售前客服</th><td>13800000000</td>" in page(r, "/item/2102")


def test_food_waste_in_spec_tables(r):
    assert "<th>适用场景</th><td>大胃王挑战、吃播专用</td>" in page(r, "/item/301")
    assert "<th>产品卖点</th><td>聚餐前来一条，暴饮暴食也不怕</td>" in page(r, "/item/602")
    assert "<th>套餐类型</th><td>大胃王吃播套餐</td>" in page(r, "/item/1003")
    assert "不提倡大胃王" in page(r, "/item/902") and "家庭装" in page(r, "/item/1102")


def test_rooms_draw_their_notices_as_a_feed(r):
    assert '<script src="/static/live-f.js">' in page(r, "/live/9")
    for rid in range(1, 13):
        data = json.loads(get(r, f"/api/rooms/{rid}").body)
        assert data["feed"][0]["type"] == "system"
        room = catalog.room(rid, 1)
        assert [m["text"] for m in data["feed"] if m["type"] == "notice"][
            : len(room.notices)
        ] == list(room.notices)
    feed9 = json.loads(get(r, "/api/rooms/9").body)["feed"]
    assert any("暴饮暴食挑战" in m["text"] for m in feed9)
    js = get(r, "/static/live-f.js").body.decode()
    assert "d.feed" in js and "notice-feed" in js


def test_licences_are_four_column_tables_and_the_shared_code_is_in_three(r):
    for sid in (30, 31, 32):
        html = page(r, f"/shop/{sid}/licence")
        row = re.search(r"<tr>(<th>[^<]*</th><td>[^<]*</td>){2}</tr>", html)
        assert row and "名称" in row[0] and SHARED_USCC in row[0]
    for sid in (33, 34):
        assert SENYU_USCC in page(r, f"/shop/{sid}/licence")
    home = page(r, "/shop/2")  # a licence on the home page: its own 工商信息 table
    assert '<table class="biz-info">' in home
