"""Rendering "c": a GBK-era portal with .html/.do URLs, label/value <span> rows and 工商信息 tabs.

What it does differently from "a" and "b", as an unseen marketplace might:

- the whole site is GBK/GB18030 (declared in the Content-Type header, a <meta charset> or a
  <meta http-equiv>), shops that "a"/"b" serve in UTF-8 included;
- disclosures are <span> label/value rows with odd colons (`统一社会信用代码 ：`), four-column
  工商信息 tables, <br>-separated lines in one <p>, or a run of text split by full-width spaces;
- other label wordings (公司名称, 营业执照注册号, 客服热线, 联系邮箱, 经营地址 …);
- the licence is a 工商信息 / 资质公示 tab on /seller/info?uid=<sid>&tab=gsxx;
- prices split into a yen sign and a number (`¥ 1,299.00`), `券后 ¥99`, ranges `¥59.00-99.00`;
- breadcrumbs as one line of text `位置：首页 > 食品 > 茶叶`;
- structured data only as JSON-LD `@graph` blocks (no microdata);
- spm= tracking parameters instead of session ids; the room API is /ajax/live_info.php?rid=.
"""

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
    "name": "禾丰集市",
    "company": "合肥禾丰网络信息技术有限公司",
    "uscc": make_uscc("91", "340100", "MA8N3K2W"),
    "icp": "皖ICP备2021017325号-2",
    "police": "皖公网安备 34010402703215号",
    "hotline": "400-155-0551",
    "email": "service@hefeng-ji.cn",
}

# shops whose own encoding is UTF-8 in "a"/"b" are GBK here too; the others keep theirs
SITE_MODES = {"utf-8": "gb18030-header", "utf-8-meta": "gbk-meta"}
FULL_SPACE = "\u3000"


def price_html(v: float, high: float | None = None) -> str:
    """`¥ 1,299.00` with the yen sign in its own element, as many portals draw it."""
    num = f"{v:,.2f}" + (f"-{high:,.2f}" if high else "")
    return f'<span class="yen">¥</span> <span class="num">{num}</span>'


def plain_price(v: float) -> str:
    return f"¥{v:,.2f}"


