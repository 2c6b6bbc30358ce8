"""A listing's own words: not the platform's link bars, not the links to other goods beside it."""

import pytest

from crawler.extract.pages import extract


def listing_facts(page, html: str, url: str) -> dict:
    """The facts extracted from `html` served at `url`, a page taken for a listing."""
    facts = extract(page(html, url=url))
    assert facts["role"] == "listing"
    return facts


# Platform bars without <header>/<nav>: a greeting and a few links, then a category bar.
BARS_DIV = (
    "<div><div>欢迎来到某某商城！ <a href='/seller/'>卖家中心</a> | <a href='/h?sid=1'>浏览记录</a> |"
    " <a href='/cart'>购物车</a></div></div>"
    "<div><a href='/'>某某商城</a><ul><li><a href='/'>首页</a></li><li><a href='/l/fresh'>水果蔬菜</a></li>"
    "<li><a href='/l/device'>医疗器械</a></li><li><a href='/l/drug'>非处方药</a></li>"
    "<li><a href='/l/custom'>刻字定制</a></li><li><a href='/l/tea'>茶叶</a></li></ul></div>"
)
BARS_TABLE = (
    "<table><tr><td>您好，请登录</td><td><a href='/login'>登录</a></td><td><a href='/reg'>注册</a></td>"
    "<td><a href='/orders'>我的订单</a></td></tr></table>"
    "<p><a href='/c/1'>医疗器械</a> <a href='/c/2'>非处方药</a> <a href='/c/3'>刻字定制</a>"
    " <a href='/c/4'>保健食品</a></p>"
)
ITEM = (
    "<div><div>首页 › 服饰鞋包 › <a href='/l/cloth'>女装</a></div><h2>碎花连衣裙 夏季</h2>"
    "<table><tr><td>价格</td><td>￥189</td></tr></table><button>加入购物车</button>"
    "<div>卖家：<a href='/store?id=17'>潮流服饰工作室</a></div>"
    "<p>特价商品，不支持七天无理由退货</p></div>"
    "<div><p>某某商城 版权所有 © 2026</p><p>客服电话：400-886-0574</p></div>"
)


@pytest.mark.parametrize("bars", [BARS_DIV, BARS_TABLE], ids=["div-bars", "table-and-p-bars"])
def test_leading_link_bars_with_a_greeting_are_platform_chrome(bars, page):
    facts = listing_facts(page, bars + ITEM, "http://shop.test/goods?gid=1")
    assert "不支持七天无理由退货" in facts["text"]
    for word in ("医疗器械", "非处方药", "刻字定制", "我的订单", "浏览记录"):
        assert word not in facts["text"]
        assert word not in facts["claims"]


RELATED_LIST = (
    "<main><h1>纯棉圆领T恤</h1><p>售价 ¥89.00</p><p>店铺：<a href='/shop/30'>进入店铺</a></p>"
    "<ul><li>260g 重磅棉</li><li>不起球</li></ul>"
    "<aside><h2>猜你喜欢</h2><ul><li><a href='/item/5;jsessionid=A1'>降血糖苦瓜茶 30袋</a></li>"
    "<li><a href='/item/7'>京八件 传统糕点礼盒 1.2kg</a></li></ul></aside></main>"
)
RELATED_RUN = (
    "<div><div><h2>纯棉圆领T恤</h2><table><tr><td>价格</td><td>￥89</td></tr></table>"
    "<div>卖家：<a href='/store.php?id=30'>潮汇服饰</a></div>"
    "<div><p>260g 重磅棉</p><p>不起球</p></div></div>"
    "<div><h3>相关推荐</h3><a href='/goods?gid=5&sid=A1'>降血糖苦瓜茶 30袋</a> "
    "<a href='/goods?gid=7&sid=B2'>京八件 传统糕点礼盒 1.2kg</a></div></div>"
)


@pytest.mark.parametrize("html", [RELATED_LIST, RELATED_RUN], ids=["aside-list", "div-run"])
def test_links_to_other_goods_are_neither_claims_nor_the_listings_text(html, page):
    facts = listing_facts(page, html, "http://shop.test/item/3001")
    assert "重磅棉" in facts["text"]
    for other in ("降血糖苦瓜茶 30袋", "京八件 传统糕点礼盒 1.2kg"):
        assert other not in facts["claims"]
        assert other not in facts["text"]
    # the links are still there for the crawl to follow
    assert any("降血糖" in lk["text"] for lk in facts["links"])


def test_a_listings_own_list_items_remain_claims(page):
    facts = listing_facts(page, RELATED_LIST, "http://shop.test/item/3001")
    assert {"260g 重磅棉", "不起球"} <= set(facts["claims"])


DETAIL_SECTION = (
    "<main><h1>316不锈钢保温杯 500ml</h1><p>售价 ¥89.00</p><a href='/shop/29'>进入店铺</a>"
    "<section><h2>商品详情</h2><p>保温12小时，全网销量第一。</p></section>"
    "<section><h2>买家评价</h2><ul><li>这是我用过最好的杯子</li></ul></section></main>"
)
DETAIL_TABS = (
    "<div><div><h2>316不锈钢保温杯 500ml</h2><table><tr><td>价格</td><td>￥89</td></tr></table>"
    "<button>立即购买</button><div>卖家：<a href='/store.php?id=29'>杯具旗舰店</a></div>"
    "<div><h3>宝贝详情</h3><p>保温12小时，全网销量第一。</p><p></p></div>"
    "<div><h3>累计评价</h3><p>这是我用过最好的杯子</p></div></div></div>"
)


@pytest.mark.parametrize("html", [DETAIL_SECTION, DETAIL_TABS], ids=["section", "tabs"])
def test_the_goods_description_is_read_under_its_heading_and_stops_at_the_next(html, page):
    facts = listing_facts(page, html, "http://shop.test/item/2901")
    assert facts["description"] == "保温12小时,全网销量第一。"


LONG_NAME = "&lt;img src=x onerror=alert(1)&gt;旗舰店"
FEW_LINKS_TABLE = (
    "<div><div>首页 › 家居日用</div><div><h2>316不锈钢保温杯 500ml</h2>"
    "<table><tr><td>价格</td><td>￥89</td></tr></table>"
    f"<div>卖家：<a href='/store.php?id=29'>{LONG_NAME}</a></div>"
    "<div><h3>宝贝详情</h3><p>保温12小时。</p></div></div></div>"
)
FEW_LINKS_DL = (
    "<section><h3>316不锈钢保温杯 500ml</h3><dl><dt>售价</dt><dd>¥89.00</dd>"
    f"<dt>店铺</dt><dd><a href='/shop/29'>{LONG_NAME}</a></dd></dl>"
    "<h4>商品详情</h4><p>保温12小时。</p></section>"
)


@pytest.mark.parametrize("html", [FEW_LINKS_TABLE, FEW_LINKS_DL], ids=["table", "dl"])
def test_a_listing_without_h1_and_with_one_seller_link_is_not_a_product_card(html, page):
    doc = f"<html><head><title>316不锈钢保温杯 500ml_某某商城</title></head><body>{html}</body></html>"
    facts = listing_facts(page, doc, "http://shop.test/goods?gid=2901")
    assert facts["title"] == "316不锈钢保温杯 500ml"
    assert "保温12小时" in facts["text"]
    shop_links = [lk for lk in facts["links"] if lk["rel"] == "shop"]
    assert [lk["text"] for lk in shop_links] == ["<img src=x onerror=alert(1)>旗舰店"]
