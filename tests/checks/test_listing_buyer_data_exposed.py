"""listing.buyer_data_exposed: a buyer's full mobile, ID number, or name with address."""

import pytest

from checks.base import Listing
from checks.listing import buyer_data_exposed

URL = "http://127.0.0.1:8000/item/42"


def test_message_shows_the_data_masked():
    subject = Listing(
        URL,
        text="买家 13812345678：茶很好喝\n收货人：王小明 浙江省杭州市西湖区文三路 90 号",
        captures=[31],
    )
    (finding,) = buyer_data_exposed.check(subject, None)
    assert finding.message == (
        f"商品 {URL} 的公开页面展示了买家的完整个人信息：手机号 138****5678、姓名 王** 及地址 “浙江省杭州市…”"
        "（此处已打码），违反个人信息保护法第十条及“十不准”第三项（不准侵害消费者个人信息）"
    )
    assert "13812345678" not in finding.message + finding.snippet
    assert finding.captures == [31]


@pytest.mark.parametrize(
    ("text", "snippet"),
    [
        ("评价：身份证 11010519491231002X 已认证", "身份证号 1101**********002X"),
        ("用户 139 5713 2468 已购买", "手机号 139****2468"),
        ("最近成交：186-1234-5678 购买了 2 件", "手机号 186****5678"),
    ],
    ids=["id-number", "spaced-mobile", "recent-orders"],
)
def test_fires(text, snippet):
    (finding,) = buyer_data_exposed.check(Listing(URL, text=text), None)
    assert finding.snippet == snippet


@pytest.mark.parametrize(
    "text",
    [
        "买家 138****5678：茶很好喝",
        "收货人：张* 浙江省杭州市****",
        "身份证 3301**********1234",
        "客服热线 13812345678，欢迎咨询",  # the shop's own number
        "订单号 110105194912310021",  # an 18-digit number that is not a valid ID
        "联系电话：0571-87023456",
    ],
    ids=["masked-mobile", "masked-name", "masked-id", "shop-hotline", "not-an-id", "landline"],
)
def test_near_misses_do_not_fire(text):
    assert list(buyer_data_exposed.check(Listing(URL, text=text), None)) == []
