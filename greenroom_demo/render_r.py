"""Rendering "r": a mobile-web marketplace (Pinduoduo / JD-mobile / Vipshop habits) on a's URLs.

One column: an app-download banner, a sticky top bar, the price block first (`<em>¥</em>59
<small>.90</small>`), div cells for facts, a shop card with 进店, a bottom action bar and a bottom
tab bar; shop pages as a mobile mall (header card, tabs, two-column goods, a 店铺详情 sheet ending
in the 店铺资质 entry); rooms add a 主播卡 and a numbered 小黄车 (static/live-r.js). See
docs/render-r.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from greenroom_demo import catalog
from greenroom_demo.render_a import PLATFORM, RenderA
from greenroom_demo.render_base import CHARSET_MARK, e, ld_json

if TYPE_CHECKING:
    from greenroom_demo.model import Listing, Shop

FOOD_PERMIT = "JY13301080265431"  # the platform's own 食品经营许可证 (footer)
KEFU = '<span class="mall-kefu">客服</span>'


def money(v: float) -> str:
    """A mobile price: `<em>¥</em>59<small>.90</small>`."""
    whole, cents = f"{v:.2f}".split(".")
    return f"<em>¥</em>{whole}<small>.{cents}</small>"


def cells(pairs: list[tuple[str, str]]) -> str:
    """Label/value lines as mobile cells (a cell group of two spans each)."""
    rows = "".join(
        f'<div class="cell"><span class="cell-label">{e(k)}</span>'
        f'<span class="cell-value">{e(v)}</span></div>'
        for k, v in pairs
    )
    return f'<div class="cell-group">{rows}</div>'


class RenderR(RenderA):
    key = "r"
    ROOM_SCRIPT = "live-r.js"
    LABELS: ClassVar[dict[str, tuple[str, ...]]] = {
        **RenderA.LABELS,
        "licence_link": ("营业执照", "店铺资质", "营业执照信息"),
    }

    # --- chrome ------------------------------------------------------------------------------

    def page(self, title: str, body: str, canonical: str = "", head: str = "") -> str:
        cats = self.category_links(' class="cat-chip"', "")
        canon, p = self.canonical_link(canonical), PLATFORM
        mine = self.session_url("/history")
        first_cat = self.category_url(next(iter(catalog.CATEGORIES)))
        return f"""<!DOCTYPE html>
