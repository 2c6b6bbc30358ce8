"""Platform layouts the blind renderings m and n showed (docs/render-m.md, render-n.md), in
more than one markup: the platform's own licence link, a shop's 联系方式 / 公司档案 pages, a
menu laid out as a definition list, a content block that says it is loading, tabs without
links, a merchant's own page and one seller's two links."""

from __future__ import annotations

import pytest

from crawler.extract.assemble import assemble
from crawler.extract.pages import extract
from crawler.items import Page

FOOTER = "<div><p>苏ICP备2024071526号-1 客服热线：400-877-3260</p></div>"


def facts(body: str, url: str = "http://mall.test/p/1", title: str = "t-某某商城", **kw) -> dict:
    html = f"<html><head><title>{title}</title></head><body>{body}{FOOTER}</body></html>"
    return extract(Page(url=url, body=html.encode(), capture_id=1, **kw))


CARDS = "".join(
    f"<li><a href='/p/{n}'>商品{n} 规格{n}</a> ¥{n}9.00 <a href='/shop{n}/index.htm'>{name}</a></li>"
    for n, name in ((2, "山间茶舍"), (3, "云栖茶业旗舰店"), (4, "溪畔茶铺"))
)


@pytest.mark.parametrize(
    "nav",
    [
        "<div><a href='/'>首页</a> <a href='/about/q.html'>平台资质</a></div>",
        "<ul><li><a href='/'>首页</a></li><li><a href='/about/q.html'>本站证照</a></li></ul>",
        "<p><a href='/about/q.html'>网站营业执照</a> <a href='/help'>帮助</a></p>",
    ],
)
def test_the_platforms_licence_link_makes_no_list_page_a_shop(nav):
    page = facts(f"{nav}<h2>茶叶</h2><ul>{CARDS}</ul>", "http://mall.test/list?cat=1")
    assert page["role"] == "other"
    licence = [lk for lk in page["links"] if lk["rel"] == "licence"]
    assert licence and all(lk["chrome"] for lk in licence)


def test_a_shops_own_licence_link_still_counts():
    page = facts(
        f"<h1>云栖茶业旗舰店</h1><a href='/shop3/licence'>店铺证照</a><ul>{CARDS}</ul>",
        "http://mall.test/shop3/index.htm",
    )
    assert page["role"] == "shop"
    assert any(lk["rel"] == "licence" and not lk["chrome"] for lk in page["links"])


@pytest.mark.parametrize("tab", ["联系方式", "公司档案"])
def test_a_shops_contact_page_is_read_for_the_shop(tab):
    home = facts(
        f"<h1>森屿家居旗舰店</h1><div><a href='/s9/index.htm'>首页</a> "
        f"<a href='/s9/info.htm'>{tab}</a></div><ul>{CARDS}</ul>",
        "http://mall.test/s9/index.htm",
        title="森屿家居旗舰店-某某商城",
    )
    info = facts(
        "<div><a href='/s9/index.htm'>森屿家居旗舰店</a></div>"
        "<table><tr><td>公司名称</td><td>杭州森屿家居有限公司</td></tr>"
        "<tr><td>邮箱</td><td>senyu_home@163.com</td></tr></table>",
        "http://mall.test/s9/info.htm",
        title=f"森屿家居旗舰店 {tab}-某某商城",
    )
    assert home["role"] == "shop" and info["role"] == "licence"
    (shop,) = assemble([home, info]).shops
    assert "senyu_home@163.com" in {d.value for d in shop.emails}
    assert "http://mall.test/s9/info.htm" in shop.pages


