"""Rendering "f": the evidence of five checks laid out as tables and feeds.

Built from the data model and the labels alone, without reading the checks or the extraction
(docs/render-f.md). URLs and chrome are rendering a's; what changes is where the evidence of
`listing.returns_refused`, `listing.food_waste_promotion`, `room.food_waste_promotion`,
`listing.buyer_data_exposed` and `shop.licence_shared` sits:

- returns: the item's own 售后服务 table (`七天无理由退货 | 不支持`), a `<dl>` (`退换货` /
  `不支持七天无理由`), a row of its 规格参数 table; exempt goods say why in their own spec
  rows (定制, 鲜活易腐, 在线下载, 期刊订阅), the e-book's buy box carries a ticked checkbox
  confirming it is not returnable; every item page has the platform's general 七天无理由
  rules with their list of exemptions, some a rule citation or a negation of refusal;
- buyer data: a 成交记录 table (买家 | 手机 | 身份证号 | 订单号 | 数量), a 近期成交 feed, reviews
  as a table whose 用户 column may be a full mobile number; near misses masked, the shop's
  own service numbers in a 客服 table, 18-digit order numbers that are not ID numbers;
- food waste: a 规格参数 / 产品卖点 table; rooms draw their notices as a feed (live-f.js) with
  the platform's 反食品浪费法 system message; near misses 拒绝/不提倡/反对 大胃王, 光盘行动,
  家庭装;
- licences: every licence page is a 4-column 工商信息 table (two label/value pairs a row).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING, ClassVar

from greenroom_demo import catalog
from greenroom_demo.codes import id_number
from greenroom_demo.data_listings import BD, FW, ID_FULL, RR
from greenroom_demo.data_rooms import FW as ROOM_FW
from greenroom_demo.render_a import RenderA
from greenroom_demo.render_base import e, ld_json

if TYPE_CHECKING:
    from greenroom_demo.model import Listing, Room, Shop

FOOD = ("tea", "snack", "health", "liquor", "fresh")

# --- returns (listing.returns_refused) ------------------------------------------------------
# lid: (form, value) — form "row": a 售后服务 table row 七天无理由退货 | value; "dl": a
# <dt>退换货</dt><dd>value</dd>; "spec": a 规格参数 row 退换政策 | value.
REFUSALS: dict[int, tuple[str, str]] = {
    1701: ("row", "不支持（特价商品）"),
    1702: ("dl", "不支持七天无理由"),
    1803: ("spec", "本店商品不退不换"),
    2103: ("row", "电子产品拆封后不支持"),
    2701: ("dl", "售出概不退换"),  # from night 2 (the label's n2)
}
# exempt goods: their own spec rows say why; the refusal is a 售后服务 row
EXEMPT_SPEC: dict[int, tuple[tuple[str, str], ...]] = {
    1101: (("商品类型", "新鲜水果（鲜活易腐）"), ("售后保障", "坏果包赔，签收后48小时内联系客服")),
    2201: (("定制方式", "按买家提供的文字刻字定制"), ("发货时间", "定制完成后3天内")),
    2301: (("商品形式", "电子书（在线下载，数字化商品）"), ("阅读设备", "手机、平板")),
    2304: (("商品类型", "期刊订阅（按期寄送的报纸期刊）"), ("期数", "全年24期")),
}
EXEMPT_ROW = {1101: "不支持", 2201: "不支持", 2301: "不支持（下载后）", 2304: "不适用"}
CONFIRM_BOX = {
    2301: "我已知晓并确认：本商品为在线下载的数字商品，下载后不支持七天无理由退货",
}
RULE_CITATION = "依据《消费者权益保护法》第二十五条，商家不得拒绝七天无理由退货"
NO_REFUSAL = "本店从不拒绝七天无理由退货，放心购买"
PLATFORM_RETURNS = (
    "平台七天无理由退货规则：消费者自收到商品之日起七日内，有权无理由退货。"
    "下列商品不适用七天无理由退货：消费者定作的商品；鲜活易腐的商品；在线下载或者消费者拆封的"
    "音像制品、计算机软件等数字化商品；交付的报纸、期刊。"
)

# --- food waste (listing.food_waste_promotion) ----------------------------------------------
# the item's own 规格参数 / 产品卖点 rows, in place of its description paragraph
FOOD_SPEC: dict[int, tuple[tuple[str, str], ...]] = {
    301: (("适用场景", "大胃王挑战、吃播专用"), ("产品卖点", "主播同款，大胃王挑战一口气吃完！")),
    602: (("产品卖点", "聚餐前来一条，暴饮暴食也不怕"), ("规格", "10条")),
    1003: (("套餐类型", "大胃王吃播套餐"), ("食用方式", "大胃王吃播同款，一次吃完8盒！")),
    203: (("规格", "家庭装 1kg"), ("食用建议", "大份量，密封保存，按需冲泡")),
    302: (("食用建议", "拒绝浪费，按需购买，每日一小袋刚刚好"), ("温馨提示", "反对大胃王式暴食")),
    902: (("规格", "家庭装 12碗"), ("温馨提示", "不提倡大胃王式吃法，拒绝浪费，建议按需选购")),
    1102: (("规格", "家庭装 10斤"), ("食用建议", "常温后熟")),
}
PLATFORM_FOOD = (
    "依据《反食品浪费法》第二十二条，禁止制作、发布、传播宣扬量大多吃、暴饮暴食等浪费食品的"
    "内容。平台倡导光盘行动，按需选购。"
)

# --- buyer data (listing.buyer_data_exposed) --------------------------------------------------


def _order_no(n: int) -> str:
    """An 18-digit order number: not an ID number (no region, no date, wrong check)."""
    digits = f"20261201{n:010d}"
    return (
        digits
        if id_number(digits[:17]) != digits
        else digits[:-1] + str((int(digits[-1]) + 1) % 10)
    )


# 成交记录 table rows: 买家 | 手机 | 身份证号 | 订单号 | 数量
DEALS_TABLE: dict[int, tuple[tuple[str, str, str, str, str], ...]] = {
    1402: (("刘*", "139****2210", ID_FULL, _order_no(14020001), "1"),),
    1502: (("张*", "—", "3301**********1234", _order_no(15020001), "2"),),
}
# 近期成交 feed lines
DEALS_FEED: dict[int, tuple[str, ...]] = {
    2401: ("收货人：王建国 浙江省杭州市西湖区文三路90号 购买了 二手羽绒服 九成新 女款M码 ×1",),
    101: ("138****5678 购买了 2026新茶 西湖龙井 明前 250g 礼盒装 ×2",),
}
# reviews whose 用户 cell is shown in place of the data's wording (the same person, the same data)
REVIEWER: dict[tuple[int, str], str] = {(502, "买家13957126684"): "13957126684"}
# reviews that are deals (drawn above as a table or a feed instead)
NOT_REVIEWS = {1402, 1502, 2401}
# listings that show the shop's own service numbers in a 客服 table
SERVICE_TABLE = {101, 1502, 2001, 2101, 2102, 2103, 1901}

# --- rooms (room.food_waste_promotion) ------------------------------------------------------
SYSTEM_MESSAGE = (
    "欢迎来到直播间！平台依据《反食品浪费法》严禁宣扬暴饮暴食、量大多吃，倡导光盘行动。"
)
ROOM_FEED: dict[int, tuple[str, ...]] = {
    2: ("主播正在挑战：10斤小龙虾一口气吃完",),
    8: ("不提倡大胃王式吃播，按需购买",),
    11: ("反对大胃王吃播，吃多少做多少",),
}


class RenderF(RenderA):
    key = "f"
    LABELS: ClassVar[dict[str, tuple[str, ...]]] = {
        **RenderA.LABELS,
        "licence_link": ("工商信息", "营业执照", "经营者信息"),
    }

    def route(self, path: str, query: dict[str, str]):
        if path == "/static/live-a.js":
            return None
        if path == "/static/live-f.js":
            return "static", "live-f.js"
        return super().route(path, query)

    # --- labels ---------------------------------------------------------------------------

    def relabel(self, label: dict, subject) -> dict:
        """Near misses that only rendering f shows (the labels' `fires` never change)."""
        kind, near = label["subject_type"], label["near_miss"]

        def add(check: str, why: str) -> None:
            if check not in label["fires"] and check not in near:
                near.append(check)
                label["note"] += f" [rendering f: {why}]"

        if kind == "listing":
            add(RR, "the platform's 七天无理由 rules with their exemptions in a service notice")
            if subject.cat in FOOD:
                add(FW, "the platform quotes 反食品浪费法 (暴饮暴食) in a service notice")
            if subject.lid in SERVICE_TABLE or subject.lid in DEALS_TABLE:
                add(BD, "the shop's service numbers or 18-digit order numbers in a table")
        elif kind == "room":
            add(ROOM_FW, "the platform's 反食品浪费法 system message in the notice feed")
        return label

    # --- shops: licences as 4-column 工商信息 tables -----------------------------------------

    def home_pairs(self, shop: Shop) -> list[tuple[str, str]]:
        """A home-page licence goes to its own 工商信息 table (with the permits), not here."""
        if shop.licence and shop.licence.where == "home":
            return super().home_pairs(replace(shop, licence=None, permits=()))
        return super().home_pairs(shop)

    def four_columns(self, pairs: list[tuple[str, str]], caption: str = "工商信息") -> str:
        rows = []
        for i in range(0, len(pairs), 2):
            cells = "".join(f"<th>{e(k)}</th><td>{e(v)}</td>" for k, v in pairs[i : i + 2])
            if len(pairs[i : i + 2]) == 1:
                cells += "<th></th><td></td>"
            rows.append(f"<tr>{cells}</tr>")
        return (
            f'<table class="biz-info"><caption>{e(caption)}</caption>'
            f"<tbody>{''.join(rows)}</tbody></table>"
        )

    def shop_page(self, shop: Shop) -> str:
        html = super().shop_page(shop)
        if shop.licence and shop.licence.where == "home":
            table = self.four_columns(self.licence_pairs(shop))
            html = html.replace(
                '<section class="shop-goods">',
                f'<section class="shop-licence"><h2>工商信息</h2>{table}</section>'
                '<section class="shop-goods">',
                1,
            )
        return html

    def licence_page(self, shop: Shop) -> str:
        text = self.label("licence_link", shop.sid)
        img = (
            f'<figure><img src="/img/licence/{shop.sid}.png" alt="营业执照" width="240" '
            f'height="170"><figcaption>点击查看大图</figcaption></figure>'
        )
        if shop.licence.where == "image":
            content = img
        else:
            content = self.four_columns(self.licence_pairs(shop))
            content += img if shop.licence_image else ""
        body = (
            f'<section class="licence"><h1>{e(shop.name)} · {text}</h1>{content}'
            f'<p><a href="{self.shop_url(shop.sid)}">返回店铺</a></p></section>'
        )
        return self.page(f"{shop.name} {text}", body, self.licence_url(shop.sid))

    # --- listings ----------------------------------------------------------------------------

    def kv_table(self, rows: list[tuple[str, str]], cls: str) -> str:
        body = "".join(f"<tr><th>{e(k)}</th><td>{e(v)}</td></tr>" for k, v in rows)
        return f'<table class="{cls}"><tbody>{body}</tbody></table>'

    def spec_rows(self, item: Listing) -> list[tuple[str, str]]:
        top, leaf, _ = catalog.CATEGORIES[item.cat]
        rows = [("商品名称", item.title), ("类目", f"{top} / {leaf}")]
        rows += list(EXEMPT_SPEC.get(item.lid, ()))
        rows += list(FOOD_SPEC.get(item.lid, ()))
        for c in item.claims:
            k, sep, v = c.partition("：")
            rows.append((k, v) if sep else ("产品特点", c))
        form = REFUSALS.get(item.lid)
        if form and form[0] == "spec" and item.service:
            rows.append(("退换政策", form[1]))
        return rows

    def after_sale(self, item: Listing, shop: Shop) -> str:
        """The item's own 售后服务 block: a table or a <dl>, as REFUSALS / EXEMPT_ROW say."""
        _, _, default = catalog.CATEGORIES[item.cat]
        service = item.service or default
        form = REFUSALS.get(item.lid)
        if form and item.service:  # a refusal (2701 only from night 2, when it has one)
            kind, value = form
            if kind == "dl":
                return f'<dl class="after-sale"><dt>退换货</dt><dd>{e(value)}</dd></dl>'
            if kind == "row":
                return self.kv_table([("七天无理由退货", value)], "after-sale")
            return self.kv_table([("发货", "付款后48小时内")], "after-sale")
        if item.lid in EXEMPT_ROW:
            return self.kv_table([("七天无理由退货", EXEMPT_ROW[item.lid])], "after-sale")
        rows: list[tuple[str, str]] = []
        if "七天无理由" in service:
            rows.append(("七天无理由退货", "支持" + ("（未拆封）" if "未拆封" in service else "")))
            if item.cat in ("clothing", "shoes"):
                rows.append(("退货规则", RULE_CITATION))
            elif item.cat in ("digital", "home"):
                rows.append(("退货承诺", NO_REFUSAL))
        else:
            rows.append(("服务说明", service))
        return self.kv_table(rows, "after-sale")

    def deals(self, item: Listing) -> str:
        out = ""
        if item.lid in DEALS_TABLE:
            head = "".join(f"<th>{h}</th>" for h in ("买家", "手机", "身份证号", "订单号", "数量"))
            rows = "".join(
                "<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>"
                for row in DEALS_TABLE[item.lid]
            )
            out += (
                f'<section class="deal-record"><h2>成交记录</h2><table class="deals">'
                f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></section>"
            )
        if item.lid in DEALS_FEED:
            lines = "".join(f"<li>{e(x)}</li>" for x in DEALS_FEED[item.lid])
            out += f'<section class="deal-feed"><h2>近期成交</h2><ul class="feed">{lines}</ul></section>'
        return out

    def reviews_table(self, item: Listing) -> str:
        shown = [] if item.lid in NOT_REVIEWS else item.reviews
        if not shown:
            return '<p class="empty">暂无评价</p>'
        rows = "".join(
            f"<tr><td>{e(REVIEWER.get((item.lid, w), w))}</td><td>{e(t)}</td></tr>"
            for w, t in shown
        )
        return (
            '<table class="reviews"><thead><tr><th>用户</th><th>评价内容</th></tr></thead>'
            f"<tbody>{rows}</tbody></table>"
        )

    def listing_page(self, item: Listing, shop: Shop) -> str:
        top, leaf, _ = catalog.CATEGORIES[item.cat]
        crumbs = (
            f'<nav class="breadcrumb"><a href="/">首页</a> &gt; <span>{e(top)}</span> &gt; '
            f'<a href="{self.category_url(item.cat)}">{e(leaf)}</a></nav>'
        )
        confirm = ""
        if item.lid in CONFIRM_BOX:
            confirm = (
                '<p class="confirm"><label><input type="checkbox" name="no_return" checked '
                f"disabled> {e(CONFIRM_BOX[item.lid])}</label></p>"
            )
        buy = (
            f'<form class="buy" action="#" onsubmit="return false">{confirm}'
            '<button type="button">立即购买</button> <button type="button">加入购物车</button></form>'
        )
        desc = "" if item.lid in FOOD_SPEC else f'<p class="desc">{e(item.desc)}</p>'
        service_box = ""
        if item.lid in SERVICE_TABLE and shop.phones:
            service_box = self.kv_table(
                [("售前客服", shop.phones[0]), ("售后客服", shop.phones[-1])], "shop-service"
            )
            service_box = f'<section class="contact"><h2>店铺客服</h2>{service_box}</section>'
        recs = "".join(
            f'<li><a href="{self.listing_url(x.lid)};jsessionid={self.session_id()}">{e(x.title)}</a></li>'
            for x in self.recommendations(item.lid)
        )
        notice = f"<p>{e(PLATFORM_RETURNS)}</p>"
        if item.cat in FOOD:
            notice += f"<p>{e(PLATFORM_FOOD)}</p>"
        micro, head = "", ""
        if item.structured and item.lid % 2:
            head = ld_json(self.product_jsonld(item, shop))
        elif item.structured:
            micro = self.product_microdata(item, shop)
        body = (
            f'{crumbs}<article class="item">{micro}<h1 class="item-title">{e(item.title)}</h1>'
            f'<div class="price-box">{self.price_box(item)}</div>{buy}'
            f'<div class="seller-box">店铺：<span class="shop-name">{e(shop.name)}</span> '
            f'<a class="enter-shop" href="{self.shop_link(shop)}">进入店铺</a></div>'
            f'<section class="spec"><h2>规格参数</h2>'
            f"{self.kv_table(self.spec_rows(item), 'spec')}</section>"
            f'<section class="detail"><h2>商品详情</h2>{desc}</section>'
            f'<section class="service"><h2>售后服务</h2>{self.after_sale(item, shop)}</section>'
            f"{service_box}{self.deals(item)}"
            f'<section class="reviews"><h2>买家评价</h2>{self.reviews_table(item)}</section>'
            f"</article>"
            f'<aside class="platform-notice"><h2>平台规则</h2>{notice}</aside>'
            f'<aside class="recommend"><h2>猜你喜欢</h2><ul>{recs}</ul></aside>'
        )
        return self.page(item.title, body, self.listing_url(item.lid), head)

    # --- rooms: notices as a feed -------------------------------------------------------------

    def room_shell(self, room: Room) -> str:
        html = super().room_shell(room)
        return html.replace("/static/live-a.js", "/static/live-f.js")

    def api_payload(self, room: Room, k: int) -> dict:
        data = super().api_payload(room, k)
        feed = [{"type": "system", "text": SYSTEM_MESSAGE}]
        feed += [{"type": "notice", "text": n} for n in room.notices]
        feed += [{"type": "notice", "text": n} for n in ROOM_FEED.get(room.rid, ())]
        data["feed"] = feed
        return data


def notice_texts(html: str) -> list[str]:
    """The platform notices of an item page (for tests)."""
    m = re.search(r'<aside class="platform-notice">(.*?)</aside>', html, re.DOTALL)
    return re.findall(r"<p>(.*?)</p>", m.group(1)) if m else []
