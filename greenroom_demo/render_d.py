"""Rendering "d": an H5 single-page app; every page is a script shell drawn from a JSON API.

What it does differently from "a", "b" and "c", as a mobile (H5) marketplace might:

- every HTML page (home, shop, licence, listing, category, directory, live square, rooms,
  activity calendar, history) is the same small shell: a generic <title>, an empty
  <div id="app">, a <noscript> hint and <script src="/h5/static/app-d.js">;
- the script maps the page's real path (/h5/shop/12, /h5/goods/345, /h5/shop/12/license,
  /h5/category/tea?page=2, /h5/shops?page=2 …) to a JSON API under /api/v2/… and draws
  the page with DOM calls: chrome (platform header and footer), content, and every link as a
  real <a href> element; it sets document.title and adds JSON-LD to <head> when the shop or
  listing has structured data;
- the API answers what the page would (404 for a missing subject, 503 for an unreachable
  shop); the shell itself keeps the status and encoding the other renderings give the page;
- disclosures are van-cell style label/value <div>s without colons, `label：value` lines,
  a two-column table, or running text;
- rooms reuse rendering "a"'s approach (live-a.js draws /api/rooms/<id>).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, ClassVar

from greenroom_demo import catalog
from greenroom_demo.codes import make_uscc
from greenroom_demo.render_a import RenderA
from greenroom_demo.render_base import (
    CHARSET_MARK,
    DIRECTORY_PAGE_SIZE,
    FIRST_MONTH,
    PAGE_SIZE,
    Renderer,
    e,
    json_response,
    next_month,
    yuan,
)

if TYPE_CHECKING:
    from greenroom_demo.model import Listing, Room, Shop

PLATFORM = {
    "name": "掌上优品",
    "company": "成都掌优电子商务有限公司",
    "uscc": make_uscc("91", "510100", "MA6DQ4X7"),
    "icp": "蜀ICP备2022008841号-3",
    "hotline": "400-028-7766",
    "email": "kefu@zhangyou-h5.cn",
}

SHELL_TITLE = PLATFORM["name"]

ROUTES: list[tuple[str, str, type]] = [
    (r"/", "home", str),
    (r"/h5/?", "home", str),
    (r"/h5/shops", "directory", int),
    (r"/h5/shop/(\d+)", "shop", int),
    (r"/h5/shop/(\d+)/license", "licence", int),
    (r"/h5/store\.html", "old_shop", int),
    (r"/h5/goods/(\d+)", "listing", int),
    (r"/h5/go", "go", int),
    (r"/h5/category/([a-z]+)", "category", str),
    (r"/h5/live", "rooms", str),
    (r"/h5/live/(\d+)", "room", int),
    (r"/api/rooms/(\d+)", "api", int),
    (r"/static/(live-a\.js)", "static", str),
    (r"/h5/static/(app-d\.js)", "static", str),
    (r"/static/green-badge\.png", "badge_img", str),
    (r"/h5/img/license/(\d+)\.png", "licence_img", int),
    (r"/img/live/loading\.png", "hang", str),
    (r"/h5/activity", "calendar", str),
    (r"/h5/footprint", "history", str),
    (r"/h5/seller/.*", "admin", str),
    (r"/api/v2/(.*)", "data", str),
]


class RenderD(Renderer):
    key = "d"
    ROBOTS = "User-agent: *\nDisallow: /h5/seller/\nDisallow: /h5/cart\n"
    ADMIN_PREFIX = "/h5/seller/"
    LABELS: ClassVar[dict[str, tuple[str, ...]]] = {
        "operator": ("经营主体", "经营者"),
        "name": ("企业名称", "公司名称"),
        "uscc": ("统一社会信用代码",),
        "phone": ("客服电话", "联系电话"),
        "email": ("客服邮箱", "邮箱"),
        "address": ("联系地址", "经营地址"),
        "legal_rep": ("法定代表人",),
        "kind": ("企业类型",),
        "reg_address": ("注册地址", "住所"),
        "licence_link": ("营业执照信息", "证照信息", "资质信息"),
    }

    # --- URLs ------------------------------------------------------------------------------

    def shop_url(self, sid: int) -> str:
        return f"/h5/shop/{sid}"

    def licence_url(self, sid: int) -> str:
        return f"/h5/shop/{sid}/license"

    def listing_url(self, lid: int) -> str:
        return f"/h5/goods/{lid}"

    def room_url(self, rid: int) -> str:
        return f"/h5/live/{rid}"

    def api_path(self, rid: int) -> str:
        return f"/api/rooms/{rid}"

    def category_url(self, slug: str, page: int = 1) -> str:
        return f"/h5/category/{slug}" + (f"?page={page}" if page > 1 else "")

    def directory_url(self, page: int = 1) -> str:
        return "/h5/shops" + (f"?page={page}" if page > 1 else "")

    def shop_link(self, shop: Shop) -> str:
        return f"/h5/store.html?id={shop.sid}" if shop.old_url else self.shop_url(shop.sid)

    def item_link(self, item: Listing) -> str:
        return f"/h5/go?gid={item.lid}" if item.go_link else self.listing_url(item.lid)

    def spm(self) -> str:
        return f"h5.{self.session_id()[:12]}"

    def strip_session(self, path: str, query: dict) -> tuple[str, dict]:
        return path, {k: v for k, v in query.items() if k != "spm"}

    def route(self, path: str, query: dict[str, str]):
        for pattern, kind, conv in ROUTES:
            m = re.fullmatch(pattern, path)
            if not m:
                continue
            if kind == "data":
                return kind, (m.group(1), query)
            if kind == "old_shop":
                sid = query.get("id", "")
                return (kind, int(sid)) if sid.isdigit() else None
            if kind == "go":
                gid = query.get("gid", "")
                return (kind, int(gid)) if gid.isdigit() else None
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

    # --- the shell ---------------------------------------------------------------------------

    def shell(self, extra: str = "") -> str:
        return f"""<!DOCTYPE html>
