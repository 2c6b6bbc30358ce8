"""What both renderings share: responses, encodings, routing, hazards and disclosed facts."""

from __future__ import annotations

import hashlib
import json
import threading
from dataclasses import dataclass, field
from html import escape
from importlib import resources
from typing import TYPE_CHECKING, ClassVar
from urllib.parse import parse_qs, urlsplit

from greenroom_demo import catalog
from greenroom_demo.licence_images import shop_scan
from greenroom_demo.png import badge_png, licence_png

if TYPE_CHECKING:
    from greenroom_demo.model import Listing, Room, Shop

CHARSET_MARK = "<!--charset-->"
PAGE_SIZE = 6
DIRECTORY_PAGE_SIZE = 12
FIRST_MONTH = (2026, 12)

# mode: (codec, Content-Type header, tag put in <head>)
ENCODINGS: dict[str, tuple[str, str, str]] = {
    "utf-8": ("utf-8", "text/html; charset=utf-8", '<meta charset="utf-8">'),
    "utf-8-meta": ("utf-8", "text/html", '<meta charset="utf-8">'),
    "gbk-header": ("gbk", "text/html; charset=GBK", ""),
    "gb18030-header": ("gb18030", "text/html; charset=GB18030", ""),
    "gbk-meta": ("gbk", "text/html", '<meta charset="gbk">'),
    "gb18030-meta": ("gb18030", "text/html", '<meta charset="gb18030">'),
    "gbk-equiv": (
        "gbk",
        "text/html",
        '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">',
    ),
    "gbk-none": ("gbk", "text/html", ""),
}


@dataclass
class Response:
    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    hang: bool = False  # never answer (until the site stops)


def html_response(text: str, mode: str = "utf-8", status: int = 200) -> Response:
    codec, ctype, tag = ENCODINGS[mode]
    if codec == "gbk":
        text = text.replace("¥", "￥")  # GBK has only the full-width yuan sign
    body = text.replace(CHARSET_MARK, tag).encode(codec, errors="xmlcharrefreplace")
    return Response(status, body, {"Content-Type": ctype})


def text_response(text: str, status: int = 200) -> Response:
    return Response(status, text.encode(), {"Content-Type": "text/plain; charset=utf-8"})


def json_response(obj, status: int = 200) -> Response:
    body = json.dumps(obj, ensure_ascii=False).encode()
    return Response(status, body, {"Content-Type": "application/json; charset=utf-8"})


def ld_json(obj) -> str:
    """A JSON-LD script element (safe inside HTML)."""
    data = json.dumps(obj, ensure_ascii=False).replace("</", "<\\/")
    return f'<script type="application/ld+json">{data}</script>'


def redirect(status: int, location: str) -> Response:
    return Response(status, b"", {"Location": location, "Content-Type": "text/html"})


def static_file(name: str) -> bytes:
    return resources.files("greenroom_demo").joinpath("static", name).read_bytes()


def yuan(v: float) -> str:
    return f"¥{v:,.2f}"


def e(s: object) -> str:
    return escape(str(s), quote=True)


def next_month(month: str, step: int) -> str:
    y, m = (int(p) for p in month.split("-"))
    m += step
    y, m = y + (m - 1) // 12, (m - 1) % 12 + 1
    return f"{y:04d}-{m:02d}"


