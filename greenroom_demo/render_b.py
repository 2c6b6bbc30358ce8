"""Rendering "b": table-era markup, PHP-style URLs (/store.php?id=, /goods/detail?gid=), microdata."""

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
)

if TYPE_CHECKING:
    from greenroom_demo.model import Listing, Room, Shop

PLATFORM = {
    "name": "甬集网",
    "company": "宁波甬集电子商务有限公司",
    "uscc": make_uscc("91", "330212", "MA2GT4H8"),
    "icp": "浙ICP备2022098173号-3",
    "hotline": "400-886-0574",
    "email": "kefu@yongji-shop.cn",
}

SLUGS = {s.slug: s.sid for s in catalog.SHOPS}


def rmb(v: float) -> str:
    return f"￥{v:g}" if v == int(v) else f"￥{v:.2f}"


class RenderB(Renderer):
    key = "b"
    ROBOTS = "User-agent: *\nDisallow: /seller-center/\nDisallow: /cart.php\n"
    ADMIN_PREFIX = "/seller-center/"
    LABELS: ClassVar[dict[str, tuple[str, ...]]] = {
        "operator": ("经营主体", "经营者名称"),
        "name": ("名称", "主体名称", "企业名称"),
        "uscc": ("社会信用代码", "信用代码", "统一社会信用代码"),
        "phone": ("客服电话", "电话"),
        "email": ("邮箱", "E-mail"),
        "address": ("地址", "联系地址"),
        "legal_rep": ("法人代表", "法定代表人"),
        "kind": ("主体类型", "类型"),
        "reg_address": ("注册地址", "住所"),
        "licence_link": ("证照信息", "亮照", "资质"),
        "shop_link": ("店铺首页", "卖家"),
    }
    page_mode = "utf-8-meta"

    # --- URLs ------------------------------------------------------------------------------

    def shop_url(self, sid: int) -> str:
        return f"/store.php?id={sid}"

    def licence_url(self, sid: int) -> str:
        return f"/s/{catalog.SHOP_BY_ID[sid].slug}/license.html"

    def listing_url(self, lid: int) -> str:
        return f"/goods/detail?gid={lid}"

    def room_url(self, rid: int) -> str:
        return f"/zhibo/{rid}.html"

    def api_path(self, rid: int) -> str:
        return f"/live/data.json?room={rid}"

    def category_url(self, slug: str, page: int = 1) -> str:
        return f"/list/{slug}/" + (f"p{page}.html" if page > 1 else "")

    def directory_url(self, page: int = 1) -> str:
        return "/dianpu/" + (f"list-{page}.html" if page > 1 else "")

    def shop_link(self, shop: Shop) -> str:
        return f"/shop.php?id={shop.sid}" if shop.old_url else self.shop_url(shop.sid)

    def item_link(self, item: Listing) -> str:
        return f"/g/{item.lid}" if item.go_link else self.listing_url(item.lid)

    def strip_session(self, path: str, query: dict) -> tuple[str, dict]:
        return path, {k: v for k, v in query.items() if k != "sid"}

    def route(self, path: str, query: dict[str, str]):
        num = lambda k: int(query[k]) if query.get(k, "").isdigit() else None
        if path in ("/", "/index.html"):
            return "home", None
        if path == "/store.php" and num("id"):
            return "shop", num("id")
        if path == "/shop.php" and num("id"):
            return "old_shop", num("id")
        if m := re.fullmatch(r"/s/([a-z-]+)/license\.html", path):
            return ("licence", SLUGS[m[1]]) if m[1] in SLUGS else None
        if path == "/goods/detail" and num("gid"):
            return "listing", num("gid")
        if m := re.fullmatch(r"/g/(\d+)", path):
            return "go", int(m[1])
        if m := re.fullmatch(r"/list/([a-z]+)/(?:p(\d+)\.html)?", path):
            return "category", (m[1], int(m[2] or 1))
        if m := re.fullmatch(r"/dianpu/(?:list-(\d+)\.html)?", path):
            return "directory", int(m[1] or 1)
        if path == "/zhibo/":
            return "rooms", None
        if m := re.fullmatch(r"/zhibo/(\d+)\.html", path):
            return "room", int(m[1])
        if path == "/live/data.json" and num("room"):
            return "api", num("room")
        if path == "/js/zhibo.js":
            return "static", "zhibo.js"
        if path == "/images/lszbj.png":
            return "badge_img", None
        if m := re.fullmatch(r"/upload/zz/(\d+)\.png", path):
            return "licence_img", int(m[1])
        if path == "/images/loading.gif":
            return "hang", None
        if path == "/huodong/rili":
            ym = query.get("ym", "{:04d}{:02d}".format(*FIRST_MONTH))
            return ("calendar", f"{ym[:4]}-{ym[4:]}") if re.fullmatch(r"\d{6}", ym) else None
        if path == "/member/history.php":
            return "history", None
        if path.startswith("/seller-center/"):
            return "admin", None
        return None

    # --- chrome ------------------------------------------------------------------------------

    def page(self, title: str, body: str, head: str = "") -> str:
        p = PLATFORM
        cats = "".join(
            f'<li><a href="{self.category_url(slug)}">{e(leaf)}</a></li>'
            for slug, (_, leaf, _) in catalog.CATEGORIES.items()
        )
        return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml"><head>{CHARSET_MARK}
