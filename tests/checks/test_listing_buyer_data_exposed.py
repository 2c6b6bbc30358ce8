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


# Through extraction (HTML → facts → assembly → check): reviews, 成交记录 tables, dl, feeds.
ID_A, ID_B = "330106198507152318", "110108198812123451"  # valid under cn.ric
FIRES = [
    ("<ul class='reviews'><li>买家 13812345678：茶很好喝</li></ul>", "手机号 138****5678"),
    (
        (
            f"<h2>成交记录</h2><table><tr><th>买家</th><th>身份证号</th><th>时间</th></tr>"
            f"<tr><td>李*</td><td>{ID_A}</td><td>2025-05-01</td></tr></table>"
        ),
        "身份证号 3301**********2318",
    ),
    (
        (
            "<table><tr><th>买家</th><th>手机</th><th>数量</th></tr>"
            "<tr><td>张*</td><td>13957126684</td><td>1</td></tr></table>"
        ),
        "手机号 139****6684",
    ),
    (
        "<h2>累计评价</h2><table><tr><td>13957126684</td><td>第二次回购了，很好喝。</td></tr></table>",
        "手机号 139****6684",
    ),  # a reviewer shown by a bare mobile, in a table
    ("<div class='rv'><span>13957126684</span>：物流很快</div>", "手机号 139****6684"),
    (
        "<h3>近期成交</h3><ul class='feed'><li>王建国 浙江省杭州市西湖区文三路90号 刚刚下单</li></ul>",
        "姓名 王** 及地址 “浙江省杭州市…”",
    ),
    ("<p>收货人：王小明 浙江省杭州市西湖区文三路 90 号</p>", "姓名 王** 及地址 “浙江省杭州市…”"),
    (
        (
            "<table><tr><th>收货人</th><th>收货地址</th><th>状态</th></tr>"
            "<tr><td>赵丽</td><td>浙江省杭州市西湖区文一路100号</td><td>已发货</td></tr></table>"
        ),
        "姓名 赵* 及地址 “浙江省杭州市…”",
    ),
    ("<dl><dt>买家</dt><dd>18612345678</dd></dl>", "手机号 186****5678"),
    ("<p>最近成交：186-1234-5678 购买了 2 件</p>", "手机号 186****5678"),
    ("<ul class='feed'><li>用户 139 5713 2468 已购买</li></ul>", "手机号 139****2468"),
    (
        "<dl><dt>近期成交</dt><dd>刘洋 上海市浦东新区世纪大道100号 已签收</dd></dl>",
        "姓名 刘* 及地址 “上海市浦东新…”",
    ),
    (f"<dl><dt>证件号码</dt><dd>{ID_B}</dd></dl>", "身份证号 1101**********3451"),
    (  # a 拼单 feed entry whose name and address are blocks one under the other
        (
            "<ul><li><div><span>王建国</span></div><div>浙江省杭州市西湖区文三路90号</div>"
            "<div>已发货</div></li></ul>"
        ),
        "姓名 王** 及地址 “浙江省杭州市…”",
    ),
]


@pytest.mark.parametrize(("fragment", "snippet"), FIRES)
def test_buyer_data_in_any_markup_fires_masked(listing_page, fragment, snippet):
    (finding,) = buyer_data_exposed.check(listing_page("西湖龙井 250g", fragment), None)
    assert finding.snippet == snippet
    assert finding.captures == [7]
    assert not any(d in finding.message for d in ("13812345678", "13957126684", ID_A, ID_B))


NEAR_MISSES = [
    "<ul class='reviews'><li>买家 138****5678：茶很好喝</li><li>t***9：物流很快</li></ul>",
    "<table><tr><th>买家</th><th>身份证号</th></tr><tr><td>李*</td><td>3301**********1234</td></tr></table>",
    "<p>客服热线 13812345678</p>",
    "<table><tr><th>客服电话</th><td>13812345678</td></tr><tr><th>售后</th><td>在线</td></tr></table>",
    f"<p>订单号：{ID_A}</p>",  # an order number that happens to pass cn.ric
    "<p>订单号 202505011234567890</p>",  # fails cn.ric (no such birth date)
    "<ul class='feed'><li>张* 浙江省杭州市**** 刚刚下单</li></ul>",
    "<p>发货地址：浙江省杭州市西湖区文三路100号</p>",  # the shop's, no name
    "<p>联系我们：13812345678</p><table><tr><td>13812345678</td><td>工作日 9:00-18:00</td></tr></table>",
    "<dl><dt>售后电话</dt><dd>13812345678</dd></dl>",
    "<p>全国服务热线 400-820-8820</p>",
    "<table><tr><th>买家</th><th>手机</th></tr><tr><td>王**</td><td>139****6684</td></tr></table>",
    "<p>店铺地址：杭州市西湖区文三路100号 营业时间 9:00-21:00</p>",
    # a contact with a title above the shop's address; a seller's block
    "<div><div>王经理</div><div>浙江省杭州市西湖区文三路100号</div></div>",
    "<div><div>李明</div><div>浙江省杭州市西湖区文三路100号 商家发货地址</div></div>",
]


@pytest.mark.parametrize("fragment", NEAR_MISSES)
def test_masked_or_shop_data_does_not_fire(listing_page, fragment):
    assert list(buyer_data_exposed.check(listing_page("西湖龙井 250g", fragment), None)) == []


def test_a_feed_line_with_name_mobile_and_address_shows_both(listing_page):
    fragment = "<ul class='feed'><li>陈静 13812345678 杭州西湖区文三路90号</li></ul>"
    (finding,) = buyer_data_exposed.check(listing_page("西湖龙井 250g", fragment), None)
    assert finding.snippet == "手机号 138****5678；姓名 陈* 及地址 “杭州西湖区文…”"
