"""Rendering "m": a JD / Suning / 1688 style marketplace, written blind (docs/render-m.md).

Item pages as JD writes them (crumb, sku-name, 京东价 box, 店铺 box, 商品介绍 / 规格与包装 /
售后保障 / 商品评价 tabs, 店铺热销 and 为你推荐), supplier shops as 1688 writes them (旺铺 with
诚信通 years, 公司档案 with a 工商注册信息 table, a separate 联系方式 page), Suning-like 资质
pages, a long category menu and a footer full of the platform's licences.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, ClassVar

from greenroom_demo import catalog
from greenroom_demo.codes import make_uscc
from greenroom_demo.data_listings import AB, CF, FW, MC
from greenroom_demo.render_base import CHARSET_MARK, Renderer, e, html_response, redirect

if TYPE_CHECKING:
    from greenroom_demo.model import Listing, Room, Shop

PLATFORM = {
    "name": "集采优品",
    "company": "南京集采网络科技有限公司",
    "uscc": make_uscc("91", "320105", "MA1WK3P7"),
    "icp": "苏ICP备2024071526号-1",
    "edi": "苏B2-20240318",
    "drug": "(苏)-经营性-2024-0031",
    "device": "(苏)网械平台备字[2024]第00012号",
    "police": "苏公网安备 32010502011234号",
    "hotline": "400-877-3260",
    "report": "025-86997700",
    "email": "kefu@jicaiyoupin.cn",
}

SKU = {x.lid: str(100004000000 + x.lid * 104729) for x in catalog.LISTINGS}
LID_OF = {v: k for k, v in SKU.items()}
SHOP_NO = {s.sid: str(1000080000 + s.sid * 1307) for s in catalog.SHOPS}
SID_OF = {v: k for k, v in SHOP_NO.items()}
LIVE_ID = {r.rid: str(31000000 + r.rid * 7331) for r in catalog.rooms(True)}
RID_OF = {v: k for k, v in LIVE_ID.items()}
CAT_CODE = {
    slug: f"{1300 + i * 17},{1500 + i * 3},{9000 + i}" for i, slug in enumerate(catalog.CATEGORIES)
}
SLUG_OF = {v: k for k, v in CAT_CODE.items()}
HELP = {
    "100": ("购物流程", "注册账号、选购商品、提交订单、支付、收货评价。"),
    "201": ("售后政策", "平台依据《消费者权益保护法》提供七天无理由退货服务，具体以商品页面为准。"),
    "305": ("联系客服", "平台客服热线 400-877-3260，每日 8:00-22:00。"),
}
# the category menu: real platform menus list search words beside the leaf categories
MENU_WORDS = {
    "食品饮料": ("礼盒", "坚果", "白酒", "牛奶"),
    "生鲜": ("脐橙", "车厘子", "海鲜水产"),
    "美妆个护": ("面膜", "口红", "防晒"),
    "服饰鞋包": ("羽绒服", "运动鞋", "双肩包", "托特包"),
    "数码家电": ("手机壳", "充电器", "蓝牙耳机"),
    "医药健康": ("血压计", "血糖仪", "体温计", "口罩"),
    "定制礼品": ("刻字", "定制T恤", "纪念品"),
    "图书音像": ("童书", "教辅", "小说"),
    "家居日用": ("保温杯", "四件套", "收纳"),
}
SIBLING_CHECKS = (MC, CF, AB, FW)


class RenderM(Renderer):
    key = "m"
    ROBOTS = "User-agent: *\nDisallow: /passport/\nDisallow: /cart/\n"
    ADMIN_PREFIX = "/passport/"
    LABELS: ClassVar[dict[str, tuple[str, ...]]] = {
        "operator": ("公司名称", "经营者", "经营主体"),
        "name": ("企业名称", "名称", "公司名称"),
        "uscc": ("统一社会信用代码", "统一社会信用代码/注册号"),
        "phone": ("电话", "客服电话", "固定电话"),
        "email": ("电子邮箱", "邮箱"),
        "address": ("地址", "经营地址", "联系地址"),
        "legal_rep": ("法定代表人", "法人代表"),
        "kind": ("企业类型", "公司类型"),
        "reg_address": ("注册地址", "住所"),
        "licence_link": ("公司档案", "工商信息", "证照信息"),
    }

    # --- URLs --------------------------------------------------------------------------------

    def listing_url(self, lid: int) -> str:
        return f"/{SKU[lid]}.html"

    def shop_url(self, sid: int) -> str:
        return f"/shop{SHOP_NO[sid]}/page/index.htm"

    def licence_url(self, sid: int) -> str:
        return f"/shop{SHOP_NO[sid]}/page/creditdetail.htm"

    def contact_url(self, sid: int) -> str:
        return f"/shop{SHOP_NO[sid]}/page/contactinfo.htm"

    def room_url(self, rid: int) -> str:
        return f"/zhibo/detail.html?liveId={LIVE_ID[rid]}"

    def api_path(self, rid: int) -> str:
        return f"/api?functionId=liveDetail&appid=live_pc&liveId={LIVE_ID[rid]}"

    def category_url(self, slug: str, page: int = 1) -> str:
        return f"/list.html?cat={CAT_CODE[slug]}" + (f"&page={page}" if page > 1 else "")

    def directory_url(self, page: int = 1) -> str:
        return "/mall/shops.html" + (f"?page={page}" if page > 1 else "")

    def shop_link(self, shop: Shop) -> str:
        return f"/shop/{shop.slug}.html" if shop.old_url else self.shop_url(shop.sid)

    def item_link(self, item: Listing) -> str:
        return f"/dsp/nc?ext={SKU[item.lid]}" if item.go_link else self.listing_url(item.lid)

    def route(self, path: str, query: dict[str, str]):
        page = query.get("page", "1")
        if not page.isdigit():
            return None
        shop = re.fullmatch(r"/shop(\d+)/page/(index|creditdetail|contactinfo)\.htm", path)
        if shop:
            sid = SID_OF.get(shop.group(1), -1)
            return {"index": "shop", "creditdetail": "licence", "contactinfo": "contact"}[
                shop.group(2)
            ], sid
        fixed = {
            "/": ("home", None),
            "/mall/shops.html": ("directory", int(page)),
            "/zhibo/": ("rooms", None),
            "/misc/live/live-m.js": ("static", "live-m.js"),
            "/misc/live/green.png": ("badge_img", None),
            "/misc/live/loading.gif": ("hang", None),
            "/about/qualification.html": ("platform_licence", None),
        }
        if path in fixed:
            return fixed[path]
        if path == "/list.html":
            return "category", (SLUG_OF.get(query.get("cat", ""), ""), int(page))
        if path == "/zhibo/detail.html":
            return "room", RID_OF.get(query.get("liveId", ""), -1)
        if path == "/api" and query.get("functionId") == "liveDetail":
            return "api", RID_OF.get(query.get("liveId", ""), -1)
        if path == "/dsp/nc":
            return "go", LID_OF.get(query.get("ext", ""), -1)
        patterns = (
            (r"/(\d{12})\.html", "listing", lambda s: LID_OF.get(s, -1)),
            (r"/shop/([a-z0-9-]+)\.html", "old_shop", self._sid_of_slug),
            (r"/imgextra/licence/(\d+)\.png", "licence_img", lambda s: SID_OF.get(s, -1)),
            (r"/help/question-(\d+)\.html", "help", str),
            (r"/passport/.*()", "admin", str),
        )
        for pattern, kind, conv in patterns:
            m = re.fullmatch(pattern, path)
            if m:
                return kind, conv(m.group(1))
        return None

    @staticmethod
    def _sid_of_slug(slug: str) -> int:
        return next((s.sid for s in catalog.SHOPS if s.slug == slug), -1)

    def serve_go(self, lid: int):
        return redirect(302, self.listing_url(lid)) if lid > 0 else self.not_found()

    def serve_old_shop(self, sid: int):
        return redirect(301, self.shop_url(sid)) if sid > 0 else self.not_found()

    def serve_contact(self, sid: int):
        if sid not in catalog.SHOP_BY_ID:
            return self.not_found()
        if not catalog.reachable(sid, self.night):
            return self.unavailable()
        shop = catalog.shop(sid, self.night)
        return html_response(self.contact_page(shop), self.mode_of(shop))

    def serve_help(self, n: str):
        if n not in HELP:
            return self.not_found()
        title, text = HELP[n]
        return html_response(self.simple_page(title, f"<p>{e(text)}</p>"), self.page_mode)

    def serve_platform_licence(self, _arg):
        p = PLATFORM
        rows = [
            ("企业名称", p["company"]),
            ("统一社会信用代码", p["uscc"]),
            ("增值电信业务经营许可证", p["edi"]),
            ("互联网药品信息服务资格证书", p["drug"]),
            ("医疗器械网络交易服务第三方平台备案凭证", p["device"]),
            ("ICP备案", p["icp"]),
        ]
        body = self.kv_table(rows, "qualification-table")
        return html_response(self.simple_page("平台资质", body), self.page_mode)

    # --- labels -------------------------------------------------------------------------------

    def relabel(self, label: dict, subject) -> dict:
        kind = label["subject_type"]
        if label["reachable"]:
            label["role"] = kind
        if kind != "listing":
            return label
        label["price"] = subject.offered_at(self.night)
        added = []
        for other in catalog.listings_of(subject.sid):
            if other.lid == subject.lid:
                continue
            other = catalog.listing(other.lid, self.night)
            for check in SIBLING_CHECKS:
                if check in other.fires and check not in label["fires"] + label["near_miss"]:
                    label["near_miss"].append(check)
                    added.append(check)
        if added:
            label["note"] += (
                f" [rendering m: {', '.join(added)} in 店铺热销 (another item's title)]"
            )
        return label

    def page_labels(self) -> list[dict]:
        pages = [("/", "other"), ("/zhibo/", "other"), ("/about/qualification.html", "licence")]
        pages += [(f"/help/question-{n}.html", "other") for n in HELP]
        pages += [(self.directory_url(p), "other") for p in range(1, self._dir_pages() + 1)]
        for slug in catalog.CATEGORIES:
            n = max(1, -(-len(catalog.listings_in(slug)) // 6))
            pages += [(self.category_url(slug, p), "other") for p in range(1, n + 1)]
        for shop in catalog.SHOPS:
            if not catalog.reachable(shop.sid, self.night):
                continue
            pages.append((self.contact_url(shop.sid), "licence"))
            if shop.licence and shop.licence.where != "home":
                pages.append((self.licence_url(shop.sid), "licence"))
        return [
            {
                "subject_type": "page",
                "subject_url": self.abs(url),
                "fires": [],
                "near_miss": [],
                "note": "[rendering m] not a subject: no finding may rest on it",
                "reachable": True,
                "role": role,
            }
            for url, role in pages
        ]

    @staticmethod
    def _dir_pages() -> int:
        return -(-len(catalog.SHOPS) // 12)

    # --- chrome ------------------------------------------------------------------------------

    def menu(self) -> str:
        groups: dict[str, list[str]] = {}
        for slug, (top, leaf, _) in catalog.CATEGORIES.items():
            groups.setdefault(top, []).append(f'<a href="{self.category_url(slug)}">{e(leaf)}</a>')
        items = "".join(
            f'<li class="cate_menu_item"><a class="cate_menu_lk">{e(top)}</a>'
            f'<div class="cate_detail"><dl><dt>{e(top)}</dt><dd>{"".join(links)}'
            + "".join(f"<a>{e(w)}</a>" for w in MENU_WORDS.get(top, ()))
            + "</dd></dl></div></li>"
            for top, links in groups.items()
        )
        return f'<div class="cate"><h2 class="cate_hd">全部商品分类</h2><ul class="cate_menu">{items}</ul></div>'

    def page(self, title: str, body: str, canonical: str = "", head: str = "") -> str:
        p = PLATFORM
        canon = f'<link rel="canonical" href="{e(self.abs(canonical))}">' if canonical else ""
        return f"""<!DOCTYPE html>