class Renderer:
    """One rendering of the marketplace: a URL scheme and a markup (see render_a, render_b)."""

    key = ""
    ROBOTS = ""
    ADMIN_PREFIX = ""  # the robots.txt-disallowed prefix that pages link to
    LABELS: ClassVar[dict[str, tuple[str, ...]]] = {}

    def __init__(self, site) -> None:
        self.site = site
        self._request = threading.local()  # the target being answered, for session ids

    @property
    def night(self) -> int:
        return self.site.night

    def label(self, key: str, n: int = 0) -> str:
        variants = self.LABELS[key]
        return variants[n % len(variants)]

    # --- requests ---------------------------------------------------------------------

    def session_id(self) -> str:
        """A new session id for each link: endless, yet the same bytes for the same request."""
        self._request.links += 1
        seed = f"{self._request.target}#{self._request.links}".encode()
        return hashlib.sha1(seed).hexdigest()[:20].upper()

    def handle(self, target: str) -> Response:
        self._request.target, self._request.links = target, 0
        parts = urlsplit(target)
        path, query = self.strip_session(parts.path, parse_qs(parts.query))
        if path == "/robots.txt":
            return text_response(self.ROBOTS)
        found = self.route(path, {k: v[0] for k, v in query.items()})
        if found is None:
            return self.not_found()
        kind, arg = found
        return getattr(self, f"serve_{kind}")(arg)

    def strip_session(self, path: str, query: dict) -> tuple[str, dict]:
        return path, query

    def route(self, path: str, query: dict[str, str]) -> tuple[str, object] | None:
        raise NotImplementedError

    def unavailable(self) -> Response:
        body = "<html><body><h1>503 Service Unavailable</h1></body></html>"
        resp = html_response(body, status=503)
        resp.headers["Retry-After"] = "3600"
        return resp

    def serve_shop(self, sid: int) -> Response:
        if sid not in catalog.SHOP_BY_ID:
            return self.not_found()
        if not catalog.reachable(sid, self.night):
            return self.unavailable()
        shop = catalog.shop(sid, self.night)
        return html_response(self.shop_page(shop), self.mode_of(shop))

    def serve_licence(self, sid: int) -> Response:
        if sid not in catalog.SHOP_BY_ID:
            return self.not_found()
        if not catalog.reachable(sid, self.night):
            return self.unavailable()
        shop = catalog.shop(sid, self.night)
        if not shop.licence or shop.licence.where == "home":
            return self.not_found()
        return html_response(self.licence_page(shop), self.mode_of(shop))

    def serve_listing(self, lid: int) -> Response:
        if lid not in catalog.LISTING_BY_ID:
            return self.not_found()
        item = catalog.listing(lid, self.night)
        if not catalog.reachable(item.sid, self.night):
            return self.unavailable()
        if lid == catalog.FLAKY_LISTING and self.site.hit(("flaky", self.night, lid)) == 1:
            return html_response("<html><body><h1>500 服务器繁忙</h1></body></html>", status=500)
        shop = catalog.shop(item.sid, self.night)
        return html_response(self.listing_page(item, shop), self.listing_mode(item, shop))

    def serve_room(self, rid: int) -> Response:
        if rid not in {r.rid for r in catalog.rooms(self.site.faults)}:
            return self.not_found()
        return html_response(self.room_shell(catalog.room(rid, self.night)), self.page_mode)

    def serve_api(self, rid: int) -> Response:
        if rid not in {r.rid for r in catalog.rooms(self.site.faults)}:
            return json_response({"error": "not found"}, 404)
        room = catalog.room(rid, self.night)
        if room.fault == "api500":
            return json_response({"error": "internal error"}, 500)
        if room.fault == "hang":
            return Response(200, hang=True)
        if room.fault == "script":
            return json_response({"code": 0, "data": None})
        k = self.site.hit(("api", self.night, rid)) - 1
        return json_response(self.api_payload(room, k))

    def serve_hang(self, _arg) -> Response:
        return Response(200, hang=True)

    def serve_old_shop(self, sid: int) -> Response:
        return redirect(301, self.shop_url(sid))

    def serve_go(self, lid: int) -> Response:
        return redirect(302, self.listing_url(lid))

    def serve_licence_img(self, sid: int) -> Response:
        if sid not in catalog.SHOP_BY_ID:
            return Response(200, licence_png(), {"Content-Type": "image/png"})
        return Response(200, shop_scan(sid, self.night), {"Content-Type": "image/png"})

    def serve_badge_img(self, _arg) -> Response:
        return Response(200, badge_png(), {"Content-Type": "image/png"})

    def serve_static(self, name: str) -> Response:
        ctype = "application/javascript; charset=utf-8"
        return Response(200, static_file(name), {"Content-Type": ctype})

    def serve_home(self, _arg) -> Response:
        return html_response(self.home_page(), self.page_mode)

    def serve_category(self, arg: tuple[str, int]) -> Response:
        slug, page = arg
        items = catalog.listings_in(slug)
        pages = max(1, -(-len(items) // PAGE_SIZE))
        if slug not in catalog.CATEGORIES or not 1 <= page <= pages:
            return self.not_found()
        chunk = items[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
        return html_response(self.category_page(slug, page, pages, chunk), self.page_mode)

    def serve_directory(self, page: int) -> Response:
        shops = catalog.SHOPS
        pages = -(-len(shops) // DIRECTORY_PAGE_SIZE)
        if not 1 <= page <= pages:
            return self.not_found()
        chunk = shops[(page - 1) * DIRECTORY_PAGE_SIZE : page * DIRECTORY_PAGE_SIZE]
        chunk = [catalog.shop(s.sid, self.night) for s in chunk]
        return html_response(self.directory_page(page, pages, chunk), self.page_mode)

    def serve_rooms(self, _arg) -> Response:
        rooms = [catalog.room(r.rid, self.night) for r in catalog.rooms(self.site.faults)]
        return html_response(self.rooms_page(rooms), self.page_mode)

    def serve_calendar(self, month: str) -> Response:
        try:
            next_month(month, 1)
        except ValueError:
            return self.not_found()
        return html_response(self.calendar_page(month), self.page_mode)

    def serve_history(self, _arg) -> Response:
        return html_response(self.history_page(), self.page_mode)

    def serve_admin(self, _arg) -> Response:
        return html_response(
            self.simple_page("卖家登录", "<p>请输入账号和密码。</p>"), self.page_mode
        )

    def not_found(self) -> Response:
        body = self.simple_page("页面不存在", "<p>抱歉，您访问的页面不存在或已下架。</p>")
        return html_response(body, self.page_mode, status=404)

    # --- what pages show -----------------------------------------------------------------

    page_mode = "utf-8"

    def mode_of(self, shop: Shop) -> str:
        """The encoding mode of a shop's pages (see ENCODINGS)."""
        return shop.encoding

    def listing_mode(self, item: Listing, shop: Shop) -> str:
        """The encoding mode of a listing's page (by default, its shop's)."""
        return self.mode_of(shop)

    # --- labels ----------------------------------------------------------------------------

    def relabel(self, label: dict, subject) -> dict:
        """A subject's label as this rendering truthfully shows it (by default, unchanged).

        A rendering that cannot show a labelled case (a price drawn only by script, say)
        adapts the label here, never the shared data, and says why in the label's note."""
        return label

    def page_labels(self) -> list[dict]:
        """Labels of pages that are not subjects (role only, no findings); none by default."""
        return []

    def home_pairs(self, shop: Shop) -> list[tuple[str, str]]:
        """Label/value lines of a shop's home-page information block."""
        n = shop.sid
        pairs: list[tuple[str, str]] = []
        if shop.operator:
            pairs.append((self.label("operator", n), shop.operator))
        pairs += list(shop.extras)
        pairs += [(self.label("phone", n), p) for p in shop.phones]
        pairs += [(self.label("email", n), m) for m in shop.emails]
        if shop.address:
            pairs.append((self.label("address", n), shop.address))
        if shop.licence and shop.licence.where == "home":
            pairs += self.licence_pairs(shop)
        elif shop.permits and not (shop.licence and shop.licence.where == "page"):
            pairs += list(shop.permits)
        return pairs

    def licence_pairs(self, shop: Shop) -> list[tuple[str, str]]:
        """Label/value lines of a licence (the licence page, or the home page)."""
        lic, n = shop.licence, shop.sid
        pairs: list[tuple[str, str]] = []
        if lic is None:
            return pairs
        if lic.name:
            pairs.append((self.label("name", n), lic.name))
        if lic.uscc:
            pairs.append((self.label("uscc", n), lic.uscc))
        if lic.name:
            pairs += [
                (self.label("kind", n), lic.kind),
                (self.label("legal_rep", n), lic.legal_rep),
                (self.label("reg_address", n), lic.address),
                ("成立日期", lic.founded),
            ]
            if lic.scope:
                pairs.append(("经营范围", lic.scope))
        return [(k, v) for k, v in pairs if v] + list(shop.permits)

    def running_text(self, pairs: list[tuple[str, str]], n: int) -> str:
        """Pairs as one sentence, with full- and half-width colons and bare spaces."""
        colons = ("：", ":", " ", "： ", ": ")
        parts = [f"{e(k)}{colons[(n + i) % len(colons)]}{e(v)}" for i, (k, v) in enumerate(pairs)]
        return "，".join(parts) + "。"

    def prices(self, item: Listing) -> tuple[float, tuple[str, float] | None]:
        return item.prices_at(self.night)

    def recommendations(self, exclude: int) -> list[Listing]:
        plain = [x for x in catalog.plain_listings() if x.lid != exclude]
        start = exclude % len(plain)
        return (plain[start:] + plain[:start])[:3]

    def product_jsonld(self, item: Listing, shop: Shop) -> dict:
        top, leaf, _ = catalog.CATEGORIES[item.cat]
        price, _ = self.prices(item)
        return {
            "@context": "https://schema.org",
            "@type": "Product",
            "name": item.title,
            "category": f"{top} > {leaf}",
            "description": item.desc,
            "offers": {
                "@type": "Offer",
                "price": f"{price:.2f}",
                "priceCurrency": "CNY",
                "url": self.abs(self.listing_url(item.lid)),
                "seller": {"@type": "Organization", "name": shop.name},
            },
        }

    def shop_jsonld(self, shop: Shop) -> dict:
        data = {
            "@context": "https://schema.org",
            "@type": "Store",
            "name": shop.name,
            "url": self.abs(self.shop_url(shop.sid)),
        }
        if shop.shown_legal_name:
            data["legalName"] = shop.shown_legal_name
        if shop.phones:
            data["telephone"] = shop.phones[0]
        if shop.emails:
            data["email"] = shop.emails[0]
        if shop.address:
            data["address"] = shop.address
        return data

    def room_seller(self, room: Room) -> dict | None:
        """The room's seller as {"name", "url"} (url None when only named in text), or None."""
        if room.seller_sid:
            s = catalog.shop(room.seller_sid, self.night)
            return {"name": s.name, "url": self.shop_url(s.sid)}
        if room.seller_text:
            return {"name": room.seller_text, "url": None}
        return None

    def api_counters(self, room: Room, k: int) -> dict[str, str]:
        return {c.key: c.shown(k) for c in room.counters}

    def abs(self, path: str) -> str:
        return self.site.url.rstrip("/") + path

    # --- the URL scheme and markup: see render_a / render_b --------------------------------

    def shop_url(self, sid: int) -> str:
        raise NotImplementedError

    def listing_url(self, lid: int) -> str:
        raise NotImplementedError

    def room_url(self, rid: int) -> str:
        raise NotImplementedError

    def api_path(self, rid: int) -> str:
        """The path of a room's JSON API."""
        raise NotImplementedError

    def simple_page(self, title: str, body: str) -> str:
        raise NotImplementedError
