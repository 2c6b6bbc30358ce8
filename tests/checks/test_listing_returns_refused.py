"""listing.returns_refused: refusing 七天无理由 outside the exempt categories."""

import pytest

from checks.base import Listing
from checks.listing import returns_refused

URL = "http://127.0.0.1:8000/item/42"


def test_message():
    subject = Listing(URL, title="纯棉 T 恤", description="本店商品售出概不退换", captures=[31])
    (finding,) = returns_refused.check(subject, None)
    assert finding.message == (
        f"商品 {URL}（“纯棉 T 恤”）标示 “售出概不退换”（描述：“本店商品售出概不退换”），拒绝七日无理由退货，"
        "而该商品不属于法定可不适用七日无理由退货的商品，违反消费者权益保护法第二十五条"
    )
    assert finding.snippet == "售出概不退换"


@pytest.mark.parametrize(
    ("subject", "snippet"),
    [
        (Listing(URL, title="蓝牙耳机", claims=["不支持七天无理由退货"]), "不支持七天无理由"),
        (Listing(URL, title="连衣裙", text="特价商品 不退不换"), "不退不换"),
        (Listing(URL, title="运动鞋", text="非定制商品，不支持7天无理由"), "不支持7天无理由"),
    ],
    ids=["claim", "text", "not-custom"],
)
def test_fires(subject, snippet):
    (finding,) = returns_refused.check(subject, None)
    assert finding.snippet == snippet


@pytest.mark.parametrize(
    "subject",
    [
        Listing(URL, title="定制刻字钢笔", description="定制商品，不支持七天无理由退货"),
        Listing(
            URL, title="烟台苹果", breadcrumb=["首页", "生鲜", "水果"], claims=["不支持七天无理由"]
        ),
        Listing(URL, title="鲜花速递 玫瑰 11 支", claims=["不支持七天无理由"]),
        Listing(URL, title="Office 激活码", category="虚拟商品", claims=["不支持七天无理由"]),
        Listing(
            URL,
            title="2025 年《读者》杂志订阅",
            breadcrumb=["图书", "报纸期刊"],
            claims=["不退不换"],
        ),
        Listing(URL, title="临期零食", text="购买时确认不支持七天无理由退货"),
        Listing(URL, title="连衣裙", claims=["支持七天无理由退货"]),
    ],
    ids=["custom", "fresh", "flowers", "digital", "periodicals", "confirmed", "supports-returns"],
)
def test_near_misses_do_not_fire(subject):
    assert list(returns_refused.check(subject, None)) == []
