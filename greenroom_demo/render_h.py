"""Rendering "h": the demo written the way a Douyin-shop / Tmall style platform writes its pages.

A blind test (issue 17): built from the demo's data model and labels alone, without reading the
extraction, the checks or renderings e, f and g. Query-string URLs with numeric ids
(`/views/product/detail?id=<19 digits>`, `/views/shop/index?shop_id=…`, a separate
`/views/shop/qualification?shop_id=…` 资质 page, `/live/room?room_id=…`), `spm` tracking
parameters on links (the item page declares its canonical URL), and on every page a top bar,
a search box with hot words, a mega-menu of categories and extra search words (理疗仪, 治疗仪,
定制…) and a footer with the platform's own hotline, ICP and licences.

Item pages: breadcrumb, a Tmall-like buy box (标题, 划线价 dl, 促销价/到手价, 券后价 tag,
保障 row of pills with a 服务说明 sheet that lists the statutory exemptions), a seller box
(shop name, 店铺评分, 所在地, 客服电话, 资质 link, 进店逛逛 on odd ids only), a sticky tab bar
whose price is a script-filled template `¥0.00`, 产品参数 list, 宝贝详情, 累计评价 grid,
成交记录, 问大家, 看了又看 (the same shop's other goods, with prices), 猜你喜欢 (other shops'
plain goods). Shop pages: 店招 with a 店铺印象 hover card (scores, 开店时长, 所在地, 公司名称
where a second company is named, 资质 link), 店铺公告, 店铺信息 in one of four layouts, all
goods, a custom © footer. Rooms: a shell drawn by /obj/static/live-h.js from a
`/webcast/room/info` JSON (Douyin-like `{status_code, data}`).
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, ClassVar
from urllib.parse import quote

from greenroom_demo import catalog
from greenroom_demo.codes import make_uscc
from greenroom_demo.data_brands import BRANDS
from greenroom_demo.data_listings import AB, CF, FW, MC, RR
from greenroom_demo.render_base import (
    CHARSET_MARK,
    FIRST_MONTH,
    Renderer,
    e,
    html_response,
    next_month,
)

if TYPE_CHECKING:
    from greenroom_demo.model import Listing, Room, Shop

PLATFORM = {
    "name": "有品集市",
    "company": "杭州有品集网络科技有限公司",
    "uscc": make_uscc("91", "330108", "MA2QX7H3"),
    "icp": "浙ICP备2026031547号-1",
    "edi": "浙B2-20260315",
    "hotline": "400-871-2356",
    "email": "service@youpinji.cn",
    "address": "浙江省杭州市滨江区网商路599号",
    "food": "网络食品交易第三方平台备案 浙网食A33010026",
    "device": "医疗器械网络交易服务第三方平台备案凭证 (浙)网械平台备字[2026]第00031号",
    "drug": "互联网药品信息服务资格证书 (浙)-经营性-2026-0042",
}

SHOP_ID = {s.sid: str(61000000 + s.sid * 98713) for s in catalog.SHOPS}
PRODUCT_ID = {x.lid: str(3580000000000000000 + x.lid * 1000003) for x in catalog.LISTINGS}
ROOM_ID = {r.rid: str(7300000000000000000 + r.rid * 9176543) for r in catalog.rooms(True)}
CID = {slug: str(20000 + i * 137) for i, slug in enumerate(catalog.CATEGORIES)}
SID_OF = {v: k for k, v in SHOP_ID.items()}
LID_OF = {v: k for k, v in PRODUCT_ID.items()}
RID_OF = {v: k for k, v in ROOM_ID.items()}
SLUG_OF = {v: k for k, v in CID.items()}
SHORT = {x.lid: f"{x.lid * 7919:x}" for x in catalog.LISTINGS if x.go_link}
SHORT_OF = {v: k for k, v in SHORT.items()}
SLUG_SID = {s.slug: s.sid for s in catalog.SHOPS}

# extra words in the mega-menu: each links to a search page (platform chrome on every page)
MENU_WORDS: dict[str, tuple[str, ...]] = {
    "食品饮料": ("礼盒", "家庭装"),
    "医药健康": ("理疗仪", "治疗仪", "血压计"),
    "服饰鞋包": ("羽绒服", "托特包"),
    "数码家电": ("手机壳", "充电器"),
    "定制礼品": ("定制T恤", "刻字"),
    "家居日用": ("保温杯", "书桌"),
}
HOT_WORDS = ("新茶上市", "保温杯", "羽绒服", "脐橙")
HELP_PAGES = {
    "returns": "七天无理由退货规则",
    "guarantee": "消费者保障服务",
    "contact": "联系我们",
}
QA: dict[str, tuple[tuple[str, str], ...]] = {
    "tea": (("怎么泡比较好喝？", "85度左右的水冲泡，第一泡洗茶。"),),
    "snack": (("保质期多久？", "以包装上标注为准，一般是12个月。"),),
    "health": (("老人吃了能降血压吗？", "保健食品不是药物，不能代替药物治疗疾病。"),),
    "device": (("老人用操作简单吗？", "一键操作，很简单。"),),
    "clothing": (("尺码标准吗？", "正常码，偏瘦的可以拍小一码。"),),
    "shoes": (("鞋码偏大吗？", "标准码。"),),
}
EXEMPT_NOTE = (
    "依据《网络购买商品七日无理由退货暂行办法》，消费者定制的商品、鲜活易腐的商品、"
    "在线下载或者消费者拆封的音像制品和计算机软件等数字化商品、交付的报纸期刊，"
    "不适用七天无理由退货。"
)
LISTING_CHECKS = (CF, AB, MC, FW)


def _brand_named(title: str) -> bool:
    names = [b for brand, aliases, _ in BRANDS for b in (brand, *aliases.split("|"))]
    return any(n.lower() in title.lower() for n in names)


def _price(v: float) -> str:
    return f"{v:,.2f}"


class RenderH(Renderer):
    key = "h"
    ROBOTS = "User-agent: *\nDisallow: /passport/\n"
    ADMIN_PREFIX = "/passport/"
    LABELS: ClassVar[dict[str, tuple[str, ...]]] = {
        "operator": ("经营者名称", "经营主体", "店铺主体", "经营者"),
        "name": ("企业名称", "公司名称", "主体名称", "名称"),
        "uscc": ("统一社会信用代码", "信用代码", "营业执照注册号", "统一社会信用代码"),
        "phone": ("客服电话", "联系电话", "服务热线", "售后电话"),
        "email": ("客服邮箱", "联系邮箱", "电子邮件"),
        "address": ("联系地址", "经营地址", "办公地址"),
        "legal_rep": ("法定代表人", "法人代表"),
        "kind": ("企业类型", "类型", "主体类型"),
        "reg_address": ("住所", "注册地址", "营业场所"),
        "licence_link": ("营业执照", "证照信息", "资质", "经营者信息", "亮照亮证"),
    }

    # --- URLs ------------------------------------------------------------------------------

    def shop_url(self, sid: int) -> str:
        return f"/views/shop/index?shop_id={SHOP_ID[sid]}"

    def licence_url(self, sid: int) -> str:
        return f"/views/shop/qualification?shop_id={SHOP_ID[sid]}"

    def listing_url(self, lid: int) -> str:
        return f"/views/product/detail?id={PRODUCT_ID[lid]}"

    def room_url(self, rid: int) -> str:
        return f"/live/room?room_id={ROOM_ID[rid]}"

    def api_path(self, rid: int) -> str:
        return f"/webcast/room/info?room_id={ROOM_ID[rid]}"

    def category_url(self, slug: str, page: int = 1) -> str:
        return f"/views/channel/list?cid={CID[slug]}" + (f"&page={page}" if page > 1 else "")

    def directory_url(self, page: int = 1) -> str:
        return "/views/shop/street" + (f"?page={page}" if page > 1 else "")

    def search_url(self, word: str) -> str:
        return f"/search?q={quote(word)}"

    def spm(self, where: str, n: int = 0) -> str:
        """The tracking parameter real platforms put on every link (`spm=a2h0c.<page>.<slot>.<n>`)."""
        return f"&spm=a2h0c.{where}.{n % 40}"

    def shop_link(self, shop: Shop, where: str = "") -> str:
        if shop.old_url:
            return f"/shop/{shop.slug}.htm"
        return self.shop_url(shop.sid) + (self.spm(where, shop.sid) if where else "")

    def item_link(self, item: Listing, where: str = "") -> str:
        if item.go_link:
            return f"/s/{SHORT[item.lid]}"
        return self.listing_url(item.lid) + (self.spm(where, item.lid) if where else "")

    def route(self, path: str, query: dict[str, str]):
        one = {
            "/views/product/detail": ("listing", LID_OF, "id"),
            "/views/shop/index": ("shop", SID_OF, "shop_id"),
            "/views/shop/qualification": ("licence", SID_OF, "shop_id"),
            "/live/room": ("room", RID_OF, "room_id"),
            "/webcast/room/info": ("api", RID_OF, "room_id"),
        }
        if path in one:
            kind, ids, key = one[path]
            found = ids.get(query.get(key, ""))
            return (kind, found) if found is not None else None
        page = query.get("page", "1")
        if path in ("/views/channel/list", "/views/shop/street") and not page.isdigit():
            return None
        if path == "/views/channel/list":
            slug = SLUG_OF.get(query.get("cid", ""))
            return ("category", (slug, int(page))) if slug else None
        if path == "/views/shop/street":
            return "directory", int(page)
        fixed = {
            "/": ("home", None),
            "/live/square": ("rooms", None),
            "/obj/static/live-h.js": ("static", "live-h.js"),
            "/obj/static/green-live.png": ("badge_img", None),
            "/obj/static/loading.gif": ("hang", None),
            "/activity/calendar": (
                "calendar",
                query.get("month", "{:04d}-{:02d}".format(*FIRST_MONTH)),
            ),
            "/about/licence": ("platform_licence", None),
            "/notice/detail": ("notice", None),
            "/search": ("search", query.get("q", "")),
        }
        if path in fixed:
            return fixed[path]
        m = re.fullmatch(r"/help/(\w+)\.html", path)
        if m and m[1] in HELP_PAGES:
            return "help", m[1]
        m = re.fullmatch(r"/img/qualification/(\d+)\.png", path)
        if m and m[1] in SID_OF:
            return "licence_img", SID_OF[m[1]]
        m = re.fullmatch(r"/shop/([a-z-]+)\.htm", path)
        if m and m[1] in SLUG_SID:
            return "old_shop", SLUG_SID[m[1]]
        m = re.fullmatch(r"/s/([0-9a-f]+)", path)
        if m and m[1] in SHORT_OF:
            return "go", SHORT_OF[m[1]]
        if path.startswith(self.ADMIN_PREFIX):
            return "admin", None
        return None

    # --- chrome ----------------------------------------------------------------------------

    def mega_menu(self) -> str:
        groups: dict[str, list[str]] = {}
        for slug, (top, leaf, _) in catalog.CATEGORIES.items():
            groups.setdefault(top, []).append(f'<a href="{self.category_url(slug)}">{e(leaf)}</a>')
        rows = ""
        for top, links in groups.items():
            words = "".join(
                f'<a class="kw" href="{self.search_url(w)}">{e(w)}</a>'
                for w in MENU_WORDS.get(top, ())
            )
            rows += (
                f'<li class="cat-item"><span class="cat-top">{e(top)}</span>'
                f'<div class="cat-sub">{"".join(links)}{words}</div></li>'
            )
        return f'<div class="category-menu" role="menu"><h3>全部商品分类</h3><ul>{rows}</ul></div>'

    def page(self, title: str, body: str, canonical: str = "", head: str = "") -> str:
        p = PLATFORM
        canon = f'<link rel="canonical" href="{e(self.abs(canonical))}">' if canonical else ""
        hot = "".join(f'<a href="{self.search_url(w)}">{e(w)}</a>' for w in HOT_WORDS)
        return f"""<!DOCTYPE html>