<html lang="zh-CN"><head>{CHARSET_MARK}<meta name="viewport" content="width=device-width,initial-scale=1,maximum-scale=1,user-scalable=no">
<title>{e(title)} - {p["name"]}</title>{canon}{head}
</head><body class="m-page">
<div class="app-download"><span class="app-logo">{p["name"]}</span><span class="app-slogan">打开App，新人领券</span><a class="app-open" href="/">立即打开</a></div>
<header class="top-bar"><a class="top-back" href="/">‹</a><span class="top-title">{e(title)}</span><a class="top-more" href="/shops">店铺</a></header>
<nav class="quick-entry"><a href="/live">直播</a><a href="/events?month=2026-12">活动日历</a><a href="/promo/2023-618">618专题</a><a href="/admin/">商家入驻</a></nav>
<nav class="cat-scroll">{cats}</nav>
<div class="m-content">{body}</div>
<footer class="m-footer"><p>客服热线 {p["hotline"]} · {p["email"]}</p>
<p class="platform-licences">{p["name"]}平台经营者：{p["company"]} · 营业执照（统一社会信用代码 {p["uscc"]}） · 食品经营许可证 {FOOD_PERMIT} · {p["icp"]}</p></footer>
<nav class="tab-bar"><a class="tab" href="/">首页</a><a class="tab" href="{first_cat}">分类</a><span class="tab">购物车</span><a class="tab" href="{mine}">我的</a></nav>
</body></html>"""

    def pairs(self, pairs: list[tuple[str, str]], style: int, n: int) -> str:
        if style == 0:
            return cells(pairs)
        return super().pairs(pairs, style, n)

    # --- shops -------------------------------------------------------------------------------

    def mall_card(self, shop: Shop, tag: str = "div", extra: str = "") -> str:
        """The shop as a card: logo, name, 在售商品 N, then `extra`."""
        count = len(catalog.listings_of(shop.sid))
        return (
            f'<{tag} class="mall-card"><span class="mall-logo">{e(shop.name[:1])}</span>'
            f'<span class="mall-name">{e(shop.name)}</span>'
            f'<span class="mall-count">在售商品 {count}</span>{extra}</{tag}>'
        )

    def goods_grid(self, items: list[Listing], with_shop: bool = False) -> str:
        cards = ""
        for x in items:
            shop = ""
            if with_shop:
                shop = f'<p class="goods-mall">{e(catalog.shop(x.sid, self.night).name)}</p>'
            cards += (
                f'<li class="goods-card"><a href="{self.item_link(x)}">'
                f'<p class="goods-name">{e(x.title)}</p></a>'
                f'<div class="price">{money(x.offered_at(self.night))}</div>{shop}</li>'
            )
        return f'<ul class="goods-grid col-2">{cards}</ul>'

    def licence_entry(self, shop: Shop, text: str) -> str:
        return (
            f'<a class="cell cell-link qual-entry" href="{self.licence_url(shop.sid)}">'
            f'<span class="cell-label">{text}</span><span class="cell-arrow">›</span></a>'
        )

    def shop_page(self, shop: Shop) -> str:
        sheet = self.disclosure_block(shop)
        copyright = ""
        if shop.shown_footer:
            copyright = f'<p class="mall-copyright">© 2026 {e(shop.shown_footer)}</p>'
        body = (
            f'<div class="mall-home">'
            f"{self.mall_card(shop, 'header', KEFU)}"
            f'<ul class="mall-tabs"><li class="on">首页</li><li>商品</li><li>分类</li></ul>'
            f"{self.goods_grid(catalog.listings_of(shop.sid))}"
            f'<section class="mall-detail"><h2>店铺详情</h2>{sheet}</section>{copyright}</div>'
        )
        head = ld_json(self.shop_jsonld(shop)) if shop.structured else ""
        return self.page(shop.name, body, self.shop_url(shop.sid), head)

    def licence_body(self, shop: Shop, text: str) -> str:
        return (
            f'<div class="qual-page"><h1 class="qual-mall">{e(shop.name)}</h1>'
            f'<h2 class="qual-title">{text}</h2>{self.licence_content(shop)}'
            f'<a class="back-mall" href="{self.shop_url(shop.sid)}">返回店铺</a></div>'
        )

    # --- listings ----------------------------------------------------------------------------

    def price_block(self, item: Listing) -> str:
        price, original = self.prices(item)
        shown = money(price)
        if item.high:
            shown += f'<span class="price-sep">-</span>{money(item.high)}'
        block = f'<div class="price">{shown}</div>'
        if item.coupon:
            block += (
                f'<div class="coupon-price"><span class="tag">{e(item.coupon[0])}</span>'
                f"{money(item.coupon[1])}</div>"
            )
        if original:
            block += f'<del class="market-price">{e(original[0])} ¥{original[1]:.2f}</del>'
        return f'<div class="price-block">{block}</div>'

    def listing_page(self, item: Listing, shop: Shop) -> str:
        _, _, default_service = catalog.CATEGORIES[item.cat]
        micro, head = self.product_markup(item, shop)
        claims = "".join(f"<li>{e(c)}</li>" for c in item.claims)
        comments = "".join(
            f'<div class="comment"><span class="comment-nick">{e(w)}</span>'
            f'<p class="comment-text">{e(t)}</p></div>'
            for w, t in item.reviews
        )
        comments = comments or '<p class="comment-empty">暂无评价</p>'
        recs = self.rec_items(item)
        enter = f'<a class="enter-mall" href="{self.shop_link(shop)}">进店逛逛</a>'
        body = (
            f'<div class="goods-page">{micro}<div class="swiper"><span class="swiper-index">1/1'
            f"</span></div>{self.price_block(item)}"
            f'<h1 class="goods-title">{e(item.title)}</h1>'
            f'<div class="cell service-row"><span class="cell-label">服务</span>'
            f'<span class="cell-value">{e(item.service or default_service)}</span></div>'
            f'<section class="comments"><h2>商品评价（{len(item.reviews)}）</h2>{comments}'
            f'<span class="see-all">查看全部</span></section>'
            f"{self.mall_card(shop, extra=enter)}"
            f'<section class="goods-detail"><h2>商品详情</h2><p>{e(item.desc)}</p>'
            f'<ul class="detail-points">{claims}</ul></section>'
            f'<section class="recommend"><h2>猜你喜欢</h2><ul class="col-2">{recs}</ul></section>'
            f'<div class="bottom-bar"><a class="bar-icon" href="{self.shop_link(shop)}">店铺</a>'
            f'<span class="bar-icon">客服</span><span class="bar-icon">收藏</span>'
            f'<button type="button" class="add-cart">加入购物车</button>'
            f'<button type="button" class="buy-now">立即购买</button></div></div>'
        )
        return self.page(item.title, body, self.listing_url(item.lid), head)

    # --- indexes -----------------------------------------------------------------------------

    def category_items(self, items: list[Listing]) -> str:
        return self.goods_grid(items, with_shop=True)