<html lang="zh-CN"><head>{CHARSET_MARK}
<meta name="viewport" content="width=device-width,initial-scale=1,maximum-scale=1,user-scalable=no">
<title>{SHELL_TITLE}</title></head>
<body><noscript>很抱歉，{SHELL_TITLE}需要启用JavaScript才能正常浏览，请开启后刷新页面。</noscript>
<div id="app"></div>{extra}
<script src="/h5/static/app-d.js"></script>
</body></html>"""

    def simple_page(self, title: str, body: str) -> str:
        # error and login pages are server-drawn (the SPA never gets to run for them)
        return f"""<!DOCTYPE html>
<html lang="zh-CN"><head>{CHARSET_MARK}<title>{e(title)} - {SHELL_TITLE}</title></head>
<body><h1>{e(title)}</h1>{body}<p><a href="/h5/">返回首页</a></p></body></html>"""

    def shop_page(self, shop: Shop) -> str:
        return self.shell()

    def licence_page(self, shop: Shop) -> str:
        return self.shell()

    def listing_page(self, item: Listing, shop: Shop) -> str:
        return self.shell()

    def category_page(self, slug, page, pages, items) -> str:
        return self.shell()

    def directory_page(self, page, pages, shops) -> str:
        return self.shell()

    def home_page(self) -> str:
        return self.shell()

    def rooms_page(self, rooms) -> str:
        return self.shell()

    def calendar_page(self, month: str) -> str:
        return self.shell()

    def history_page(self) -> str:
        return self.shell()

    def room_shell(self, room: Room) -> str:
        hang = '<img src="/img/live/loading.png" alt="">' if room.fault == "hang" else ""
        return f"""<!DOCTYPE html>
