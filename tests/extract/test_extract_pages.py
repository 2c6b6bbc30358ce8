"""Page facts: role from content, links, prices, breadcrumb, canonical URLs, JS shells."""

import pytest

from crawler.extract.pages import extract, looks_like_js_shell
from crawler.extract.text import parse

CHROME = "<header>某某商城 <a href='/'>首页</a> <a href='/c/food'>食品</a></header>{}<footer>浙ICP备1号</footer>"
CARD = "<li><a href='/goods/{0}'><img src='{0}.jpg'>好茶 {0} 号</a><em>￥{0}9.00</em></li>"
SHOP = (
    "<h1>好茶旗舰店</h1><ul>" + "".join(CARD.format(n) for n in range(1, 7)) + "</ul>"
    "<p>经营者：杭州好茶贸易有限公司 <a href='/s/9/zz'>亮照</a></p><p>客服电话：0571-88886666</p>"
)
LISTING = (
    "<div>首页 &gt; 食品饮料 &gt; 茶叶</div><h1>西湖龙井 明前特级 250g</h1>"
    "<div>券后价 <b>¥</b><b>159</b> <del>¥299</del></div><button>立即购买</button>"
    "<a href='/s/9'>进入店铺</a><h3>猜你喜欢</h3><ul>" + CARD.format(7) + "</ul>"
)
LICENCE = (
    "<h2>证照信息</h2><table><tr><td>名称</td><td>杭州好茶贸易有限公司</td></tr>"
    "<tr><td>统一社会信用代码</td><td>91330106MA2B0XXXXX</td></tr><tr><td>登记机关</td><td>西湖区市场监督管理局</td></tr>"
    "</table><a href='/s/9'>返回店铺</a>"
)
LICENCE_IMAGE = "<h1>营业执照</h1><img src='/lic/9.jpg'><a href='/s/9'>返回店铺</a>"
CATEGORY = (
    "<div>首页 &gt; 食品饮料</div><ul>"
    + "".join(CARD.format(n) + f"<li><a href='/s/{n}'>进入店铺</a></li>" for n in range(1, 7))
    + "</ul><a href='/c/food?page=2'>下一页</a>"
)
JSONLD_LISTING = (
    '<script type="application/ld+json">{"@context":"https://schema.org","@type":"Product",'
    '"name":"安吉白茶","category":"茶叶","offers":{"@type":"AggregateOffer","lowPrice":"59",'
    '"highPrice":"99","priceCurrency":"CNY","seller":{"@type":"Organization","name":"好茶旗舰店",'
    '"url":"/s/9"}}}</script><h1>安吉白茶</h1><p>¥59-¥99</p>'
)
HOME = "<h1>某某商城</h1><ul><li><a href='/c/food'>食品饮料</a></li><li><a href='/c/tea'>茶叶</a></li></ul>"


@pytest.mark.parametrize(
    ("fragment", "role"),
    [
        (SHOP, "shop"),
        (LISTING, "listing"),
        (LICENCE, "licence"),
        (LICENCE_IMAGE, "licence"),
        (CATEGORY, "other"),
        (JSONLD_LISTING, "listing"),
        (HOME, "other"),
    ],
    ids=["shop", "listing", "licence", "licence-image", "category", "jsonld-listing", "home"],
)
def test_role_comes_from_content_with_or_without_platform_chrome(fragment, role, page):
    assert extract(page(fragment))["role"] == role
    assert extract(page(CHROME.format(fragment)))["role"] == role


@pytest.mark.parametrize(
    ("fragment", "rel", "url"),
    [
        (LISTING, "shop", "http://shop.test/s/9"),
        (SHOP, "licence", "http://shop.test/s/9/zz"),
        (SHOP, "listing", "http://shop.test/goods/3"),
        (CATEGORY, "next", "http://shop.test/c/food?page=2"),
        (JSONLD_LISTING, "shop", "http://shop.test/s/9"),
        ("<p>店铺：<a href='/s/9'>好茶</a></p>", "shop", "http://shop.test/s/9"),
        ("<a href='/x'>营业执照信息</a>", "licence", "http://shop.test/x"),
        ("<a href='/x'>经营者信息</a>", "licence", "http://shop.test/x"),
        ("<link rel='next' href='/p2'>", "next", "http://shop.test/p2"),
    ],
)
def test_links_are_typed_by_wording_and_layout(fragment, rel, url, page):
    links = {lk["url"]: lk["rel"] for lk in extract(page(fragment))["links"]}
    assert links.get(url) == rel


