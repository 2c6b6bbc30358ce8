"""Rendering "n": a's site, with five checks' evidence in 商品参数 lines split by <br>, a closed
售后政策 accordion, a 服务承诺 <dl> of grouped <div>s, a review <dl>, a 拼单 feed, a 物流跟踪
timeline, a room's 直播看点 timeline and 直播间公约, and licence pages as <br> lines, heading
pairs and label：value cells (docs/render-n.md)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from greenroom_demo import catalog
from greenroom_demo.data_listings import BD, FW, ID_FULL, RR
from greenroom_demo.render_a import RenderA
from greenroom_demo.render_base import e

if TYPE_CHECKING:
    from greenroom_demo.model import Listing, Room, Shop

ROOM_FW = "room.food_waste_promotion"
FOOD = ("tea", "snack", "health", "liquor", "fresh")
MOBILE = re.compile(r"^1[3-9]\d{9}$")

# where each returns case says its refusal (or its exemption): (place, label, value) lines;
# place is params (商品参数 lines), policy (售后政策 accordion) or promise (服务承诺 <dl>)
REFUSALS: dict[int, tuple[tuple[str, str, str], ...]] = {
    1701: (("params", "商品类型", "特价商品"), ("params", "七天无理由退货", "不支持")),
    2201: (
        ("params", "商品类型", "定制商品（按买家提供的文字刻字）"),
        ("params", "七天无理由退货", "不支持"),
    ),
    2103: (("params", "退换说明", "电子产品拆封后不退不换"),),
    2304: (
        ("params", "商品类型", "期刊订阅（按期寄送的报纸期刊）"),
        ("params", "售后服务", "报纸期刊订阅类商品，不适用七天无理由退货"),
    ),
    1702: (("policy", "退换货", "售出概不退换"),),
    1101: (
        ("params", "商品类型", "鲜活易腐（现摘水果）"),
        ("policy", "退换货", "生鲜商品不退不换，坏果包赔"),
    ),
    1803: (("promise", "退换", "本店商品不退不换"),),
    2301: (
        ("promise", "七天无理由退货", "不支持"),
        ("promise", "商品形式", "在线下载的数字商品（激活码在线发放）"),
    ),
    2701: (("promise", "退换", "售出概不退换"),),  # night 2+ only (its service line)
}
# the buyer's confirmation at purchase, a ticked box beside 立即购买 (exempt goods only)
CONFIRM = {
    2201: "我已确认刻字内容，知晓定制商品不支持七天无理由退货",
    2301: "我已知晓本品为在线下载的数字商品，激活码发放后不支持七天无理由退货",
}
# an item that takes returns says so with one of these 退换承诺 lines (by id)
PROMISES = (
    "切勿轻信“不退不换”的说法，本店支持七天无理由退货",
    "《消费者权益保护法》第二十五条：消费者有权自收到商品之日起七日内退货，且无需说明理由",
    "平台规则：禁止以“特价商品”“售出概不退换”为由拒绝七天无理由退货",
    "定制、鲜活易腐商品不适用七天无理由退货；本品非定制、非生鲜，支持七天无理由退货",
)
PLATFORM_RULE = (
    "依据《消费者权益保护法》第二十五条，经营者采用网络方式销售商品，消费者有权自收到商品之日起"
    "七日内退货，且无需说明理由，但下列商品除外：消费者定制的；鲜活易腐的；在线下载或者消费者"
    "拆封的音像制品、计算机软件等数字化商品；交付的报纸、期刊。其他根据商品性质并经消费者在购买"
    "时确认不宜退货的商品，不适用无理由退货。"
)

# food-waste cases: the h1 keeps the goods; the promotion and the description move into lines
FOOD_CASES: dict[int, tuple[str, tuple[tuple[str, str, str], ...]]] = {
    301: (
        "辣条 10斤装",
        (("params", "适用场景", "大胃王挑战、吃播专用"), ("params", "卖点", "{desc}")),
    ),
    602: ("酵素果冻 10条", (("policy", "产品卖点", "{desc}"),)),
    1003: (
        "自热火锅 8盒",
        (("promise", "套餐类型", "大胃王吃播套餐"), ("promise", "套餐说明", "{desc}")),
    ),
}
EATING = (
    "按需购买，切勿暴饮暴食",
    "本店不提倡“大胃王”挑战和吃播式进食",
    (
        "《反食品浪费法》第二十二条：禁止制作、发布、传播宣扬量大多吃、暴饮暴食等浪费食品的节目"
        "或者音视频信息"
    ),
    "拒绝“大胃王”式浪费，吃多少买多少",
)

# 拼单 feed (who, what) and 物流跟踪 timeline (time, state, text); order numbers are not ID numbers
ORDERS = ("202612010912351800", "202611281530421800", "202612021406381800")
GROUPS: dict[int, tuple[tuple[str, str], ...]] = {
    1402: ((ID_FULL, "拼单成功，已下单，期待发货"), ("李*", "发起拼单，还差1人成团")),
    101: (("138****5678", "刚刚拼单成功"), ("陈*", "发起拼单，还差1人成团")),
    1502: (("139****2266", "刚刚拼单成功"), ("刘* 4401**********0036", "实名登记后已下单")),
    3101: (("王**", "刚刚拼单成功"),),
}
FEED_REVIEWS = (1402, 2401)  # their one "review" is an order line, shown in the feeds instead
TRACKS: dict[int, tuple[tuple[str, str, str], ...]] = {
    2401: (
        ("2026-12-02T10:05", "运输中", "【杭州转运中心】快件已发往 杭州西湖营业部"),
        (
            "2026-12-01T09:12",
            "已发货",
            f"收件人 王建国 · 浙江省杭州市西湖区文三路90号 · 订单号 {ORDERS[0]}",
        ),
    ),
    2402: (
        ("2026-11-29T16:40", "已签收", "收件人 张** · 浙江省杭州市西湖区**** · 本人签收"),
        ("2026-11-28T15:30", "已发货", f"订单号 {ORDERS[1]}"),
    ),
    2601: (("2026-12-02T14:06", "已发货", f"收件人 赵* · 江苏省南京市**** · 订单号 {ORDERS[2]}"),),
}

# rooms: 直播间公约 (food rooms) and 直播看点 (time, text); food rooms' notices become 看点
FOOD_ROOMS = (1, 2, 4, 8, 9, 10, 11)
ROOM_RULES = (
    "依据《反食品浪费法》第二十二条，本直播间禁止宣扬“大胃王”、暴饮暴食等浪费食品的内容，"
    "倡导按需购买、光盘行动。"
)
HIGHLIGHTS: dict[int, tuple[tuple[str, str], ...]] = {
    2: (
        ("22:00", "挑战开始：10斤小龙虾一口气吃完，吃不完不下播"),
        ("22:40", "麻辣小龙虾 4斤装 讲解"),
    ),
    4: (("20:00", "赣南脐橙 讲解"), ("20:15", "家庭装10斤，分几天吃，不提倡一次吃完")),
    8: (("19:20", "即食燕麦片试吃：一次一小碗，切勿暴饮暴食"),),
    9: (("21:40", "京八件 传统糕点礼盒 讲解"),),
    10: (("20:30", "1号链接 大胃王挑战套餐 零食大礼包 讲解"),),
    11: (("18:30", "我们反对“大胃王”式吃播，做菜按人数来"), ("18:45", "新鲜蔬菜礼盒 讲解")),
}
NOTICE_TIMES = ("19:00", "20:45", "21:00")


def note(label: dict, check: str, why: str) -> None:
    if check not in label["fires"] and check not in label["near_miss"]:
        label["near_miss"].append(check)
        label["note"] += f" [rendering n: {why}]"


class RenderN(RenderA):
    key = "n"
    ROOM_SCRIPT = "live-n.js"

    # --- item pages ------------------------------------------------------------------------

    def lines(self, item: Listing) -> list[tuple[str, str, str]]:
        """(place, label, value) lines an item shows beyond a's: its returns case, its food
        case, its returns line or promise, a 食用建议 and the shop's own mobile."""
        out: list[tuple[str, str, str]] = []
        refusal = REFUSALS.get(item.lid)
        if refusal and (item.lid != 2701 or item.service):
            out += refusal
        else:
            _, _, default = catalog.CATEGORIES[item.cat]
            line = item.service or default
            out.append(("params", "售后服务", line))
            if takes_returns(item):
                out.append(("promise", "退换承诺", PROMISES[item.lid % len(PROMISES)]))
        if item.lid in FOOD_CASES:
            out += [(p, k, v.format(desc=item.desc)) for p, k, v in FOOD_CASES[item.lid][1]]
        elif item.cat in FOOD:
            place = "promise" if item.lid % 2 else "params"
            out.append((place, "食用建议", EATING[(item.lid // 2) % len(EATING)]))
        return out

    def listing_page(self, item: Listing, shop: Shop) -> str:
        lines = self.lines(item)
        short = FOOD_CASES.get(item.lid, ("",))[0]
        top, leaf, _ = catalog.CATEGORIES[item.cat]
        params = [("品名", short or item.title), ("类目", f"{top} / {leaf}")]
        params += [(k, v) for p, k, v in lines if p == "params"]
        ship = "激活码付款后在线发放" if item.cat == "ebook" else "付款后48小时内发货"
        promise = [("发货", ship)]
        promise += [(k, v) for p, k, v in lines if p == "promise"]
        if shop.phones and MOBILE.match(shop.phones[0].replace(" ", "")):
            promise.append(("客服电话", shop.phones[0]))
        policy = [(k, v) for p, k, v in lines if p == "policy"]
        policy += [("平台退货规则", PLATFORM_RULE), ("运费说明", "退货运费按平台规则承担")]
        sections = (
            section(
                "params", "商品参数", f"<p>{'<br>'.join(f'{e(k)}：{e(v)}' for k, v in params)}</p>"
            )
            + section("promise", "服务承诺", dl(promise))
            + section(
                "policy",
                "售后政策",
                "".join(
                    f"<details><summary>{e(k)}</summary><p>{e(v)}</p></details>" for k, v in policy
                ),
            )
            + self.rates(item)
            + self.group(item)
            + self.track(item)
        )
        desc = "图文详情见商品参数与服务说明" if short else ""
        return self.item_page(item, shop, sections, title=short, desc=desc, buy=buy_box(item))

    def rates(self, item: Listing) -> str:
        shown = () if item.lid in FEED_REVIEWS else item.reviews
        body = dl(shown, cls="rates") if shown else "<p>暂无评价</p>"
        return section("rates", "买家评价", body)

    def group(self, item: Listing) -> str:
        if item.lid not in GROUPS:
            return ""
        rows = "".join(
            f'<li><span class="who">{e(w)}</span> <span class="what">{e(t)}</span> '
            f'<button type="button">去拼单</button></li>'
            for w, t in GROUPS[item.lid]
        )
        return section("group", "正在拼单", f'<ul class="pindan">{rows}</ul>')

    def track(self, item: Listing) -> str:
        if item.lid not in TRACKS:
            return ""
        rows = "".join(
            f'<li><time datetime="{t}">{t[5:10]} {t[11:]}</time> <b>{e(s)}</b> {e(x)}</li>'
            for t, s, x in TRACKS[item.lid]
        )
        return section("track", "物流跟踪", f'<ol class="timeline">{rows}</ol>')

    # --- licence pages -----------------------------------------------------------------------

    def licence_content(self, shop: Shop) -> str:
        if shop.sid not in (30, 31, 32, 33, 34):
            return super().licence_content(shop)
        pairs = self.licence_pairs(shop)
        if shop.sid in (30, 33):
            content = f'<p class="gs-lines">{"<br>".join(f"{e(k)}：{e(v)}" for k, v in pairs)}</p>'
        elif shop.sid in (31, 34):
            heads = "".join(f"<h3>{e(k)}</h3><p>{e(v)}</p>" for k, v in pairs)
            content = f'<div class="gs-heads">{heads}</div>'
        else:
            cells = [f"<td>{e(k)}：{e(v)}</td>" for k, v in pairs]
            rows = "".join(f"<tr>{''.join(cells[i : i + 2])}</tr>" for i in range(0, len(cells), 2))
            content = f'<table class="gs-cells"><tbody>{rows}</tbody></table>'
        return f"<h2>工商信息</h2>{content}"

    # --- rooms -------------------------------------------------------------------------------

    def api_payload(self, room: Room, k: int) -> dict:
        data = super().api_payload(room, k)
        food = room.rid in FOOD_ROOMS
        data["rules"] = ROOM_RULES if food else None
        moved = list(zip(NOTICE_TIMES, room.notices, strict=False)) if food else []
        if food:
            data["room"]["notices"] = []
        data["highlights"] = [
            {"time": t, "text": x} for t, x in sorted(moved + list(HIGHLIGHTS.get(room.rid, ())))
        ]
        return data

    # --- labels ------------------------------------------------------------------------------

    def relabel(self, label: dict, subject) -> dict:
        label = {**label, "near_miss": list(label["near_miss"])}
        if label["subject_type"] == "listing":
            item: Listing = subject
            shop = catalog.shop(item.sid, self.night)
            kinds = {p for p, _, _ in self.lines(item)}
            if takes_returns(item) and "promise" in kinds:
                note(label, RR, "退换承诺 negated, quoted or exemptions of other goods")
            if item.cat in FOOD and item.lid not in FOOD_CASES:
                note(label, FW, "食用建议 warns against 大胃王/暴饮暴食")
            if item.lid in GROUPS or item.lid in TRACKS:
                note(label, BD, "masked 拼单/物流 lines, 18-digit order numbers")
            if shop.phones and MOBILE.match(shop.phones[0].replace(" ", "")):
                note(label, BD, "the shop's own mobile as 客服电话")
        elif label["subject_type"] == "room" and subject.rid in FOOD_ROOMS:
            note(label, ROOM_FW, "直播间公约 quotes 第二十二条 against 大胃王")
        return label


def takes_returns(item: Listing) -> bool:
    _, _, default = catalog.CATEGORIES[item.cat]
    line = item.service or default
    return "支持七天无理由退货" in line and "不支持" not in line


def section(cls: str, title: str, body: str) -> str:
    return f'<section class="{cls}"><h2>{title}</h2>{body}</section>'


def dl(pairs, cls: str = "promise") -> str:
    rows = "".join(f"<div><dt>{e(k)}</dt><dd>{e(v)}</dd></div>" for k, v in pairs)
    return f'<dl class="{cls}">{rows}</dl>'


def buy_box(item: Listing) -> str:
    ack = ""
    if item.lid in CONFIRM:
        ack = (
            f'<label class="ack"><input type="checkbox" name="confirm" checked required> '
            f"{e(CONFIRM[item.lid])}</label> "
        )
    return f'<div class="buy">{ack}<button type="button">立即购买</button></div>'