<html><head>{CHARSET_MARK}<title>{e(title)}【行情 报价 价格 评测】-{p["name"]}</title>
<meta name="keywords" content="{e(title)},{p["name"]}"><meta name="description" content="{p["name"]}提供{e(title)}正品行货">
{canon}{head}</head><body>
<div id="shortcut"><div class="w"><ul class="fl"><li>南京</li></ul><ul class="fr">
<li><a href="/passport/login.aspx">你好，请登录</a></li><li><a href="/passport/reg.aspx">免费注册</a></li>
<li><a href="/passport/order.aspx">我的订单</a></li><li><a href="/zhibo/">直播</a></li>
<li><a href="/mall/shops.html">店铺街</a></li><li><a href="/passport/seller.aspx">商家后台</a></li>
<li><a href="/help/question-305.html">客户服务</a></li></ul></div></div>
<div id="header"><div class="w"><div id="logo"><a href="/">{p["name"]}</a></div>
<div id="search"><input type="text" placeholder="羽绒服"><button>搜索</button></div>
<div id="settleup"><a href="/passport/cart.aspx">我的购物车</a></div></div>
<div id="navitems"><a href="/">首页</a> <a href="/mall/shops.html">店铺街</a> <a href="/zhibo/">直播</a>
<a href="/about/qualification.html">平台资质</a></div>{self.menu()}</div>
<div id="main">{body}</div>
<div id="footer"><div class="w"><div id="footer-service"><dl><dt>购物指南</dt><dd><a href="/help/question-100.html">购物流程</a></dd></dl>
<dl><dt>售后服务</dt><dd><a href="/help/question-201.html">售后政策</a></dd></dl>
<dl><dt>特色服务</dt><dd><a href="/help/question-305.html">联系客服</a></dd></dl></div>
<div class="copyright"><p>关于我们 | 联系我们 | 商家入驻 | 友情链接</p>
<p>{p["police"]} | {p["icp"]} | 增值电信业务经营许可证：{p["edi"]} | 互联网药品信息服务资格证书编号{p["drug"]}</p>
<p>医疗器械网络交易服务第三方平台备案凭证：{p["device"]} | <a href="/about/qualification.html">营业执照</a></p>
<p>违法和不良信息举报电话：{p["report"]} | 客服热线：{p["hotline"]} | 客服邮箱：{p["email"]}</p>
<p>Copyright © 2016-2026 {p["name"]} 版权所有 {p["company"]}</p></div></div></div>
</body></html>"""

    def simple_page(self, title: str, body: str) -> str:
        return self.page(title, f'<div class="w help"><h2>{e(title)}</h2>{body}</div>')

    @staticmethod
    def kv_table(pairs: list[tuple[str, str]], cls: str, cols: int = 1) -> str:
        cells = [f'<td class="tit">{e(k)}</td><td class="val">{e(v)}</td>' for k, v in pairs]
        rows = ["".join(cells[i : i + cols]) for i in range(0, len(cells), cols)]
        body = "".join(f"<tr>{r}</tr>" for r in rows)
        return f'<table class="{cls}" cellspacing="0"><tbody>{body}</tbody></table>'

    @staticmethod
    def money(v: float) -> str:
        return f"{v:.2f}"

    # --- 1688-style supplier shops -----------------------------------------------------------

    def contact_pairs(self, shop: Shop) -> list[tuple[str, str]]:
        n = shop.sid
        pairs = [(self.label("operator", n), shop.operator)] if shop.operator else []
        pairs += list(shop.extras)
        pairs += [(self.label("phone", n), p) for p in shop.phones]
        pairs += [(self.label("email", n), m) for m in shop.emails]
        if shop.address:
            pairs.append((self.label("address", n), shop.address))
        return pairs

    def winport(self, shop: Shop, tab: str, content: str) -> str:
        """A supplier shop's frame: header with 诚信通 years, its own nav, the tab's content."""
        n = shop.sid
        lic = shop.licence
        tabs = [("index", "首页", self.shop_url(n))]
        if lic and lic.where != "home":
            tabs.append(("credit", "公司档案", self.licence_url(n)))
        tabs.append(("contact", "联系方式", self.contact_url(n)))
        nav = "".join(
            f'<li class="{"current" if key == tab else ""}"><a href="{url}">{text}</a></li>'
            for key, text, url in tabs
        )
        foot = (
            f'<div class="winport-footer">Copyright © 2026 {e(shop.shown_footer)}</div>'
            if shop.shown_footer
            else ""
        )
        return (
            f'<div id="winport" class="w"><div class="winport-header"><div class="company-name">'
            f'<a href="{self.shop_url(n)}">{e(shop.name)}</a></div><div class="tp-info">'
            f'<span class="tp-year">诚信通<em>{3 + n % 9}</em>年</span> <span class="biz-type">'
            f'{"生产加工" if n % 2 else "经销批发"}</span> <a class="fav">收藏本店</a>'
            f' <a class="ww-link">旺旺在线</a></div></div><ul class="winport-nav">{nav}</ul>'
            f'<div class="winport-body">{content}</div>{foot}</div>'
        )

    def shop_page(self, shop: Shop) -> str:
        n, lic = shop.sid, shop.licence
        card = []
        if shop.structured and shop.shown_legal_name:
            card.append(("公司名称", shop.shown_legal_name))
        elif shop.operator:
            card.append((self.label("operator", n), shop.operator))
        card += [(self.label("phone", n), p) for p in shop.phones[:1]]
        side = "".join(f"<dt>{e(k)}：</dt><dd>{e(v)}</dd>" for k, v in card)
        side = (
            f'<div class="mod-contactSmall"><h3>联系方式</h3><dl>{side}</dl>'
            f'<a href="{self.contact_url(n)}">查看详细联系方式</a></div>'
        )
        if lic and lic.where != "home":
            side += (
                f'<div class="mod-credit"><h3>{self.label("licence_link", n)}</h3>'
                f'<a href="{self.licence_url(n)}">查看工商注册信息</a></div>'
            )
        main = ""
        if lic and lic.where == "home":
            main += f'<div class="mod-reg"><h3>工商注册信息</h3>{self.kv_table(self.licence_pairs(shop), "table-reg", 2)}</div>'
        elif shop.permits and not (lic and lic.where != "home"):
            main += f'<div class="mod-cert"><h3>资质证书</h3>{self.kv_table(list(shop.permits), "table-cert")}</div>'
        if shop.exempt:
            main += f'<div class="mod-intro"><h3>公司介绍</h3><p>{e(shop.exempt)}</p></div>'
        offers = "".join(
            f'<li class="offer-list-item"><div class="image"><a href="{self.item_link(x)}">'
            f'<img alt="{e(x.title)}"></a></div><div class="title"><a href="{self.item_link(x)}" '
            f'title="{e(x.title)}">{e(x.title)}</a></div><div class="price-container">'
            f'<span class="price">¥<em>{self.money(x.offered_at(self.night))}</em></span></div>'
            f'<div class="sale-quantity">成交<em>{(x.lid * 7) % 300}</em>笔</div></li>'
            for x in (catalog.listing(y.lid, self.night) for y in catalog.listings_of(n))
        )
        main += f'<div class="mod-offerlist"><h3>供应产品</h3><ul class="offer-list-row">{offers}</ul></div>'
        content = f'<div class="col-side">{side}</div><div class="col-main">{main}</div>'
        return self.page(shop.name, self.winport(shop, "index", content), self.shop_url(n))

    def licence_page(self, shop: Shop) -> str:
        n = shop.sid
        if shop.licence.where == "image":  # permits beside the scan, as 资质证书
            reg = self.kv_table(list(shop.permits), "table-cert") if shop.permits else ""
            reg = f"<h4>资质证书</h4>{reg}" if reg else ""
        else:
            reg = f"<h4>工商注册信息</h4>{self.kv_table(self.licence_pairs(shop), 'table-reg', 2)}"
        img = ""
        if shop.licence.where == "image" or shop.licence_image:
            img = (
                f'<div class="cert-img"><h4>营业执照</h4><img src="/imgextra/licence/{SHOP_NO[n]}.png" '
                f'alt="营业执照" width="240" height="170"><p>点击查看大图</p></div>'
            )
        tip = '<p class="tip">以上信息由企业自行提供，内容的真实性、准确性和合法性由企业负责。</p>'
        content = f'<div class="mod-credit-detail"><h3>公司档案</h3>{reg}{img}{tip}</div>'
        return self.page(
            f"{shop.name} 公司档案", self.winport(shop, "credit", content), self.licence_url(n)
        )

    def contact_page(self, shop: Shop) -> str:
        pairs = self.contact_pairs(shop)
        body = "".join(f"<dl><dt>{e(k)}：</dt><dd>{e(v)}</dd></dl>" for k, v in pairs)
        body = body or "<p>该企业暂未公开联系方式，请通过旺旺咨询。</p>"
        content = f'<div class="mod-contactinfo"><h3>联系方式</h3><div class="contact-info">{body}</div></div>'
        return self.page(
            f"{shop.name} 联系方式",
            self.winport(shop, "contact", content),
            self.contact_url(shop.sid),
        )

    # --- JD-style item pages ------------------------------------------------------------------

    def price_rows(self, item: Listing) -> str:
        price, original = self.prices(item)
        shown = self.money(price) + (f"-{self.money(item.high)}" if item.high else "")
        rows = (
            f'<div class="summary-price J-summary-price"><div class="dt">京 东 价</div>'
            f'<div class="dd"><span class="p-price"><span>¥</span><span class="price J-p-{SKU[item.lid]}">'
            f'{shown}</span></span> <a class="notice J-notify-sale">降价通知</a></div></div>'
        )
        if original:
            rows += (
                f'<div class="summary-origin"><div class="dt">{e(original[0])}</div><div class="dd">'
                f'<del id="page_origin_price">¥{self.money(original[1])}</del></div></div>'
            )
        if item.coupon:
            rows += (
                f'<div class="summary-quan"><div class="dt">领　　券</div><div class="dd">'
                f'<span class="quan-item">店铺券</span> <span class="J-finalPrice">{e(item.coupon[0])}'
                f" <em>¥{self.money(item.coupon[1])}</em></span></div></div>"
            )
        rows += (
            '<div class="summary-promotion"><div class="dt">促　　销</div><div class="dd">'
            '<em class="hl_red_bg">满减</em><em class="hl_red">满199元减20元</em></div></div>'
        )
        return (
            f'<div class="summary summary-first"><div class="summary-price-wrap">{rows}</div></div>'
        )

    def hot_sale(self, item: Listing) -> str:
        others = [
            catalog.listing(x.lid, self.night)
            for x in catalog.listings_of(item.sid)
            if x.lid != item.lid
        ]
        lis = "".join(
            f'<li><div class="p-name"><a href="{self.item_link(x)}" title="{e(x.title)}">'
            f'{e(x.title)}</a></div><div class="p-price"><strong>¥<span>'
            f"{self.money(x.offered_at(self.night))}</span></strong></div></li>"
            for x in others[:5]
        )
        return (
            f'<div class="m m-aside" id="sp-hot-sale"><div class="mt"><h3>店铺热销</h3></div><div class="mc"><ul>{lis}</ul></div></div>'
            if lis
            else ""
        )

    def guess(self, item: Listing) -> str:
        lis = "".join(
            f'<li><div class="p-name"><a href="{self.listing_url(x.lid)}">{e(x.title)}</a></div>'
            f'<div class="p-price"><strong>¥{self.money(x.offered_at(self.night))}</strong></div></li>'
            for x in self.recommendations(item.lid)
        )
        return f'<div id="guessyou" class="m m-content"><div class="mt"><h3>为你推荐</h3></div><div class="mc"><ul>{lis}</ul></div></div>'

    def listing_page(self, item: Listing, shop: Shop) -> str:
        top, leaf, default_service = catalog.CATEGORIES[item.cat]
        sku, n = SKU[item.lid], shop.sid
        shop_href = self.shop_link(shop)
        crumb = (
            f'<div class="crumb-wrap"><div class="crumb"><div class="item first"><a href="'
            f'{self.category_url(item.cat)}">{e(top)}</a></div><div class="sep">&gt;</div>'
            f'<div class="item"><a href="{self.category_url(item.cat)}">{e(leaf)}</a></div>'
            f'<div class="sep">&gt;</div><div class="item"><a href="{shop_href}">{e(shop.name)}</a>'
            f'</div><div class="sep">&gt;</div><div class="item ellipsis">{e(item.title)}</div></div>'
            f'<div class="contact"><div class="name"><a href="{shop_href}">{e(shop.name)}</a></div>'
            f'<a class="J-im-btn">联系客服</a> <a class="follow J-follow-shop">关注店铺</a></div></div>'
        )
        service = item.service or default_service
        intro = (
            f'<div class="product-intro"><div class="preview-wrap"><img alt="{e(item.title)}"></div>'
            f'<div class="itemInfo-wrap"><div class="sku-name">{e(item.title)}</div>'
            f"{self.price_rows(item)}"
            f'<div class="summary-service"><div class="dt">服务支持</div><div class="dd">由 '
            f'<a href="{shop_href}">{e(shop.name)}</a> 发货，并提供售后服务。{e(service)}</div></div>'
            f'<div class="summary-stock"><div class="dt">配 送 至</div><div class="dd">南京 有货</div></div>'
            f'<div class="choose-amount"><input value="1"> <a class="btn-add">+</a><a class="btn-reduce">-</a></div>'
            f'<div class="choose-btns"><a class="btn-special1" href="/passport/cart.aspx?pid={sku}">'
            f"加入购物车</a></div></div></div>"
        )
        credit = ""
        if shop.licence and shop.licence.where != "home":
            credit = f' <a class="license" href="{self.licence_url(n)}">店铺证照</a>'
        popbox = (
            f'<div class="m m-aside popbox"><div class="mt"><h3><a href="{shop_href}" title="'
            f'{e(shop.name)}">{e(shop.name)}</a></h3><a class="im">联系客服</a></div><div class="mc">'
            f'<div class="pop-score-summary"><span>商品评价 9.{n % 10}</span> <span>物流履约 9.5</span> '
            f'<span>售后服务 9.4</span></div><div class="btns"><a class="btn-def enter-shop" href="'
            f'{shop_href}">进店逛逛</a> <a class="btn-def follow-shop">关注店铺</a>{credit}</div></div></div>'
        )
        claims = "".join(f"<p>{e(c)}</p>" for c in item.claims)
        reviews = (
            "".join(
                f'<div class="comment-item"><div class="user-info">{e(w)}</div><div class="comment-column">'
                f'<p class="comment-con">{e(t)}</p><div class="order-info"><span>2026-11-{10 + i}</span>'
                f"</div></div></div>"
                for i, (w, t) in enumerate(item.reviews)
            )
            or '<div class="comment-empty">暂无评价</div>'
        )
        tabs = (
            f'<div class="tab-main large"><ul><li class="current">商品介绍</li><li>规格与包装</li>'
            f'<li>售后保障</li><li>商品评价({len(item.reviews)})</li></ul><div class="extra">'
            f'<a class="btn-primary" href="/passport/cart.aspx?pid={sku}">加入购物车</a></div></div>'
        )
        params = (
            f'<ul class="parameter2 p-parameter-list"><li title="{e(item.title)}">商品名称：'
            f'{e(item.title)}</li><li>商品编号：{sku}</li><li>店铺：<a href="{shop_href}">'
            f"{e(shop.name)}</a></li><li>类别：{e(leaf)}</li></ul>"
        )
        ptable = self.kv_table(
            [("商品名称", item.title), ("类别", f"{top} > {leaf}"), ("包装清单", "商品 ×1")],
            "Ptable",
        )
        after = (
            f'<div class="serve-agree-bd"><dl><dt><strong>售后服务</strong></dt><dd>{e(service)}</dd>'
            "<dt><strong>平台承诺</strong></dt><dd>平台卖家销售并发货的商品，由平台卖家提供发票和相应的"
            "售后服务。请您放心购买！</dd><dt><strong>价格说明</strong></dt><dd><p>京东价：京东价为商品"
            "的销售价，是您最终决定是否购买商品的依据。</p><p>划线价：商品展示的划横线价格为参考价，并非"
            "原价，该价格可能是品牌专柜标价、商品吊牌价或由品牌供应商提供的正品零售价，仅作为您购物时的"
            "参考。</p><p>异常问题：商品促销信息以商品详情页“促销”栏中的信息为准。</p></dd></dl></div>"
        )
        detail = (
            f'<div id="detail">{tabs}<div class="tab-con"><div data-tab="item">{params}'
            f'<div class="detail-content"><p>{e(item.desc)}</p>{claims}</div></div>'
            f'<div data-tab="spec">{ptable}</div><div data-tab="after">{after}</div>'
            f'<div id="comment" data-tab="comment"><div class="comment-percent">好评度 <strong>98%'
            f"</strong></div>{reviews}</div></div></div>"
        )
        config = (
            f"<script>var pageConfig = {{product: {{skuid: {sku}, shopId: '{SHOP_NO[n]}', "
            f"cat: [{CAT_CODE[item.cat]}]}}}};</script>"
        )
        body = (
            f'{crumb}<div class="w">{intro}</div><div class="w"><div class="aside">{popbox}'
            f"{self.hot_sale(item)}</div>{detail}</div>{self.guess(item)}"
        )
        return self.page(item.title, body, self.listing_url(item.lid), config)

    # --- indexes -----------------------------------------------------------------------------

    def pager(self, page: int, pages: int, url) -> str:
        prev = f'<a class="pn-prev" href="{url(page - 1)}">&lt;上一页</a>' if page > 1 else ""
        nxt = f'<a class="pn-next" href="{url(page + 1)}">下一页&gt;</a>' if page < pages else ""
        return (
            f'<div class="p-wrap"><span class="p-num">{prev}<b>{page}</b>/{pages}{nxt}</span></div>'
        )

    def category_page(self, slug: str, page: int, pages: int, items: list[Listing]) -> str:
        top, leaf, _ = catalog.CATEGORIES[slug]
        lis = "".join(
            f'<li class="gl-item"><div class="p-price"><strong>¥<i>{self.money(x.offered_at(self.night))}'
            f'</i></strong></div><div class="p-name"><a href="{self.item_link(x)}"><em>{e(x.title)}</em>'
            f'</a></div><div class="p-shop"><a href="{self.shop_link(catalog.shop(x.sid, self.night))}">'
            f"{e(catalog.shop(x.sid, self.night).name)}</a></div></li>"
            for x in (catalog.listing(y.lid, self.night) for y in items)
        )
        body = (
            f'<div class="w"><div class="crumbs-nav">{e(top)} &gt; <b>{e(leaf)}</b></div>'
            f'<div id="J_goodsList"><ul class="gl-warp">{lis}</ul></div>'
            f"{self.pager(page, pages, lambda p: self.category_url(slug, p))}</div>"
        )
        return self.page(f"{leaf}", body, self.category_url(slug, page))

    def directory_page(self, page: int, pages: int, shops: list[Shop]) -> str:
        lis = "".join(
            f'<li><a href="{self.shop_link(s)}">{e(s.name)}</a> <span class="tp-year">诚信通'
            f"{3 + s.sid % 9}年</span></li>"
            for s in shops
        )
        body = f'<div class="w"><h2>店铺街</h2><ul class="shop-street">{lis}</ul>'
        body += self.pager(page, pages, self.directory_url) + "</div>"
        return self.page("店铺街", body, self.directory_url(page))

    def home_page(self) -> str:
        featured = "".join(
            f'<li><a href="{self.shop_link(catalog.shop(sid, self.night))}">'
            f"{e(catalog.shop(sid, self.night).name)}</a></li>"
            for sid in (1, 3, 20, 33)
        )
        body = (
            f'<div class="w"><div class="fs-col2"><h3>品牌闪购</h3><ul>{featured}</ul>'
            f'<a href="/mall/shops.html">更多店铺</a></div><div class="fs-col3"><h3>正在直播</h3>'
            f'<a href="/zhibo/">进入直播频道</a></div></div>'
        )
        return self.page("首页", body, "/")

    def rooms_page(self, rooms: list[Room]) -> str:
        lis = "".join(
            f'<li class="live-card"><a href="{self.room_url(r.rid)}"><p class="live-name">'
            f"{e(r.title)}</p></a>"
            + (f'<span class="anchor">{e(r.host)}</span>' if r.host else "")
            + "</li>"
            for r in rooms
        )
        return self.page(
            "直播频道", f'<div class="w"><h2>直播频道</h2><ul>{lis}</ul></div>', "/zhibo/"
        )

    def room_shell(self, room: Room) -> str:
        hang = '<img src="/misc/live/loading.gif" alt="">' if room.fault == "hang" else ""
        body = (
            f'<div id="J_liveRoom" data-live-id="{LIVE_ID[room.rid]}"><div class="live-loading">'
            f"加载中...</div></div>{hang}"
            f'<script src="/misc/live/live-m.js"></script>'
        )
        return self.page("直播", body, self.room_url(room.rid))

    def api_payload(self, room: Room, k: int) -> dict:
        shop = None
        if room.seller_sid:
            s = catalog.shop(room.seller_sid, self.night)
            shop = {"shopName": s.name, "shopUrl": self.shop_url(s.sid), "sellerText": None}
        elif room.seller_text:
            shop = {"shopName": None, "shopUrl": None, "sellerText": room.seller_text}
        skus = [
            {
                "index": i + 1,
                "skuName": t,
                "jdPrice": self.money(p),
                "url": self.listing_url(lid) if lid else None,
            }
            for i, (t, p, lid) in enumerate(room.products)
        ]
        return {
            "code": "0",
            "success": True,
            "result": {
                "liveId": LIVE_ID[room.rid],
                "title": room.title,
                "notices": list(room.notices),
                "author": {"nickName": room.host, "authText": room.verification},
                "shop": shop,
                "skuList": skus,
                "counts": self.api_counters(room, k),
                "greenMark": room.badge,
            },
        }