<html lang="zh-CN"><head>{CHARSET_MARK}<title>直播间 - {SHELL_TITLE}</title></head>
<body><div id="root"></div>{hang}<noscript>请开启JavaScript</noscript>
<script src="/static/live-a.js"></script></body></html>"""

    def api_payload(self, room: Room, k: int) -> dict:
        return RenderA.api_payload(self, room, k)  # type: ignore[arg-type]

    # --- the JSON API --------------------------------------------------------------------------

    def serve_data(self, arg):
        path, query = arg
        found = self.data(path, query)
        if isinstance(found, int):
            msg = {404: "not found", 503: "service unavailable", 500: "server busy"}[found]
            return json_response({"code": found, "msg": msg, "data": None}, found)
        return json_response({"code": 0, "msg": "ok", "chrome": self.chrome(), "data": found})

    def data(self, path: str, query: dict[str, str]):
        page = int(query.get("page", "1")) if query.get("page", "1").isdigit() else 0
        if path == "home":
            return self.home_data()
        if path == "shops":
            return self.directory_data(page)
        if m := re.fullmatch(r"shop/(\d+)(/license)?", path):
            return self.shop_data(int(m[1]), bool(m[2]))
        if m := re.fullmatch(r"goods/(\d+)", path):
            return self.listing_data(int(m[1]))
        if m := re.fullmatch(r"category/([a-z]+)", path):
            return self.category_data(m[1], page)
        if path == "live":
            rooms = [catalog.room(r.rid, self.night) for r in catalog.rooms(self.site.faults)]
            return {
                "view": "rooms",
                "title": "直播广场",
                "rooms": [
                    {"title": r.title, "host": r.host, "url": self.room_url(r.rid)} for r in rooms
                ],
            }
        if path == "activity":
            month = query.get("month", "{:04d}-{:02d}".format(*FIRST_MONTH))
            try:
                prev, nxt = next_month(month, -1), next_month(month, 1)
            except ValueError:
                return 404
            y, m = month.split("-")
            return {
                "view": "calendar",
                "title": "活动日历",
                "heading": f"{y}年{int(m)}月 活动",
                "prev": f"/h5/activity?month={prev}",
                "next": f"/h5/activity?month={nxt}",
            }
        if path == "footprint":
            return {
                "view": "history",
                "title": "我的足迹",
                "items": [
                    {"title": x.title, "url": f"{self.listing_url(x.lid)}?spm={self.spm()}"}
                    for x in catalog.plain_listings()[1:5]
                ],
                "refresh": f"/h5/footprint?spm={self.spm()}",
            }
        return 404

    def chrome(self) -> dict:
        p = PLATFORM
        return {
            "name": p["name"],
            "nav": [
                ["首页", "/h5/"],
                ["全部店铺", "/h5/shops"],
                ["直播", "/h5/live"],
                ["活动", "/h5/activity?month={:04d}-{:02d}".format(*FIRST_MONTH)],
                ["618专题", "/h5/topic/2023-618"],  # a page taken down: 404
                ["我的足迹", f"/h5/footprint?spm={self.spm()}"],
                ["商家中心", "/h5/seller/login"],
            ],
            "cats": [
                [leaf, self.category_url(slug)] for slug, (_, leaf, _) in catalog.CATEGORIES.items()
            ],
            "footer": [
                f"{p['name']}客服电话：{p['hotline']} 客服邮箱：{p['email']}",
                f"© 2026 {p['company']} 版权所有 统一社会信用代码：{p['uscc']} {p['icp']}",
            ],
        }

    def shop_data(self, sid: int, licence: bool):
        if sid not in catalog.SHOP_BY_ID:
            return 404
        if not catalog.reachable(sid, self.night):
            return 503
        shop = catalog.shop(sid, self.night)
        lic = shop.licence
        text = self.label("licence_link", shop.sid)
        if licence:
            if not lic or lic.where == "home":
                return 404
            image = lic.where == "image" or shop.licence_image
            return {
                "view": "licence",
                "title": f"{shop.name} {text}",
                "heading": f"{shop.name} · {text}",
                "pairs": [] if lic.where == "image" else self.licence_pairs(shop),
                "layout": shop.style,
                "n": shop.sid,
                "image": f"/h5/img/license/{shop.sid}.png" if image else None,
                "back": self.shop_url(shop.sid),
            }
        return {
            "view": "shop",
            "title": shop.name,
            "name": shop.name,
            "pairs": self.home_pairs(shop),
            "layout": shop.style,
            "n": shop.sid,
            "exempt": shop.exempt,
            "licence": (
                {"text": text, "url": self.licence_url(shop.sid)}
                if lic and lic.where in ("page", "image")
                else None
            ),
            "goods": [
                {
                    "title": x.title,
                    "url": self.item_link(x),
                    "price": yuan(x.offered_at(self.night)),
                }
                for x in catalog.listings_of(shop.sid)
            ],
            "footer": f"© 2026 {shop.shown_footer}" if shop.shown_footer else None,
            "ld": self.shop_jsonld(shop) if shop.structured else None,
        }

    def listing_data(self, lid: int):
        if lid not in catalog.LISTING_BY_ID:
            return 404
        item = catalog.listing(lid, self.night)
        if not catalog.reachable(item.sid, self.night):
            return 503
        shop = catalog.shop(item.sid, self.night)
        top, leaf, default_service = catalog.CATEGORIES[item.cat]
        price, original = self.prices(item)
        return {
            "view": "goods",
            "title": item.title,
            "crumbs": [["首页", "/h5/"], [top, None], [leaf, self.category_url(item.cat)]],
            "price": f"{yuan(price)} - {yuan(item.high)}" if item.high else yuan(price),
            "coupon": [item.coupon[0], yuan(item.coupon[1])] if item.coupon else None,
            "original": [original[0], yuan(original[1])] if original else None,
            "shop": {"name": shop.name, "url": self.shop_link(shop)},
            "desc": item.desc,
            "claims": list(item.claims),
            "service": item.service or default_service,
            "reviews": [list(r) for r in item.reviews],
            "recs": [
                {"title": x.title, "url": f"{self.listing_url(x.lid)}?spm={self.spm()}"}
                for x in self.recommendations(item.lid)
            ],
            "ld": self.product_jsonld(item, shop) if item.structured else None,
        }

    def category_data(self, slug: str, page: int):
        if slug not in catalog.CATEGORIES:
            return 404
        items = catalog.listings_in(slug)
        pages = max(1, -(-len(items) // PAGE_SIZE))
        if not 1 <= page <= pages:
            return 404
        top, leaf, _ = catalog.CATEGORIES[slug]
        chunk = items[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
        return {
            "view": "category",
            "title": leaf,
            "heading": leaf,
            "sub": top,
            "items": [
                {
                    "title": x.title,
                    "url": self.item_link(x),
                    "price": yuan(x.offered_at(self.night)),
                    "shop": catalog.shop(x.sid, self.night).name,
                }
                for x in chunk
            ],
            "pager": self.pager(page, pages, lambda p: self.category_url(slug, p)),
        }

    def directory_data(self, page: int):
        shops = catalog.SHOPS
        pages = -(-len(shops) // DIRECTORY_PAGE_SIZE)
        if not 1 <= page <= pages:
            return 404
        chunk = shops[(page - 1) * DIRECTORY_PAGE_SIZE : page * DIRECTORY_PAGE_SIZE]
        chunk = [catalog.shop(s.sid, self.night) for s in chunk]
        return {
            "view": "directory",
            "title": "全部店铺",
            "heading": "全部店铺",
            "shops": [{"name": s.name, "url": self.shop_link(s)} for s in chunk],
            "pager": self.pager(page, pages, self.directory_url),
        }

    def pager(self, page: int, pages: int, url) -> dict:
        return {
            "page": page,
            "pages": pages,
            "prev": url(page - 1) if page > 1 else None,
            "next": url(page + 1) if page < pages else None,
        }

    def home_data(self):
        groups: dict[str, list] = {}
        for slug, (top, leaf, _) in catalog.CATEGORIES.items():
            groups.setdefault(top, []).append([leaf, self.category_url(slug)])
        featured = [catalog.shop(sid, self.night) for sid in (1, 3, 20, 33)]
        return {
            "view": "home",
            "title": "首页",
            "heading": PLATFORM["name"],
            "groups": [[top, links] for top, links in groups.items()],
            "featured": [{"name": s.name, "url": self.shop_link(s)} for s in featured],
            "more": "/h5/shops",
            "live": "/h5/live",
            "ld": {
                "@context": "https://schema.org",
                "@type": "Organization",
                "name": PLATFORM["name"],
                "legalName": PLATFORM["company"],
                "url": self.abs("/h5/"),
            },
        }
