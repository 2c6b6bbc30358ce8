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
        # postage in a row is the item's shipping, not a postage link: still a refusal
        (Listing(URL, title="纯棉T恤", text="邮费：包邮\n不支持7天无理由"), "不支持7天无理由"),
    ],
    ids=["claim", "text", "not-custom", "postage-row"],
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
        Listing(URL, title="邮费补拍 1元", text="承诺：不支持7天无理由"),  # no goods sold
    ],
    ids=[
        "custom",
        "fresh",
        "flowers",
        "digital",
        "periodicals",
        "confirmed",
        "supports-returns",
        "postage-link",
    ],
)
def test_near_misses_do_not_fire(subject):
    assert list(returns_refused.check(subject, None)) == []


# Through extraction (HTML → facts → assembly → check), in running text, tables and dl.
TIP = "<p class='tip'>定制、生鲜等商品除外</p>"
FIRES = [
    ("纯棉T恤", "<p>本店商品售出概不退换</p>", "售出概不退换", ""),
    (
        "连衣裙",
        "<table><tr><th>七天无理由退货</th><td>不支持</td></tr></table>",
        "不支持七天无理由",
        "",
    ),
    (
        "连衣裙",
        "<table><tr><th>服务说明</th><td>七天无理由退货</td><td>不支持</td></tr></table>",
        "不支持七天无理由",
        "",
    ),
    ("运动鞋", "<dl><dt>七天无理由</dt><dd>×</dd></dl>", "不支持七天无理由", ""),
    ("蓝牙耳机", "<p>电子产品拆封后不退不换</p>", "不退不换", "“拆封”不足以适用"),
    ("运动鞋", "<p>非定制商品，不支持7天无理由</p>", "不支持7天无理由", "“定制”为否定或引述"),
    (
        "加绒卫衣",
        f"<p>特价商品，不支持七天无理由退货</p>{TIP}",
        "不支持七天无理由",
        "见于页面其他位置",
    ),
    ("牛仔裤", "<p>根据平台规则，本店特价商品不支持七天无理由退货</p>", "不支持七天无理由", ""),
    ("羽绒服", "<ul><li>清仓特价</li><li>不退不换</li></ul>", "不退不换", ""),
    ("保温杯", "<p>不接受退货</p><p>品牌：生鲜优选</p>", "不接受退货", "见于页面其他位置"),
    (
        "台灯",
        "<table><tr><th>服务</th><th>说明</th></tr><tr><td>退换</td><td>不支持退换</td></tr></table>",
        "不支持退换",
        "",
    ),
    ("电竞椅", "<dl><dt>售后政策</dt><dd>一经售出概不退换</dd></dl>", "一经售出概不退换", ""),
]


@pytest.mark.parametrize(("title", "fragment", "snippet", "ruled_out"), FIRES)
def test_refusals_in_any_markup_fire(listing_page, title, fragment, snippet, ruled_out):
    (finding,) = returns_refused.check(listing_page(title, fragment), None)
    assert finding.snippet == snippet
    assert ruled_out in finding.message
    assert finding.captures == [7]


def test_a_ruled_out_exemption_is_named_with_its_article(listing_page):
    (finding,) = returns_refused.check(
        listing_page("蓝牙耳机", "<p>电子产品拆封后不退不换</p>"), None
    )
    assert "（已排除：消费者拆封的音像制品、计算机软件等数字化商品：" in finding.message
    assert "消费者权益保护法第二十五条第一款第（三）项、暂行办法第六条第（三）项" in finding.message