class RenderC(Renderer):
    key = "c"
    ROBOTS = "User-agent: *\nDisallow: /merchant/\nDisallow: /user/cart\n\nUser-agent: Baiduspider\nAllow: /\n"
    ADMIN_PREFIX = "/merchant/"
    LABELS: ClassVar[dict[str, tuple[str, ...]]] = {
        "operator": ("店铺经营者", "经营主体", "开店主体"),
        "name": ("公司名称", "企业名称", "营业执照名称"),
        "uscc": ("统一社会信用代码", "营业执照注册号", "信用代码"),
        "phone": ("客服热线", "联系电话", "客服电话"),
        "email": ("联系邮箱", "电子邮件", "客服邮箱"),
        "address": ("经营地址", "联系地址", "发货地址"),
        "legal_rep": ("法定代表人", "法人"),
        "kind": ("企业类型", "公司类型"),
        "reg_address": ("注册地址", "住所"),
        "licence_link": ("工商信息", "资质公示", "企业资质"),
    }
    page_mode = "gbk-equiv"

    # --- URLs ------------------------------------------------------------------------------

    def shop_url(self, sid: int) -> str:
        return f"/m/shop-{sid}.html"

    def licence_url(self, sid: int) -> str:
        return f"/seller/info?uid={sid}&tab=gsxx"

    def listing_url(self, lid: int) -> str:
        return f"/p/{lid}.html"

    def room_url(self, rid: int) -> str:
        return f"/live/room-{rid}.html"

    def api_path(self, rid: int) -> str:
        return f"/ajax/live_info.php?rid={rid}"

    def category_url(self, slug: str, page: int = 1) -> str:
        return f"/c/{slug}-{page}.html"

    def directory_url(self, page: int = 1) -> str:
        return "/shops/all.do" + (f"?pn={page}" if page > 1 else "")

    def shop_link(self, shop: Shop) -> str:
        return f"/shop/view.do?shopId={shop.sid}" if shop.old_url else self.shop_url(shop.sid)

    def item_link(self, item: Listing) -> str:
        return f"/click.do?pid={item.lid}" if item.go_link else self.listing_url(item.lid)

    def spm(self) -> str:
        """A tracking value that differs on every link (`spm=a1z10.3-c.w4002.1A2B…`)."""
        return f"a1z10.3-c.w4002.{self.session_id()[:12]}"

    def strip_session(self, path: str, query: dict) -> tuple[str, dict]:
        return path, {k: v for k, v in query.items() if k != "spm"}

    def route(self, path: str, query: dict[str, str]):
        num = lambda k: int(query[k]) if query.get(k, "").isdigit() else None
        if path in ("/", "/index.htm"):
            return "home", None
        if m := re.fullmatch(r"/m/shop-(\d+)\.html", path):
            return "shop", int(m[1])
        if path == "/shop/view.do" and num("shopId"):
            return "old_shop", num("shopId")
        if path == "/seller/info" and num("uid") and query.get("tab") == "gsxx":
            return "licence", num("uid")
        if m := re.fullmatch(r"/p/(\d+)\.html", path):
            return "listing", int(m[1])
        if path == "/click.do" and num("pid"):
            return "go", num("pid")
        if m := re.fullmatch(r"/c/([a-z]+)-(\d+)\.html", path):
            return "category", (m[1], int(m[2]))
        if path == "/shops/all.do":
            pn = query.get("pn", "1")
            return ("directory", int(pn)) if pn.isdigit() else None
        if path == "/live/square":
            return "rooms", None
        if m := re.fullmatch(r"/live/room-(\d+)\.html", path):
            return "room", int(m[1])
        if path == "/ajax/live_info.php" and num("rid"):
            return "api", num("rid")
        if path == "/res/js/live.c.js":
            return "static", "live-c.js"
        if path == "/res/img/green_live.png":
            return "badge_img", None
        if m := re.fullmatch(r"/upload/license/(\d+)\.png", path):
            return "licence_img", int(m[1])
        if path == "/res/img/spinner.png":
            return "hang", None
        if m := re.fullmatch(r"/activity/calendar-(\d{6})\.html", path):
            return "calendar", f"{m[1][:4]}-{m[1][4:]}"
        if path == "/user/footprint":
            return "history", None
        if path.startswith("/merchant/"):
            return "admin", None
        return None

    def mode_of(self, shop: Shop) -> str:
        return SITE_MODES.get(shop.encoding, shop.encoding)

    # --- chrome ------------------------------------------------------------------------------

    def page(self, title: str, body: str, head: str = "") -> str:
        p = PLATFORM
        cats = " | ".join(
            f'<a href="{self.category_url(slug)}">{e(leaf)}</a>'
            for slug, (_, leaf, _) in catalog.CATEGORIES.items()
        )
        first = "{:04d}{:02d}".format(*FIRST_MONTH)
        return f"""<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">
<html><head>{CHARSET_MARK}
<title>{e(title)}-{p["name"]}</title>{head}</head>
<body>
<div class="topbar">您好，欢迎光临{p["name"]}！ <a href="/merchant/login.do">商家登录</a>
<a href="/user/footprint?spm={self.spm()}">我的足迹</a> <a href="/user/cart">购物车</a></div>
<div class="header"><a href="/index.htm"><img src="/res/img/logo.gif" alt="{p["name"]}"></a>
<div class="menu"><a href="/index.htm">首页</a> <a href="/shops/all.do">店铺大全</a>
<a href="/live/square">直播广场</a> <a href="/activity/calendar-{first}.html">活动</a>
<a href="/topic/2023-618.html">618大促</a></div>
<div class="catbar">全部分类：{cats}</div></div>
<div class="wrap">{body}</div>
<div class="footer">
<p>关于我们 | 联系我们 | 商家入驻 | 隐私政策</p>
<p>客服热线：{p["hotline"]}（9:00-21:00）　投诉邮箱：{p["email"]}</p>
<p>{p["company"]}　统一社会信用代码：{p["uscc"]}</p>
<p>{p["icp"]}　{p["police"]}　Copyright © 2019-2026 {p["name"]} 版权所有</p>
</div>
</body></html>"""

    def simple_page(self, title: str, body: str) -> str:
        return self.page(title, f'<div class="tit">{e(title)}</div>{body}')

    def pairs(self, pairs: list[tuple[str, str]], style: int, n: int) -> str:
        if not pairs:
            return ""
        style = (style + 2) % 4  # each shop gets a third markup, unlike in "a" and "b"
        if style == 0:  # label/value spans, colons with odd spacing
            colons = ("：", " ：", "： ", ":")
            rows = "".join(
                f'<div class="item"><span class="lbl">{e(k)}{colons[(n + i) % 4]}</span>'
                f'<span class="val">{e(v)}</span></div>'
                for i, (k, v) in enumerate(pairs)
            )
            return f'<div class="shopinfo">{rows}</div>'
        if style == 1:  # a four-column 工商信息 table
            cells = [f'<td class="k">{e(k)}</td><td class="v">{e(v)}</td>' for k, v in pairs]
            rows = "".join(
                "<tr>" + "".join(cells[i : i + 2]) + "</tr>" for i in range(0, len(cells), 2)
            )
            return f'<table class="gsxx" cellspacing="0" cellpadding="4">{rows}</table>'
        if style == 2:  # one paragraph, lines broken by <br>
            lines = "<br>\n".join(f"{e(k)}：{e(v)}" for k, v in pairs)
            return f'<p class="info">{lines}</p>'
        # running text split by full-width spaces, colons half- and full-width
        colons = ("：", ":", "： ")
        parts = [f"{e(k)}{colons[(n + i) % 3]}{e(v)}" for i, (k, v) in enumerate(pairs)]
        return f'<div class="desc">{(FULL_SPACE * 2).join(parts)}</div>'

    # --- shops -----------------------------------------------------------------------------

    def graph(self, *nodes: dict) -> str:
        """Structured data as one JSON-LD @graph (no per-node @context)."""
        clean = [{k: v for k, v in node.items() if k != "@context"} for node in nodes]
        return ld_json({"@context": "https://schema.org", "@graph": clean})

    def shop_page(self, shop: Shop) -> str:
        lic = shop.licence
        info = self.pairs(self.home_pairs(shop), shop.style, shop.sid)
        if shop.exempt:
            info += f'<div class="notice">温馨提示：{e(shop.exempt)}</div>'
        if lic and lic.where in ("page", "image"):
            text = self.label("licence_link", shop.sid)
            info += (
                f'<div class="more"><a href="{self.licence_url(shop.sid)}">{text}&gt;&gt;</a></div>'
            )
        goods = "".join(
            f'<div class="goods"><a href="{self.item_link(x)}">{e(x.title)}</a>'
            f'<div class="pri">{price_html(x.offered_at(self.night))}</div></div>'
            for x in catalog.listings_of(shop.sid)
        )
        foot = f'<div class="shop-bottom">{e(shop.shown_footer)} 版权所有</div>'
        head = self.graph(self.shop_jsonld(shop)) if shop.structured else ""
        body = (
            f'<div class="shop-top"><div class="shop-title">{e(shop.name)}</div>'
            f'<span class="fav">收藏店铺</span></div>'
            f'<div class="shop-side"><div class="side-tit">店铺信息</div>{info}</div>'
            f'<div class="shop-list"><div class="side-tit">店内宝贝</div>{goods}</div>'
            f"{foot if shop.shown_footer else ''}"
        )
        return self.page(f"{shop.name}-首页", body, head)

    def licence_page(self, shop: Shop) -> str:
        text = self.label("licence_link", shop.sid)
        img = f'<div class="pic"><img src="/upload/license/{shop.sid}.png" alt="营业执照电子版"></div>'
        if shop.licence.where == "image":
            content = img
        else:
            content = self.pairs(self.licence_pairs(shop), shop.style, shop.sid)
            content += img if shop.licence_image else ""
        tabs = (
            f'<div class="tabs"><a href="{self.shop_url(shop.sid)}">店铺首页</a>'
            f" <b>{text}</b></div>"
        )
        body = (
            f'<div class="seller-info">{tabs}<div class="tit">{e(shop.name)} {text}</div>'
            f'{content}<div class="tip">以上信息由商家自行提供，{PLATFORM["name"]}'
            f"已进行核验。</div></div>"
        )
        return self.page(f"{text}-{shop.name}", body)

    # --- listings ----------------------------------------------------------------------------

    def price_block(self, item: Listing) -> str:
        price, original = self.prices(item)
        out = f'<div class="p-price">价格：{price_html(price, item.high)}</div>'
        if item.coupon:
            word = "券后" if item.coupon[0] == "券后价" else item.coupon[0]
            out += f'<div class="p-coupon">{e(word)} {plain_price(item.coupon[1])}</div>'
        if original:
            out += (
                f'<div class="p-orig">{e(original[0])}：<del>{plain_price(original[1])}</del></div>'
            )
        return out

    def listing_page(self, item: Listing, shop: Shop) -> str:
        top, leaf, default_service = catalog.CATEGORIES[item.cat]
        crumbs = (
            f'<div class="pos">位置：<a href="/index.htm">首页</a> &gt; {e(top)} &gt; '
            f'<a href="{self.category_url(item.cat)}">{e(leaf)}</a></div>'
        )
        claims = "<br>".join(f"◆ {e(c)}" for c in item.claims)
        reviews = "".join(
            f'<div class="rv"><span class="u">{e(w)}</span> {e(t)}</div>' for w, t in item.reviews
        )
        recs = "".join(
            f'<div class="rec"><a href="{self.listing_url(x.lid)}?spm={self.spm()}">'
            f"{e(x.title)}</a></div>"
            for x in self.recommendations(item.lid)
        )
        head = ""
        if item.structured:
            head = self.graph(self.product_jsonld(item, shop))
        body = (
            f'{crumbs}<div class="detail"><div class="p-name">{e(item.title)}</div>'
            f"{self.price_block(item)}"
            f'<div class="p-shop">所属店铺：{e(shop.name)} '
            f'<a href="{self.shop_link(shop)}">进店逛逛</a></div>'
            f'<div class="mt"><b>商品介绍</b></div><div class="intro">{e(item.desc)}'
            f'<p class="points">{claims}</p></div>'
            f'<div class="mt"><b>售后保障</b></div><div class="svc">{e(item.service or default_service)}</div>'
            f'<div class="mt"><b>商品评价</b></div><div class="rvs">{reviews or "暂无评价"}</div>'
            f'</div><div class="side"><div class="mt"><b>看了又看</b></div>{recs}</div>'
        )
        return self.page(item.title, body, head)

    # --- indexes -----------------------------------------------------------------------------

    def pager(self, page: int, pages: int, url) -> str:
        links = "".join(
            f'<span class="cur">{p}</span>' if p == page else f'<a href="{url(p)}">{p}</a>'
            for p in range(1, pages + 1)
        )
        nxt = f'<a href="{url(page + 1)}">下一页</a>' if page < pages else ""
        return f'<div class="page">共{pages}页 {links} {nxt}</div>'

    def category_page(self, slug: str, page: int, pages: int, items: list[Listing]) -> str:
        top, leaf, _ = catalog.CATEGORIES[slug]
        rows = "".join(
            f'<div class="cell"><a href="{self.item_link(x)}">{e(x.title)}</a>'
            f'<div class="pri">{price_html(x.offered_at(self.night))}</div>'
            f'<div class="sn">{e(catalog.shop(x.sid, self.night).name)}</div></div>'
            for x in items
        )
        body = (
            f'<div class="pos">位置：<a href="/index.htm">首页</a> &gt; {e(top)} &gt; {e(leaf)}</div>'
            f'<div class="glist">{rows}</div>'
            + self.pager(page, pages, lambda p: self.category_url(slug, p))
        )
        return self.page(f"{leaf}_{top}", body)

    def directory_page(self, page: int, pages: int, shops: list[Shop]) -> str:
        rows = "".join(
            f'<div class="cell"><a href="{self.shop_link(s)}">{e(s.name)}</a></div>' for s in shops
        )
        body = f'<div class="tit">店铺大全</div><div class="slist">{rows}</div>'
        body += self.pager(page, pages, self.directory_url)
        return self.page("店铺大全", body)

    def home_page(self) -> str:
        groups: dict[str, list[str]] = {}
        for slug, (top, leaf, _) in catalog.CATEGORIES.items():
            groups.setdefault(top, []).append(f'<a href="{self.category_url(slug)}">{e(leaf)}</a>')
        cats = "".join(
            f'<div class="cat"><b>{e(top)}</b> {" ".join(links)}</div>'
            for top, links in groups.items()
        )
        featured = "".join(
            f'<a href="{self.shop_link(catalog.shop(sid, self.night))}">'
            f"{e(catalog.shop(sid, self.night).name)}</a> "
            for sid in (4, 3, 15, 30)
        )
        body = (
            f'<div class="cats">{cats}</div>'
            f'<div class="hot">热门店铺：{featured}<a href="/shops/all.do">更多</a></div>'
            f'<div class="hot"><a href="/live/square">直播广场</a></div>'
        )
        return self.page("首页", body)

    # --- rooms -------------------------------------------------------------------------------

    def rooms_page(self, rooms: list[Room]) -> str:
        rows = "".join(
            f'<div class="cell"><a href="{self.room_url(r.rid)}">{e(r.title)}</a> {e(r.host)}</div>'
            for r in rooms
        )
        return self.page("直播广场", f'<div class="tit">直播广场</div>{rows}')

    def room_shell(self, room: Room) -> str:
        hang = (
            '<img src="/res/img/spinner.png" width="16" height="16">'
            if room.fault == "hang"
            else ""
        )
        body = (
            f'<div id="live-box" class="live-box"></div>{hang}'
            f'<script>var LIVE_RID = "{room.rid}";</script>'
            f'<script src="/res/js/live.c.js"></script>'
            f"<noscript>您的浏览器未启用脚本，无法观看直播</noscript>"
        )
        return self.page("直播间", body)

    def api_payload(self, room: Room, k: int) -> dict:
        shop = None
        if room.seller_sid:
            s = catalog.shop(room.seller_sid, self.night)
            shop = {"shop_name": s.name, "shop_url": self.shop_url(s.sid)}
        elif room.seller_text:
            shop = {"shop_name": room.seller_text, "shop_url": ""}
        goods = [
            {"name": t, "price": f"{p:.2f}", "link": self.listing_url(lid) if lid else ""}
            for t, p, lid in room.products
        ]
        return {
            "status": 1,
            "msg": "ok",
            "result": {
                "title": room.title,
                "anchor_name": room.host,
                "anchor_auth": room.verification or "",
                "shop": shop,
                "goods": goods,
                "count": self.api_counters(room, k),
                "green": room.badge or "",
                "notice": list(room.notices),
            },
        }

    # --- the rest ----------------------------------------------------------------------------

    def calendar_page(self, month: str) -> str:
        prev, nxt = next_month(month, -1).replace("-", ""), next_month(month, 1).replace("-", "")
        y, m = month.split("-")
        body = (
            f'<div class="tit">{y}年{int(m)}月活动</div><p>本月暂无活动，敬请期待。</p>'
            f'<a href="/activity/calendar-{prev}.html">上一月</a> '
            f'<a href="/activity/calendar-{nxt}.html">下一月</a>'
        )
        return self.page("活动日历", body)

    def history_page(self) -> str:
        rows = "".join(
            f'<div class="cell"><a href="{self.listing_url(x.lid)}?spm={self.spm()}">{e(x.title)}</a></div>'
            for x in catalog.plain_listings()[2:6]
        )
        body = (
            f'<div class="tit">我的足迹</div>{rows}'
            f'<a href="/user/footprint?spm={self.spm()}">刷新</a>'
        )
        return self.page("我的足迹", body)
