"""listing.fictitious_original_price: an original price above every price of the 7 nights before."""

import pytest

from checks.base import Listing, Price
from checks.listing import fictitious_original_price

URL = "http://127.0.0.1:8000/item/104"
RULE = (
    "，涉嫌虚构原价，违反规范促销行为暂行规定第二十一条（以促销活动前七日内最低成交价格为折价、"
    "减价基准）及价格法第十四条第（四）项（不得利用虚假的或者使人误解的价格手段诱骗消费者）"
)
WEEK = (168, 168, 158, 168, 148, 168, 168)


def nights(*prices):
    return [(f"第 {n} 次巡查（2026-05-0{n}，存证 #{10 + n}）", p) for n, p in enumerate(prices, 1)]


def listing(*prices, history=WEEK, title="福鼎白茶 寿眉茶饼 357g"):
    return Listing(
        URL,
        title=title,
        prices=[Price(kind, value, label) for kind, value, label in prices],
        captures=[31],
        price_history=nights(*history),
    )


def test_message_names_the_original_price_the_seven_nights_and_their_maximum(ref):
    subject = listing(("offered", 158, ""), ("original", 298, "划线价"))
    (finding,) = fictitious_original_price.check(subject, ref)
    assert finding.message == (
        f"商品 {URL}（“福鼎白茶 寿眉茶饼 357g”）在存证 #31 中标示划线价 ¥298.00，"
        "高于此前 7 个夜间巡查所见该商品每晚的最低售价（"
        "第 1 次巡查（2026-05-01，存证 #11） ¥168.00、第 2 次巡查（2026-05-02，存证 #12） ¥168.00、"
        "第 3 次巡查（2026-05-03，存证 #13） ¥158.00、第 4 次巡查（2026-05-04，存证 #14） ¥168.00、"
        "第 5 次巡查（2026-05-05，存证 #15） ¥148.00、第 6 次巡查（2026-05-06，存证 #16） ¥168.00、"
        "第 7 次巡查（2026-05-07，存证 #17） ¥168.00；最高 ¥168.00），"
        "该划线价在此前 7 日内从未作为实际售价出现" + RULE
    )
    assert finding.subject_url == URL
    assert finding.captures == [31]
    assert finding.snippet == "划线价 ¥298.00；此前 7 晚最高售价 ¥168.00"


@pytest.mark.parametrize(
    ("subject", "snippet"),
    [
        (listing(("original", 298, "划线价")), "划线价 ¥298.00；此前 7 晚最高售价 ¥168.00"),
        (listing(("original", 399, "专柜价")), "专柜价 ¥399.00；此前 7 晚最高售价 ¥168.00"),
        (listing(("original", 168.01, "原价")), "原价 ¥168.01；此前 7 晚最高售价 ¥168.00"),
        (listing(("original", 298, "")), "原价 ¥298.00；此前 7 晚最高售价 ¥168.00"),
        (
            listing(("original", 200, "原价"), ("original", 260, "专柜价")),
            "专柜价 ¥260.00；此前 7 晚最高售价 ¥168.00",
        ),
        (
            listing(("original", 298, "划线价"), history=(298, *WEEK)),
            "划线价 ¥298.00；此前 7 晚最高售价 ¥168.00",
        ),
    ],
    ids=[
        "struck-through",
        "counter-price",
        "one-fen-above",
        "unlabelled",
        "highest-of-two-originals",
        "offered-eight-nights-ago",
    ],
)
def test_fires(ref, subject, snippet):
    (finding,) = fictitious_original_price.check(subject, ref)
    assert finding.snippet == snippet


@pytest.mark.parametrize(
    "subject",
    [
        # the original price was the price to pay on one of the 7 nights before
        listing(("original", 29.9, "原价"), history=(29.9, 29.9, 29.9, 25.9, 25.9, 25.9, 25.9)),
        listing(("original", 128, "原价"), history=(99, 128, 99, 99, 99, 99, 99)),
        # equal to the highest price of the week, in float noise
        listing(
            ("original", 45.9, "原价"), history=(39.9, 45.9000000001, 39.9, 42.9, 39.9, 39.9, 39.9)
        ),
        listing(("original", 168, "划线价")),
        # below the highest price of the week
        listing(("original", 160, "划线价")),
        # fewer than 7 nights of history
        listing(("original", 298, "划线价"), history=WEEK[:6]),
        listing(("original", 298, "划线价"), history=()),
        # no original price shown
        listing(("offered", 158, "券后价"), ("offered", 168, "")),
        # a higher price within the 7 nights before (an eighth, older night does not count)
        listing(("original", 298, "划线价"), history=(100, 299, *WEEK[:6])),
    ],
    ids=[
        "offered-three-nights-ago",
        "offered-once",
        "float-equal",
        "equal-to-max",
        "below-max",
        "six-nights",
        "no-history",
        "no-original",
        "higher-price-within-week",
    ],
)
def test_near_misses_do_not_fire(ref, subject):
    assert list(fictitious_original_price.check(subject, ref)) == []
