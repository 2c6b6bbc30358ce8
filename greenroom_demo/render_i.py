"""Rendering "i": five checks' evidence as column tables, state tables, promise lists,
晒单 articles, a script-drawn deal feed, room chat feeds and 工商信息 tables.

A third blind test (after f and g, docs/render-i.md) of listing.returns_refused,
listing.food_waste_promotion, room.food_waste_promotion, listing.buyer_data_exposed and
shop.licence_shared, written from the data model and the labels alone. Everything else is
rendering a: URLs, chrome, shop pages, structured data, encodings, redirects and traps.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

from greenroom_demo import catalog
from greenroom_demo.data_listings import BD, FW, RR
from greenroom_demo.data_rooms import FW as ROOM_FW
from greenroom_demo.render_a import RenderA
from greenroom_demo.render_base import e

if TYPE_CHECKING:
    from greenroom_demo.model import Listing, Room, Shop

STATIC = re.compile(r"/static/((?:live|feed)-i\.js)")
FOOD = ("tea", "snack", "health", "fresh")

# How an item shows its returns line: a 售后 column of the 商品参数 table (cols), a service
# table whose state comes first (state) or last (state2), a 服务承诺 list (promise), or an
# opened <details> (details). Exempt goods share the structure of a refusal.
LAYOUT = {
    1701: "cols",
    2201: "cols",
    1702: "state",
    2301: "state",
    2701: "state2",
    2203: "state2",
    1803: "promise",
    1101: "promise",
    2103: "details",
    2304: "details",
}
CYCLE = ("cols", "state", "state2", "promise", "details")
REFUSING = ("不支持", "不退", "概不", "不适用")

# Food-waste listings: the title's promotion moves to the 适用场景 column (the h1 keeps the
# goods), and the description to the 卖点 column.
FW_TITLE = {
    301: ("辣条 10斤装", "大胃王挑战、吃播专用"),
    602: ("酵素果冻 10条", "暴饮暴食也不怕"),
    1003: ("自热火锅 8盒", "大胃王吃播套餐"),
}
FW_MIXED = {1003}  # a promotion beside the shop's own warning: still a promotion

# Negated, quoted and prohibited forms of a refusal, said by shops that take returns.
RETURNS_NEAR = (
    "本店不设“不退不换”条款，签收后七天内可无理由退货",
    "依据《消费者权益保护法》第二十五条，网购商品自收到之日起七日内可无理由退货",
    "平台规则：禁止商家以“售出概不退换”拒绝七天无理由退货",
    "我们从未拒绝过任何一笔七天无理由退货申请",
)
# Warnings against waste on food pages.
FOOD_NEAR = (
    "响应光盘行动，反对“大胃王”式暴饮暴食，请按需购买",
    "依据《反食品浪费法》第二十二条，本店不参与任何“大胃王”吃播推广",
    "切勿暴饮暴食，建议分次食用",
    "拒绝浪费，不提倡大胃王挑战",
)
CONFIRM = {
    2201: "我已确认刻字内容，并知晓定制商品不支持七天无理由退货",
    2301: "我已知晓本商品不支持七天无理由退货",
    2304: "我已知晓报刊订阅类商品不支持七天无理由退货",
}

# 成交记录 (买家 | 数量 | 时间 | 收货地区): the labelled order lines first, then masked ones.
MASKED_BUYERS = ("李*", "139****2266", "王**", "3302**********5521", "陈*", "186****0417")
AREAS = ("浙江 杭州", "广东 深圳", "江苏 南京", "四川 成都", "福建 泉州", "北京 朝阳")
DEALS = {1402, 1502, 101, 2001, 2102, 3101}
# 近期成交 drawn by script from a JSON island: (收货人, 收货地址, 状态).
FEED = {
    2402: [("张**", "浙江省杭州市西湖区****", "已发货"), ("刘*", "上海市浦东新区****", "待发货")],
}
ORDER_NO = "订单编号 2026112815304218{:02d}"  # 18 digits, not an ID number

# Rooms: food rooms draw their notices as the host's pinned messages in a chat feed.
FOOD_ROOMS = {1, 2, 4, 8, 9, 10, 11}
WARNING = "系统提示：依据《反食品浪费法》第二十二条，直播间禁止宣扬“大胃王”、暴饮暴食"
ROOM_CHAT = {
    2: [
        ("阿胖", "主播", "今晚挑战：10斤小龙虾一口气吃完"),
        ("房管小七", "房管", "理性消费，切勿浪费食物"),
    ],
    4: [("王大姐", "主播", "家庭装一箱10斤，切勿暴饮暴食，分几天吃")],
    8: [("房管", "房管", "本直播间禁止“大胃王”“暴饮暴食”式吃播，违者禁言")],
    9: [("房管", "房管", "温馨提示：拒绝浪费，切勿暴饮暴食")],
    11: [("赵师傅", "主播", "我们反对大胃王式吃播，做菜按人数来")],
}
AUDIENCE = (("用户7721", "已拍，主播辛苦了"), ("小鹿", "什么时候发货？"))


def swap(html: str, old: str | re.Pattern, new: str) -> str:
    """`html` with its first `old` replaced (rendering a's markup must still hold it)."""
    found = old.search(html) if isinstance(old, re.Pattern) else re.search(re.escape(old), html)
    if not found:
        raise ValueError(f"rendering a's page no longer holds {old!r}")
    return html[: found.start()] + new + html[found.end() :]


def layout(item: Listing) -> str:
    if item.lid in LAYOUT:
        return LAYOUT[item.lid]
    return CYCLE[item.lid % len(CYCLE)] if "七天无理由" in service_of(item) else "promise"


def service_of(item: Listing) -> str:
    return item.service or catalog.CATEGORIES[item.cat][2]


def refuses(item: Listing) -> bool:
    return any(w in service_of(item) for w in REFUSING)


def shop_mobile(shop: Shop) -> str | None:
    """The shop's own phone when it is mobile-shaped (a service number, not a buyer's)."""
    for p in shop.phones:
        if re.fullmatch(r"1[3-9]\d{9}", p.replace(" ", "")):
            return p
    return None


class RenderI(RenderA):
    key = "i"

    # --- routes ----------------------------------------------------------------------------

    def route(self, path: str, query: dict[str, str]):
        m = STATIC.fullmatch(path)
        if m:
            return "static", m.group(1)
        return super().route(path, query)

    # --- listings --------------------------------------------------------------------------

    def listing_page(self, item: Listing, shop: Shop) -> str:
        """Rendering a's item page, with i's blocks in place of its service and reviews."""
        html = super().listing_page(item, shop)
        shown = FW_TITLE.get(item.lid, (item.title,))[0]
        title = e(shown)
        detail = '<section class="detail"><h2>商品详情</h2>'
        desc = f"<p>{e(item.desc)}</p>"
        in_table = FW in item.fires or FW in item.near_miss
        for old, new in (
            (f"<title>{e(item.title)} - ", f"<title>{title} - "),
            (
                f'<h1 class="item-title">{e(item.title)}</h1>',
                f'<h1 class="item-title">{title}</h1>',
            ),
            ('<div class="seller-box">', self.buy_box(item) + '<div class="seller-box">'),
            (detail + desc, self.params_table(item, shown) + detail + ("" if in_table else desc)),
        ):
            html = swap(html, old, new)
        blocks = (
            f"{self.service_block(item)}{self.promise_list(item, shop)}"
            f"{self.deals_table(item)}{self.deal_feed(item)}{self.shows(item)}"
        )
        tail = re.compile(
            r'<section class="service">.*?</section><section class="reviews">.*?</section>'
        )
        return swap(html, tail, blocks)

    def buy_box(self, item: Listing) -> str:
        confirm = ""
        if item.lid in CONFIRM:
            confirm = (
                f'<label class="confirm"><input type="checkbox" name="confirm_no_return" '
                f"required> {e(CONFIRM[item.lid])}</label>"
            )
        return (
            f'<form class="buy-box" action="#">{confirm}<button type="button">立即购买</button>'
            f'<button type="button">加入购物车</button></form>'
        )

    def params_table(self, item: Listing, title: str) -> str:
        """商品参数 as columns under one header row (labels above, values below)."""
        _, leaf, _ = catalog.CATEGORIES[item.cat]
        cols = [("品名", title), ("类目", leaf)]
        if item.lid in FW_TITLE:
            cols.append(("适用场景", FW_TITLE[item.lid][1]))
        if FW in item.fires or FW in item.near_miss:
            cols.append(("卖点", item.desc))
        if layout(item) == "cols":
            cols.append(("售后", service_of(item)))
        head = "".join(f"<th>{e(k)}</th>" for k, _ in cols)
        row = "".join(f"<td>{e(v)}</td>" for _, v in cols)
        return (
            f'<section class="params"><h2>商品参数</h2><table class="params"><thead><tr>{head}'
            f"</tr></thead><tbody><tr>{row}</tr></tbody></table></section>"
        )

    def service_block(self, item: Listing) -> str:
        kind, text = layout(item), service_of(item)
        if kind in ("cols", "promise"):
            return ""
        if kind == "details":
            return (
                f'<section class="service"><h2>售后服务</h2><details open><summary>退换说明'
                f"</summary><p>{e(text)}</p></details></section>"
            )
        state = ("不适用" if "不适用" in text else "不支持") if refuses(item) else "支持"
        cells = [("服务项目", "七天无理由退货"), ("说明", text), ("状态", state)]
        if kind == "state":
            cells = [cells[2], cells[0], cells[1]]
        head = "".join(f"<th>{k}</th>" for k, _ in cells)
        row = "".join(f"<td>{e(v)}</td>" for _, v in cells)
        return (
            f'<section class="service"><h2>售后服务</h2><table class="service"><thead><tr>{head}'
            f"</tr></thead><tbody><tr>{row}</tr></tbody></table></section>"
        )

    def promise_lines(self, item: Listing, shop: Shop) -> list[str]:
        lines = ["48小时内发货"]
        if layout(item) == "promise":
            lines.append(service_of(item))
        if self.returns_near(item):
            lines.append(RETURNS_NEAR[item.lid % len(RETURNS_NEAR)])
        if self.food_near(item):
            lines.append(FOOD_NEAR[item.lid % len(FOOD_NEAR)])
        mobile = shop_mobile(shop)
        if mobile:
            lines.append(f"售后电话：{mobile}")
        return lines

    def promise_list(self, item: Listing, shop: Shop) -> str:
        dds = "".join(f"<dd>{e(x)}</dd>" for x in self.promise_lines(item, shop))
        return (
            f'<section class="promise"><h2>服务承诺</h2><dl class="promise"><dt>服务承诺</dt>'
            f"{dds}</dl></section>"
        )

    def returns_near(self, item: Listing) -> bool:
        return RR not in item.fires and not refuses(item) and "七天无理由" in service_of(item)

    def food_near(self, item: Listing) -> bool:
        return item.cat in FOOD and (FW not in item.fires or item.lid in FW_MIXED)

    def deal_rows(self, item: Listing) -> list[tuple[str, str]]:
        """(买家, 收货地区) of the 成交记录: the item's own order lines, then masked buyers."""
        buyers = []
        for who, text in item.reviews:
            if who.startswith("实名登记 "):
                buyers.append(who.removeprefix("实名登记 "))  # the buyer shown by ID number
            elif "实名购药登记" in text:
                buyers.append(f"{who} {text.split('，')[0].removeprefix('实名购药登记 ')}")
        n = item.lid
        buyers += [MASKED_BUYERS[(n + i) % len(MASKED_BUYERS)] for i in range(3)]
        return [(w, AREAS[(n + i) % len(AREAS)]) for i, w in enumerate(buyers)]

    def deals_table(self, item: Listing) -> str:
        if item.lid not in DEALS:
            return ""
        rows = "".join(
            f"<tr><td>{e(w)}</td><td>{1 + i % 2}件</td><td>2026-11-{28 - i} 2{i}:1{i}</td>"
            f"<td>{e(area)}</td></tr>"
            for i, (w, area) in enumerate(self.deal_rows(item))
        )
        return (
            f'<section class="deals"><h2>成交记录</h2><table class="deals"><thead><tr><th>买家'
            f"</th><th>数量</th><th>时间</th><th>收货地区</th></tr></thead><tbody>{rows}</tbody>"
            f"</table></section>"
        )

    def feed_entries(self, item: Listing) -> list[tuple[str, str, str]]:
        out = list(FEED.get(item.lid, []))
        for _, text in item.reviews:
            m = re.fullmatch(r"收货人：(\S+) (\S+) (\S+)", text)
            if m:
                out.insert(0, m.groups())
        return out

    def deal_feed(self, item: Listing) -> str:
        entries = self.feed_entries(item)
        if not entries:
            return ""
        data = [{"name": n, "address": a, "status": s} for n, a, s in entries]
        blob = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
        return (
            f'<section class="deal-feed"><h2>近期成交</h2><ol id="deal-feed"></ol>'
            f'<script type="application/json" id="deal-feed-data">{blob}</script>'
            f'<script src="/static/feed-i.js"></script></section>'
        )

    def shows(self, item: Listing) -> str:
        """买家晒单: one <article> per review, the reviewer in its header."""
        reviews = [
            (w, t)
            for w, t in item.reviews
            if not w.startswith("实名登记") and "实名购药登记" not in t and w != "成交记录"
        ]
        if not reviews:
            return '<section class="shows"><h2>买家晒单</h2><p>暂无晒单</p></section>'
        arts = "".join(
            f'<article class="show"><header><span class="nick">{e(w.removeprefix("买家"))}</span> '
            f"<time>2026-11-{20 + i}</time></header><p>{e(t)}</p>"
            f"<footer>{ORDER_NO.format(i)} · 有用({3 + i})</footer></article>"
            for i, (w, t) in enumerate(reviews)
        )
        return f'<section class="shows"><h2>买家晒单</h2>{arts}</section>'

    # --- licences --------------------------------------------------------------------------

    def licence_page(self, shop: Shop) -> str:
        lic = shop.licence
        if lic.where != "page" or shop.sid not in range(30, 35):
            return super().licence_page(shop)
        pairs = self.licence_pairs(shop)
        shape = ("cols", "numbered", "grouped")[shop.sid % 3]
        table = getattr(self, f"biz_{shape}")(pairs)
        text = self.label("licence_link", shop.sid)
        body = (
            f'<section class="licence"><h1>{e(shop.name)} · {text}</h1>{table}'
            f'<p><a href="{self.shop_url(shop.sid)}">返回店铺</a></p></section>'
        )
        return self.page(f"{shop.name} {text}", body, self.licence_url(shop.sid))

    def biz_cols(self, pairs: list[tuple[str, str]]) -> str:
        head = "".join(f"<th>{e(k)}</th>" for k, _ in pairs)
        row = "".join(f"<td>{e(v)}</td>" for _, v in pairs)
        return (
            f'<table class="biz"><caption>工商信息</caption><thead><tr>{head}</tr></thead>'
            f"<tbody><tr>{row}</tr></tbody></table>"
        )

    def biz_numbered(self, pairs: list[tuple[str, str]]) -> str:
        rows = "".join(
            f"<tr><td>{i}</td><td>{e(k)}</td><td>{e(v)}</td></tr>"
            for i, (k, v) in enumerate(pairs, 1)
        )
        return (
            f'<table class="biz"><caption>工商信息</caption><thead><tr><th>序号</th>'
            f"<th>登记项目</th><th>登记内容</th></tr></thead><tbody>{rows}</tbody></table>"
        )

    def biz_grouped(self, pairs: list[tuple[str, str]]) -> str:
        groups = [("主体信息", pairs[:2]), ("登记信息", pairs[2:])]
        rows = ""
        for name, group in groups:
            for i, (k, v) in enumerate(group):
                th = f'<th rowspan="{len(group)}">{name}</th>' if i == 0 else ""
                rows += f"<tr>{th}<th>{e(k)}</th><td>{e(v)}</td></tr>"
        return f'<table class="biz"><caption>工商信息</caption><tbody>{rows}</tbody></table>'

    # --- rooms -----------------------------------------------------------------------------

    def room_shell(self, room: Room) -> str:
        i_first = '<script src="/static/live-i.js"></script><script src="/static/live-a.js">'
        return swap(super().room_shell(room), '<script src="/static/live-a.js">', i_first)

    def chat(self, room: Room) -> list[dict]:
        """The room's chat feed: pinned host notices, staff and system lines, viewers."""
        if room.rid not in FOOD_ROOMS:
            return []
        lines = [{"who": "系统", "role": "系统", "pinned": False, "text": WARNING}]
        lines += [
            {"who": room.host, "role": "主播", "pinned": True, "text": n} for n in room.notices
        ]
        lines += [
            {"who": w, "role": r, "pinned": r == "主播", "text": t}
            for w, r, t in ROOM_CHAT.get(room.rid, [])
        ]
        lines += [{"who": w, "role": "观众", "pinned": False, "text": t} for w, t in AUDIENCE]
        return lines

    def api_payload(self, room: Room, k: int) -> dict:
        data = super().api_payload(room, k)
        data["chat"] = self.chat(room)
        if data["chat"]:
            data["room"]["notices"] = []
        data["cart"], data["goods"] = data["goods"], []  # drawn by live-i.js as a 小黄车
        return data

    # --- labels ----------------------------------------------------------------------------

    def relabel(self, label: dict, subject) -> dict:
        added: list[tuple[str, str]] = []
        if label["subject_type"] == "listing":
            item, shop = subject, catalog.shop(subject.sid, self.night)
            if self.returns_near(item):
                added.append((RR, "a negated, quoted or prohibited refusal in 服务承诺"))
            if self.food_near(item):
                added.append((FW, "a warning against waste in 服务承诺"))
            if item.lid in DEALS or item.lid in FEED:
                added.append((BD, "masked buyers in 成交记录 / 近期成交"))
            if shop_mobile(shop):
                added.append((BD, "the shop's own mobile service number in 服务承诺"))
            if any(w.startswith("138****") or w == "张*" for w, _ in item.reviews):
                added.append((BD, "a masked reviewer in a 晒单 header"))
        elif label["subject_type"] == "room" and subject.rid in FOOD_ROOMS:
            added.append((ROOM_FW, "a 系统提示 quoting 反食品浪费法 §22 in the chat feed"))
        new = [
            (check, why)
            for check, why in added
            if check not in label["fires"] and check not in label["near_miss"]
        ]
        for check, _ in new:
            if check not in label["near_miss"]:
                label["near_miss"].append(check)
        if new:
            whys = dict.fromkeys(why for _, why in new)
            label["note"] += " [rendering i: " + "; ".join(whys) + "]"
        return label
