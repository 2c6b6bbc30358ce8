"""Rendering "a": semantic HTML5, REST-style URLs (/shop/12, /item/345), JSON-LD."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, ClassVar

from greenroom_demo import catalog
from greenroom_demo.codes import make_uscc
from greenroom_demo.render_base import (
    CHARSET_MARK,
    FIRST_MONTH,
    Renderer,
    e,
    ld_json,
    next_month,
    yuan,
)

if TYPE_CHECKING:
    from greenroom_demo.model import Listing, Room, Shop

PLATFORM = {
    "name": "青禾优选",
    "company": "杭州青禾网络科技有限公司",
    "uscc": make_uscc("91", "330108", "MA2CX7Q1"),
    "icp": "浙ICP备2023041706号-1",
    "hotline": "400-826-5177",
    "email": "help@qinghe-mall.cn",
}

ROUTES: list[tuple[str, str, type]] = [
    (r"/", "home", str),
    (r"/shops", "directory", int),
    (r"/shop/(\d+)", "shop", int),
    (r"/shop/(\d+)/licence", "licence", int),
    (r"/old/shop/(\d+)", "old_shop", int),
    (r"/item/(\d+)", "listing", int),
    (r"/go/item/(\d+)", "go", int),
    (r"/category/([a-z]+)", "category", str),
    (r"/live", "rooms", str),
    (r"/live/(\d+)", "room", int),
    (r"/api/rooms/(\d+)", "api", int),
    (r"/static/(live-a\.js)", "static", str),
    (r"/static/green-badge\.png", "badge_img", str),
    (r"/img/licence/(\d+)\.png", "licence_img", int),
    (r"/img/live/loading\.png", "hang", str),
    (r"/events", "calendar", str),
    (r"/history", "history", str),
    (r"/admin/.*", "admin", str),
]


class RenderA(Renderer):
    key = "a"
    ROBOTS = "User-agent: *\nDisallow: /admin/\n"
    ADMIN_PREFIX = "/admin/"
    ROOM_SCRIPT = ""  # a rendering's own room script (defines window.liveExtra), before live-a.js
    LABELS: ClassVar[dict[str, tuple[str, ...]]] = {
        "operator": ("经营者",),
        "name": ("企业名称", "名称"),
        "uscc": ("统一社会信用代码",),
        "phone": ("联系电话",),
        "email": ("电子邮箱", "邮箱"),
        "address": ("联系地址",),
        "legal_rep": ("法定代表人",),
        "kind": ("类型",),
        "reg_address": ("住所",),
        "licence_link": ("营业执照", "经营者信息", "营业执照"),
    }

    # --- URLs ------------------------------------------------------------------------------

    def shop_url(self, sid: int) -> str:
        return f"/shop/{sid}"

    def licence_url(self, sid: int) -> str:
        return f"/shop/{sid}/licence"

    def listing_url(self, lid: int) -> str:
        return f"/item/{lid}"

    def room_url(self, rid: int) -> str:
        return f"/live/{rid}"

    def api_path(self, rid: int) -> str:
        return f"/api/rooms/{rid}"

    def category_url(self, slug: str, page: int = 1) -> str:
        return f"/category/{slug}" + (f"?page={page}" if page > 1 else "")

    def directory_url(self, page: int = 1) -> str:
        return "/shops" + (f"?page={page}" if page > 1 else "")

    def shop_link(self, shop: Shop) -> str:
        return f"/old/shop/{shop.sid}" if shop.old_url else self.shop_url(shop.sid)

    def item_link(self, item: Listing) -> str:
        return f"/go/item/{item.lid}" if item.go_link else self.listing_url(item.lid)

    def strip_session(self, path: str, query: dict) -> tuple[str, dict]:
        return re.sub(r";jsessionid=[^/?]*", "", path, flags=re.IGNORECASE), query

    def session_url(self, url: str) -> str:
        """`url` with a new session id in its path (see Renderer.session_id)."""
        path, sep, query = url.partition("?")
        return f"{path};jsessionid={self.session_id()}{sep}{query}"

    def route(self, path: str, query: dict[str, str]):
        if self.ROOM_SCRIPT and path == f"/static/{self.ROOM_SCRIPT}":
            return "static", self.ROOM_SCRIPT
        for pattern, kind, conv in ROUTES:
            m = re.fullmatch(pattern, path)
            if not m:
                continue
            arg = conv(m.group(1)) if m.groups() else None
            if kind in ("directory", "category"):
                page = query.get("page", "1")
                if not page.isdigit():
                    return None
                arg = int(page) if kind == "directory" else (arg, int(page))
            if kind == "calendar":
                arg = query.get("month", "{:04d}-{:02d}".format(*FIRST_MONTH))
            return kind, arg
        return None

    # --- chrome ------------------------------------------------------------------------------

    def category_links(self, attrs: str = "", sep: str = " ") -> str:
        """A link to every leaf category (`attrs` put in each <a>), joined by `sep`."""
        return sep.join(
            f'<a{attrs} href="{self.category_url(slug)}">{e(leaf)}</a>'
            for slug, (_, leaf, _) in catalog.CATEGORIES.items()
        )

    def canonical_link(self, canonical: str) -> str:
        return f'<link rel="canonical" href="{e(self.abs(canonical))}">' if canonical else ""

    def page(self, title: str, body: str, canonical: str = "", head: str = "") -> str:
        cats, canon = self.category_links(), self.canonical_link(canonical)
        p = PLATFORM
        return f"""<!DOCTYPE html>