<html lang="zh-CN"><head>{CHARSET_MARK}<title>{e(title)}-{p["name"]}</title>
<meta name="keywords" content="{p["name"]},网上购物,直播带货,正品低价">{canon}{head}
</head><body>
<div id="site-nav" class="top-bar"><div class="tb-inner">
<span class="welcome">你好，欢迎来到{p["name"]}</span>
<a href="/passport/login">请登录</a> <a href="/passport/register">免费注册</a>
<ul class="quick-menu"><li><a href="/passport/login?redirect=orders">我的订单</a></li>
<li><a href="/passport/login?redirect=cart">购物车</a></li>
<li><a href="/live/square">直播</a></li><li><a href="/views/shop/street">店铺街</a></li>
<li><a href="/activity/calendar?month=2026-12">活动日历</a></li>
<li><a href="/passport/seller">商家中心</a></li><li><a href="/help/contact.html">联系客服</a></li></ul>
</div></div>
<div class="header"><a class="logo" href="/" title="{p["name"]}">{p["name"]}</a>
<form class="search" action="/search"><input name="q" placeholder="搜索宝贝"><button>搜索</button></form>
<div class="hot-words">热搜：{hot}</div></div>
{self.mega_menu()}
<div id="page">{body}</div>
<div class="footer"><div class="footer-links"><a href="/help/guarantee.html">消费者保障</a> |
<a href="/help/returns.html">七天无理由退货</a> | <a href="/help/contact.html">联系我们</a> |
<a href="/notice/detail">平台公告</a> | <a href="/about/licence">营业执照</a></div>
<p>{p["name"]}客服热线 {p["hotline"]}（9:00-21:00） 客服邮箱 {p["email"]}</p>
<p>© 2026 {p["company"]} 版权所有 | <a href="/about/licence">{p["icp"]}</a> |
增值电信业务经营许可证：{p["edi"]} | {p["food"]} | {p["device"]} | {p["drug"]}</p></div>
</body></html>"""

    def simple_page(self, title: str, body: str) -> str:
        return self.page(title, f'<div class="simple"><h2>{e(title)}</h2>{body}</div>')

    # --- disclosure layouts ------------------------------------------------------------------

    def pairs(self, pairs: list[tuple[str, str]], style: int, n: int) -> str:
        if not pairs:
            return ""
        if style == 0:  # rows of label and value elements
            rows = "".join(
                f'<div class="info-row"><label>{e(k)}</label><p>{e(v)}</p></div>' for k, v in pairs
            )
            return f'<div class="info-rows">{rows}</div>'
        if style == 1:  # a 4-column table: two pairs a row
            cells = [f"<th>{e(k)}</th><td>{e(v)}</td>" for k, v in pairs]
            cells += [""] if len(cells) % 2 else []
            rows = "".join(f"<tr>{a}{b}</tr>" for a, b in zip(cells[::2], cells[1::2], strict=True))
            return f'<table class="info-table"><tbody>{rows}</tbody></table>'
        if style == 2:  # one text node a line
            rows = "".join(f"<li>{e(k)}：{e(v)}</li>" for k, v in pairs)
            return f'<ul class="info-list">{rows}</ul>'
        lines = "<br>".join(f"{e(k)}：{e(v)}" for k, v in pairs)
        return f'<p class="info-text">{lines}</p>'

    # --- shops -------------------------------------------------------------------------------

    def scores(self, n: int) -> str:
        a, b, c = 4.6 + n % 4 / 10, 4.7 + n % 3 / 10, 4.5 + n % 5 / 10
        return (
            f'<ul class="dsr"><li>描述相符 <em>{a:.1f}</em></li>'
            f"<li>服务态度 <em>{b:.1f}</em></li><li>物流服务 <em>{c:.1f}</em></li></ul>"
        )

    def licence_link(self, shop: Shop) -> str:
        lic = shop.licence
        if not (lic and lic.where in ("page", "image")):
            return ""
        return (
            f'<a class="qualification" href="{self.licence_url(shop.sid)}">'
            f"{self.label('licence_link', shop.sid)}</a>"
        )

    def shop_card(self, shop: Shop) -> str:
        second = ""
        if shop.legal_name and shop.legal_name != shop.operator:
            second = f"<dl><dt>{self.label('name', 1)}：</dt><dd>{e(shop.legal_name)}</dd></dl>"
        link = self.licence_link(shop)
        return (
            f'<div class="shop-card"><h4>店铺印象</h4>{self.scores(shop.sid)}'
            f"<dl><dt>开店时长：</dt><dd>{3 + shop.sid % 7}年</dd></dl>"
            f"{second}" + (f"<dl><dt>资质：</dt><dd>{link}</dd></dl>" if link else "") + "</div>"
        )

    def shop_page(self, shop: Shop) -> str:
        n = shop.sid
        info = self.pairs(self.home_pairs(shop), shop.style, n)
        if shop.exempt:
            info += f'<p class="exempt-note">{e(shop.exempt)}</p>'
        if self.licence_link(shop):
            info += f'<p class="info-more">查看{self.licence_link(shop)}</p>'
        goods = "".join(
            f'<li class="item"><a class="pic" href="{self.item_link(x, "shop.goods")}">'
            f'<img src="/obj/static/loading.gif" alt=""></a>'
            f'<a class="title" href="{self.item_link(x, "shop.goods")}">{e(x.title)}</a>'
            f'<div class="c-price">¥<b>{_price(x.offered_at(self.night))}</b></div>'
            f'<span class="sale-num">月销{(x.lid * 37) % 900 + 10}</span></li>'
            for x in catalog.listings_of(n)
        )
        foot = ""
        if shop.shown_footer:
            foot = (
                f'<div class="shop-custom-footer">Copyright © 2026 {e(shop.shown_footer)} '
                f"All Rights Reserved</div>"
            )
        body = (
            f'<div class="shop-header"><div class="shop-sign"><span class="shop-name">'
            f"{e(shop.name)}</span>"
            f'<a class="fav" href="javascript:;">收藏店铺</a>'
            f'<a class="im" href="javascript:;" data-shop="{SHOP_ID[n]}">联系客服</a></div>'
            f"{self.shop_card(shop)}</div>"
            f'<ul class="shop-nav"><li class="selected">首页</li><li>所有宝贝</li><li>新品</li>'
            f"<li>店铺动态</li></ul>"
            f'<div class="shop-notice"><h3>店铺公告</h3><p>本店所有商品均为现货，'
            f"下单后48小时内发货。节假日客服回复可能延迟，敬请谅解。</p></div>"
            f'<div class="shop-info-mod"><h3>店铺信息</h3>{info}</div>'
            f'<div class="shop-goods"><h3>全部宝贝</h3><ul class="item-grid">{goods}</ul></div>'
            f"{foot}"
        )
        return self.page(shop.name, body, self.shop_url(n))

    def licence_page(self, shop: Shop) -> str:
        n = shop.sid
        img = (
            f'<div class="licence-img"><img src="/img/qualification/{SHOP_ID[n]}.png" '
            f'alt="营业执照" width="300" height="210"></div>'
        )
        if shop.licence.where == "image":
            content = img
        else:
            pairs = self.licence_pairs(shop)
            content = self.pairs(pairs, (shop.style + 1) % 4, n)
            content += img if shop.licence_image else ""
        body = (
            f'<div class="qualification-page"><div class="crumb"><a href="{self.shop_url(n)}">'
            f"{e(shop.name)}</a> &gt; 店铺资质</div>"
            f"<h2>经营者营业执照信息</h2>"
            f'<p class="tip">根据《电子商务法》及相关法规，以下信息由经营者提供并经平台核验。</p>'
            f"{content}"
            f'<p class="tip">如发现信息有误，请拨打平台客服热线反馈。</p>'
            f'<a href="{self.shop_url(n)}">返回店铺首页</a></div>'
        )
        return self.page(f"{shop.name}-店铺资质", body, self.licence_url(n))

    # --- listings --------------------------------------------------------------------------

    def buy_box(self, item: Listing) -> str:
        price, original = self.prices(item)
        shown = _price(price) + (f"-{_price(item.high)}" if item.high else "")
        box = ""
        if original:
            box += (
                f'<dl class="tm-price-panel"><dt class="metatit">{e(original[0])}</dt>'
                f'<dd><span class="tm-price line-through">¥{_price(original[1])}</span></dd></dl>'
            )
        label = "促销价" if original else "价格"
        box += (
            f'<dl class="tm-promo-panel"><dt class="metatit">{label}</dt><dd>'
            f'<em class="tm-yen">¥</em><span class="tm-price">{shown}</span></dd></dl>'
        )
        if item.coupon:
            box += (
                f'<div class="coupon-tag"><span class="c-name">{e(item.coupon[0])}</span>'
                f'<span class="c-val">¥{_price(item.coupon[1])}</span>'
                f'<a href="javascript:;">领券</a></div>'
            )
        return box

    def services(self, item: Listing) -> str:
        _, _, default = catalog.CATEGORIES[item.cat]
        line = item.service or default
        pills = ["极速退款", line, "运费险 退货最高可报10元", "48小时发货"]
        row = "".join(f'<i class="svc-pill">{e(p)}</i>' for p in pills)
        return (
            f'<div class="svc-row"><span class="svc-k">保障</span><span class="svc-v">{row}</span>'
            f"</div>"
            f'<div class="svc-sheet" data-role="popup"><h4>服务说明</h4>'
            f"<dl><dt>极速退款</dt><dd>信誉良好的用户申请退款后可极速到账。</dd>"
            f"<dt>{e(line)}</dt><dd>以商品页面标示为准。</dd>"
            f"<dt>运费险</dt><dd>退货时由保险公司按规则赔付运费，最高可报10元。</dd></dl>"
            f'<p class="law">{EXEMPT_NOTE}</p></div>'
        )

    def seller_box(self, item: Listing, shop: Shop) -> str:
        n = shop.sid
        phone = (
            f"<dl><dt>{self.label('phone', n)}</dt><dd>{e(shop.phones[0])}</dd></dl>"
            if shop.phones
            else ""
        )
        link = self.licence_link(shop)
        enter = (
            f'<a class="enter-shop" href="{self.shop_link(shop, "item.seller")}">进店逛逛</a>'
            if item.lid % 2
            else ""
        )
        return (
            f'<div class="shop-box"><div class="shop-name-box">'
            f'<a class="slogo" href="{self.shop_link(shop, "item.logo")}">{e(shop.name)}</a></div>'
            f"{self.scores(n)}{phone}"
            + (f"<dl><dt>资质</dt><dd>{link}</dd></dl>" if link else "")
            + f'<div class="shop-btns">{enter}<a class="fav" href="javascript:;">收藏店铺</a>'
            f"</div></div>"
        )

    def strip(self, title: str, cls: str, items: list[Listing], where: str) -> str:
        cards = "".join(
            f'<li><a href="{self.item_link(x, where)}">{e(x.title)}</a>'
            f'<p class="rec-price">¥{_price(x.offered_at(self.night))}</p></li>'
            for x in items
        )
        return f'<div class="{cls}"><h3>{title}</h3><ul>{cards}</ul></div>' if items else ""

    def review_grid(self, item: Listing) -> str:
        rows, deals = "", ""
        for who, text in item.reviews:
            if who == "成交记录":
                deals += f"<li>{e(text)}</li>"
                continue
            rows += (
                f'<tr><td class="col-master"><div class="rate-fulltxt">{e(text)}</div>'
                f'<div class="rate-date">2026.11.{10 + len(rows) % 17}</div></td>'
                f'<td class="col-author"><div class="rate-user-info">{e(who)}</div></td></tr>'
            )
        rows += (
            '<tr><td class="col-master"><div class="rate-fulltxt">该用户觉得商品较好，'
            '默认给出好评</div></td><td class="col-author"><div class="rate-user-info">'
            "t***2（匿名）</div></td></tr>"
        )
        grid = f'<div id="J_Reviews" class="rate-grid"><h3>累计评价</h3><table>{rows}</table></div>'
        if deals:
            grid += f'<div class="deal-record"><h3>成交记录</h3><ul>{deals}</ul></div>'
        return grid

    def ask(self, item: Listing) -> str:
        qa = QA.get(item.cat, (("发什么快递？", "默认发中通，偏远地区发邮政。"),))
        rows = "".join(
            f'<li><p class="q"><i>问</i>{e(q)}</p><p class="a"><i>答</i>{e(a)}</p></li>'
            for q, a in qa
        )
        return f'<div class="ask-everyone"><h3>问大家</h3><ul>{rows}</ul></div>'

    def listing_page(self, item: Listing, shop: Shop) -> str:
        top, leaf, _ = catalog.CATEGORIES[item.cat]
        price, _ = self.prices(item)
        crumbs = (
            f'<div class="detail-crumb"><a href="/">首页</a> &gt; <span>{e(top)}</span> &gt; '
            f'<a href="{self.category_url(item.cat)}">{e(leaf)}</a></div>'
        )
        attrs = [("产品名称", item.title), ("类目", leaf), ("发货地", "国内")]
        params = "".join(f'<li title="{e(v)}">{e(k)}:&nbsp;{e(v)}</li>' for k, v in attrs)
        claims = "".join(f"<p>【卖点】{e(c)}</p>" for c in item.claims)
        same_shop = [x for x in catalog.listings_of(item.sid) if x.lid != item.lid]
        same_shop = [catalog.listing(x.lid, self.night) for x in same_shop]
        init = json.dumps(
            {
                "product_id": PRODUCT_ID[item.lid],
                "price": f"{price:.2f}",
                "shop_id": SHOP_ID[shop.sid],
            },
            ensure_ascii=False,
        ).replace("</", "<\\/")
        script = (
            f"<script>window.__INIT_DATA__={init};"
            "document.querySelectorAll('.tab-price em').forEach(function(n){"
            "n.textContent=window.__INIT_DATA__.price;});</script>"
        )
        body = (
            f'{crumbs}<div class="tb-detail"><div class="tb-detail-hd">'
            f'<h1>{e(item.title)}</h1><p class="newp">{e(shop.name)} 官方直发 品质保障</p></div>'
            f'<div class="tm-fcs-panel">{self.buy_box(item)}</div>'
            f'<dl class="tb-amount"><dt>数量</dt><dd><input value="1"> 件</dd></dl>'
            f'<div class="tb-action"><a class="buy-now" href="javascript:;">立即购买</a>'
            f'<a class="add-cart" href="javascript:;">加入购物车</a></div>'
            f"{self.services(item)}</div>"
            f"{self.seller_box(item, shop)}"
            f'<div class="tabbar sticky"><ul><li class="selected">宝贝详情</li><li>累计评价</li>'
            f'<li>问大家</li><li>专享服务</li></ul><span class="tab-price">¥<em>0.00</em></span>'
            f'<a class="tab-buy" href="javascript:;">加入购物车</a></div>'
            f'<div class="attributes"><h3>产品参数：</h3><ul id="J_AttrUL">{params}</ul></div>'
            f'<div class="description"><h3>宝贝详情</h3><div class="content"><p>{e(item.desc)}</p>'
            f"{claims}</div></div>"
            f"{self.review_grid(item)}{self.ask(item)}"
            f"{self.strip('看了又看', 'look-again', same_shop, 'item.look')}"
            f"{self.strip('猜你喜欢', 'guess-like', self.recommendations(item.lid), 'item.guess')}"
            f"{script}"
        )
        return self.page(item.title, body, self.listing_url(item.lid))

    # --- platform pages ---------------------------------------------------------------------

    def cards(self, items: list[Listing], where: str) -> str:
        rows = ""
        for x in items:
            s = catalog.shop(x.sid, self.night)
            rows += (
                f'<li class="card"><a href="{self.item_link(x, where)}">{e(x.title)}</a>'
                f'<div class="c-price">¥<b>{_price(x.offered_at(self.night))}</b></div>'
                f'<a class="card-shop" href="{self.shop_link(s, where)}">{e(s.name)}</a></li>'
            )
        return f'<ul class="goods-list">{rows}</ul>'

    def pager(self, page: int, pages: int, url) -> str:
        prev = f'<a class="prev" href="{url(page - 1)}">上一页</a>' if page > 1 else ""
        nxt = f'<a class="next" href="{url(page + 1)}">下一页</a>' if page < pages else ""
        return f'<div class="pagination">{prev}<span>{page}/{pages}</span>{nxt}</div>'

    def category_page(self, slug: str, page: int, pages: int, items: list[Listing]) -> str:
        top, leaf, _ = catalog.CATEGORIES[slug]
        body = (
            f'<div class="channel"><div class="crumb">{e(top)} &gt; {e(leaf)}</div>'
            f'<div class="sort-bar"><a href="javascript:;">综合</a><a href="javascript:;">销量</a>'
            f'<a href="javascript:;">价格</a></div>{self.cards(items, "list")}'
            f"{self.pager(page, pages, lambda p: self.category_url(slug, p))}</div>"
        )
        return self.page(leaf, body, self.category_url(slug, page))

    def directory_page(self, page: int, pages: int, shops: list[Shop]) -> str:
        rows = "".join(
            f'<li class="shop-item"><a href="{self.shop_link(s, "street")}">{e(s.name)}</a>'
            f"{self.scores(s.sid)}</li>"
            for s in shops
        )
        body = f'<div class="street"><h2>店铺街</h2><ul>{rows}</ul>'
        body += self.pager(page, pages, self.directory_url) + "</div>"
        return self.page("店铺街", body, self.directory_url(page))

    def home_page(self) -> str:
        featured = [catalog.shop(sid, self.night) for sid in (1, 9, 20, 33)]
        shops = "".join(
            f'<li><a href="{self.shop_link(s, "home")}">{e(s.name)}</a></li>' for s in featured
        )
        body = (
            f'<div class="banner"><a href="/live/square">双12直播盛典 好物低至5折</a></div>'
            f'<div class="floor"><h3>猜你喜欢</h3>{self.cards(catalog.plain_listings()[:8], "home")}'
            f'</div><div class="floor"><h3>品牌好店</h3><ul>{shops}</ul>'
            f'<a href="/views/shop/street">更多店铺</a></div>'
        )
        return self.page("有品集市-直播好物 品质生活", body, "/")

    def rooms_page(self, rooms: list[Room]) -> str:
        rows = "".join(
            f'<li class="live-card"><a href="{self.room_url(r.rid)}">{e(r.title)}</a>'
            + (f'<span class="anchor">{e(r.host)}</span>' if r.host else "")
            + "</li>"
            for r in rooms
        )
        return self.page(
            "直播广场", f'<div class="live-square"><h2>正在直播</h2><ul>{rows}</ul></div>'
        )

    def room_shell(self, room: Room) -> str:
        hang = '<img src="/obj/static/loading.gif" alt="">' if room.fault == "hang" else ""
        body = (
            f'<div id="live-root" class="webcast"><div class="loading">直播间加载中…</div></div>'
            f"{hang}<noscript>当前浏览器不支持，请开启JavaScript</noscript>"
            f'<script src="/obj/static/live-h.js"></script>'
        )
        return self.page("直播间", body, self.room_url(room.rid))

    def api_payload(self, room: Room, k: int) -> dict:
        shop = None
        if room.seller_sid:
            s = catalog.shop(room.seller_sid, self.night)
            shop = {"shop_name": s.name, "shop_url": self.shop_url(s.sid), "text": None}
        elif room.seller_text:
            shop = {"shop_name": None, "shop_url": None, "text": room.seller_text}
        products = [
            {
                "title": t,
                "price_str": _price(p),
                "detail_url": self.listing_url(lid) if lid else None,
            }
            for t, p, lid in room.products
        ]
        return {
            "status_code": 0,
            "data": {
                "room": {
                    "id_str": ROOM_ID[room.rid],
                    "title": room.title,
                    "announcements": list(room.notices),
                    "stats": self.api_counters(room, k),
                    "green_mark": room.badge,
                },
                "owner": {"nickname": room.host, "real_name_tag": room.verification},
                "shop": shop,
                "products": products,
            },
        }

    def serve_search(self, word: str):
        items = [x for x in catalog.LISTINGS if word and word in x.title]
        items = [x for x in items if catalog.reachable(x.sid, self.night)]
        found = self.cards(items, "search") if items else "<p>没有找到相关宝贝，换个词试试。</p>"
        body = f'<div class="search-result"><h2>“{e(word)}”的搜索结果</h2>{found}</div>'
        return html_response(self.page(f"{word}-搜索", body), self.page_mode)

    def serve_help(self, key: str):
        p = PLATFORM
        texts = {
            "returns": f"<p>{EXEMPT_NOTE}</p><p>其他商品，消费者自收到商品之日起七日内可申请"
            "无理由退货；商家拒绝的，平台将介入处理。</p>",
            "guarantee": "<p>平台为消费者提供正品保障、极速退款、运费险等服务。</p>",
            "contact": f"<p>客服热线：{p['hotline']}</p><p>客服邮箱：{p['email']}</p>"
            f"<p>公司地址：{p['address']}</p>",
        }
        return html_response(self.simple_page(HELP_PAGES[key], texts[key]), self.page_mode)

    def serve_notice(self, _arg):
        body = (
            "<p>为贯彻《反食品浪费法》，平台将对宣扬“大胃王”、暴饮暴食等内容的直播间和商品"
            "进行处置；对标注“国家级”“最佳”等绝对化用语的商品下架整改。</p>"
            "<p>同时提醒商家：普通食品不得宣称预防、治疗疾病功能。</p>"
        )
        return html_response(self.simple_page("关于规范商品信息发布的公告", body), self.page_mode)

    def serve_platform_licence(self, _arg):
        p = PLATFORM
        pairs = [
            ("企业名称", p["company"]),
            ("统一社会信用代码", p["uscc"]),
            ("住所", p["address"]),
            ("增值电信业务经营许可证", p["edi"]),
        ]
        body = self.pairs(pairs, 1, 0) + f"<p>{p['food']}</p><p>{p['device']}</p>"
        return html_response(self.simple_page(f"{p['name']}平台营业执照", body), self.page_mode)

    def calendar_page(self, month: str) -> str:
        y, m = month.split("-")
        body = (
            f"<p>{y}年{int(m)}月暂无大促活动，敬请期待。</p>"
            f'<a href="/activity/calendar?month={next_month(month, -1)}">上个月</a> '
            f'<a href="/activity/calendar?month={next_month(month, 1)}">下个月</a>'
        )
        return self.simple_page("活动日历", body)

    def history_page(self) -> str:
        return self.simple_page("我的足迹", "<p>请先登录。</p>")

    # --- labels ------------------------------------------------------------------------------

    def relabel(self, label: dict, subject) -> dict:
        kind = label["subject_type"]
        if label["reachable"]:
            label["role"] = kind
        if kind != "listing":
            return label
        if label["reachable"]:
            label["price"] = subject.offered_at(self.night)
        added = []
        for other in catalog.listings_of(subject.sid):
            if other.lid == subject.lid:
                continue
            shown = catalog.listing(other.lid, self.night)
            added += [c for c in shown.fires if c in LISTING_CHECKS]
        if subject.cat == "health":
            added.append(MC)  # 问大家: 老人吃了能降血压吗？
        if _brand_named(subject.title):
            added.append(CF)  # the sticky tab bar's template price ¥0.00
        added.append(RR)  # the 服务说明 sheet's statutory exemptions, on every item
        new = [c for c in dict.fromkeys(added) if c not in label["fires"]]
        new = [c for c in new if c not in label["near_miss"]]
        if new:
            label["near_miss"] += new
            label["note"] += (
                " [rendering h: the same shop's goods in 看了又看, 问大家, the tab bar's ¥0.00"
                " template or the 服务说明 exemptions add near misses]"
            )
        return label

    def page_labels(self) -> list[dict]:
        """Platform pages (role other) and the shops' 资质 pages (role licence)."""
        urls = ["/", "/live/square", "/views/shop/street", "/notice/detail"]
        urls += [self.directory_url(p) for p in (2, 3)]
        urls += [f"/help/{k}.html" for k in HELP_PAGES]
        words = [w for ws in MENU_WORDS.values() for w in ws] + list(HOT_WORDS)
        urls += [self.search_url(w) for w in dict.fromkeys(words)]
        for slug in catalog.CATEGORIES:
            pages = max(1, -(-len(catalog.listings_in(slug)) // 6))
            urls += [self.category_url(slug, p) for p in range(1, pages + 1)]
        labels = [self._page_label(u, "other") for u in urls]
        labels.append(self._page_label("/about/licence", "licence"))
        for base in catalog.SHOPS:
            shop = catalog.shop(base.sid, self.night)
            lic = shop.licence
            if lic and lic.where in ("page", "image") and catalog.reachable(shop.sid, self.night):
                labels.append(self._page_label(self.licence_url(shop.sid), "licence"))
        return labels

    def _page_label(self, path: str, role: str) -> dict:
        return {
            "subject_type": "page",
            "subject_url": self.abs(path),
            "fires": [],
            "near_miss": [],
            "note": "rendering h: a page that is not a subject",
            "reachable": True,
            "role": role,
        }