@pytest.mark.parametrize(
    "menu",
    [
        "<div><h2>全部商品分类</h2><ul>"
        + "".join(
            f"<li><a>{top}</a><div><dl><dt>{top}</dt><dd><a href='/list?cat={n}'>{sub}</a>"
            "<a>刻字</a><a>鲜花</a><a>礼盒</a></dd></dl></div></li>"
            for n, (top, sub) in enumerate(
                (
                    ("食品饮料", "茶叶"),
                    ("定制礼品", "刻字定制"),
                    ("生鲜", "水果"),
                    ("家居日用", "保温杯"),
                )
            )
        )
        + "</ul></div>",
        "<dl><dt>生鲜</dt><dd><a href='/c/1'>水果</a> <a href='/c/2'>海鲜</a> <a>鲜花</a></dd></dl>",
    ],
)
def test_a_menu_laid_out_as_a_definition_list_is_no_fact_of_the_item(menu):
    page = facts(
        f"<div>{menu}</div><h1>法式碎花连衣裙</h1><p>价格：¥199.00</p><button>立即购买</button>"
        "<dl><dt>售后服务</dt><dd>特价商品，不支持七天无理由退货</dd></dl>"
    )
    labels = {p["label"] for p in page["pairs"]}
    assert "售后服务" in labels
    assert not labels & {"定制礼品", "生鲜"}


@pytest.mark.parametrize(
    "block",
    [
        "<div id='root'><div class='x'>加载中...</div></div>",
        "<main><p>正在加载…</p></main>",
        "<section><span>直播间加载中</span></section>",
        "<div><div>Loading...</div></div>",
    ],
)
def test_a_block_that_says_it_is_loading_beside_a_script_needs_the_browser(block):
    menu = "".join(f"<li><a href='/c/{n}'>类目{n} 子类目 更多</a></li>" for n in range(60))
    page = facts(f"<ul>{menu}</ul>{block}<script src='/live.js'></script>")
    assert page["needs_browser"]


def test_a_loading_word_in_content_needs_no_browser():
    page = facts(
        "<h1>充电宝 20000mAh</h1><p>价格：¥99.00</p><button>立即购买</button>"
        "<p>加载速度快，充电中指示灯常亮。</p><script src='/app.js'></script>"
    )
    assert not page["needs_browser"]


TABS = "<ul><li>商品介绍</li><li>规格与包装</li><li>售后保障</li><li>商品评价(0)</li></ul>"
PANES = (
    "<div><div><p>保温12小时，全网销量第一。</p></div>"
    "<div><table><tr><td>容量</td><td>500ml</td></tr></table></div>"
    "<div><p>支持七天无理由退货</p></div>"
    "<div><p>买家：第一好用的杯子</p></div></div>"
)


@pytest.mark.parametrize(
    "tabbed",
    [
        f"<div id='detail'><div>{TABS}<a href='/cart'>加入购物车</a></div>{PANES}</div>",
        f"<div>{TABS}</div>{PANES}",
        TABS.replace("ul", "div").replace("li", "span")
        + PANES.replace("<div><p>", "<section><p>")
        .replace("</p></div>", "</p></section>")
        .replace("<div><table>", "<section><table>")
        .replace("</table></div>", "</table></section>"),
    ],
)
def test_tabs_without_links_name_the_panes_after_them(tabbed):
    page = facts(
        f"<h1>316不锈钢保温杯 500ml</h1><p>价格：¥59.00</p><button>立即购买</button>{tabbed}"
    )
    (listing,) = assemble([page]).listings
    assert "全网销量第一" in listing.description
    assert "第一好用" not in listing.text  # the reviews pane is others' words


@pytest.mark.parametrize(
    "header",
    [
        "<h1>新安影剧院</h1><p><span>地址：</span>宝安区新安四路70号</p><p><span>电话：</span>0755-27784069</p>",
        "<h1>开小灶小海鲜餐厅</h1><div>地址：思明区前埔路</div><div>电话：0592-5555666</div>",
    ],
)
def test_a_merchants_own_page_is_a_shop(header):
    page = facts(f"<div>{header}<p>24条评论 人均:39元</p></div>", title="新安影剧院-点评网")
    assert page["role"] == "shop"


@pytest.mark.parametrize("script", ["<script src='/app.js'></script>", ""])
def test_a_merchants_page_drawn_in_part_by_script_is_not_judged_absent(script):
    """What a merchant page's scripts draw (deals, a 资质 tab) was not read: its licence is
    not seen, not missing (shown, not shown, not seen)."""
    header = "<h1>新安影剧院</h1><p>地址：宝安区新安四路70号</p><p>电话：0755-27784069</p>"
    page = facts(f"<div>{header}<div id='more'></div></div>{script}", "http://dp.test/shop/7")
    (shop,) = assemble([page]).shops
    assert shop.unread == ([("http://dp.test/shop/7", "not fetched")] if script else [])


