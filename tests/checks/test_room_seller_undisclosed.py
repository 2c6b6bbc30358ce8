"""room.seller_undisclosed: products for sale need a named or linked shop or operator."""

import pytest

from checks.base import Disclosure, Room
from checks.room import seller_undisclosed

URL = "http://127.0.0.1:8000/live/88"
PRODUCTS = [{"title": "明前龙井 250g", "price": 89}, {"title": "白茶饼", "price": 129}]


def test_fires_with_products_and_no_seller():
    (finding,) = seller_undisclosed.check(Room(URL, products=PRODUCTS, captures=[40]), None)
    assert finding.message == (
        f"直播间 {URL} 销售 2 件商品，如 “明前龙井 250g”，但未标明或链接销售商品的店铺或经营者，"
        "不符合网络直播营销管理办法（试行）第十八条"
    )
    assert finding.captures == [40]
    assert finding.snippet == "明前龙井 250g；白茶饼"


def test_fires_when_the_seller_is_blank():
    room = Room(URL, products=[{"title": ""}], sellers=[Disclosure("店铺", " ")])
    (finding,) = seller_undisclosed.check(room, None)
    assert finding.message.startswith(f"直播间 {URL} 销售 1 件商品，但未标明")


@pytest.mark.parametrize(
    "room",
    [
        Room(
            URL,
            products=PRODUCTS,
            sellers=[Disclosure("店铺", "小王茶铺", "http://127.0.0.1:8000/shop/7")],
        ),
        Room(URL, products=PRODUCTS, sellers=[Disclosure("经营者", "杭州小王茶业有限公司")]),
        Room(URL),  # sells nothing
    ],
    ids=["linked-shop", "named-operator", "no-products"],
)
def test_near_misses_do_not_fire(room):
    assert list(seller_undisclosed.check(room, None)) == []
