"""Rendering "o": a Taobao / Tmall / Pinduoduo / Douyin-小店 style marketplace (docs/render-o.md).

Taobao-like URLs (`/item.htm?id=…`, `/shop<no>/index.htm`), 旺铺 shop pages with a 宝贝 grid and a
掌柜档案 box, Tmall item pages with split-span prices, 参数信息 `<li title>` lists and a rate grid,
and Douyin-like rooms drawn by `static/live-o.js` from a `/webcast/room/web/enter/` API.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, ClassVar

from greenroom_demo import catalog
from greenroom_demo.codes import make_uscc
from greenroom_demo.render_a import RenderA
from greenroom_demo.render_base import (
    CHARSET_MARK,
    FIRST_MONTH,
    e,
    html_response,
    ld_json,
    next_month,
)

if TYPE_CHECKING:
    from greenroom_demo.model import Listing, Room, Shop

PLATFORM = {
    "name": "集趣网",
    "company": "杭州集趣网络科技有限公司",
    "uscc": make_uscc("91", "330110", "MA2H3K9E"),
    "legal_rep": "方卓然",
    "address": "浙江省杭州市余杭区五常街道文一西路969号",
    "icp": "浙ICP备2024018832号-2",
    "icp_b2": "浙B2-20240317",
    "culture": "浙网文〔2024〕1186-052号",
    "hotline": "400-860-3721",
}

ITEM_BASE, ITEM_STEP = 640000000000, 7919  # Taobao-like 12-digit item ids
SHOP_BASE, SHOP_STEP = 105000000, 3517  # shop<no>
ROOM_BASE, ROOM_STEP = 600000000000, 104729  # Douyin-like web_rid

RATINGS = ("描述", "服务", "物流")
SELECTED = ' class="tb-selected"'
LIVE_SCRIPT = "live-o.js"
# A Douyin-like platform message shown in every room's comment feed.
SYSTEM_MESSAGE = (
    "欢迎来到直播间！平台严禁未成年人直播或打赏。直播间内严禁出现违法违规、低俗色情、吸烟酗酒、"
    "人身伤害等内容，如主播在直播过程中以不当方式诱导打赏、私下交易，请谨慎判断，以防人身财产损失。"
)
QUESTIONS = (
    ("发什么快递？", "默认中通，偏远地区请咨询客服。"),
    ("多久能发货？", "付款后48小时内发货。"),
)


def item_no(lid: int) -> int:
    return ITEM_BASE + lid * ITEM_STEP


def shop_no(sid: int) -> int:
    return SHOP_BASE + sid * SHOP_STEP


def room_no(rid: int) -> int:
    return ROOM_BASE + rid * ROOM_STEP


def _unnumber(no: str, base: int, step: int) -> int | None:
    """The id behind a shown number, None if it is not one of ours."""
    if not no.isdigit() or (int(no) - base) % step:
        return None
    return (int(no) - base) // step


def price_parts(v: float) -> str:
    whole, dec = f"{v:.2f}".split(".")
    return f'<span class="int">{whole}</span><span class="dec">.{dec}</span>'


def split_price(v: float) -> str:
    """`¥398.00` as Tmall draws it: yen sign, integer part, decimal part in their own spans."""
    return f'<span class="yen">¥</span>{price_parts(v)}'


def monthly_sales(n: int) -> int:
    return (n * 37) % 900 + 12


def shop_scores(sid: int) -> list[tuple[str, str, str]]:
    """描述/服务/物流 as `4.8 高` (a shop's own fixed figures)."""
    out = []
    for i, name in enumerate(RATINGS):
        v = 4.6 + ((sid * 7 + i * 3) % 4) / 10
        out.append((name, f"{v:.1f}", "高" if v >= 4.8 else "平"))
    return out


def labelled(k: str, v: str) -> str:
    return f'<span class="label">{e(k)}：</span><span class="value">{e(v)}</span>'


class RenderO(RenderA):
    key = "o"
    ROBOTS = "User-agent: *\nDisallow: /member/\n"
    ADMIN_PREFIX = "/member/"
    ROOM_SCRIPT = LIVE_SCRIPT
    LABELS: ClassVar[dict[str, tuple[str, ...]]] = {
        "operator": ("经营者", "经营主体"),
        "name": ("企业名称", "公司名称"),
        "uscc": ("统一社会信用代码", "注册号/统一社会信用代码"),
        "phone": ("客服电话", "联系电话"),
        "email": ("客服邮箱", "电子邮箱"),
        "address": ("联系地址", "地址"),
        "legal_rep": ("法定代表人", "法定代表人/负责人"),
        "kind": ("企业类型", "类型"),
        "reg_address": ("住所", "注册地址"),
        "licence_link": ("证照信息", "亮照"),
    }

    # --- URLs ------------------------------------------------------------------------------

    def shop_url(self, sid: int) -> str:
        return f"/shop{shop_no(sid)}/index.htm"

    def licence_url(self, sid: int) -> str:
        return f"/shop{shop_no(sid)}/licence.htm"

    def listing_url(self, lid: int) -> str:
        return f"/item.htm?id={item_no(lid)}"

    def room_url(self, rid: int) -> str:
        return f"/live/{room_no(rid)}"

    def api_path(self, rid: int) -> str:
        return f"/webcast/room/web/enter/?aid=6383&web_rid={room_no(rid)}"

    def category_url(self, slug: str, page: int = 1) -> str:
        return f"/list.htm?cat={slug}" + (f"&page={page}" if page > 1 else "")

    def directory_url(self, page: int = 1) -> str:
        return "/shops.htm" + (f"?page={page}" if page > 1 else "")

    def shop_link(self, shop: Shop) -> str:
        return (
            f"/shop.htm?user_number_id={shop_no(shop.sid)}"
            if shop.old_url
            else self.shop_url(shop.sid)
        )

    def item_link(self, item: Listing) -> str:
        return f"/click.htm?e={item_no(item.lid)}" if item.go_link else self.listing_url(item.lid)

    def route(self, path: str, query: dict[str, str]):
        simple = {
            "/": ("home", None),
            "/live": ("rooms", None),
            "/history": ("history", None),
            "/about/licence.htm": ("platform_licence", None),
            f"/static/{LIVE_SCRIPT}": ("static", LIVE_SCRIPT),
            "/static/green-badge.png": ("badge_img", None),
            "/img/live/loading.png": ("hang", None),
            "/img/liangzhao.png": ("badge_img", None),
        }
        if path in simple:
            return simple[path]
        if path == "/events":
            return "calendar", query.get("month", "{:04d}-{:02d}".format(*FIRST_MONTH))
        if path.startswith(self.ADMIN_PREFIX):
            return "admin", None
        page = query.get("page", "1")
        if path in ("/shops.htm", "/list.htm") and not page.isdigit():
            return None
        if path == "/shops.htm":
            return "directory", int(page)
        if path == "/list.htm":
            return "category", (query.get("cat", ""), int(page))
        return self.numbered_route(path, query)

    def numbered_route(self, path: str, query: dict[str, str]):
        """Pages named by an item, shop or room number."""
        by_item = {"/item.htm": "listing", "/click.htm": "go"}
        if path in by_item:
            arg = "id" if path == "/item.htm" else "e"
            lid = _unnumber(query.get(arg, ""), ITEM_BASE, ITEM_STEP)
            return (by_item[path], lid) if lid is not None else None
        if path == "/shop.htm":
            sid = _unnumber(query.get("user_number_id", ""), SHOP_BASE, SHOP_STEP)
            return ("old_shop", sid) if sid is not None else None
        if path == "/webcast/room/web/enter/":
            rid = _unnumber(query.get("web_rid", ""), ROOM_BASE, ROOM_STEP)
            return ("api", rid) if rid is not None else None
        m = re.fullmatch(r"/shop(\d+)/(index|licence)\.htm", path)
        if m and (sid := _unnumber(m[1], SHOP_BASE, SHOP_STEP)) is not None:
            return ("shop" if m[2] == "index" else "licence"), sid
        m = re.fullmatch(r"/live/(\d+)", path)
        if m and (rid := _unnumber(m[1], ROOM_BASE, ROOM_STEP)) is not None:
            return "room", rid
        m = re.fullmatch(r"/img/(item|licence)/(\d+)\.png", path)
        if m:
            return ("badge_img", None) if m[1] == "item" else ("licence_img", int(m[2]))
        return None

    def serve_platform_licence(self, _arg):
        return html_response(self.platform_licence_page(), self.page_mode)

    # --- chrome ------------------------------------------------------------------------------

    def category_menu(self) -> str:
        """The big category menu: one row per top category, its leaves as links."""
        groups: dict[str, list[str]] = {}
        for slug, (top, leaf, _) in catalog.CATEGORIES.items():
            groups.setdefault(top, []).append(f'<a href="{self.category_url(slug)}">{e(leaf)}</a>')
        rows = "".join(
            f'<li class="J_Cat"><h5>{e(top)}</h5><p>{" / ".join(links)}</p></li>'
            for top, links in groups.items()
        )
        return f'<div class="service-bd"><h4>主题市场</h4><ul class="cat-menu">{rows}</ul></div>'

    def page(self, title: str, body: str, canonical: str = "", head: str = "") -> str:
        p = PLATFORM
        canon = f'<link rel="canonical" href="{e(self.abs(canonical))}">' if canonical else ""
        return f"""<!DOCTYPE html>
<html lang="zh-CN"><head>{CHARSET_MARK}<title>{e(title)}-{p["name"]}</title>{canon}{head}
</head><body>
<div id="site-nav"><ul class="site-nav-bd-l"><li>亲，欢迎来{p["name"]}！
<a href="/member/login.htm">请登录</a> <a href="/member/register.htm">免费注册</a></li></ul>
<ul class="site-nav-bd-r"><li><a href="/">{p["name"]}首页</a></li><li><a href="{self.session_url("/history")}">我的足迹</a></li>
<li><a href="/member/cart.htm">购物车</a></li><li><a href="/live">直播</a></li><li><a href="/shops.htm">店铺街</a></li>
<li><a href="/events?month=2026-12">活动日历</a></li><li><a href="/promo/2023-618">618理想生活狂欢季</a></li>
<li><a href="/member/seller.htm">千牛卖家中心</a></li></ul></div>
<div id="header"><a class="logo" href="/">{p["name"]}</a>
<form class="search" action="/list.htm"><input name="q" placeholder="搜索宝贝"><button>搜索</button></form></div>
{self.category_menu()}
<div id="page">{body}</div>
<div id="footer"><p class="footer-links"><a href="/about/licence.htm">关于{p["name"]}</a> | 合作伙伴 | 营销中心 | 廉正举报 | 联系客服 {p["hotline"]}</p>
<p class="footer-licences">© 2026 {p["name"]} 版权所有 | {p["icp"]} | 增值电信业务经营许可证：{p["icp_b2"]} |
网络文化经营许可证：{p["culture"]} | <a href="/about/licence.htm">营业执照</a></p></div>
</body></html>"""

    def platform_licence_page(self) -> str:
        p = PLATFORM
        rows = [
            ("企业名称", p["company"]),
            ("统一社会信用代码", p["uscc"]),
            ("法定代表人", p["legal_rep"]),
            ("住所", p["address"]),
            ("增值电信业务经营许可证", p["icp_b2"]),
            ("网络文化经营许可证", p["culture"]),
        ]
        items = "".join(f"<li>{labelled(k, v)}</li>" for k, v in rows)
        body = f'<div class="about"><h1>{p["name"]}经营证照</h1><ul class="about-licence">{items}</ul></div>'
        return self.page("平台证照", body, "/about/licence.htm")

    # --- shops -------------------------------------------------------------------------------

    def card_pairs(self, pairs: list[tuple[str, str]], style: int, n: int) -> str:
        """Label/value lines of the 掌柜档案 box in one of four shapes."""
        if not pairs:
            return ""
        if style == 0:
            rows = "".join(f'<div class="info-row">{labelled(k, v)}</div>' for k, v in pairs)
            return f'<div class="info-rows">{rows}</div>'
        if style == 1:
            cells = [f'<td class="t">{e(k)}</td><td>{e(v)}</td>' for k, v in pairs]
            rows = "".join(f"<tr>{''.join(cells[i : i + 2])}</tr>" for i in range(0, len(cells), 2))
            return f'<table class="info-grid">{rows}</table>'
        if style == 2:
            rows = "".join(f'<li title="{e(v)}">{e(k)}：{e(v)}</li>' for k, v in pairs)
            return f'<ul class="info-list">{rows}</ul>'
        return f'<p class="shop-intro">{self.running_text(pairs, n)}</p>'

    def shop_header(self, shop: Shop) -> str:
        scores = "".join(
            f'<li><span class="title">{name}</span> <span class="score">{v}</span> '
            f'<span class="level">{lvl}</span></li>'
            for name, v, lvl in shop_scores(shop.sid)
        )
        url = self.shop_url(shop.sid)
        nav = " ".join(
            f'<a href="{url}{frag}">{text}</a>'
            for text, frag in (
                ("首页", ""),
                ("全部宝贝", "#J_Goods"),
                ("新品", "#J_New"),
                ("店铺动态", "#J_Feed"),
            )
        )
        return (
            f'<div class="shop-hd"><div class="shop-name"><strong>{e(shop.name)}</strong>'
            f' <button type="button" class="follow">关注</button> <button type="button" class="ww">'
            f'联系客服</button></div><ul class="shop-dsr">{scores}</ul></div>'
            f'<div class="shop-nav">{nav}</div>'
        )

    def shop_side(self, shop: Shop) -> str:
        """掌柜档案 (operator and contacts), the 企业资质 pane, the 亮照 / 证照信息 link."""
        lic = shop.licence
        on_home = lic is not None and lic.where == "home"
        page_lic = lic is not None and lic.where == "page"
        pairs = self.home_pairs(shop)
        qual = self.licence_pairs(shop) if on_home else ([] if page_lic else list(shop.permits))
        card = [p for p in pairs if p not in qual]
        side = f"<h3>掌柜档案</h3>{self.card_pairs(card, shop.style, shop.sid)}"
        if shop.exempt:
            side += f'<p class="seller-note">{e(shop.exempt)}</p>'
        if qual:
            rows = "".join(f"<li>{labelled(k, v)}</li>" for k, v in qual)
            side += f'<div class="qualification"><h4>企业资质</h4><ul>{rows}</ul></div>'
        if lic and lic.where in ("page", "image"):
            url = self.licence_url(shop.sid)
            if shop.sid % 2:
                side += (
                    f'<a class="liangzhao" href="{url}" title="营业执照">'
                    f'<img src="/img/liangzhao.png" alt="亮照" width="60" height="20"></a>'
                )
            else:
                side += f'<a class="license-link" href="{url}">{self.label("licence_link", shop.sid)}</a>'
        return f'<div class="shop-side">{side}</div>'

    def shop_page(self, shop: Shop) -> str:
        cards = "".join(self.goods_card(x) for x in catalog.listings_of(shop.sid))
        foot = f'<div class="shop-custom-footer">版权所有 © 2026 {e(shop.shown_footer)}</div>'
        body = (
            f'<div class="shop-wrap">{self.shop_header(shop)}'
            f'<div class="shop-banner"><p>新店开张 全场包邮</p></div>'
            f'<div class="shop-main">{self.shop_side(shop)}'
            f'<div id="J_Goods" class="shop-goods"><h3>全部宝贝</h3><div class="item-grid">{cards}</div></div>'
            f"</div>{foot if shop.shown_footer else ''}</div>"
        )
        head = self.shop_ld(shop)
        return self.page(f"首页-{shop.name}", body, self.shop_url(shop.sid), head)

    def shop_ld(self, shop: Shop) -> str:
        return ld_json(self.shop_jsonld(shop)) if shop.structured else ""

    def goods_card(self, x: Listing, extra: str = "") -> str:
        link = self.item_link(x)
        return (
            f'<dl class="item"><dt class="photo"><a href="{link}"><img src="/img/item/{item_no(x.lid)}.png" '
            f'alt=""></a></dt><dd class="detail"><a class="item-name" href="{link}">{e(x.title)}</a>'
            f'<div class="cprice-area"><span class="symbol">¥</span><span class="c-price">'
            f"{x.offered_at(self.night):.2f}</span></div>"
            f'<div class="sale-area">月销 <span class="sale-num">{monthly_sales(x.lid)}</span></div>{extra}</dd></dl>'
        )

    def licence_page(self, shop: Shop) -> str:
        lic = shop.licence
        img = (
            f'<div class="license-img"><img src="/img/licence/{shop.sid}.png" alt="营业执照" '
            f'width="240" height="170"></div>'
        )
        content = ""
        if lic.where != "image":
            rows = [p for p in self.licence_pairs(shop) if p not in shop.permits]
            content = "".join(f"<li>{labelled(k, v)}</li>" for k, v in rows)
            content = f'<ul class="license-info">{content}</ul>'
            if shop.permits:
                other = "".join(f"<li>{labelled(k, v)}</li>" for k, v in shop.permits)
                content += f'<h3>行业资质</h3><ul class="license-info">{other}</ul>'
            content += img if shop.licence_image else ""
        else:
            content = img
        body = (
            f'<div class="license-wrap"><h1>{e(shop.name)}</h1><h2>营业执照信息</h2>{content}'
            f'<p class="license-tip">以上营业执照信息，根据国家市场监督管理总局《网络交易监督管理办法》'
            f"要求对入驻商家营业执照信息进行公示，除企业名称通过认证之外，其余信息由卖家自行申报填写。"
            f"如需进一步核实，请联系当地市场监督管理部门。</p>"
            f'<p><a href="{self.shop_url(shop.sid)}">进入店铺</a></p></div>'
        )
        return self.page(f"证照信息-{shop.name}", body, self.licence_url(shop.sid))

    # --- listings ----------------------------------------------------------------------------

    def price_panel(self, item: Listing) -> str:
        price, original = self.prices(item)
        shown = split_price(price)
        if item.high:
            shown += f'<span class="sep">-</span>{price_parts(item.high)}'
        panel = ""
        if original:
            panel += (
                f'<dl class="tm-price-panel"><dt class="tb-metatit">{e(original[0])}</dt>'
                f'<dd><del class="tm-price">¥{original[1]:.2f}</del></dd></dl>'
            )
        label = "促销价" if original else "价格"
        panel += f'<dl class="tm-promo-panel"><dt class="tb-metatit">{label}</dt><dd class="tm-price">{shown}</dd></dl>'
        if item.coupon:
            panel += (
                f'<dl class="tm-coupon-panel"><dt class="tb-metatit">{e(item.coupon[0])}</dt>'
                f'<dd>{split_price(item.coupon[1])} <button type="button">领券</button></dd></dl>'
            )
        return f'<div class="tm-fcs-panel">{panel}</div>'

    def sku_box(self, item: Listing) -> str:
        price, _ = self.prices(item)
        skus = [("默认", price)] if not item.high else [("基础款", price), ("升级款", item.high)]
        lis = "".join(
            f'<li data-price="{v:.2f}"{SELECTED if i == 0 else ""}><a href="#"><span>{name}</span></a></li>'
            for i, (name, v) in enumerate(skus)
        )
        return (
            f'<dl class="tb-sku"><dt class="tb-metatit">规格</dt><dd><ul class="J_TSaleProp">{lis}</ul></dd></dl>'
            f'<dl class="tb-amount"><dt class="tb-metatit">数量</dt><dd><input type="number" value="1" min="1"> 件</dd></dl>'
        )

    def params(self, item: Listing) -> tuple[list[tuple[str, str]], list[str]]:
        """(参数信息 pairs, 图文详情 selling points): claims written `label：value` are parameters."""
        top, leaf, _ = catalog.CATEGORIES[item.cat]
        pairs = [
            ("商品名称", item.title),
            ("类目", f"{top}/{leaf}"),
            ("货号", str(item_no(item.lid))),
        ]
        points = []
        for c in item.claims:
            k, sep, v = c.partition("：")
            if sep and len(k) <= 8 and v:
                pairs.append((k, v))
            else:
                points.append(c)
        return pairs, points

    def rate_grid(self, item: Listing) -> str:
        if not item.reviews:
            return '<div class="rate-empty">暂无评价</div>'
        rows = ""
        for i, (who, text) in enumerate(item.reviews):
            append = ""
            if i == 0 and item.lid % 2 == 0:
                append = '<div class="tm-rate-append"><span class="tm-rate-title">收货后7天追加：</span>还在用，和描述一致。</div>'
            rows += (
                f'<tr><td class="col-master"><div class="tm-rate-fulltxt">{e(text)}</div>{append}</td>'
                f'<td class="col-author"><div class="rate-user-info">{e(who)}</div></td></tr>'
            )
        return f'<table class="rate-grid"><tbody>{rows}</tbody></table>'

    def rail(self, cls: str, title: str, items: list[tuple[str, Listing]]) -> str:
        cards = "".join(
            f'<li><a href="{href}">{e(x.title)}</a> <span class="price">{split_price(x.offered_at(self.night))}</span></li>'
            for href, x in items
        )
        return f'<div class="{cls}"><h4>{title}</h4><ul>{cards}</ul></div>'

    def listing_page(self, item: Listing, shop: Shop) -> str:
        _, _, default_service = catalog.CATEGORIES[item.cat]
        pairs, points = self.params(item)
        attrs = "".join(f'<li title="{e(v)}">{e(k)}:&nbsp;{e(v)}</li>' for k, v in pairs)
        points_html = "".join(f"<li>{e(p)}</li>" for p in points)
        scores = "".join(
            f"<li>{n} <em>{v}</em> <b>{lvl}</b></li>" for n, v, lvl in shop_scores(shop.sid)
        )
        asks = "".join(
            f'<li><p class="q">问：{q}</p><p class="a">答：{a}</p></li>' for q, a in QUESTIONS
        )
        link = self.shop_link(shop)
        also = [
            (self.session_url(self.listing_url(x.lid)), x) for x in self.recommendations(item.lid)
        ]
        same = [(self.item_link(x), x) for x in catalog.listings_of(shop.sid) if x.lid != item.lid][
            :4
        ]
        micro, head = self.product_markup(item, shop)
        body = (
            f'{self.crumbs(item)}<div id="detail">{micro}'
            f'<div class="tb-gallery"><img id="J_ImgBooth" src="/img/item/{item_no(item.lid)}.png" alt="{e(item.title)}"></div>'
            f'<div class="tb-property"><div class="tb-detail-hd"><h1>{e(item.title)}</h1></div>'
            f"{self.price_panel(item)}"
            f'<ul class="tm-ind-panel"><li>月销量 <span class="tm-count">{monthly_sales(item.lid)}</span></li>'
            f'<li>累计评价 <span class="tm-count">{len(item.reviews)}</span></li>'
            f"<li>已拼{monthly_sales(item.lid) * 3}件</li></ul>"
            f'<dl class="tb-serve"><dt class="tb-metatit">服务承诺</dt><dd>{e(item.service or default_service)}</dd></dl>'
            f"{self.sku_box(item)}"
            f'<div class="tb-action"><button type="button">立即购买</button> <button type="button">加入购物车</button></div>'
            f"</div>"
            f'<div class="shop-info"><div class="slogo"><a class="slogo-shopname" href="{link}"><strong>{e(shop.name)}</strong></a></div>'
            f'<ul class="shop-rate">{scores}</ul><div class="btns"><a class="enterShop" href="{link}">进店逛逛</a> '
            f'<button type="button">联系客服</button></div></div>'
            f'<div class="tb-tabs"><div id="J_Attrs" class="attributes"><h3>参数信息</h3><ul class="attributes-list">{attrs}</ul></div>'
            f'<div id="description" class="description"><h3>图文详情</h3><div class="content"><p>{e(item.desc)}</p>'
            f'<ul class="selling-points">{points_html}</ul></div></div>'
            f'<div id="J_Reviews" class="reviews"><h3>宝贝评价</h3>{self.rate_grid(item)}</div>'
            f'<div class="ask"><h3>问大家</h3><ul>{asks}</ul></div></div>'
            f"{self.rail('look-again', '看了又看', also)}{self.rail('shop-recommend', '店铺推荐', same)}"
            f'</div><div class="float-cart"><a href="{link}">店铺</a> <button type="button">客服</button> '
            f'<button type="button">加入购物车</button> <button type="button">立即购买</button></div>'
        )
        return self.page(item.title, body, self.listing_url(item.lid), head)

    # --- indexes -----------------------------------------------------------------------------

    def category_page(self, slug: str, page: int, pages: int, items: list[Listing]) -> str:
        top, leaf, _ = catalog.CATEGORIES[slug]
        shops = {x.sid: catalog.shop(x.sid, self.night) for x in items}
        cards = "".join(
            self.goods_card(
                x,
                f'<div class="shop"><a href="{self.shop_link(shops[x.sid])}">{e(shops[x.sid].name)}</a></div>',
            )
            for x in items
        )
        body = (
            f'<div class="m-itemlist"><h1>{e(leaf)}</h1><p class="crumb">{e(top)}</p>{cards}</div>'
        )
        body += self.pager(page, pages, lambda p: self.category_url(slug, p))
        return self.page(f"{leaf}_{top}", body, self.category_url(slug, page))

    def directory_page(self, page: int, pages: int, shops: list[Shop]) -> str:
        rows = "".join(
            f'<li class="list-item"><a class="shop-name" href="{self.shop_link(s)}">{e(s.name)}</a> '
            f'<span class="dsr">{" ".join(f"{n}{v}" for n, v, _ in shop_scores(s.sid))}</span></li>'
            for s in shops
        )
        body = f'<h1>店铺街</h1><ul class="shop-list">{rows}</ul>' + self.pager(
            page, pages, self.directory_url
        )
        return self.page("店铺街", body, self.directory_url(page))

    def home_page(self) -> str:
        featured = self.featured_shops()
        guess = "".join(self.goods_card(x) for x in catalog.plain_listings()[:8])
        body = (
            f'<div class="home"><div class="brand-shops"><h2>品牌好店</h2><ul>{featured}</ul>'
            f'<a href="/shops.htm">更多店铺</a></div><div class="live-entry"><a href="/live">直播频道</a></div>'
            f'<div class="guess"><h2>猜你喜欢</h2>{guess}</div></div>'
        )
        return self.page("首页", body, "/")

    # --- rooms -------------------------------------------------------------------------------

    def rooms_page(self, rooms: list[Room]) -> str:
        cards = "".join(
            f'<li class="live-card"><a href="{self.room_url(r.rid)}"><span class="live-tag">直播中</span>'
            f'<p class="title">{e(r.title)}</p></a>'
            + (f'<span class="author">{e(r.host)}</span>' if r.host else "")
            + "</li>"
            for r in rooms
        )
        return self.page(
            "直播频道", f'<h1>直播频道</h1><ul class="live-list">{cards}</ul>', "/live"
        )

    def room_shell(self, room: Room) -> str:
        hang = '<img src="/img/live/loading.png" alt="">' if room.fault == "hang" else ""
        body = (
            f'<div id="live-app"></div>{hang}<noscript>请开启JavaScript后观看直播</noscript>'
            f'<script src="/static/{LIVE_SCRIPT}"></script>'
        )
        return self.page("直播间", body, self.room_url(room.rid))

    def api_payload(self, room: Room, k: int) -> dict:
        seller = self.room_seller(room)
        shop = {"shop_name": seller["name"], "shop_url": seller["url"]} if seller else None
        products = [
            {"title": t, "price": f"{p:.2f}", "detail_url": self.listing_url(lid) if lid else None}
            for t, p, lid in room.products
        ]
        return {
            "status_code": 0,
            "data": {
                "room": {
                    "web_rid": str(room_no(room.rid)),
                    "title": room.title,
                    "announcements": list(room.notices),
                    "stats": self.api_counters(room, k),
                    "green_badge": room.badge,
                },
                "owner": {"nickname": room.host, "verify_text": room.verification},
                "shop": shop,
                "products": products,
                "system_message": SYSTEM_MESSAGE,
            },
        }

    def calendar_page(self, month: str) -> str:
        y, m = month.split("-")
        body = (
            f"<h1>{y}年{int(m)}月 营销活动日历</h1><p>本月暂无活动。</p>"
            f'<a href="/events?month={next_month(month, -1)}">上个月</a> '
            f'<a href="/events?month={next_month(month, 1)}">下个月</a>'
        )
        return self.page("活动日历", body)
