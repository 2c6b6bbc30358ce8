"""Assembly: shops gather their licence pages and listings; platform boilerplate is dropped."""

import pytest

from crawler.extract.assemble import assemble
from crawler.extract.pages import extract

PLATFORM = (
    "<header>某某商城 客服热线：400-123-4567</header>{}"
    "<footer>©2024 某某商城网络科技有限公司 浙ICP备12345678号 统一社会信用代码：91330100MA27XXXX8L</footer>"
)


def shop_html(n):
    return PLATFORM.format(
        f"<h1>好茶{n}号店</h1><ul><li><a href='/goods/{n}'>龙井</a><em>¥99</em></li></ul>"
        f"<p>经营者：杭州好茶{n}号有限公司</p><a href='/s/{n}/licence'>营业执照</a>"
    )


def licence_html(n):
    return PLATFORM.format(
        f"<table><tr><th>企业名称</th><td>杭州好茶{n}号有限公司</td></tr>"
        f"<tr><th>统一社会信用代码</th><td>9133010{n}MA2B0XXXXX</td></tr></table>"
    )


def listing_html(shop_href):
    return PLATFORM.format(
        f"<h1>西湖龙井</h1><p>券后价 ¥99 原价 ¥199</p><button>立即购买</button><a href='{shop_href}'>进入店铺</a>"
    )


def facts(page, html, url, capture_id, **kw):
    return extract(
        page(
            html,
            url=url,
            capture_id=capture_id,
            fetched_at=f"2024-05-01T00:00:{capture_id:02d}Z",
            **kw,
        )
    )


@pytest.mark.parametrize("licence_first", [False, True], ids=["shop-first", "licence-first"])
def test_a_licence_page_belongs_to_the_shop_that_links_it(page, licence_first):
    pages = [
        facts(page, shop_html(1), "http://m.test/s/1", 1),
        facts(page, licence_html(1), "http://m.test/s/1/licence", 2),
    ]
    shops = assemble(reversed(pages) if licence_first else pages).shops
    assert [s.url for s in shops] == ["http://m.test/s/1"]
    shop = shops[0]
    assert shop.pages == ["http://m.test/s/1", "http://m.test/s/1/licence"]
    assert [(d.value, d.url, d.capture_id) for d in shop.usccs] == [
        ("91330101MA2B0XXXXX", "http://m.test/s/1/licence", 2)
    ]
    assert [d.value for d in shop.registered_names] == ["杭州好茶1号有限公司"]
    assert [d.value for d in shop.operators] == ["杭州好茶1号有限公司"]
    assert shop.captures == [1, 2]
    assert shop.name == "好茶1号店"


def test_a_listing_reaches_its_shop_through_a_redirect_alias(page):
    shop = facts(
        page, shop_html(1), "http://m.test/s/1", 1, redirect_urls=["http://m.test/shop?id=1&spm=x"]
    )
    listing = facts(page, listing_html("/shop?spm=y&id=1"), "http://m.test/goods/1?utm_source=z", 2)
    result = assemble([listing, shop])
    assert [(lst.url, lst.shop_url) for lst in result.listings] == [
        ("http://m.test/goods/1", "http://m.test/s/1")
    ]
    assert [lst.offered_price for lst in result.shops[0].listings] == [99.0]
    assert [(p.kind, p.value) for p in result.listings[0].prices] == [
        ("offered", 99.0),
        ("original", 199.0),
    ]


def test_platform_footer_values_are_dropped_once_several_shops_show_them(page):
    pages = []
    for n in range(1, 3):
        pages.append(facts(page, shop_html(n), f"http://m.test/s/{n}", 2 * n))
        pages.append(facts(page, licence_html(n), f"http://m.test/s/{n}/licence", 2 * n + 1))
    for shop in assemble(pages).shops:
        assert [d.value for d in shop.usccs] == [f"9133010{shop.url[-1]}MA2B0XXXXX"]
        assert shop.phones == []
        assert all("某某商城" not in d.value for d in shop.operators)


def test_platform_values_on_the_home_page_are_boilerplate_even_for_one_shop(page):
    home = facts(page, PLATFORM.format("<h1>某某商城</h1>"), "http://m.test/", 1)
    shop = facts(page, shop_html(1).replace("<p>经营者", "<p>x"), "http://m.test/s/1", 2)
    result = assemble([home, shop])
    assert result.shops[0].usccs == [] and result.shops[0].phones == []
    assert ("uscc", "91330100MA27XXXX8L") in result.boilerplate


