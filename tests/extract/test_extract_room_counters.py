"""Room counters whose labels end in the noun they count (已售件数, 点赞次数) in any layout."""

import pytest
from parsel import Selector

from crawler.extract.room import extract_room
from crawler.items import Page

TABLE_ROW = (
    "<html><body><h2>零食狂欢夜</h2><table><tr><td>在线人数</td><td><b>2,608</b></td>"
    "<td>累计观看</td><td><b>39,045</b></td><td>已售件数</td><td><b>4,963</b></td>"
    "<td>点赞次数</td><td><b>1.2万</b></td></tr></table></body></html>"
)
DL = (
    "<html><body><h1>零食狂欢夜</h1><dl><dt>在线人数</dt><dd>2,608</dd><dt>累计观看</dt>"
    "<dd>39,045</dd><dt>已售数量</dt><dd>4,963</dd><dt>点赞次数</dt><dd>1.2万</dd></dl>"
    "</body></html>"
)
INLINE = (
    "<html><body><h1>零食狂欢夜</h1><p>在线人数：2,608 · 累计观看：39,045</p>"
    "<p>已售件数：4,963 · 点赞次数：1.2万</p></body></html>"
)


@pytest.mark.parametrize("html", [TABLE_ROW, DL, INLINE], ids=["table-row", "dl", "inline"])
def test_counter_labels_with_a_counted_noun_are_read(html):
    page = Page(url="http://shop.test/live/10", body=html.encode())
    counters = extract_room(Selector(text=html), "", page)["counters"]
    assert counters == {"online": 2_608, "viewers": 39_045, "likes": 12_000, "sold": 4_963}


def test_products_whose_yen_sign_is_its_own_element_are_read():
    html = (
        "<html><body><h1>美妆好物分享</h1><div>主播：苏苏</div>"
        "<div><div>1. 保湿面霜 50g <span class='yen'>¥</span>89.00</div>"
        "<div>2. 口红小样套装 <i>￥</i>59.00</div></div></body></html>"
    )
    page = Page(url="http://shop.test/live/3", body=html.encode())
    products = extract_room(Selector(text=html), "", page)["products"]
    assert [p["price"] for p in products] == [89.0, 59.0]
