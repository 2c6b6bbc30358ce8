"""Rendering "k": rendering a with five checks' evidence in attribute grids, service matrices,
Q&A and review feeds, captioned deal tables, group-buy feeds, room 弹幕 and 讲解 cards.

A fourth blind test of issue 23 (docs/render-k.md): written from the data model and the labels
alone. URLs, chrome, shop pages, encodings, redirects and traps are rendering a's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from greenroom_demo import catalog
from greenroom_demo.data_listings import BD, FW, ID_FULL, RR
from greenroom_demo.render_a import RenderA
from greenroom_demo.render_base import e

if TYPE_CHECKING:
    from greenroom_demo.model import Listing, Room, Shop

ROOM_FW = "room.food_waste_promotion"
FOOD = ("tea", "snack", "health", "fresh", "liquor")
FOOD_ROOMS = (1, 2, 4, 8, 9, 10, 11)
GRID = ("clothing", "shoes", "luxury", "beauty", "custom", "home")  # rowspan 售后 table
MATRIX = ("digital", "books", "ebook")  # 未拆封 / 已拆封 matrix

# The three food-waste cases: the title as shown (goods only) and 商品属性 pairs.
FW_SHOWN = {
    301: ("辣条 10斤装", [("适用人群", "大胃王挑战"), ("食用场景", "吃播专用")]),
    602: ("酵素果冻 10条", [("功效卖点", "暴饮暴食也不怕"), ("食用场景", "聚餐前")]),
    1003: ("自热火锅 8盒", [("套餐类型", "大胃王吃播套餐"), ("规格", "8盒/箱")]),
}
# Warnings against waste in 商品属性 (food items that are not cases), by id.
FW_WARNINGS = (
    ("食用建议", "每次适量，切勿暴饮暴食"),
    ("温馨提示", "响应光盘行动，不提倡“大胃王”式吃法"),
    ("平台提示", "依据《反食品浪费法》第二十二条，禁止宣传“大胃王”“吃播挑战”"),
    ("温馨提示", "拒绝暴饮暴食，按需购买"),
)
# Where a refusal (or an exempt refusal) is shown: 商品属性, 问大家 or the 售后 structure.
IN_ATTRS = {1702}
IN_ASK = {1803, 1101, 2701}
# 问大家 near misses for items that take returns, by id: negated, quoted or prohibited.
ASK_RETURNS = (
    ("听说你家不退不换？", "不会的，本店支持七天无理由退货，从来没有“不退不换”一说。"),
    ("收到不喜欢能退吗？", "可以，依据《消费者权益保护法》第二十五条，收货七日内可无理由退货。"),
    ("会不会售出概不退换？", "平台禁止商家以“售出概不退换”拒绝七天无理由退货，请放心购买。"),
)
ASK_WASTE = ("一次能吃完吗？", "建议分次食用，拒绝浪费，切勿暴饮暴食。")

ORDERS = ("202611281530421800", "202611270912335617", "202611260748190342", "202611251106274409")
# 成交记录 (caption, tfoot): id -> rows of (买家, 实名登记, 数量, 成交时间)
DEALS = {
    1402: [
        ("用户8823", ID_FULL, "1台", "11-28 15:30"),
        ("李*", "3302**********5521", "1台", "11-27 09:12"),
        ("王**", "未登记", "1台", "11-26 07:48"),
    ],
    1502: [
        ("张*", "3301**********1234", "2盒", "11-28 10:02"),
        ("刘*", "4401**********0036", "1盒", "11-27 18:40"),
    ],
    101: [("138****5678", "—", "1盒", "11-28 12:00"), ("陈*", "—", "2盒", "11-27 20:15")],
    3101: [("139****2266", "—", "1瓶", "11-28 21:05"), ("周*", "—", "1瓶", "11-26 13:33")],
}
# 拼单 feed: id -> (name, address, status)
GROUP = {
    2401: [("王建国", "浙江省杭州市西湖区文三路90号", "已发货")],
    2402: [
        ("张**", "浙江省杭州市西湖区****", "刚刚拼单成功"),
        ("刘*", "上海市浦东新区****", "刚刚拼单成功"),
    ],
    2601: [("赵*", "江苏省南京市****", "刚刚拼单成功")],
}
# Rooms: the host's pinned words on the 讲解 card, and 弹幕 lines (who, text).
PINS = {
    1: "明前龙井，一次三克，慢慢品",
    2: "今晚挑战：10斤小龙虾一口气吃完",
    4: "家庭装一箱10斤，分几天吃，别浪费",
    8: "拒绝浪费，按需购买",
    9: "今晚暴饮暴食挑战，吃到扶墙出！",
    10: "1号链接手慢无，拍下立减",
    11: "光盘行动，拒绝浪费，吃多少做多少",
}
SYSTEM = "【平台公约】依据《反食品浪费法》，直播间不得宣扬“大胃王”、暴饮暴食等浪费行为"
DANMAKU = {
    2: [("房管", "理性消费，切勿浪费食物")],
    8: [("房管", "本直播间禁止“大胃王”“暴饮暴食”式吃播，违者禁言"), ("米粒", "支持不浪费")],
    9: [("房管", "温馨提示：拒绝浪费，切勿暴饮暴食")],
    11: [("赵师傅", "我们不搞大胃王吃播，做菜按人数来"), ("豆豆", "“吃播挑战”这种早该禁了")],
    4: [("王大姐", "切勿暴饮暴食，脐橙放阴凉处能存半个月")],
}
VIEWERS = (("小鱼", "已拍，主播辛苦了"), ("阿木", "求讲解2号"), ("橘子", "发货快吗"))


def attr_grid(pairs: list[tuple[str, str]]) -> str:
    """商品属性: two label/value pairs a row (label | value | label | value)."""
    rows = []
    for i in range(0, len(pairs), 2):
        (k1, v1), rest = pairs[i], pairs[i + 1 : i + 2]
        cells = f'<td class="attr-k">{e(k1)}</td><td class="attr-v">{e(v1)}</td>'
        if rest:
            cells += (
                f'<td class="attr-k">{e(rest[0][0])}</td><td class="attr-v">{e(rest[0][1])}</td>'
            )
        else:
            cells = cells.replace('<td class="attr-v">', '<td class="attr-v" colspan="3">', 1)
        rows.append(f"<tr>{cells}</tr>")
    return f'<table class="attrs"><tbody>{"".join(rows)}</tbody></table>'


class RenderK(RenderA):
    key = "k"

    def route(self, path: str, query: dict[str, str]):
        if path == "/static/live-k.js":
            return "static", "live-k.js"
        return super().route(path, query)

    # --- listings ----------------------------------------------------------------------------

    def shown_title(self, item: Listing) -> str:
        return FW_SHOWN[item.lid][0] if item.lid in FW_SHOWN else item.title

    def waste_warning(self, item: Listing) -> tuple[str, str] | None:
        if item.cat in FOOD and item.lid not in FW_SHOWN and FW not in item.fires:
            return FW_WARNINGS[item.lid % len(FW_WARNINGS)]
        return None

    def takes_returns(self, item: Listing) -> bool:
        line = item.service or catalog.CATEGORIES[item.cat][2]
        return "支持七天无理由退货" in line and "不支持" not in line

    def attrs(self, item: Listing) -> list[tuple[str, str]]:
        top, leaf, _ = catalog.CATEGORIES[item.cat]
        pairs = [("商品名称", self.shown_title(item)), ("类目", f"{top} › {leaf}")]
        pairs.append(("货号", f"QH{item.lid:05d}"))
        if item.lid in FW_SHOWN:
            pairs += FW_SHOWN[item.lid][1] + [("卖点", item.desc)]
        if item.lid in IN_ATTRS and item.service:
            pairs.append(("退换政策", item.service))
        warning = self.waste_warning(item)
        if warning:
            pairs.append(warning)
        return pairs

    def service_block(self, item: Listing, shop: Shop) -> str:
        """售后服务 in the item's category shape; a refusal shown elsewhere is not repeated."""
        _, _, default = catalog.CATEGORIES[item.cat]
        line = item.service or default
        elsewhere = bool(item.service) and (item.lid in IN_ATTRS or item.lid in IN_ASK)
        phone = ""
        if shop.phones and shop.phones[0].replace(" ", "").startswith("1"):
            span = ' colspan="2"' if item.cat in GRID + MATRIX else ""
            phone = f'<tr><th scope="row">店铺客服</th><td{span}>{e(shop.phones[0])}</td></tr>'
        if item.cat in GRID:
            state = "不支持" if "不支持" in line or "不退" in line else "支持"
            note = line.split("，")[0] if state == "不支持" else "签收后7天内，商品完好可退"
            if item.cat == "custom" and state == "不支持":
                note = "定制商品（按买家提供的文字刻字定制）"
            returns = (
                ""
                if elsewhere
                else f'<tr><th rowspan="2">退换货</th><td>七天无理由退货</td><td>{state}</td></tr>'
                f"<tr><td>说明</td><td>{e(note)}</td></tr>"
            )
            return (
                f'<table class="after-sale"><tbody>{returns}'
                f'<tr><th>发货</th><td colspan="2">付款后48小时内发货</td></tr>{phone}'
                f"</tbody></table>"
            )
        if item.cat in MATRIX:
            if item.lid == 2103:
                cells = "<td>支持</td><td>不支持</td>"
                swap = "<td>支持</td><td>不支持</td>"
                note = ""
            elif item.service:  # exempt: 数字商品 / 期刊
                state = "不支持" if "不支持" in item.service else "不适用"
                cells, swap = f'<td colspan="2">{state}</td>', '<td colspan="2">质量问题可换</td>'
                note = f'<tr><td colspan="3">{e(item.service)}</td></tr>'
            else:
                cells = swap = "<td>支持</td><td>支持</td>"
                note = ""
            return (
                f'<table class="svc-matrix"><thead><tr><th rowspan="2">服务项目</th>'
                f'<th colspan="2">商品状态</th></tr><tr><th>未拆封</th><th>已拆封</th></tr></thead>'
                f"<tbody><tr><th>七天无理由退货</th>{cells}</tr><tr><th>无理由换货</th>{swap}</tr>"
                f"{note}{phone}</tbody></table>"
            )
        returns = "" if elsewhere else f'<tr><th scope="row">服务说明</th><td>{e(line)}</td></tr>'
        return (
            f'<table class="svc-rows"><tbody>{returns}'
            f'<tr><th scope="row">发货</th><td>付款后48小时内发货</td></tr>{phone}</tbody></table>'
        )

    def questions(self, item: Listing) -> list[tuple[str, str, str]]:
        """问大家: (question, answer, who answered)."""
        qa = []
        if item.lid in IN_ASK and item.service:
            qa.append(("买了不合适可以退吗？", item.service, "商家回复"))
        elif self.takes_returns(item):
            q, a = ASK_RETURNS[item.lid % len(ASK_RETURNS)]
            qa.append((q, a, "商家回复"))
        if item.cat in FOOD and item.lid not in FW_SHOWN and FW not in item.fires:
            qa.append((*ASK_WASTE, "商家回复"))
        return qa

    def ask_feed(self, item: Listing) -> str:
        rows = "".join(
            f'<li class="ask-item"><div class="q"><i>问</i><div class="q-text">{e(q)}</div></div>'
            f'<div class="a"><i>答</i><div class="a-text">{e(a)}</div>'
            f'<div class="a-who">{e(who)}</div></div></li>'
            for q, a, who in self.questions(item)
        )
        return (
            f'<section class="ask"><h2>问大家</h2><ul class="ask-list">{rows}</ul></section>'
            if rows
            else ""
        )

    def review_feed(self, item: Listing) -> str:
        reviews = [] if item.lid in (1402, 1502, 2401) else item.reviews
        rows = "".join(
            f'<li class="rate-item"><div class="rate-user"><div class="avatar"></div>'
            f'<div class="user-name">{e(who.removeprefix("买家"))}</div></div>'
            f'<div class="rate-body"><div class="rate-content">{e(text)}</div>'
            f'<div class="rate-meta">2026-11-2{n} · 已购：默认规格</div></div></li>'
            for n, (who, text) in enumerate(reviews, 5)
        )
        rows = rows or '<li class="rate-empty">暂无评价</li>'
        return (
            f'<section class="rates"><h2>商品评价</h2><ul class="rate-list">{rows}</ul></section>'
        )

    def deals_table(self, item: Listing) -> str:
        rows = DEALS.get(item.lid, ())
        body = "".join(
            f"<tr><td>{e(buyer)}</td><td>{e(real)}</td><td>{e(n)}</td>"
            f"<td>{ORDERS[i % len(ORDERS)]}</td><td>{e(when)}</td></tr>"
            for i, (buyer, real, n, when) in enumerate(rows)
        )
        return body and (
            f'<section class="deals"><table class="deal-log"><caption>成交记录</caption>'
            f"<thead><tr><th>买家</th><th>实名登记</th><th>数量</th><th>订单号</th>"
            f"<th>成交时间</th></tr></thead><tbody>{body}</tbody>"
            f'<tfoot><tr><td colspan="5">共 {len(rows)} 笔成交 · 仅显示近30天</td></tr></tfoot>'
            f"</table></section>"
        )

    def group_feed(self, item: Listing) -> str:
        body = "".join(
            f'<li class="pin-item"><div class="pin-who"><span class="pin-name">{e(name)}</span>'
            f'</div><div class="pin-where">{e(addr)}</div><div class="pin-what">{e(what)}</div></li>'
            for name, addr, what in GROUP.get(item.lid, ())
        )
        return (
            body
            and f'<section class="pin"><h2>拼单动态</h2><ul class="pin-feed">{body}</ul></section>'
        )

    def listing_page(self, item: Listing, shop: Shop) -> str:
        title = self.shown_title(item)
        desc = "图文详情见商品属性" if item.lid in FW_SHOWN else item.desc
        claims = "".join(f"<li>{e(c)}</li>" for c in item.claims)
        micro, head = self.product_markup(item, shop)
        body = (
            f'{self.crumbs(item)}<article class="item">{micro}<h1 class="item-title">{e(title)}</h1>'
            f'<div class="price-box">{self.price_box(item)}</div>'
            f'<div class="seller-box">店铺：<span class="shop-name">{e(shop.name)}</span> '
            f'<a class="enter-shop" href="{self.shop_link(shop)}">进入店铺</a></div>'
            f'<section class="props"><h2>商品属性</h2>{attr_grid(self.attrs(item))}</section>'
            f'<section class="detail"><h2>商品详情</h2><p>{e(desc)}</p>'
            f'<ul class="claims">{claims}</ul></section>'
            f'<section class="service"><h2>售后服务</h2>{self.service_block(item, shop)}</section>'
            f"{self.ask_feed(item)}{self.deals_table(item)}{self.group_feed(item)}"
            f"{self.review_feed(item)}</article>"
            f'<aside class="recommend"><h2>猜你喜欢</h2><ul>{self.rec_items(item)}</ul></aside>'
        )
        return self.page(title, body, self.listing_url(item.lid), head)

    # --- licences ----------------------------------------------------------------------------

    def licence_page(self, shop: Shop) -> str:
        if shop.sid not in (30, 31, 32, 33, 34):
            return super().licence_page(shop)
        pairs = self.licence_pairs(shop)
        shape = (shop.sid - 30) % 3
        if shape == 0:  # three pairs a row, long values across the row
            short = [(k, v) for k, v in pairs if len(v) < 20]
            long_ = [(k, v) for k, v in pairs if len(v) >= 20]
            rows = []
            for i in range(0, len(short), 3):
                cells = "".join(
                    f'<td class="tit">{e(k)}</td><td>{e(v)}</td>' for k, v in short[i : i + 3]
                )
                rows.append(f"<tr>{cells}</tr>")
            rows += [
                f'<tr><td class="tit">{e(k)}</td><td colspan="5">{e(v)}</td></tr>' for k, v in long_
            ]
            table = f'<table class="zhaomian"><caption>营业执照信息</caption><tbody>{"".join(rows)}</tbody></table>'
        elif shape == 1:  # label with a colon in a row header, a copy button beside the value
            rows = "".join(
                f'<tr><th scope="row"><span>{e(k)}</span>：</th><td><span class="copy-value">'
                f'{e(v)}</span> <a class="copy" role="button">复制</a></td></tr>'
                for k, v in pairs
            )
            table = f'<table class="zhaomian"><caption>营业执照信息</caption><tbody>{rows}</tbody></table>'
        else:  # each cell one pair: label above value, two cells a row
            cells = [
                f'<td><div class="k">{e(k)}</div><div class="v">{e(v)}</div></td>' for k, v in pairs
            ]
            rows = "".join(f"<tr>{''.join(cells[i : i + 2])}</tr>" for i in range(0, len(cells), 2))
            table = f'<table class="zhaomian grid"><caption>营业执照信息</caption><tbody>{rows}</tbody></table>'
        text = self.label("licence_link", shop.sid)
        body = (
            f'<section class="licence"><h1>{e(shop.name)} · {text}</h1>{table}'
            f'<p><a href="{self.shop_url(shop.sid)}">返回店铺</a></p></section>'
        )
        return self.page(f"{shop.name} {text}", body, self.licence_url(shop.sid))

    # --- rooms -------------------------------------------------------------------------------

    def room_shell(self, room: Room) -> str:
        return (
            super()
            .room_shell(room)
            .replace(
                '<script src="/static/live-a.js">',
                '<script src="/static/live-k.js"></script><script src="/static/live-a.js">',
            )
        )

    def api_payload(self, room: Room, k: int) -> dict:
        data = super().api_payload(room, k)
        cards = data["goods"]
        for n, card in enumerate(cards, 1):
            card["no"] = n
        if cards and room.rid in PINS:
            cards[0]["pin"] = {"who": room.host, "text": PINS[room.rid]}
        danmaku = []
        if room.rid in FOOD_ROOMS:
            danmaku.append({"who": "系统", "text": SYSTEM})
            data["room"]["notices"] = []
        danmaku += [{"who": w, "text": t} for w, t in DANMAKU.get(room.rid, ())]
        if cards:
            danmaku += [{"who": w, "text": t} for w, t in VIEWERS]
        data["goods"], data["cards"], data["danmaku"] = [], cards, danmaku
        return data

    # --- labels ------------------------------------------------------------------------------

    def relabel(self, label: dict, subject) -> dict:
        added = []
        if label["subject_type"] == "listing":
            added = self.listing_near_misses(subject)
        elif label["subject_type"] == "room" and subject.rid in FOOD_ROOMS:
            added = [(ROOM_FW, "the 系统 弹幕 line quotes the law against 大胃王")]
        new = [(c, why) for c, why in added if c not in label["fires"] + label["near_miss"]]
        if new:
            label["near_miss"] += [c for c, _ in new]
            label["note"] += "".join(f" [rendering k: {why}]" for _, why in new)
        return label

    def listing_near_misses(self, item: Listing) -> list[tuple[str, str]]:
        out = []
        if self.takes_returns(item):
            out.append((RR, "问大家 answer negates, quotes or prohibits a refusal"))
        if self.waste_warning(item):
            out.append((FW, "商品属性 and 问大家 warn against waste"))
        shop = catalog.shop(item.sid, self.night)
        if item.lid in DEALS or item.lid in GROUP:
            out.append((BD, "masked buyers in 成交记录 / 拼单动态, 18-digit order numbers"))
        elif shop.phones and shop.phones[0].replace(" ", "").startswith("1"):
            out.append((BD, "the shop's own mobile service number in 售后服务"))
        return out
