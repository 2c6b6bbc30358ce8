"""extract_room and parse_count on rendered DOMs of different markup."""

from __future__ import annotations

import pytest
from markups import ROOM_A, ROOM_B, ROOM_C
from parsel import Selector

from crawler.extract.room import extract_room, parse_count
from crawler.extract.text import parse
from crawler.items import Page


@pytest.mark.parametrize(
    ("shown", "value"),
    [
        ("1.5万", 15_000),
        ("12.9万", 129_000),
        ("8,532", 8_532),
        ("3.2w", 32_000),
        ("3.2W", 32_000),
        ("10万+", 100_000),
        ("1.2亿", 120_000_000),
        ("１２３４", 1_234),
        ("１．５万", 15_000),
        ("2.5k", 2_500),
        ("在线 987人", 987),
        ("12.9万人看过", 129_000),
        ("", None),
        ("暂无", None),
        (None, None),
        (42, 42),
    ],
)
def test_parse_count(shown, value):
    assert parse_count(shown) == value


def _facts(html: str, api: list | None = None, lxml: bool = False) -> dict:
    page = Page(url="http://shop.test/live/9", body=html.encode(), api_responses=api or [])
    doc = parse(html) if lxml else Selector(text=html)
    return extract_room(doc, "", page)


SAME = ("host", "host_verified", "counters", "badge")


@pytest.mark.parametrize("lxml", [False, True])
def test_two_markups_give_the_same_room_facts(lxml):
    a, b = _facts(ROOM_A, lxml=lxml), _facts(ROOM_B, lxml=lxml)
    assert a["host"] == b["host"] == "李梅"
    assert a["host_verified"] is b["host_verified"] is True
    assert (a["host_verification"], b["host_verification"]) == ("已实名认证", "主播已实名")
    assert (
        a["counters"]
        == b["counters"]
        == {
            "online": 15_000,
            "viewers": 129_000,
            "likes": 8_532,
            "sold": 100_000,
        }
    )
    assert a["badge"]["value"] == b["badge"]["value"] == "绿色直播间"
    assert [(p["title"], p["price"]) for p in a["products"]] == [
        (p["title"], p["price"]) for p in b["products"]
    ]
    assert [p["title"] for p in a["products"]] == ["明前龙井 250g", "普洱熟茶饼 357g"]


def test_sellers_named_or_linked():
    a, b = _facts(ROOM_A), _facts(ROOM_B)
    assert a["sellers"] == [
        {"label": "店铺", "value": "云岭茶叶旗舰店", "url": "http://shop.test/shop/88"}
    ]
    assert {"label": "销售方", "value": "云岭茶叶旗舰店", "url": ""} in b["sellers"]
    assert {"label": "进入店铺", "value": "", "url": "http://shop.test/s/88"} in b["sellers"]
    assert {
        "url": "http://shop.test/s/88",
        "text": "进入店铺",
        "rel": "shop",
        "chrome": False,
    } in b["links"]


def test_struck_price_is_the_original_price():
    first = _facts(ROOM_A)["products"][0]
    assert (first["price"], first["original_price"], first["sold"]) == (168, 298, 21_000)


def test_unverified_host_in_running_text_and_a_notice_that_is_not_a_badge():
    c = _facts(ROOM_C)
    assert (c["host"], c["host_verification"], c["host_verified"]) == (
        "王小二",
        "未实名认证",
        False,
    )
    assert c["badge"] is None
    assert c["notices"] == ["本直播间正在申报绿色直播间"]
    assert c["sellers"] == []
    assert c["counters"] == {"online": 3_201, "viewers": 56_000, "likes": 120_000_000}


@pytest.mark.parametrize(
    ("html", "badge"),
    [
        ('<img src="/g.png" title="绿色直播间">', "绿色直播间"),
        ("<span>绿色直播间</span>", "绿色直播间"),
        ('<img src="/g.png" alt="绿色直播间申报中">', None),
        ("<p>正在申报绿色直播间</p>", None),
        ("<p>本平台积极开展绿色直播间创建活动，欢迎各位主播踊跃参与评选</p>", None),
        ('<span style="display:none">绿色直播间</span>', None),
    ],
)
def test_badge_versus_notice(html, badge):
    found = _facts(f"<html><body><h1>直播</h1>{html}</body></html>")["badge"]
    assert (found and found["value"]) == badge


def test_nothing_shown_about_verification_is_none():
    facts = _facts("<html><body><p>主播：小明</p></body></html>")
    assert (facts["host"], facts["host_verified"], facts["host_verification"]) == (
        "小明",
        None,
        None,
    )


def test_counters_fall_back_to_the_api_and_say_so():
    api = [{"url": "/api", "status": 200, "json": {"room": {"onlineCount": 321, "likes": "1.1万"}}}]
    facts = _facts("<html><body><p>主播：小明</p><p>累计观看 5万</p></body></html>", api)
    assert facts["counters"] == {"online": 321, "viewers": 50_000, "likes": 11_000}
    assert facts["counters_source"] == "dom+api"
    assert _facts(ROOM_A, api)["counters_source"] == "dom"  # the DOM wins when it shows them