def test_a_help_page_with_the_sites_contacts_is_no_shop():
    page = facts("<h1>联系我们</h1><div>" + FOOTER + "</div>", title="联系我们-某某商城")
    assert page["role"] == "other"


def test_two_links_of_one_seller_box_are_one_shop():
    seller = (
        "<div><p>烟台红枣行</p><a href='https://ythlx.mall.test/'>进店铺</a>"
        "<a href='https://www.mall.test/factory/ythlx.html'>进工厂</a></div>"
    )
    page = facts(
        "<h1>新疆灰枣 250g 包邮</h1><p>价格 ¥3.80</p><p>运费 库存 商品详情 商品评价</p>" + seller,
        "https://detail.mall.test/offer/1.html",
    )
    assert page["role"] == "listing"


def test_rendering_ms_category_menu_is_no_fact_of_its_items():
    """Rendering m's mega-menu (`<dl><dt>定制礼品</dt><dd><a>刻字定制</a>…`) on a real item page."""
    import urllib.request

    from greenroom_demo.site import DemoSite

    site = DemoSite(rendering="m").start()
    try:
        url = f"http://127.0.0.1:{site.port}/100182144029.html"
        with urllib.request.urlopen(url) as answer:
            body = answer.read()
    finally:
        site.stop()
    page = extract(Page(url=url, body=body, headers={"content-type": "text/html; charset=utf-8"}))
    labels = {p["label"] for p in page["pairs"]}
    assert "售后服务" in labels
    assert not labels & {"定制礼品", "生鲜", "食品饮料"}


def test_a_small_apps_own_contacts_are_not_its_footers():
    """An H5 shop page so short that its content and the site's footer share one small block:
    the shop's phone under its own heading is the shop's, the footer's hotline the site's."""
    html = (
        "<html><head><title>仁和家用医疗 - 掌上优品</title></head><body><div id='app'>"
        "<main><h1>仁和家用医疗</h1><div><h2>店铺信息</h2><p>经营者：杭州仁和家用医疗器械有限公司，"
        "联系电话: 0571-88213560。</p></div></main><footer><p>客服电话：400-028-7766</p>"
        "<p>蜀ICP备2022008841号-3</p></footer></div></body></html>"
    )
    page = extract(Page(url="http://h5.test/shop/13", body=html.encode()))
    phones = {d["value"]: d["chrome"] for d in page["disclosures"] if d["key"] == "phone"}
    assert phones == {"0571-88213560": False, "400-028-7766": True}


# rendering o (docs/render-o.md): a Taobao-like category menu, a room's 小黄车 naming its shop
# by name only, a price split into spans, a licence page headed by the shop's name

MENU = (
    "<div><h4>主题市场</h4><ul>"
    + "".join(
        f"<li><h5>{head}</h5><p>{' / '.join(f'<a href=/list?cat={n}>{w}</a>' for n, w in leaves)}</p></li>"
        for head, leaves in (
            ("食品饮料", ((1, "茶叶"), (2, "休闲零食"), (3, "保健食品"))),
            ("医药健康", ((4, "医疗器械"), (5, "非处方药"))),
            ("数码家电", ((6, "手机耳机"), (7, "充电器"), (8, "移动电源"))),
        )
    )
    + "</ul></div>"
)
TOP = (
    "<div><a href='/login'>请登录</a> <a href='/reg'>免费注册</a> <a href='/cart'>购物车</a></div>"
)
SEARCH = "<div><a href='/'>集趣网</a><form action='/s'><input name='q'><button>搜索</button></form></div>"


@pytest.mark.parametrize("header", [TOP + SEARCH + MENU, TOP + MENU, SEARCH + TOP + MENU])
def test_a_category_menu_under_the_top_bar_is_the_sites_not_the_items(header):
    item = facts(
        f"{header}<div><h1>苦荞茶 500g 降血糖</h1><p>价格 ¥59.00</p><button>立即购买</button>"
        "<p>每天一杯苦荞茶，帮助降血糖。</p></div>",
        "http://mall.test/item.htm?id=1",
    )
    assert item["role"] == "listing"
    assert "医疗器械" not in item["text"]  # the menu's words are no category of this tea
    menu = [lk for lk in item["links"] if "cat=" in lk["url"]]
    assert len(menu) == 8 and all(lk["chrome"] for lk in menu)