<title>{e(title)}_{p["name"]}</title>{head}</head><body>
<div id="top"><div class="w">欢迎来到{p["name"]}！ <a href="/seller-center/">卖家中心</a> |
<a href="/member/history.php?sid={self.session_id()}">浏览记录</a> | <a href="/cart.php">购物车</a></div></div>
<div id="hd"><a href="/" class="logo">{p["name"]}</a><ul class="nav"><li><a href="/">首页</a></li>
<li><a href="/dianpu/">店铺街</a></li><li><a href="/zhibo/">直播</a></li>
<li><a href="/huodong/rili?ym=202612">活动日历</a></li><li><a href="/zt/2023-618.html">618专题</a></li>
</ul><ul class="cats">{cats}</ul></div>
<div id="bd">{body}</div>
<div id="ft"><p>{p["company"]} 版权所有 Copyright © 2026</p>
<p>社会信用代码：{p["uscc"]} &nbsp; {p["icp"]}</p>
<p>客服电话：{p["hotline"]} &nbsp; 邮箱：{p["email"]}</p></div>
</body></html>"""

    def simple_page(self, title: str, body: str) -> str:
        return self.page(title, f"<h2>{e(title)}</h2>{body}")

    def pairs(self, pairs: list[tuple[str, str]], style: int, n: int) -> str:
        style = (style + 1) % 4  # each shop gets another markup than in rendering a
        if style == 0:
            rows = "".join(f'<tr><td class="t">{e(k)}：</td><td>{e(v)}</td></tr>' for k, v in pairs)
            return f'<table class="dpxx" border="0" cellpadding="0">{rows}</table>'
        if style == 1:
            rows = "".join(f"<li><span>{e(k)}：</span>{e(v)}</li>" for k, v in pairs)
            return f'<ul class="info">{rows}</ul>'
        if style == 2:
            rows = "".join(f"<dt>{e(k)}</dt><dd>{e(v)}</dd>" for k, v in pairs)
            return f"<dl>{rows}</dl>"
        return f'<div class="txt">{self.running_text(pairs, n + 2)}</div>' if pairs else ""

    # --- shops -----------------------------------------------------------------------------

    def shop_microdata(self, shop: Shop) -> str:
        data = self.shop_jsonld(shop)
        props = "".join(
            f'<meta itemprop="{k}" content="{e(data[k])}">'
            for k in ("name", "legalName", "telephone", "email", "address")
            if k in data
        )
        return f'<div itemscope itemtype="https://schema.org/Organization">{props}</div>'

    def shop_page(self, shop: Shop) -> str:
        lic = shop.licence
        info = self.pairs(self.home_pairs(shop), shop.style, shop.sid)
        if shop.exempt:
            info += f'<div class="sm">{e(shop.exempt)}</div>'
        if lic and lic.where in ("page", "image"):
            text = self.label("licence_link", shop.sid)
            info += f'<p class="zz">[<a href="{self.licence_url(shop.sid)}">{text}</a>]</p>'
        rows = "".join(
            f'<tr><td><a href="{self.item_link(x)}">{e(x.title)}</a></td>'
            f'<td class="red">{rmb(x.offered_at(self.night))}</td></tr>'
            for x in catalog.listings_of(shop.sid)
        )
        foot = f'<div class="dp-foot">Copyright © {e(shop.shown_footer)}</div>'
        micro = self.shop_microdata(shop) if shop.structured else ""
        body = (
            f'<div class="dp-head">{micro}<div class="dp-name">{e(shop.name)}</div></div>'
            f'<div class="dp-main"><div class="dpxx-box"><h3>店铺档案</h3>{info}</div>'
            f'<div class="dp-goods"><h3>本店宝贝</h3><table width="100%">{rows}</table></div>'
            f"{foot if shop.shown_footer else ''}</div>"
        )
        return self.page(shop.name, body)

    def licence_page(self, shop: Shop) -> str:
        text = self.label("licence_link", shop.sid)
        img = f'<p><img src="/upload/zz/{shop.sid}.png" alt="营业执照" /></p>'
        if shop.licence.where == "image":
            content = img
        else:
            content = self.pairs(self.licence_pairs(shop), shop.style, shop.sid)
            content += img if shop.licence_image else ""
        body = (
            f'<div class="zz-box"><h2>{text} - {e(shop.name)}</h2>{content}'
            f'<p><a href="{self.shop_url(shop.sid)}">&lt;&lt; 返回店铺首页</a></p></div>'
        )
        return self.page(f"{text}_{shop.name}", body)

    # --- listings ----------------------------------------------------------------------------

    def price_table(self, item: Listing) -> str:
        price, original = self.prices(item)
        shown = f"{rmb(price)}-{rmb(item.high)}" if item.high else rmb(price)
        rows = f'<tr><td>价格</td><td class="red">{shown}</td></tr>'
        if item.coupon:
            label = "到手价" if item.coupon[0] == "券后价" else item.coupon[0]
            rows += f'<tr><td>{e(label)}</td><td class="red"><b>{rmb(item.coupon[1])}</b></td></tr>'
        if original:
            label = "划线价" if original[0] == "原价" else original[0]
            rows += f"<tr><td>{e(label)}</td><td><s>{rmb(original[1])}</s></td></tr>"
        return f'<table class="jg">{rows}</table>'

    def listing_page(self, item: Listing, shop: Shop) -> str:
        top, leaf, default_service = catalog.CATEGORIES[item.cat]
        crumbs = (
            f'<div class="crumbs">当前位置：<a href="/">首页</a> › {e(top)} › '
            f'<a href="{self.category_url(item.cat)}">{e(leaf)}</a></div>'
        )
        if self.label("shop_link", shop.sid) == "卖家":
            seller = f'卖家：<a href="{self.shop_link(shop)}">{e(shop.name)}</a>'
        else:
            seller = f'{e(shop.name)} <a href="{self.shop_link(shop)}">店铺首页</a>'
        reviews = "".join(f"<tr><td>{e(w)}</td><td>{e(t)}</td></tr>" for w, t in item.reviews)
        recs = " ".join(
            f'<a href="{self.listing_url(x.lid)}&amp;sid={self.session_id()}">{e(x.title)}</a>'
            for x in self.recommendations(item.lid)
        )
        micro, head = "", ""
        if item.structured and item.lid % 2:
            micro = self.product_microdata(item, shop)
        elif item.structured:
            head = ld_json(self.product_jsonld(item, shop))
        body = (
            f'{crumbs}<div class="goods-main">{micro}<div class="goods-name"><h2>'
            f"{e(item.title)}</h2></div>{self.price_table(item)}"
            f'<div class="seller">{seller}</div>'
            f'<div class="tab-con"><h3>宝贝详情</h3><p>{e(item.desc)}</p>'
            f'<p class="sellpoint">{" | ".join(e(c) for c in item.claims)}</p></div>'
            f'<div class="fw"><h3>售后服务</h3><p>{e(item.service or default_service)}</p></div>'
            f'<div class="pj"><h3>累计评价</h3><table>{reviews}</table></div></div>'
            f'<div class="xgtj"><h3>相关推荐</h3>{recs}</div>'
        )
        return self.page(item.title, body, head)

    def product_microdata(self, item: Listing, shop: Shop) -> str:
        data = self.product_jsonld(item, shop)
        return (
            f'<div itemscope itemtype="https://schema.org/Product">'
            f'<meta itemprop="name" content="{e(data["name"])}">'
            f'<meta itemprop="category" content="{e(data["category"])}">'
            f'<span itemprop="offers" itemscope itemtype="https://schema.org/Offer">'
            f'<meta itemprop="price" content="{data["offers"]["price"]}">'
            f'<meta itemprop="priceCurrency" content="CNY"></span></div>'
        )

    # --- indexes -----------------------------------------------------------------------------

    def pager(self, page: int, pages: int, url) -> str:
        links = " ".join(
            f"<b>{p}</b>" if p == page else f'<a href="{url(p)}">{p}</a>'
            for p in range(1, pages + 1)
        )
        nxt = f' <a href="{url(page + 1)}" class="next">下一页&gt;</a>' if page < pages else ""
        return f'<div class="pages">{links}{nxt}</div>'

    def category_page(self, slug: str, page: int, pages: int, items: list[Listing]) -> str:
        top, leaf, _ = catalog.CATEGORIES[slug]
        rows = "".join(
            f'<tr><td><a href="{self.item_link(x)}">{e(x.title)}</a></td>'
            f'<td class="red">{rmb(x.offered_at(self.night))}</td>'
            f"<td>{e(catalog.shop(x.sid, self.night).name)}</td></tr>"
            for x in items
        )
        body = f'<h2>{e(top)} - {e(leaf)}</h2><table class="list">{rows}</table>' + self.pager(
            page, pages, lambda p: self.category_url(slug, p)
        )
        return self.page(leaf, body)

    def directory_page(self, page: int, pages: int, shops: list[Shop]) -> str:
        rows = "".join(
            f'<tr><td><a href="{self.shop_link(s)}">{e(s.name)}</a></td></tr>' for s in shops
        )
        body = f'<h2>店铺街</h2><table class="list">{rows}</table>'
        body += self.pager(page, pages, self.directory_url)
        return self.page("店铺街", body)

    def home_page(self) -> str:
        cats = "".join(
            f'<td><a href="{self.category_url(slug)}">{e(top)}·{e(leaf)}</a></td>'
            for slug, (top, leaf, _) in catalog.CATEGORIES.items()
        )
        featured = " | ".join(
            f'<a href="{self.shop_link(catalog.shop(sid, self.night))}">'
            f"{e(catalog.shop(sid, self.night).name)}</a>"
            for sid in (2, 3, 15, 30)
        )
        body = (
            f'<table class="home-cats"><tr>{cats}</tr></table>'
            f'<div class="tj">推荐店铺：{featured} <a href="/dianpu/">更多&gt;&gt;</a></div>'
            f'<div class="tj"><a href="/zhibo/">直播频道</a></div>'
        )
        return self.page("首页", body)

    def rooms_page(self, rooms: list[Room]) -> str:
        rows = "".join(
            f'<tr><td><a href="{self.room_url(r.rid)}">{e(r.title)}</a></td><td>{e(r.host)}</td></tr>'
            for r in rooms
        )
        return self.page("直播频道", f'<h2>直播频道</h2><table class="list">{rows}</table>')

    def room_shell(self, room: Room) -> str:
        hang = (
            '<img src="/images/loading.gif" width="1" height="1" />' if room.fault == "hang" else ""
        )
        body = (
            f'<section id="zhibo-app" data-rid="{room.rid}"></section>{hang}'
            f'<noscript>请开启JavaScript后观看直播</noscript><script src="/js/zhibo.js"></script>'
        )
        return self.page("直播间", body)

    def api_payload(self, room: Room, k: int) -> dict:
        seller = None
        if room.seller_sid:
            s = catalog.shop(room.seller_sid, self.night)
            seller = {"mc": s.name, "lj": self.shop_url(s.sid)}
        elif room.seller_text:
            seller = {"mc": room.seller_text, "lj": ""}
        counters = self.api_counters(room, k)
        keys = {"online": "zx", "viewers": "gk", "likes": "dz", "sold": "ys"}
        goods = [
            {"mc": t, "jg": rmb(p), "lj": self.listing_url(lid) if lid else ""}
            for t, p, lid in room.products
        ]
        data = {
            "bt": room.title,
            "zb": {"mc": room.host, "rz": room.verification or ""},
            "sj": seller,
            "sp": goods,
            "tj": {keys[c]: v for c, v in counters.items()},
            "bz": room.badge or "",
            "gg": list(room.notices),
        }
        return {"code": 0, "data": data}

    def calendar_page(self, month: str) -> str:
        prev, nxt = next_month(month, -1).replace("-", ""), next_month(month, 1).replace("-", "")
        body = (
            f"<h2>活动日历 {month}</h2><p>暂无活动</p>"
            f'<a href="/huodong/rili?ym={prev}">&lt; 上月</a> '
            f'<a href="/huodong/rili?ym={nxt}">下月 &gt;</a>'
        )
        return self.page("活动日历", body)

    def history_page(self) -> str:
        rows = " ".join(
            f'<a href="{self.listing_url(x.lid)}&amp;sid={self.session_id()}">{e(x.title)}</a>'
            for x in catalog.plain_listings()[4:8]
        )
        body = (
            f"<h2>浏览记录</h2><p>{rows}</p>"
            f'<a href="/member/history.php?sid={self.session_id()}">刷新</a>'
        )
        return self.page("浏览记录", body)
