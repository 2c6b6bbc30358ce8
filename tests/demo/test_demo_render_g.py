"""Rendering "g" (five checks' evidence as badges, chips, cards and marquees): the fixture
itself, not what greenroom extracts from it.

Every page serves, every link a page gives is served (or is the taken-down 618 page), every
subject is reachable by links, the cases sit in the structures docs/render-g.md claims, and
the labels are rendering a's but for added near misses.
"""

from __future__ import annotations

import re

from greenroom_demo.data_listings import ID_FULL
from greenroom_demo.data_shops import SENYU_USCC, SHARED_USCC
from tests.demo import walk
from tests.demo.walk import get, page

RENDERING = "g"  # what the fixture r answers (tests/demo/conftest.py)
DEAD = {"/promo/2023-618", "/static/live-a.js"}


def test_every_labelled_subject_serves_and_is_reachable(r, walked):
    walk.assert_subjects_reachable(r, walked)


def test_every_link_is_served_or_is_the_taken_down_page(r, walked):
    bad = {t: s for t, s in walked.items() if s not in (200, 301, 302) and t not in DEAD}
    assert not bad
    assert walked["/static/live-g.js"] == 200
    assert get(r, "/static/live-a.js").status == 404  # g's rooms use only live-g.js
    assert "/static/live-g.js" in page(r, "/live/2")


def test_labels_are_rendering_as_fires_with_near_misses_added():
    walk.assert_only_near_misses_added("g")


def test_refusals_as_badges_lists_bullets_and_sentences(r):
    assert '<li class="svc no"><i>✗</i>七天无理由退货<em class="svc-why">特价商品</em>' in page(
        r, "/item/1701"
    )
    assert "<li><b>退换</b><i>不支持</i></li>" in page(r, "/item/1702")
    assert re.search(
        r'class="must-know"><li>本店商品一经售出，不退不换</li>', page(r, "/item/1803")
    )
    assert re.search(r'<p class="desc">[^<]*拆封后不退不换', page(r, "/item/2103"))
    html = page(walk.in_process("g", 2), "/item/2701")
    assert (
        '<span class="svc-name">7天无理由退货</span><span class="svc-state">不支持</span>' in html
    )
    assert "不支持" not in page(r, "/item/2701")  # night 1: returns supported


def test_exempt_goods_use_the_same_structures_and_say_why_only_in_title_or_crumb(r):
    assert '<li class="svc no"><i>✗</i>七天无理由退货</li>' in page(r, "/item/2201")
    assert "<li><b>七天无理由</b><i>不支持</i></li>" in page(r, "/item/2301")
    assert "<li>不退不换，坏果包赔</li>" in page(r, "/item/1101")
    assert re.search(r'<p class="desc">[^<]*不适用七天无理由退货', page(r, "/item/2304"))
    for lid, why in ((2201, "定制"), (2301, "电子书"), (1101, "生鲜"), (2304, "期刊")):
        html = page(r, f"/item/{lid}")
        service = re.search(r'class="service-badges">.*?</div>', html).group(0)
        notes = re.search(r'class="must-know">.*?</ul>', html).group(0)
        assert "商品" not in service + notes, lid  # no 定制商品/数字商品/生鲜商品 reason
        assert why in html.split('class="price-box"')[0], lid  # title or crumb


def test_supported_returns_are_tick_badges_or_list_rows(r):
    html = page(r, "/item/101")
    assert '<li class="svc yes"><i>✓</i>七天无理由退货（未拆封）</li>' in html
    assert "<li><b>七天无理由</b><i>支持" in page(r, "/item/2802")  # lid % 3 == 0: the list form
    assert "不支持" not in page(r, "/item/2802")


def test_buyer_data_in_cards_marquee_and_shipping_block(r):
    assert '<div class="author">13957126684</div>' in page(r, "/item/502")
    feed = re.search(r"<marquee.*?</marquee>", page(r, "/item/1402")).group(0)
    assert f"<li>实名登记 {ID_FULL} 已下单，期待发货。</li>" in feed
    assert "139****2266" in feed and "3302**********5521" in feed
    ship = page(r, "/item/2401")
    assert (
        "<p><span>收货人</span>王建国</p><p><span>收货地址</span>浙江省杭州市西湖区文三路90号"
        in ship
    )


def test_buyer_near_misses_are_masked_in_the_same_structures(r):
    assert '<div class="author">138****5678</div>' in page(r, "/item/101")
    assert '<div class="author">张*</div>' in page(r, "/item/2001")
    assert "<li>张* 实名购药登记 3301**********1234，已发货。</li>" in page(r, "/item/1502")
    ship = page(r, "/item/2402")
    assert "<span>收货人</span>张**" in ship and "138****0000" in ship
    for lid in (101, 2001, 1502, 2402):
        assert not re.search(r"(?<!\d)1[3-9]\d{9}(?!\d)", page(r, f"/item/{lid}")), lid


def test_food_waste_in_tag_chips_with_near_miss_chips(r):
    assert '<span class="chip">大胃王挑战</span>' in page(r, "/item/301")
    assert '<span class="chip">暴饮暴食也不怕</span>' in page(r, "/item/602")
    assert '<span class="chip">大胃王吃播套餐</span>' in page(r, "/item/1003")
    assert '<span class="chip">反对浪费</span>' in page(r, "/item/302")
    assert '<span class="chip">光盘行动</span>' in page(r, "/item/902")
    assert "倡导光盘行动，反对浪费" in page(r, "/item/501")
    assert "光盘行动" not in page(r, "/item/1701")


def test_rooms_pin_food_notices_and_chip_their_goods(r):
    p9 = walk.room_payload(r, 9)
    assert p9["room"]["notices"] == [] and p9["pinned"][0]["text"].startswith("今晚暴饮暴食")
    p10 = walk.room_payload(r, 10)
    assert p10["goods"][0] == {
        "title": "套餐 零食大礼包",
        "price": "¥99.00",
        "url": None,
        "tags": ["大胃王挑战"],
    }
    assert walk.room_payload(r, 11)["goods"][0]["tags"] == ["光盘行动"]
    assert walk.room_payload(r, 8)["pinned"][0]["text"] == "拒绝浪费，按需购买"
    assert walk.room_payload(r, 6)["room"]["notices"] == ["本直播间正在申报绿色直播间"]


def test_licences_in_dl_blocks_and_under_the_image(r):
    for sid in (30, 32, 33):
        html = page(r, f"/shop/{sid}/licence")
        block = re.search(r'<dl class="biz-info"><dt>工商信息</dt>.*?</dl>', html).group(0)
        code = SENYU_USCC if sid == 33 else SHARED_USCC
        assert f"<dd>统一社会信用代码：{code}</dd>" in block
    for sid, code in ((31, SHARED_USCC), (34, SENYU_USCC)):
        html = page(r, f"/shop/{sid}/licence")
        cap = re.search(r"<figcaption>营业执照<br>.*?</figcaption>", html).group(0)
        assert f"统一社会信用代码：{code}" in cap
        assert f'<img src="/img/licence/{sid}.png"' in html
    assert get(r, "/img/licence/31.png").status == 200