def test_values_many_shops_show_in_their_own_content_are_boilerplate(page):
    html = "<h1>{}号店</h1><p>统一社会信用代码：91330100MA27XXXX8L</p><a href='/l{}'>资质</a>"
    pages = [facts(page, html.format(n, n), f"http://m.test/s/{n}", n) for n in range(1, 6)]
    assert all(s.usccs == [] for s in assemble(pages).shops)
    pages = pages[:3]  # three shops sharing one code is a shared licence, not boilerplate
    assert all(len(s.usccs) == 1 for s in assemble(pages).shops)


def test_rendered_samples_of_one_room_become_one_room_in_time_order():
    samples = [
        {
            "url": "http://m.test/live/1?sid=9F3A0C1B2D4E5F607182",
            "role": "room",
            "rendered": True,
            "capture_id": 7,
            "fetched_at": "2024-05-01T00:00:09Z",
            "counters": {"online": 50, "viewers": 900},
            "title": "好茶直播",
            "host": "茶妹",
            "host_verification": "主播已实名认证",
            "sellers": [{"label": "店铺", "value": "好茶旗舰店", "url": "http://m.test/s/1"}],
            "badge": {"label": "badge", "value": "绿色直播间"},
            "notices": ["光盘行动"],
        },
        {
            "url": "http://m.test/live/1",
            "role": "room",
            "rendered": True,
            "capture_id": 5,
            "fetched_at": "2024-05-01T00:00:03Z",
            "counters": {"online": 80, "viewers": 1000},
        },
    ]
    (room,) = assemble(samples).rooms
    assert room.url == "http://m.test/live/1"
    assert [(s.taken_at, s.counters["viewers"], s.capture_id) for s in room.samples] == [
        ("2024-05-01T00:00:03Z", 1000.0, 5),
        ("2024-05-01T00:00:09Z", 900.0, 7),
    ]
    assert (room.title, room.host_name, room.host_verification.value) == (
        "好茶直播",
        "茶妹",
        "主播已实名认证",
    )
    assert [s.value for s in room.sellers] == ["好茶旗舰店"]
    assert room.badge.value == "绿色直播间" and room.notices == ["光盘行动"]


def test_assembly_streams_many_listings():
    def stream(n):
        for i in range(n):
            yield {
                "url": f"http://m.test/goods/{i}",
                "role": "listing",
                "capture_id": i,
                "title": "茶",
                "prices": [{"kind": "offered", "label": "", "value": 9.5}],
                "links": [{"url": f"http://m.test/s/{i % 100}", "rel": "shop", "text": "进入店铺"}],
            }
        for s in range(100):
            yield {
                "url": f"http://m.test/s/{s}",
                "role": "shop",
                "capture_id": -s,
                "disclosures": [],
                "links": [],
            }

    result = assemble(stream(20_000))
    assert len(result.listings) == 20_000
    assert sorted(len(s.listings) for s in result.shops) == [200] * 100


# A marketplace whose footer is a plain <div>: told apart as the platform's on a full shop
# page, not on a sparse category page, where its contacts then read as the page's own.
SPARSE_FOOTER = (
    "<div>客服热线：400-155-0551 服务邮箱：service@hefeng-ji.cn "
    "统一社会信用代码：91340100MA8N3K2W8C Copyright © 2026 合肥禾丰网络科技有限公司 "
    "皖ICP备2021017325号-2</div>"
)
SPARSE_NAV = "<div><a href='/'>首页</a> <a href='/login'>登录</a> <a href='/cart'>购物车</a></div>"


def sparse_shop_html(n):
    goods = "".join(
        f"<li><a href='/p/{n}{i}.html'>明前龙井 特级 {i} 号 250g 礼盒装</a> ¥{98 + i}.00</li>"
        for i in range(8)
    )
    return (
        f"<html><head><title>禾丰茶庄{n}号店-禾丰集市</title></head><body>{SPARSE_NAV}"
        f"<div><h1>禾丰茶庄{n}号店</h1><ul>{goods}</ul><p>经营者：合肥禾丰茶庄{n}号有限公司 "
        f"联系电话：0551-6288{n:04d}</p><a href='/seller/info?uid={n}'>工商信息</a></div>"
        f"{SPARSE_FOOTER}</body></html>"
    )