NEAR_MISSES = [
    ("定制刻字钢笔", "<p>定制商品，不支持七天无理由退货</p>"),  # custom-made, §25 ¶1 (一)
    ("赣南脐橙", "<table><tr><th>服务说明</th><td>生鲜商品不退不换</td></tr></table>"),  # (二)
    ("Office 激活码", "<p>激活码在线发送，不支持七天无理由退货</p>"),  # digital, (三)
    ("《读者》2025年全年", "<dl><dt>退换</dt><dd>杂志订阅不支持七天无理由退货</dd></dl>"),  # (四)
    ("正版音乐CD", "<dl><dt>售后</dt><dd>光盘拆封后不支持七天无理由退货</dd></dl>"),  # (三)
    (
        "临期零食",
        (
            "<p>特价商品，不支持七天无理由退货</p>"
            "<label><input type='checkbox'>我已知悉本商品不支持七天无理由退货</label>"
        ),
    ),  # confirmation shown, §25 ¶2, 暂行办法 §7
    ("纯棉T恤", "<p>平台规则：商家不得以任何理由拒绝七天无理由退货</p>"),  # quoted rule
    ("纯棉T恤", "<p>商家不得以特价为由拒绝七天无理由退货</p>"),  # prohibited
    ("纯棉T恤", "<p>谨防商家以“不支持七天无理由”为由推脱</p>"),  # warned, quoted
    ("纯棉T恤", "<table><tr><th>七天无理由退货</th><td>支持</td></tr></table>"),  # structured yes
    (
        "纯棉T恤",
        "<p>根据《网络购买商品七日无理由退货暂行办法》第六条，下列商品不支持七天无理由退货</p>",
    ),  # the law quoted, not this item
    (
        "游戏充值卡 100元",
        "<table><tr><th>商品类型</th><td>虚拟商品</td></tr><tr><th>七天无理由</th><td>不支持</td></tr></table>",
    ),  # a spec row says digital
]


@pytest.mark.parametrize(("title", "fragment"), NEAR_MISSES)
def test_exempt_quoted_prohibited_or_confirmed_do_not_fire(listing_page, title, fragment):
    assert list(returns_refused.check(listing_page(title, fragment), None)) == []


def test_a_delivery_line_of_this_item_makes_it_exempt(listing_page):
    fragment = "<p>发货方式：在线发送激活码</p><p>售后：不支持七天无理由退货</p>"
    assert list(returns_refused.check(listing_page("Windows 11 专业版", fragment), None)) == []


def test_a_brand_filter_does_not_make_it_exempt(listing_page):
    fragment = "<dl><dt>品牌</dt><dd>鲜花坊</dd></dl><p>售后：不支持七天无理由退货</p>"
    (finding,) = returns_refused.check(listing_page("纯棉T恤", fragment), None)
    assert "“鲜花”见于页面其他位置" in finding.message


LAW = (
    "<p>依据《消费者权益保护法》第二十五条，消费者有权自收到商品之日起七日内退货，但下列商品除外："
    "消费者定制的；鲜活易腐的；在线下载或者消费者拆封的音像制品、计算机软件等数字化商品；交付的报纸、期刊。"
    "其他根据商品性质并经消费者在购买时确认不宜退货的商品，不适用无理由退货。</p>"
)


@pytest.mark.parametrize(
    ("fragment", "snippet"),
    [
        ("<p>品名：连衣裙<br>七天无理由退货：不支持</p>", "不支持七天无理由"),
        ("<div>七天无理由退货：不支持（特价）</div>", "不支持七天无理由"),
        (
            f"<p>售后：售出概不退换</p><details><summary>平台退货规则</summary>{LAW}</details>",
            "售出概不退换",
        ),
        (f"<p>七天无理由退货：不支持</p>{LAW}", "不支持七天无理由"),
    ],
    ids=["br-line", "div-line", "law-quote-in-accordion", "law-quote-with-confirmation"],
)
def test_a_law_quoted_in_general_exempts_nothing(listing_page, fragment, snippet):
    """The law's own list of exempt goods, quoted for every item, says nothing of this one:
    not its 定制, not its 经消费者在购买时确认 (rendering n)."""
    (finding,) = returns_refused.check(listing_page("法式碎花连衣裙", fragment), None)
    assert finding.snippet == snippet


def test_a_sellers_citation_of_the_law_for_this_item_still_exempts(listing_page):
    fragment = "<p>根据《消费者权益保护法》第二十五条，本商品为定制商品，不支持七天无理由退货。</p>"
    assert not list(returns_refused.check(listing_page("刻字钢笔", fragment), None))


def test_a_label_value_line_that_is_no_verdict_is_no_refusal(listing_page):
    fragment = "<p>七天无理由退货：支持<br>退换说明：收到商品七日内可退</p>"
    assert not list(returns_refused.check(listing_page("连衣裙", fragment), None))