@pytest.mark.parametrize(
    ("fragment", "prices"),
    [
        ("<p>券后价 ¥159</p><p>原价：¥299</p>", [("offered", 159.0), ("original", 299.0)]),
        ("<p>到手价￥59.90 <del>￥99</del></p>", [("offered", 59.9), ("original", 99.0)]),
        ("<p>¥59-¥99</p>", [("offered", 59.0), ("offered", 99.0)]),
        ("<p>价格：59 - 99 元</p>", [("offered", 59.0), ("offered", 99.0)]),
        ("<p>促销价 <span>¥</span><span>88</span><span>.50</span></p>", [("offered", 88.5)]),
        (
            "<p><span style='text-decoration: line-through'>¥399</span> 现价 ¥199</p>",
            [("original", 399.0), ("offered", 199.0)],
        ),
        ("<p>专柜价 ¥1,299</p><p>秒杀价 ¥699</p>", [("original", 1299.0), ("offered", 699.0)]),
        ("<p>¥199</p><p>满199减20 领券立减¥20 运费 ¥10 省¥40</p>", [("offered", 199.0)]),
        (
            "<div>划线价</div><div>¥299</div><div>¥199</div>",
            [("original", 299.0), ("offered", 199.0)],
        ),
    ],
)
def test_prices_are_offered_or_original_by_label_and_markup(fragment, prices, page):
    found = extract(page(fragment))["prices"]
    assert [(p["kind"], p["value"]) for p in found] == prices


def test_other_products_cards_are_not_the_listings_prices(page):
    found = extract(page(LISTING))["prices"]
    assert [(p["kind"], p["value"]) for p in found] == [("offered", 159.0), ("original", 299.0)]


def test_jsonld_offers_give_prices_category_and_title(page):
    facts = extract(page(JSONLD_LISTING))
    assert sorted(p["value"] for p in facts["prices"]) == [59.0, 99.0]
    assert (facts["title"], facts["category"]) == ("安吉白茶", "茶叶")


@pytest.mark.parametrize(
    ("fragment", "crumbs"),
    [
        ("<div>首页 &gt; 食品饮料 &gt; 茶叶</div>", ["首页", "食品饮料", "茶叶"]),
        ("<p>当前位置：全部分类 / 医疗器械 / 血压计</p>", ["全部分类", "医疗器械", "血压计"]),
        (
            (
                "<nav aria-label='breadcrumb'><ol><li><a href='/'>首页</a></li><li><a href='/c'>食品</a></li>"
                "<li>茶叶</li></ol></nav>"
            ),
            ["首页", "食品", "茶叶"],
        ),
        (
            (
                '<script type="application/ld+json">{"@type":"BreadcrumbList","itemListElement":['
                '{"@type":"ListItem","position":2,"name":"茶叶"},{"@type":"ListItem","position":1,"name":"食品"}]}'
                "</script>"
            ),
            ["食品", "茶叶"],
        ),
    ],
)
def test_breadcrumb_in_text_lists_or_structured_data(fragment, crumbs, page):
    assert extract(page(fragment))["breadcrumb"] == crumbs


SHELL = (
    "<html><head><title>直播间</title></head><body><div id='app'></div>"
    "<noscript>请开启 JavaScript 观看直播</noscript>"
    "<script>fetch('/api/room/1').then(r => r.json()).then(draw)</script></body></html>"
)
STATIC_WITH_WIDGET = (
    "<html><body><h1>西湖龙井</h1><p>" + "明前特级龙井，产自西湖核心产区。" * 30 + "</p>"
    "<div id='reviews'></div><script>fetch('/api/reviews').then(show)</script></body></html>"
)


