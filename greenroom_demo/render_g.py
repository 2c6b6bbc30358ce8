"""Rendering "g": rendering a's URLs and chrome, five checks' evidence as badges, chips and cards.

A second blind test (after f) of `listing.returns_refused`, `listing.food_waste_promotion`,
`room.food_waste_promotion`, `listing.buyer_data_exposed` and `shop.licence_shared`, written
from the data model and the labels alone (see docs/render-g.md). Every other check's cases are
rendered exactly as in rendering a.

- Returns: service badges with a visible ✓/✗ (`<li class="svc no"><i>✗</i>七天无理由退货</li>`),
  badges with a 不支持 state, a 2-column `<ul><li><b>退换</b><i>不支持</i></li>` list, 购买须知
  bullet points, and a sentence in the description paragraph. Exempt goods use the same
  structures; what makes them exempt is said only by their title and category crumb.
- Buyer data: a 购买动态/中奖名单 marquee of `<li>` lines, 买家秀 review cards whose author line is
  the buyer, a 收货信息 block; masked near misses in the same structures.
- Food waste: listings carry tag chips (`<span class="chip">大胃王挑战</span>`) and food pages a
  光盘行动/反对浪费 购买须知 line; rooms draw their food notices as pinned comments (置顶评论)
  and their goods as cards with tag chips (static/live-g.js).
- Licences of shops 30–34: `<dl>` 工商信息 blocks (30, 32, 33) or 营业执照 text under the licence
  image (31, 34).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from greenroom_demo import catalog
from greenroom_demo.data_listings import BD, FW, RR
from greenroom_demo.render_a import RenderA
from greenroom_demo.render_base import e, ld_json

if TYPE_CHECKING:
    from greenroom_demo.model import Listing, Room, Shop

ROOM_FW = "room.food_waste_promotion"

# How each returns line is drawn: (structure, content). Structures:
#   badge-x   a service badge with a visible ✗        badge-off  a badge with a 不支持 state
#   list      2-column <li><b>label</b><i>value</i>   notes      a 购买须知 bullet
#   desc      a sentence appended to the description
# Refusals on goods the law does not exempt (labelled to fire) and on exempt goods (near misses).
REFUSALS: dict[str, tuple[str, tuple[tuple[str, str], ...] | str]] = {
    "特价商品，不支持七天无理由退货": ("badge-x", "特价商品"),  # 1701
    "售出概不退换": ("list", (("七天无理由", "不支持"), ("退换", "不支持"))),  # 1702 (2701: n2)
    "本店商品不退不换": ("notes", "本店商品一经售出，不退不换"),  # 1803
    "电子产品拆封后不退不换": ("desc", "本品属于电子产品，拆封后不退不换，请确认后下单。"),  # 2103
    # exempt goods: the reason is in the title / category crumb only
    "生鲜商品不退不换，坏果包赔": ("notes", "不退不换，坏果包赔"),  # 1101
    "定制商品，不支持七天无理由退货": ("badge-x", ""),  # 2201
    "数字商品，下载后不支持七天无理由退货": ("list", (("七天无理由", "不支持"),)),  # 2301
    "报纸期刊订阅类商品，不适用七天无理由退货": ("desc", "本商品不适用七天无理由退货。"),  # 2304
}
NIGHT2_OFF = {2701}  # 2701's 售出概不退换 (night 2+) as a badge with a 不支持 state

# Tag chips on listing pages: the food-waste cases carry their promotion in a chip.
CHIPS: dict[int, tuple[str, ...]] = {
    301: ("大胃王挑战", "吃播专用", "10斤装"),
    602: ("暴饮暴食也不怕", "聚餐必备"),
    1003: ("大胃王吃播套餐", "一次吃完8盒"),
    203: ("家庭装",),
    1102: ("家庭装",),
    302: ("反对浪费", "按需购买"),
    902: ("家庭装", "光盘行动"),
}
FOOD_CATS = ("tea", "snack", "health", "fresh")
FOOD_NOTE = "倡导光盘行动，反对浪费，请按需购买。"

# Buyer data: how each labelled review line is drawn.
#   card     a 买家秀 card whose author line is the reviewer
#   marquee  a scrolling 购买动态 list (one <li> a line), with masked lines around it
#   ship     a 收货信息 block
REVIEW_STYLE = {
    502: "card",
    101: "card",
    2001: "card",
    1402: "marquee",
    1502: "marquee",
    2401: "ship",
}
MARQUEE_MASKED = (
    "恭喜 139****2266 抽中 满199减20券",
    "李* 3302**********5521 已下单",
    "王** 刚刚购买了 1 件",
)
SHIP_EXAMPLE = {2402: ("张**", "浙江省杭州市****", "138****0000")}  # a masked near miss

# Pinned comments and chips in rooms.
ROOM_CHIPS: dict[int, dict[int, tuple[str, str]]] = {
    # rid: {product index: (chip, name shown beside the chip)}
    10: {0: ("大胃王挑战", "套餐 零食大礼包")},
    4: {1: ("家庭装", "新鲜蔬菜礼盒")},
    11: {0: ("光盘行动", "新鲜蔬菜礼盒 5斤")},
    8: {0: ("反对浪费", "即食燕麦片 1kg")},
}
ROOM_PINNED_EXTRA = {2: "挑战开始！10斤小龙虾一口气吃完，吃不完不下播"}

LICENCE_DL = {30, 32, 33}  # <dl> 工商信息 blocks
LICENCE_CAPTION = {31, 34}  # 营业执照 text under the licence image


class RenderG(RenderA):
    key = "g"

    # --- routing: rendering a's, plus the room script -----------------------------------

    def route(self, path: str, query: dict[str, str]):
        if path == "/static/live-g.js":
            return "static", "live-g.js"
        if path == "/static/live-a.js":
            return None
        return super().route(path, query)

    def room_shell(self, room: Room) -> str:
        hang = '<img src="/img/live/loading.png" alt="">' if room.fault == "hang" else ""
        body = (
            f'<div id="root"></div>{hang}<noscript>请开启JavaScript</noscript>'
            f'<script src="/static/live-g.js"></script>'
        )
        return self.page("直播间", body, self.room_url(room.rid))

    # --- listings ---------------------------------------------------------------------------

    def service_block(self, item: Listing, service: str) -> tuple[str, str, str]:
        """(service html, 购买须知 bullets html, sentence added to the description)."""
        notes, sentence = "", ""
        if item.lid in NIGHT2_OFF and service == "售出概不退换":
            badges = (
                '<li class="svc off"><span class="svc-name">7天无理由退货</span>'
                '<span class="svc-state">不支持</span></li>'
                '<li class="svc yes"><i>✓</i>正品保障</li>'
            )
            return f'<ul class="svc-badges">{badges}</ul>', notes, sentence
        kind, content = REFUSALS.get(service, ("", ""))
        if kind == "badge-x":
            why = f'<em class="svc-why">{e(content)}</em>' if content else ""
            badges = (
                f'<li class="svc no"><i>✗</i>七天无理由退货{why}</li>'
                '<li class="svc yes"><i>✓</i>正品保障</li><li class="svc yes"><i>✓</i>极速发货</li>'
            )
            return f'<ul class="svc-badges">{badges}</ul>', notes, sentence
        if kind == "list":
            rows = "".join(f"<li><b>{e(k)}</b><i>{e(v)}</i></li>" for k, v in content)
            rows += "<li><b>发货</b><i>48小时内</i></li>"
            return f'<ul class="svc-list">{rows}</ul>', notes, sentence
        if kind == "notes":
            return self.neutral_badges(item), f"<li>{e(content)}</li>", sentence
        if kind == "desc":
            return self.neutral_badges(item), notes, content
        # a line that does not refuse: a ✓ badge when it supports returns, else its own text
        if "支持七天无理由" in service and "不支持" not in service:
            cond = service.removeprefix("支持七天无理由退货")
            badges = (
                f'<li class="svc yes"><i>✓</i>七天无理由退货{e(cond)}</li>'
                '<li class="svc yes"><i>✓</i>正品保障</li>'
            )
            if item.lid % 3 == 0:  # the 2-column list form of the same promise
                rows = (
                    f"<li><b>七天无理由</b><i>支持{e(cond)}</i></li><li><b>退换</b><i>支持</i></li>"
                )
                return f'<ul class="svc-list">{rows}</ul>', notes, sentence
            return f'<ul class="svc-badges">{badges}</ul>', notes, sentence
        return self.neutral_badges(item), f"<li>{e(service)}</li>", sentence

    def neutral_badges(self, item: Listing) -> str:
        return (
            '<ul class="svc-badges"><li class="svc yes"><i>✓</i>正品保障</li>'
            '<li class="svc yes"><i>✓</i>极速发货</li></ul>'
        )

    def reviews_block(self, item: Listing) -> str:
        style = REVIEW_STYLE.get(item.lid, "plain")
        parts = []
        if item.lid in SHIP_EXAMPLE:
            name, addr, phone = SHIP_EXAMPLE[item.lid]
            parts.append(
                '<div class="ship-info"><h3>收货信息</h3>'
                f"<p><span>收货人</span>{e(name)}</p><p><span>手机</span>{e(phone)}</p>"
                f"<p><span>收货地址</span>{e(addr)}</p><p>已发货</p></div>"
            )
        if style == "marquee":
            lines = [f"{w} {t}" for w, t in item.reviews] + list(MARQUEE_MASKED)
            lis = "".join(f"<li>{e(x)}</li>" for x in lines)
            parts.append(
                '<section class="buy-feed"><h2>购买动态 · 中奖名单</h2>'
                f'<marquee direction="up" scrollamount="2"><ul class="scroll">{lis}</ul>'
                "</marquee></section>"
            )
        elif style == "ship":
            for _, text in item.reviews:
                body = text.removeprefix("收货人：")
                name, _, rest = body.partition(" ")
                addr, _, state = rest.rpartition(" ")
                parts.append(
                    '<div class="ship-info"><h3>收货信息</h3>'
                    f"<p><span>收货人</span>{e(name)}</p>"
                    f"<p><span>收货地址</span>{e(addr)}</p><p>{e(state)}</p></div>"
                )
        elif style == "card":
            cards = "".join(
                f'<div class="buyer-show"><div class="author">{e(w.removeprefix("买家"))}</div>'
                f'<p class="content">{e(t)}</p><div class="meta">颜色分类：默认 · 已购</div></div>'
                for w, t in item.reviews
            )
            parts.append(f'<section class="buyer-shows"><h2>买家秀</h2>{cards}</section>')
        else:
            lis = "".join(f"<li><b>{e(w)}</b>：{e(t)}</li>" for w, t in item.reviews)
            parts.append(
                f'<section class="reviews"><h2>买家评价</h2><ul>{lis or "<li>暂无评价</li>"}'
                "</ul></section>"
            )
        return "".join(parts)

    def listing_page(self, item: Listing, shop: Shop) -> str:
        top, leaf, default_service = catalog.CATEGORIES[item.cat]
        crumbs = (
            f'<nav class="breadcrumb"><a href="/">首页</a> &gt; <span>{e(top)}</span> &gt; '
            f'<a href="{self.category_url(item.cat)}">{e(leaf)}</a></nav>'
        )
        service, notes, sentence = self.service_block(item, item.service or default_service)
        if item.cat in FOOD_CATS:
            notes += f"<li>{FOOD_NOTE}</li>"
        notes += "<li>页面图片仅供参考，以实物为准。</li>"
        chips = "".join(f'<span class="chip">{e(c)}</span>' for c in CHIPS.get(item.lid, ()))
        chips = f'<div class="chips">{chips}</div>' if chips else ""
        claims = "".join(f"<li>{e(c)}</li>" for c in item.claims)
        desc = item.desc + sentence
        recs = "".join(
            f'<li><a href="{self.listing_url(x.lid)};jsessionid={self.session_id()}">{e(x.title)}</a></li>'
            for x in self.recommendations(item.lid)
        )
        micro, head = "", ""
        if item.structured and item.lid % 2:
            head = ld_json(self.product_jsonld(item, shop))
        elif item.structured:
            micro = self.product_microdata(item, shop)
        body = (
            f'{crumbs}<article class="item">{micro}<h1 class="item-title">{e(item.title)}</h1>'
            f"{chips}"
            f'<div class="price-box">{self.price_box(item)}</div>'
            f'<div class="service-badges">{service}</div>'
            f'<div class="seller-box">店铺：<span class="shop-name">{e(shop.name)}</span> '
            f'<a class="enter-shop" href="{self.shop_link(shop)}">进入店铺</a></div>'
            f'<section class="detail"><h2>商品详情</h2><p class="desc">{e(desc)}</p>'
            f'<ul class="claims">{claims}</ul></section>'
            f'<section class="notice"><h2>购买须知</h2><ul class="must-know">{notes}</ul></section>'
            f"{self.reviews_block(item)}</article>"
            f'<aside class="recommend"><h2>猜你喜欢</h2><ul>{recs}</ul></aside>'
        )
        return self.page(item.title, body, self.listing_url(item.lid), head)

    # --- licences -----------------------------------------------------------------------------

    def licence_page(self, shop: Shop) -> str:
        if shop.sid not in LICENCE_DL | LICENCE_CAPTION or shop.licence.where != "page":
            return super().licence_page(shop)
        text = self.label("licence_link", shop.sid)
        pairs = self.licence_pairs(shop)
        if shop.sid in LICENCE_DL:
            dds = "".join(f"<dd>{e(k)}：{e(v)}</dd>" for k, v in pairs)
            content = f'<dl class="biz-info"><dt>工商信息</dt>{dds}</dl>'
        else:
            lines = "".join(f"<span>{e(k)}：{e(v)}</span><br>" for k, v in pairs)
            content = (
                f'<figure class="licence-img"><img src="/img/licence/{shop.sid}.png" '
                f'alt="营业执照" width="240" height="170">'
                f"<figcaption>营业执照<br>{lines}</figcaption></figure>"
            )
        body = (
            f'<section class="licence"><h1>{e(shop.name)} · {text}</h1>{content}'
            f'<p><a href="{self.shop_url(shop.sid)}">返回店铺</a></p></section>'
        )
        return self.page(f"{shop.name} {text}", body, self.licence_url(shop.sid))

    # --- rooms -----------------------------------------------------------------------------

    def api_payload(self, room: Room, k: int) -> dict:
        data = super().api_payload(room, k)
        food = bool({ROOM_FW} & set(room.fires + room.near_miss))
        pinned = []
        if food:
            pinned = [{"who": "主播", "text": n} for n in room.notices]
            data["room"]["notices"] = []
        if room.rid in ROOM_PINNED_EXTRA:
            pinned.append({"who": "房管", "text": ROOM_PINNED_EXTRA[room.rid]})
        data["pinned"] = pinned
        chips = ROOM_CHIPS.get(room.rid, {})
        for i, g in enumerate(data["goods"]):
            chip, name = chips.get(i, (None, g["title"]))
            g["title"], g["tags"] = name, [chip] if chip else []
        return data

    # --- labels ------------------------------------------------------------------------------

    def relabel(self, label: dict, subject) -> dict:
        """Rendering a's labels, plus the near misses only g shows (noted in the label)."""
        added: list[tuple[str, str]] = []
        if label["subject_type"] == "listing":
            item = subject
            if item.cat in FOOD_CATS and FW not in label["fires"]:
                added.append((FW, "购买须知 光盘行动/反对浪费 line"))
            if item.lid in SHIP_EXAMPLE:
                added.append((BD, "masked 收货信息 block"))
            if REVIEW_STYLE.get(item.lid) == "marquee":
                added.append((BD, "masked lines in the 购买动态 marquee"))
            service = item.service or catalog.CATEGORIES[item.cat][2]
            if "支持七天无理由" in service and "不支持" not in service:
                added.append((RR, "✓ 七天无理由退货 badge or 支持 list row"))
        elif (
            label["subject_type"] == "room"
            and subject.rid in ROOM_CHIPS
            and ROOM_FW not in label["fires"]
        ):
            added.append((ROOM_FW, "光盘行动/反对浪费/家庭装 chip on a product card"))
        new = [(c, why) for c, why in added if c not in label["near_miss"] + label["fires"]]
        if new:
            label["near_miss"] = label["near_miss"] + [c for c, _ in new]
            label["note"] += " [rendering g: " + "; ".join(why for _, why in new) + "]"
        return label
