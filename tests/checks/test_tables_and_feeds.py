"""Blind renderings o and p's lessons (docs/render-o.md, render-p.md), in several markups: a
verdict in a table under a header row is said of its row's first cell; the seller's answer in
问大家 (a speaker tagged 商家) is the shop's word, a buyer's is not; in a room's comment feed a
viewer's words are not the room's, the host's are."""

from __future__ import annotations

import pytest

from checks.listing import returns_refused
from checks.room import food_waste_promotion as room_food_waste

HEAD = "<thead><tr><th>服务项目</th><th>说明</th><th>是否支持</th></tr></thead>"


def _guarantee(*rows: tuple[str, str, str]) -> str:
    body = "".join(f"<tr><td>{a}</td><td>{b}</td><td>{c}</td></tr>" for a, b, c in rows)
    return f"<section><h2>售后保障</h2><table>{HEAD}<tbody>{body}</tbody></table></section>"


@pytest.mark.parametrize(
    "rows",
    [
        [("发货时效", "48小时内发货", "支持"), ("七天无理由退货", "特价商品", "不支持")],
        [("七天无理由退货", "—", "否")],
        [("正品保障", "假一赔十", "是"), ("7天无理由退货", "清仓商品", "✗")],
    ],
)
def test_a_verdict_under_a_header_row_is_said_of_its_rows_first_cell(listing_page, ref, rows):
    listing = listing_page("法式碎花连衣裙 夏季", _guarantee(*rows))
    assert [f.subject_url for f in returns_refused.check(listing, ref)] == [listing.url]


@pytest.mark.parametrize(
    "rows",
    [
        [("七天无理由退货", "签收后7天内", "支持")],
        [("发货时效", "48小时内发货", "不支持"), ("七天无理由退货", "—", "是")],
        [("七天无理由退货", "定制商品，依法不适用", "不支持")],
    ],
)
def test_a_supported_row_or_an_exempt_item_is_no_refusal(listing_page, ref, rows):
    title = "刻字保温杯 定制" if "定制" in str(rows) else "法式碎花连衣裙 夏季"
    listing = listing_page(title, _guarantee(*rows))
    assert list(returns_refused.check(listing, ref)) == []


DETAIL = (
    "<section><h2>商品详情</h2><p>面料：棉 80% 聚酯纤维 20%，加绒加厚，冬季保暖。版型宽松，"
    "落肩设计，男女同款。袖口与下摆为罗纹收口，不易变形。建议按平时尺码选购，偏胖可选大一码。"
    "洗涤：30 度以下水温手洗或机洗，不可漂白，反面晾干。</p></section>"
)


def _qa(answer_who: str, answer: str, buyer: str = "t***7：我买的L码刚好") -> str:
    return (
        f"{DETAIL}<section><h2>问大家</h2><ul><li><p><span>w***n</span> <i>问</i>能七天无理由吗？</p>"
        f"<p><span>{answer_who}</span> <i>答</i>{answer}</p><p>{buyer}</p></li></ul></section>"
    )


@pytest.mark.parametrize("who", ["商家", "卖家", "掌柜"])
def test_the_sellers_tagged_answer_in_qa_is_the_shops_refusal(listing_page, ref, who):
    listing = listing_page("加绒连帽卫衣", _qa(who, "本店商品不退不换，请看好尺码再拍。"))
    assert [f.subject_url for f in returns_refused.check(listing, ref)] == [listing.url]


@pytest.mark.parametrize(
    "qa",
    [
        _qa("j***3", "本店商品不退不换吧，我上次没退成"),  # a buyer's answer
        _qa("商家", "支持七天无理由退货", buyer="商家说不退不换？我退成功了"),  # a buyer's remark
        _qa("商家家居小店铺主", "不退不换"),  # a buyer whose name only begins so
    ],
)
def test_a_buyers_words_in_qa_are_not_the_shops(listing_page, ref, qa):
    listing = listing_page("加绒连帽卫衣", qa)
    assert list(returns_refused.check(listing, ref)) == []


def _feed(*lines: tuple[str, str], heading: str = "评论") -> str:
    items = "".join(f"<li><span>{who}</span>：<span>{text}</span></li>" for who, text in lines)
    return f"<section><h2>{heading}</h2><ul>{items}</ul></section>"


@pytest.mark.parametrize("heading", ["评论", "弹幕", "互动区"])
def test_a_viewers_comment_is_not_the_rooms_promotion(room_page, ref, heading):
    feed = _feed(
        ("农***家", "来个大胃王挑战！"),
        ("主播 赵师傅", "我们不搞大胃王，做菜按人数来。"),
        heading=heading,
    )
    room = room_page("家常菜教学直播", feed)
    assert list(room_food_waste.check(room, ref)) == []


@pytest.mark.parametrize("host", ["主播 糖糖", "主播", "房管 小A"])
def test_the_hosts_line_in_the_feed_is_the_rooms_own(room_page, ref, host):
    feed = _feed(("k***y", "已拍"), (host, "1号链接 今晚挑战一口气全吃完，大胃王挑战开始！"))
    room = room_page("零食专场", feed)
    assert [f.subject_url for f in room_food_waste.check(room, ref)] == [room.url]