@pytest.mark.parametrize(
    ("html", "shell"),
    [
        (SHELL, True),
        ("<html><body><div id='root'></div><script src='/app.js'></script></body></html>", True),
        (STATIC_WITH_WIDGET, False),
        ("<html><body><h1>好茶</h1><p>" + "经营者：杭州好茶。" * 40 + "</p></body></html>", False),
        ("<html><body><p>404 页面不存在</p></body></html>", False),
    ],
    ids=["empty-mount-fetch", "empty-mount-bundle", "static-with-widget", "static", "error-page"],
)
def test_js_shell_detection(html, shell, page):
    facts = extract(page(html))
    assert facts["needs_browser"] is shell
    assert looks_like_js_shell(parse(html), facts["text"]) is shell


def test_a_shell_room_is_a_room_to_render(page):
    assert extract(page(SHELL))["role"] == "room"


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"\x00" * 1000,
        bytes(range(256)) * 50,
        b"<html><body><table><tr><td>",
        b"<?xml version='1.0' encoding='gbk'?><html><body>\xba\xc3</body></html>",
        b"<" * 10000,
        b"<div>" * 5000,
    ],
)
def test_malformed_empty_or_binary_bodies_never_raise(body):
    from crawler.items import Page

    facts = extract(
        Page(url="http://shop.test/x", body=body, headers={"content-type": "image/png"})
    )
    assert facts["role"] in ("other", "shop", "listing", "licence", "room")
    assert isinstance(facts["disclosures"], list)


def test_a_category_menu_in_platform_chrome_is_not_the_pages_category(page):
    html = (
        "<html><head><title>靠枕_家居</title></head><body>"
        "<div>您好，欢迎光临！ <a href='/login'>登录</a> <a href='/h'>足迹</a> <a href='/c'>购物车</a></div>"
        "<div class='cats'>全部分类：<a href='/c/tea'>茶叶</a> | <a href='/c/home'>家纺</a> | "
        "<a href='/c/books'>图书</a></div>"
        "<div><h1>北欧风 抱枕靠垫</h1><p>价格：¥ 59.00</p>"
        "<p>卖家：<a href='/shop/9'>暖居家纺</a></p><p>商品介绍：纯棉面料，可拆洗。</p></div>"
        "<div>Copyright © 2026 某某网络科技有限公司 版权所有 浙ICP备12345678号</div>"
        "</body></html>"
    )
    assert extract(page(html))["category"] == ""


def test_a_listing_named_only_in_its_title_loses_the_sites_name_and_names_its_shop(page):
    html = (
        "<html><head><title>明前龙井 特级 250g-禾丰集市</title></head><body>"
        "<div><a href='/'>首页</a> <a href='/login'>登录</a> <a href='/cart'>购物车</a></div>"
        "<div>位置：首页 &gt; 食品饮料 &gt; 茶叶</div>"
        "<div><div>明前龙井 特级 250g</div><div>价格：<span>¥</span><span>128.00</span></div>"
        "<div>所属店铺：禾丰茶庄 <a href='/m/shop-3.html'>进店逛逛</a></div>"
        "<button>立即购买</button><button>加入购物车</button>"
        "<div>商品介绍：产自西湖产区，明前采摘。</div></div>"
        "<div>客服热线：400-155-0551 Copyright © 2026 合肥禾丰网络科技有限公司 "
        "皖ICP备2021017325号-2</div></body></html>"
    )
    facts = extract(page(html, url="http://m.test/p/345.html"))
    assert (facts["role"], facts["title"], facts["shop_name"]) == (
        "listing",
        "明前龙井 特级 250g",
        "禾丰茶庄",
    )


@pytest.mark.parametrize(
    ("title", "head"),
    [
        ("西湖龙井 250g-禾丰集市", "西湖龙井 250g"),
        ("唐诗三百首 电子版_电子书_图书音像-禾丰集市", "唐诗三百首 电子版"),
        ("T-shirt 男款 - 某商城", "T-shirt 男款"),
        ("2024-05 新款连衣裙", "2024-05 新款连衣裙"),
        ("iPhone 15 Pro | 某商城", "iPhone 15 Pro"),
    ],
)
def test_a_pages_own_name_is_read_from_its_title_before_the_sites(title, head):
    from crawler.extract.pages import _title_head

    assert _title_head(title) == head