def category_html(contact="", more=""):
    return (
        f"<html><head><title>电子书_图书音像-禾丰集市</title></head><body>{SPARSE_NAV}"
        "<div><h2>电子书</h2><ul><li><a href='/p/101.html'>唐诗三百首 电子版</a> ¥9.90</li>"
        f"{more}</ul>{contact}</div>{SPARSE_FOOTER}</body></html>"
    )


def test_a_page_taken_for_a_shop_only_by_the_platforms_contacts_is_not_a_shop(page):
    pages = [
        facts(page, sparse_shop_html(n), f"http://m.test/m/shop-{n}.html", n) for n in (1, 2, 3)
    ]
    category = facts(page, category_html(), "http://m.test/c/ebook-1.html", 9)
    # one listing beside contacts is no shop; were it read as one, assembly would drop it
    assert category["role"] == "other" or category["shop_by_contacts"]
    shops = assemble([*pages, category]).shops
    assert [s.url for s in shops] == [f"http://m.test/m/shop-{n}.html" for n in (1, 2, 3)]


def test_a_page_taken_for_a_shop_by_contacts_of_its_own_stays_a_shop(page):
    pages = [
        facts(page, sparse_shop_html(n), f"http://m.test/m/shop-{n}.html", n) for n in (1, 2, 3)
    ]
    own = category_html(
        "<p>联系电话：0551-62881234</p>", "<li><a href='/p/102.html'>宋词选 电子版</a> ¥8.90</li>"
    )
    seller = facts(page, own, "http://m.test/c/ebook-1.html", 9)
    assert seller["shop_by_contacts"]
    shops = assemble([*pages, seller]).shops
    assert "http://m.test/c/ebook-1.html" in [s.url for s in shops]


SHELL = (
    "<html><head><title>某某H5</title></head><body><noscript>请启用JavaScript</noscript>"
    "<div id='app'></div><script src='/app.js'></script></body></html>"
)


@pytest.mark.parametrize("shell_first", [True, False], ids=["shell-first", "render-first"])
def test_a_single_page_apps_rendered_shop_and_listing_replace_their_shells(page, shell_first):
    """A shop, licence or listing drawn by script is that page, not a room sample."""
    shells = [
        facts(page, SHELL, "http://m.test/h5/shop/1", 1),
        facts(page, SHELL, "http://m.test/h5/shop/1/licence", 2),
        facts(page, SHELL, "http://m.test/h5/goods/1", 3),
    ]
    assert all(f["needs_browser"] for f in shells)
    drawn = [
        facts(page, shop_html(1), "http://m.test/h5/shop/1", 4, rendered=True, sample=1),
        facts(page, licence_html(1), "http://m.test/h5/shop/1/licence", 5, rendered=True, sample=1),
        facts(page, listing_html("/h5/shop/1"), "http://m.test/h5/goods/1", 6, rendered=True),
    ]
    drawn[0]["links"].append(
        {"url": "http://m.test/h5/shop/1/licence", "rel": "licence", "chrome": False}
    )
    built = assemble(shells + drawn if shell_first else drawn + shells)
    assert built.rooms == []
    (shop,) = built.shops
    assert shop.url == "http://m.test/h5/shop/1"
    assert [d.value for d in shop.usccs] == ["91330101MA2B0XXXXX"]
    assert [x.url for x in shop.listings] == ["http://m.test/h5/goods/1"]


def test_an_email_at_the_sites_own_name_makes_no_shop(page):
    more = "<li><a href='/p/102.html'>宋词选 电子版</a> ¥8.90</li>"
    site = category_html("<p><a href='mailto:feedback@hefeng.com'>意见反馈</a></p>", more)
    assert facts(page, site, "http://www.hefeng.cn/c/ebook-1.html", 9)["role"] == "other"
    seller = category_html(
        "<p>联系邮箱：<a href='mailto:ebooks@163.com'>ebooks@163.com</a></p>", more
    )
    assert facts(page, seller, "http://www.hefeng.cn/c/ebook-1.html", 9)["shop_by_contacts"]