def test_a_menu_of_few_links_or_long_words_stays_content():
    prose = "<div><h4>本店公告</h4><p>本店所有商品均为正品，支持七天无理由退货，欢迎选购。</p>"
    prose += "".join(f"<a href='/p/{n}'>商品{n}</a>" for n in range(9)) + "</div>"
    item = facts(
        f"{TOP}{prose}<div><h1>玫瑰花茶</h1><p>价格 ¥39.00</p><button>立即购买</button></div>"
    )
    assert "支持七天无理由退货" in item["text"]


@pytest.mark.parametrize(
    "price",
    [
        "<span><span>¥</span><span>128</span><span>.00</span></span>",
        "<em>￥</em><b>128</b><i>.90</i>",
    ],
)
def test_a_price_split_into_spans_is_no_products_title(price):
    from parsel import Selector

    from crawler.extract.room import extract_room

    dom = (
        "<html><body><h1>深夜直播</h1><div>主播 阿胖</div><div>在线观众 5,400</div>"
        f"<ol><li><span>1</span><span>麻辣小龙虾 4斤装</span>{price}<button>去抢购</button></li>"
        "</ol></body></html>"
    )
    (product,) = extract_room(Selector(text=dom), "", None)["products"]
    assert product["title"] == "麻辣小龙虾 4斤装"
    assert product["price"] == 128.0


@pytest.mark.parametrize("cards", [1, 2])
def test_a_rooms_link_to_a_page_read_as_a_shop_names_its_seller(cards):
    goods = "".join(
        f"<li><span>{n}</span><span>零食礼包{n}</span><span>¥</span><span>{n}9</span></li>"
        for n in range(1, cards + 1)
    )
    room = facts(
        "<h1>深夜直播</h1><div>主播：阿胖</div><div>在线人数：5,400</div><div>"
        f"<div>小黄车 共{cards}件商品 <a href='/shop105010551/index.htm'>御膳坊零食</a></div>"
        f"<ol>{goods}</ol></div>",
        "http://mall.test/live/2",
        rendered=True,
    )
    shop = facts(
        f"<h1>御膳坊零食</h1><p>经营者：某某食品有限公司</p><ul>{CARDS}</ul>",
        "http://mall.test/shop105010551/index.htm",
        title="御膳坊零食-某某商城",
    )
    assert (room["role"], shop["role"]) == ("room", "shop")
    from crawler.pipelines import compact

    stored = [compact({**room, "capture_id": 1}), compact({**shop, "capture_id": 2})]
    (view,) = assemble(stored).rooms
    assert [s.value for s in view.sellers] == ["http://mall.test/shop105010551/index.htm"]
    alone = assemble([compact({**room, "capture_id": 1})]).rooms[0]
    assert alone.sellers == []  # a link to a page not read as a shop names no seller


@pytest.mark.parametrize("title", ["证照信息-织锦服饰-集趣网", "织锦服饰 营业执照公示"])
def test_a_licence_page_headed_by_the_shops_name_says_what_it_is_in_its_title(title):
    page = facts(
        "<h1>织锦服饰</h1><h2>营业执照信息</h2><img src='/img/licence/26.png' alt='营业执照'>"
        "<p>以上营业执照信息根据《网络交易监督管理办法》公示。</p>"
        "<p><a href='/shop105091442/index.htm'>进入店铺</a></p>",
        "http://mall.test/shop105091442/licence.htm",
        title=title,
    )
    assert page["role"] == "licence"