<html lang="zh-CN"><head>{CHARSET_MARK}<title>{e(title)} - {p["name"]}</title>{canon}{head}
</head><body>
<header class="site-header"><a class="logo" href="/">{p["name"]}</a>
<nav class="site-nav"><a href="/">首页</a> <a href="/shops">全部店铺</a> <a href="/live">直播</a>
<a href="/events?month=2026-12">活动日历</a> <a href="/promo/2023-618">618专题</a>
<a href="{self.session_url("/history")}">我的足迹</a> <a href="/admin/">商家后台</a></nav>
<nav class="cat-nav">{cats}</nav></header>
<main>{body}</main>
<footer class="site-footer"><p>{p["name"]}客服热线：{p["hotline"]} | 客服邮箱：{p["email"]}</p>
<p>© 2026 {p["company"]} 版权所有 | 统一社会信用代码：{p["uscc"]} | {p["icp"]}</p></footer>
</body></html>"""

    def simple_page(self, title: str, body: str) -> str:
        return self.page(title, f"<h1>{e(title)}</h1>{body}")

    def pairs(self, pairs: list[tuple[str, str]], style: int, n: int) -> str:
        if style == 0:
            rows = "".join(f"<tr><th>{e(k)}</th><td>{e(v)}</td></tr>" for k, v in pairs)
            return f'<table class="kv"><tbody>{rows}</tbody></table>'
        if style == 1:
            rows = "".join(f"<dt>{e(k)}</dt><dd>{e(v)}</dd>" for k, v in pairs)
            return f'<dl class="kv">{rows}</dl>'
        if style == 2:
            rows = "".join(
                f'<li><span class="k">{e(k)}</span>：<span class="v">{e(v)}</span></li>'
                for k, v in pairs
            )
            return f'<ul class="kv">{rows}</ul>'
        return f'<p class="kv-text">{self.running_text(pairs, n)}</p>' if pairs else ""

    # --- shops -----------------------------------------------------------------------------

    def disclosure_block(self, shop: Shop) -> str:
        """A shop's disclosures: its pairs, an exemption statement, then the licence link."""
        lic = shop.licence
        info = self.pairs(self.home_pairs(shop), shop.style, shop.sid)
        if shop.exempt:
            info += f'<p class="exempt">{e(shop.exempt)}</p>'
        if lic and lic.where in ("page", "image"):
            info += self.licence_entry(shop, self.label("licence_link", shop.sid))
        return info

    def licence_entry(self, shop: Shop, text: str) -> str:
        """The link from a shop's home page to its licence page, reading `text`."""
        return f'<p class="licence-link"><a href="{self.licence_url(shop.sid)}">{text}</a></p>'

    def shop_page(self, shop: Shop) -> str:
        info = self.disclosure_block(shop)
        goods = "".join(
            f'<li><a href="{self.item_link(x)}">{e(x.title)}</a> '
            f'<span class="price">{yuan(x.offered_at(self.night))}</span></li>'
            for x in catalog.listings_of(shop.sid)
        )
        foot = f'<div class="shop-footer">© 2026 {e(shop.shown_footer)}</div>'
        body = (
            f'<div class="shop"><section class="shop-banner"><h1 class="shop-name">'
            f"{e(shop.name)}</h1></section>"
            f'<section class="shop-info"><h2>店铺信息</h2>{info}</section>'
            f'<section class="shop-goods"><h2>全部商品</h2><ul class="goods-grid">{goods}</ul>'
            f"</section>{foot if shop.shown_footer else ''}</div>"
        )
        head = ""
        if shop.structured:
            head = ld_json(self.shop_jsonld(shop))
        return self.page(shop.name, body, self.shop_url(shop.sid), head)

    def licence_page(self, shop: Shop) -> str:
        text = self.label("licence_link", shop.sid)
        body = self.licence_body(shop, text)
        return self.page(f"{shop.name} {text}", body, self.licence_url(shop.sid))

    def licence_body(self, shop: Shop, text: str) -> str:
        """A licence page's body: a title reading `text`, the licence, 返回店铺."""
        return (
            f'<section class="licence"><h1>{e(shop.name)} · {text}</h1>{self.licence_content(shop)}'
            f'<p><a href="{self.shop_url(shop.sid)}">返回店铺</a></p></section>'
        )

    def licence_content(self, shop: Shop) -> str:
        """What a licence page shows between its title and 返回店铺."""
        img = (
            f'<figure><img src="/img/licence/{shop.sid}.png" alt="营业执照" width="240" '
            f'height="170"><figcaption>点击查看大图</figcaption></figure>'
        )
        if shop.licence.where == "image":
            content = img
        else:
            content = self.pairs(self.licence_pairs(shop), shop.style, shop.sid)
            content += img if shop.licence_image else ""
        return content

    # --- listings ----------------------------------------------------------------------------

    def price_box(self, item: Listing) -> str:
        price, original = self.prices(item)
        shown = f"{yuan(price)} - {yuan(item.high)}" if item.high else yuan(price)
        box = f'<span class="price">售价 <strong>{shown}</strong></span>'
        if item.coupon:
            box += f' <span class="coupon">{e(item.coupon[0])} <strong>{yuan(item.coupon[1])}'
            box += "</strong></span>"
        if original:
            box += f' <del class="orig">{e(original[0])} {yuan(original[1])}</del>'
        return box

    def crumbs(self, item: Listing) -> str:
        top, leaf, _ = catalog.CATEGORIES[item.cat]
        return (
            f'<nav class="breadcrumb"><a href="/">首页</a> &gt; <span>{e(top)}</span> &gt; '
            f'<a href="{self.category_url(item.cat)}">{e(leaf)}</a></nav>'
        )

    def rec_items(self, item: Listing) -> str:
        """猜你喜欢: links with a new session id each."""
        return "".join(
            f'<li><a href="{self.session_url(self.listing_url(x.lid))}">{e(x.title)}</a></li>'
            for x in self.recommendations(item.lid)
        )

    def product_markup(self, item: Listing, shop: Shop) -> tuple[str, str]:
        """(microdata in the body, JSON-LD in the head) of a structured listing."""
        if item.structured and item.lid % 2:
            return "", ld_json(self.product_jsonld(item, shop))
        if item.structured:
            return self.product_microdata(item, shop), ""
        return "", ""

    def listing_page(self, item: Listing, shop: Shop) -> str:
        _, _, default_service = catalog.CATEGORIES[item.cat]
        reviews = "".join(f"<li><b>{e(w)}</b>：{e(t)}</li>" for w, t in item.reviews)
        reviews = reviews or "<li>暂无评价</li>"
        sections = (
            f'<section class="service"><h2>服务保障</h2><p>{e(item.service or default_service)}'
            f"</p></section>"
            f'<section class="reviews"><h2>买家评价</h2><ul>{reviews}</ul></section>'
        )
        return self.item_page(item, shop, sections)

    def item_page(
        self, item: Listing, shop: Shop, sections: str, title: str = "", desc: str = "", buy=""
    ) -> str:
        """An item page: crumb, title, price box (then `buy`), seller box, 商品详情 (`desc`, the
        claims), a rendering's `sections`, 猜你喜欢. `title`/`desc` default to the item's."""
        title, desc = title or item.title, desc or item.desc
        claims = "".join(f"<li>{e(c)}</li>" for c in item.claims)
        recs = self.rec_items(item)
        micro, head = self.product_markup(item, shop)
        body = (
            f'{self.crumbs(item)}<article class="item">{micro}<h1 class="item-title">{e(title)}</h1>'
            f'<div class="price-box">{self.price_box(item)}</div>{buy}'
            f'<div class="seller-box">店铺：<span class="shop-name">{e(shop.name)}</span> '
            f'<a class="enter-shop" href="{self.shop_link(shop)}">进入店铺</a></div>'
            f'<section class="detail"><h2>商品详情</h2><p>{e(desc)}</p>'
            f'<ul class="claims">{claims}</ul></section>{sections}</article>'
            f'<aside class="recommend"><h2>猜你喜欢</h2><ul>{recs}</ul></aside>'
        )
        return self.page(title, body, self.listing_url(item.lid), head)

    def product_microdata(self, item: Listing, shop: Shop) -> str:
        data = self.product_jsonld(item, shop)
        return (
            f'<div itemscope itemtype="https://schema.org/Product">'
            f'<meta itemprop="name" content="{e(data["name"])}">'
            f'<meta itemprop="category" content="{e(data["category"])}">'
            f'<div itemprop="offers" itemscope itemtype="https://schema.org/Offer">'
            f'<meta itemprop="price" content="{data["offers"]["price"]}">'
            f'<meta itemprop="priceCurrency" content="CNY"></div></div>'
        )

    # --- indexes -----------------------------------------------------------------------------

    def pager(self, page: int, pages: int, url) -> str:
        prev = f'<a rel="prev" href="{url(page - 1)}">上一页</a> ' if page > 1 else ""
        nxt = f' <a rel="next" href="{url(page + 1)}">下一页</a>' if page < pages else ""
        return f'<nav class="pager">{prev}第 {page}/{pages} 页{nxt}</nav>'

    def category_page(self, slug: str, page: int, pages: int, items: list[Listing]) -> str:
        top, leaf, _ = catalog.CATEGORIES[slug]
        body = f"<h1>{e(leaf)}</h1><p>{e(top)}</p>{self.category_items(items)}" + self.pager(
            page, pages, lambda p: self.category_url(slug, p)
        )
        return self.page(leaf, body, self.category_url(slug, page))

    def category_items(self, items: list[Listing]) -> str:
        """A category page's listings: link, offered price and shop of each."""
        rows = "".join(
            f'<li><a href="{self.item_link(x)}">{e(x.title)}</a> '
            f'<span class="price">{yuan(x.offered_at(self.night))}</span> '
            f'<span class="shop">{e(catalog.shop(x.sid, self.night).name)}</span></li>'
            for x in items
        )
        return f'<ul class="item-list">{rows}</ul>'

    def directory_page(self, page: int, pages: int, shops: list[Shop]) -> str:
        rows = "".join(f'<li><a href="{self.shop_link(s)}">{e(s.name)}</a></li>' for s in shops)
        body = f'<h1>全部店铺</h1><ul class="shop-list">{rows}</ul>'
        body += self.pager(page, pages, self.directory_url)
        return self.page("全部店铺", body, self.directory_url(page))

    def featured_shops(self) -> str:
        """The home page's recommended shops as <li> links."""
        return "".join(
            f'<li><a href="{self.shop_link(catalog.shop(sid, self.night))}">'
            f"{e(catalog.shop(sid, self.night).name)}</a></li>"
            for sid in (1, 3, 20, 33)
        )

    def home_page(self) -> str:
        groups: dict[str, list[str]] = {}
        for slug, (top, leaf, _) in catalog.CATEGORIES.items():
            groups.setdefault(top, []).append(f'<a href="{self.category_url(slug)}">{e(leaf)}</a>')
        cats = "".join(f"<li>{e(top)}：{' '.join(links)}</li>" for top, links in groups.items())
        featured = self.featured_shops()
        org = {
            "@context": "https://schema.org",
            "@type": "Organization",
            "name": PLATFORM["name"],
            "legalName": PLATFORM["company"],
            "url": self.abs("/"),
        }
        head = ld_json(org)
        body = (
            f"<h1>{PLATFORM['name']}</h1><section><h2>商品分类</h2><ul>{cats}</ul></section>"
            f'<section><h2>推荐店铺</h2><ul>{featured}</ul><a href="/shops">更多店铺</a></section>'
            f'<section><h2>正在直播</h2><a href="/live">进入直播广场</a></section>'
        )
        return self.page("首页", body, "/", head)

    def rooms_page(self, rooms: list[Room]) -> str:
        rows = "".join(
            f'<li><a href="{self.room_url(r.rid)}">{e(r.title)}</a>'
            + (f" 主播：{e(r.host)}" if r.host else "")
            + "</li>"
            for r in rooms
        )
        return self.page("直播广场", f'<h1>直播广场</h1><ul class="rooms">{rows}</ul>', "/live")

    def room_shell(self, room: Room) -> str:
        hang = '<img src="/img/live/loading.png" alt="">' if room.fault == "hang" else ""
        own = f'<script src="/static/{self.ROOM_SCRIPT}"></script>' if self.ROOM_SCRIPT else ""
        body = (
            f'<div id="root"></div>{hang}<noscript>请开启JavaScript</noscript>'
            f'{own}<script src="/static/live-a.js"></script>'
        )
        return self.page("直播间", body, self.room_url(room.rid))

    def api_payload(self, room: Room, k: int) -> dict:
        shop = self.room_seller(room)
        goods = [
            {"title": t, "price": yuan(p), "url": self.listing_url(lid) if lid else None}
            for t, p, lid in room.products
        ]
        return {
            "room": {"id": room.rid, "title": room.title, "notices": list(room.notices)},
            "anchor": {"nick": room.host, "auth": room.verification},
            "shop": shop,
            "goods": goods,
            "stats": self.api_counters(room, k),
            "badge": room.badge,
        }

    def calendar_page(self, month: str) -> str:
        y, m = month.split("-")
        days = "".join(f"<td>{d}</td>" for d in range(1, 8))
        body = (
            f'<h1>{y}年{int(m)}月 活动日历</h1><table class="calendar"><tr>{days}</tr></table>'
            f"<p>本月暂无活动。</p>"
            f'<a href="/events?month={next_month(month, -1)}">上个月</a> '
            f'<a href="/events?month={next_month(month, 1)}">下个月</a>'
        )
        return self.page("活动日历", body)

    def history_page(self) -> str:
        rows = "".join(
            f'<li><a href="{self.session_url(self.listing_url(x.lid))}">{e(x.title)}</a></li>'
            for x in catalog.plain_listings()[:4]
        )
        body = f'<h1>我的足迹</h1><ul>{rows}</ul><a href="{self.session_url("/history")}">刷新</a>'
        return self.page("我的足迹", body)