@pytest.mark.parametrize(
    "top",
    [
        (
            "<header><a href='/'>‹</a><span>直播间</span><a href='/shops'>店铺</a></header>"
            "<nav><a href='/live'>直播</a><a href='/events'>活动日历</a></nav>"
        ),
        "<div><a href='/shops'>店铺</a> <a href='/live'>直播</a> <a href='/cart'>购物车</a></div>",
    ],
)
def test_a_link_that_says_shop_is_navigation_not_a_rooms_seller(top):
    """Rendering r: a top bar's 店铺 link followed by a 直播 link is no `店铺：直播` seller."""
    from parsel import Selector

    from crawler.extract.room import extract_room

    dom = (
        f"<html><body>{top}<h1>美妆好物分享</h1><div>主播：苏苏</div><div>在线人数：2,608</div>"
        "<ol><li><span>1</span><span>保湿面霜 50g</span><span>¥89.00</span></li></ol></body></html>"
    )
    assert extract_room(Selector(text=dom), "", None)["sellers"] == []
    labelled = dom.replace("<ol>", "<p>店铺：<a href='/shop/3'>苏苏美妆店</a></p><ol>")
    (seller,) = extract_room(Selector(text=labelled), "", None)["sellers"]
    assert seller["value"] == "苏苏美妆店"


HOTELS = "".join(
    f"<li><a href='/hotel/{n}.html'>{name}</a> 评分 4.{n} <b>¥{n}99</b>起</li>"
    for n, name in (
        (1, "如家酒店（北京西站店）"),
        (2, "汉庭酒店（国贸店）"),
        (3, "全季酒店（望京店）"),
    )
)


@pytest.mark.parametrize(
    "column",
    [
        (
            "<ul><li><h2>关于同程</h2></li><li><a href='/public/intro'>同程简介</a></li>"
            "<li><a href='/public/law.html'>法律声明</a></li>"
            "<li><a href='/public/subject/zizhi'>旅游度假资质</a></li></ul>"
        ),
        (
            "<dl><dt>关于我们</dt><dd><a href='/about'>公司简介</a></dd>"
            "<dd><a href='/about/licence'>营业执照</a></dd><dd><a href='/jobs'>诚聘英才</a></dd></dl>"
        ),
    ],
)
def test_a_licence_link_in_the_sites_about_column_makes_no_list_page_a_shop(column):
    body = f"<h2>北京酒店预订</h2><ul>{HOTELS}</ul><div><div>{column}</div></div>"
    page = facts(body, "http://travel.test/hotel/beijing/", title="北京酒店预订_某某旅游")
    assert page["role"] == "other"
    licence = [lk for lk in page["links"] if lk["rel"] == "licence"]
    assert licence and all(lk["chrome"] for lk in licence)


def test_a_shops_own_about_column_keeps_its_licence_link():
    column = (
        "<ul><li><h3>关于本店</h3></li><li><a href='/s7/intro'>店铺介绍</a></li>"
        "<li><a href='/s7/licence'>证照信息</a></li></ul>"
    )
    page = facts(
        f"<h1>云栖茶业旗舰店</h1><ul>{CARDS}</ul>{column}",
        "http://mall.test/s7/index.htm",
        title="云栖茶业旗舰店-某某商城",
    )
    assert page["role"] == "shop"
    assert any(lk["rel"] == "licence" and not lk["chrome"] for lk in page["links"])


def test_a_page_of_many_buy_buttons_under_labelled_prices_is_a_list_not_one_item():
    cards = "".join(
        f"<div><a href='/dp/{n}'>不锈钢水壶 {n} 升</a> ￥{n}9.00 "
        f"<a href='/cart/add?id={n}'>加入购物车</a></div>"
        for n in range(1, 9)
    )
    page = facts(
        f"<h2>价格</h2><p>水具 ￥19-￥89</p><div>{cards}</div><p>配送至 北京 · 运费 · 库存</p>",
        "http://mall.test/s?k=水壶",
        title="￥19-￥89 - 水具 - 某某商城",
    )
    assert [p["label"] for p in page["prices"] if p["kind"] == "offered"][:1] == ["水具"]
    assert page["role"] != "listing"


@pytest.mark.parametrize(
    "button",
    [
        "<a href='javascript:void(0);' class='btn'>开始预订</a>",
        "<button type='button'>开始预订</button>",
    ],
)
def test_a_tour_with_its_booking_button_is_a_listing(button):
    page = facts(
        "<h1>台湾西部7日6晚私家团</h1><div><span>16</span> ￥11586 <span>17</span> ￥11900</div>"
        f"{button}<p>数量 · 运费说明</p><h2>行程介绍</h2><p>第一天 抵达台北</p>",
        "http://travel.test/p4036264.html",
        title="台湾西部7日6晚私家团-某某旅游",
    )
    assert page["role"] == "listing"
