"""Rendering "l": a's pages with five checks' cases in 规格与包装 tables, ARIA service grids,
交易快照 blocks, quoted reviews, 晒单 captions, 近期下单 lists and a live chat feed (docs/render-l.md)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from greenroom_demo import catalog
from greenroom_demo.data_listings import BD, FW, RR
from greenroom_demo.data_rooms import FW as ROOM_FW
from greenroom_demo.render_a import RenderA
from greenroom_demo.render_base import e

if TYPE_CHECKING:
    from greenroom_demo.model import Listing, Room, Shop

FOOD = ("tea", "snack", "health", "liquor", "fresh")

# Goods whose returns line is a refusal: lid -> (structure, what it shows beside the refusal).
# spec: ✕ in the 规格与包装 售后保障 list; grid: a row of the ARIA 服务 grid; snapshot: 交易快照.
REFUSALS: dict[int, tuple[str, tuple[tuple[str, str], ...]]] = {
    1701: ("spec", (("商品类型", "特价商品"),)),
    2201: ("spec", (("商品类型", "定制商品（按买家提供的文字刻字）"),)),
    1101: ("spec", (("商品类型", "鲜活易腐（现摘水果）"), ("售后", "坏果包赔"))),
    1702: ("grid", (("退换", "售出概不退换"),)),
    2103: ("grid", (("退换货", "电子产品拆封后不退不换"),)),
    2301: ("grid", (("七天无理由退货", "不支持"), ("商品形式", "在线下载的数字商品"))),
    1803: ("snapshot", (("售后服务", "本店商品不退不换"),)),
    2304: ("snapshot", (("售后服务", "报纸期刊订阅类商品，不适用七天无理由退货"),)),
    2701: ("snapshot", (("售后服务", "售出概不退换"),)),  # from night 2
}
# Exempt goods whose buyer confirms at purchase, by ticking a box, that they are not returnable.
CONFIRM = {
    2201: "我已确认：本商品为定制商品，不支持七天无理由退货",
    2301: "我已确认：本商品为在线下载的数字商品，下载后不支持七天无理由退货",
}
# Returns accepted: one negated, quoted or prohibited line in the 交易快照 (by lid).
RETURNS_NOTES = (
    "支持七天无理由退货，本店从不“不退不换”",
    "依据《消费者权益保护法》第二十五条，收货之日起七日内可无理由退货",
    "平台禁止以“售出概不退换”拒绝七天无理由退货",
    "拆封的音像制品、计算机软件不适用七天无理由退货；本品不在此列，支持七天无理由退货",
)

# Food-waste goods: the page title keeps the goods; the promotion sits in a structure.
WASTE_TITLES = {301: "辣条 10斤装", 602: "酵素果冻 10条", 1003: "自热火锅 8盒"}
WASTE = {
    301: ("spec", ("适用场景", ("大胃王挑战", "吃播专用"))),
    602: ("grid", ("卖点", "暴饮暴食也不怕")),
    1003: ("snapshot", ("套餐类型", "大胃王吃播套餐")),
}
FOOD_NOTES = (
    "适量食用，拒绝“大胃王”式吃播",
    "依据《反食品浪费法》第二十二条，禁止宣传“大胃王”等浪费食品的内容",
    "按需购买，切勿暴饮暴食",
    "不提倡吃播挑战，吃多少买多少",
)

# 近期下单 lines of other buyers (masked) and order numbers that are not ID numbers.
ORDERS = ("202612011530421800", "202611281947035512", "202612020816270093")
MASKED_ORDERS = {
    2401: ("收件人 刘* | 地址 上海市浦东新区**** | 已签收",),
    2402: ("收件人 张** | 地址 浙江省杭州市西湖区**** | 已签收",),
    2601: ("收件人 赵* | 地址 江苏省南京市**** | 运输中",),
}
SHOP_MOBILE = re.compile(r"1[3-9][0-9 ]{9,11}")


def takes_returns(service: str) -> bool:
    return service.startswith("支持七天无理由退货")


SYSTEM_LINE = "依据《反食品浪费法》第二十二条，直播间禁止宣扬“大胃王”、暴饮暴食等浪费行为"
FOOD_ROOMS = (1, 2, 4, 8, 9, 10, 11)
# Room chat feeds: (who, role, text); role host | mod | viewer. Notices of 8, 9, 11 move here.
CHAT: dict[int, tuple[tuple[str, str, str], ...]] = {
    2: (
        ("小鱼儿", "viewer", "来了来了"),
        ("阿胖", "host", "今天挑战大胃王，10斤小龙虾吃不完不下播"),
        ("房管阿杰", "mod", "反对浪费，理性消费"),
        ("吃货一号", "viewer", "已关注"),
    ),
    9: (
        ("路人甲", "viewer", "晚上好"),
        ("阿强", "host", "今晚暴饮暴食挑战，吃到扶墙出！"),
        ("房管小七", "mod", "反对浪费，切勿暴饮暴食"),
    ),
    10: (
        ("糖糖", "host", "1号链接零食大礼包，手慢无"),
        ("房管", "mod", "拒绝浪费，按需购买"),
        ("小甜", "viewer", "已拍"),
    ),
    8: (
        ("小满", "host", "燕麦片一天一小碗就够"),
        ("房管", "mod", "拒绝浪费，按需购买"),
        ("燕子", "viewer", "拒绝“大胃王”式吃播，支持主播"),
    ),
    11: (
        ("赵师傅", "host", "光盘行动，拒绝浪费，吃多少做多少"),
        ("老王", "viewer", "“大胃王”吃播早该禁了"),
        ("房管", "mod", "本直播间禁止暴饮暴食式吃播"),
    ),
    4: (
        ("王大姐", "host", "家庭装10斤，分几天吃，别浪费"),
        ("橙子", "viewer", "已拍两箱"),
    ),
    1: (("茶友", "viewer", "龙井真香"),),
}
MOVED_NOTICES = (8, 9, 11)

LICENCE_GRID = (30, 33)  # ARIA grid, a row header and a cell a row
LICENCE_COLGROUP = (31, 34)  # <table> with <colgroup>, two pairs a row, 登记机关 beside the code
LICENCE_COLUMNS = (32,)  # ARIA grid, labels as a column-header row over a row of values


def authority(address: str) -> str:
    """The registering 市场监督管理局, from the registered address (city and district)."""
    m = re.match(r"(?:.+?省)?(.+?市)(.+?[区县])?", address)
    return f"{m[1]}{m[2] or ''}市场监督管理局" if m else "市场监督管理局"


def aria_grid(rows: list[tuple[str, str]], label: str, head: tuple[str, str] | None) -> str:
    cells = "".join(
        f'<div role="row"><span role="rowheader">{e(k)}</span><span role="cell">{e(v)}</span></div>'
        for k, v in rows
    )
    if head:
        cells = (
            f'<div role="row"><span role="columnheader">{e(head[0])}</span>'
            f'<span role="columnheader">{e(head[1])}</span></div>{cells}'
        )
    return f'<div role="table" aria-label="{e(label)}" class="grid-l">{cells}</div>'


class RenderL(RenderA):
    key = "l"
    ROOM_SCRIPT = "live-l.js"

    # --- listings ------------------------------------------------------------------------

    def service_of(self, item: Listing) -> str:
        return item.service or catalog.CATEGORIES[item.cat][2]

    def refusal(self, item: Listing) -> tuple[str, tuple[tuple[str, str], ...]] | None:
        """Where and how this item's refusal (or exempt refusal) is shown; None: no refusal."""
        if item.lid not in REFUSALS or takes_returns(self.service_of(item)):
            return None  # 2701 takes returns on night 1
        return REFUSALS[item.lid]

    def shown_title(self, item: Listing) -> str:
        return WASTE_TITLES.get(item.lid, item.title)

    def spec_table(self, item: Listing) -> str:
        top, leaf, _ = catalog.CATEGORIES[item.cat]
        rows = [("商品名称", e(self.shown_title(item))), ("分类", f"{e(top)} / {e(leaf)}")]
        refusal, waste = self.refusal(item), WASTE.get(item.lid)
        if refusal and refusal[0] == "spec":
            rows += [(k, e(v)) for k, v in refusal[1] if k != "售后"]
        if waste and waste[0] == "spec":
            label, values = waste[1]
            rows.append((label, "<ul>" + "".join(f"<li>{e(v)}</li>" for v in values) + "</ul>"))
        if item.cat in FOOD and item.lid not in WASTE and FW not in item.near_miss:
            rows.append(("食用建议", e(FOOD_NOTES[item.lid % len(FOOD_NOTES)])))
        services = ["✓ 正品保障", "✓ 48小时发货"]
        if refusal and refusal[0] == "spec":
            services.append("✕ 七天无理由退货")
            services += [f"✓ {v}" for k, v in refusal[1] if k == "售后"]
        elif not refusal:
            service = self.service_of(item)
            services.append(("✓ " if takes_returns(service) else "• ") + service)
        svc = "".join(f"<li>{e(s)}</li>" for s in services)
        rows.append(("售后保障", f'<ul class="svc">{svc}</ul>'))
        body = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in rows)
        return f'<section class="spec"><h2>规格与包装</h2><table class="spec-l">{body}</table></section>'

    def service_grid(self, item: Listing, shop: Shop) -> str:
        rows = [("发货", "付款后48小时内发货"), ("运费", "包邮（偏远地区除外）")]
        refusal, waste = self.refusal(item), WASTE.get(item.lid)
        if refusal and refusal[0] == "grid":
            rows += list(refusal[1])
        if waste and waste[0] == "grid":
            rows.append(waste[1])
        rows += [("客服电话", p) for p in shop.phones if SHOP_MOBILE.fullmatch(p)]
        grid = aria_grid(rows, "服务", ("服务项目", "说明"))
        return f'<section class="service"><h2>服务</h2>{grid}</section>'

    def snapshot(self, item: Listing) -> str:
        lines = [f"商品名称：{self.shown_title(item)}", f"商品编号：{item.lid}"]
        if item.lid in WASTE_TITLES:
            lines.append(f"商品描述：{item.desc}")
        waste = WASTE.get(item.lid)
        if waste and waste[0] == "snapshot":
            lines.append(f"{waste[1][0]}：{waste[1][1]}")
        refusal = self.refusal(item)
        if refusal and refusal[0] == "snapshot":
            lines += [f"{k}：{v}" for k, v in refusal[1]]
        elif not refusal and takes_returns(self.service_of(item)):
            lines.append(f"退换说明：{RETURNS_NOTES[item.lid % len(RETURNS_NOTES)]}")
        lines.append("快照时间：2026-12-01 10:00:00")
        text = e("\n".join(lines))
        return (
            f'<section class="snapshot"><h2>交易快照</h2><pre><code>{text}</code></pre></section>'
        )

    def feeds(self, item: Listing) -> str:
        """买家评价 (blockquotes), 晒单 (figures) and 近期下单 (an ordered list)."""
        quotes, shows, orders = [], [], []
        for who, text in item.reviews:
            if who == "成交记录":
                orders.append(self.order_line(text))
            elif "实名" in who + text:
                shown = who.removeprefix("实名登记 ")
                shows.append(
                    f'<figure class="show"><svg role="img" aria-label="买家晒图" width="80" '
                    f'height="80"></svg><figcaption><span class="who">{e(shown)}</span> '
                    f"{e(text)}</figcaption></figure>"
                )
            else:
                quotes.append(
                    f'<blockquote class="rate"><p>{e(text)}</p><footer>— '
                    f"<cite>{e(who.removeprefix('买家'))}</cite></footer></blockquote>"
                )
        orders += [e(x) for x in MASKED_ORDERS.get(item.lid, ())]
        out = '<section class="rates"><h2>买家评价</h2>'
        out += "".join(quotes) or "<p>暂无评价</p>"
        out += "</section>"
        if shows:
            out += f'<section class="shows"><h2>晒单</h2>{"".join(shows)}</section>'
        if orders:
            nums = ORDERS[item.lid % len(ORDERS)]
            items = "".join(f"<li>{x}</li>" for x in orders)
            out += (
                f'<section class="orders"><h2>近期下单</h2><ol>{items}</ol>'
                f"<p>最近订单号 {nums}</p></section>"
            )
        return out

    def order_line(self, text: str) -> str:
        """ "收货人：王建国 浙江省… 已发货" as "收件人 王建国 | 地址 浙江省… | 已发货"."""
        name, address, state = text.removeprefix("收货人：").split(" ")
        return f"收件人 {e(name)} | 地址 {e(address)} | {e(state)}"

    def confirm_box(self, item: Listing) -> str:
        if item.lid not in CONFIRM or not self.refusal(item):
            return ""
        return (
            '<form class="buy" action="#"><label><input type="checkbox" name="ack" checked '
            f'required> {e(CONFIRM[item.lid])}</label> <button type="button">立即购买</button></form>'
        )

    def listing_page(self, item: Listing, shop: Shop) -> str:
        desc = "图文详情见交易快照" if item.lid in WASTE_TITLES else item.desc
        sections = (
            f"{self.spec_table(item)}{self.service_grid(item, shop)}{self.snapshot(item)}"
            f"{self.feeds(item)}"
        )
        return self.item_page(
            item, shop, sections, self.shown_title(item), desc, self.confirm_box(item)
        )

    # --- licences --------------------------------------------------------------------------

    def licence_page(self, shop: Shop) -> str:
        sid = shop.sid
        if sid not in LICENCE_GRID + LICENCE_COLGROUP + LICENCE_COLUMNS:
            return super().licence_page(shop)
        pairs = self.licence_pairs(shop)
        if sid in LICENCE_GRID:
            table = aria_grid(pairs, "营业执照信息", None)
        elif sid in LICENCE_COLGROUP:
            table = self.colgroup_table(shop, pairs)
        else:
            head = "".join(f'<span role="columnheader">{e(k)}</span>' for k, _ in pairs)
            vals = "".join(f'<span role="cell">{e(v)}</span>' for _, v in pairs)
            table = (
                f'<div role="table" aria-label="营业执照信息" class="grid-l">'
                f'<div role="row">{head}</div><div role="row">{vals}</div></div>'
            )
        text = self.label("licence_link", sid)
        body = (
            f'<section class="licence"><h1>{e(shop.name)} · {text}</h1><h2>营业执照信息</h2>'
            f'{table}<p><a href="{self.shop_url(sid)}">返回店铺</a></p></section>'
        )
        return self.page(f"{shop.name} {text}", body, self.licence_url(sid))

    def colgroup_table(self, shop: Shop, pairs: list[tuple[str, str]]) -> str:
        """Two label/value pairs a row; the code's row has 登记机关 beside it."""
        code = self.label("uscc", shop.sid)
        rest = [(k, v) for k, v in pairs if k != code]
        rows = [
            (code, shop.licence.uscc, "登记机关", authority(shop.licence.address)),
            *[
                (*rest[i], *(rest[i + 1] if i + 1 < len(rest) else ("", "")))
                for i in range(0, len(rest), 2)
            ],
        ]
        body = "".join(
            f'<tr><td class="k">{e(a)}</td><td>{e(b)}</td><td class="k">{e(c)}</td><td>{e(d)}</td></tr>'
            for a, b, c, d in rows
        )
        cols = '<colgroup><col class="k"><col class="v"><col class="k"><col class="v"></colgroup>'
        return f'<table class="licence-l">{cols}<tbody>{body}</tbody></table>'

    # --- rooms -----------------------------------------------------------------------------

    def api_payload(self, room: Room, k: int) -> dict:
        data = super().api_payload(room, k)
        lines = [{"who": "系统", "role": "system", "text": SYSTEM_LINE}]
        if room.rid not in FOOD_ROOMS:
            lines = []
        lines += [{"who": w, "role": r, "text": t} for w, r, t in CHAT.get(room.rid, ())]
        if room.rid in MOVED_NOTICES:
            data["room"]["notices"] = []
        data["chat"] = lines
        return data

    # --- labels ----------------------------------------------------------------------------

    def relabel(self, label: dict, subject) -> dict:
        """Adds near misses l alone shows (never removes a case), each noted."""
        kind, added = label["subject_type"], []
        if kind == "listing" and catalog.reachable(subject.sid, self.night):
            if takes_returns(self.service_of(subject)) and not self.refusal(subject):
                added.append((RR, "a negated/quoted returns line in 交易快照"))
            if subject.cat in FOOD and subject.lid not in WASTE and FW not in subject.near_miss:
                added.append((FW, "a 食用建议 warning in 规格与包装"))
            shop = catalog.shop(subject.sid, self.night)
            if subject.lid in MASKED_ORDERS or any(SHOP_MOBILE.fullmatch(p) for p in shop.phones):
                added.append((BD, "masked 近期下单 lines or the shop's own mobile"))
        if kind == "room" and subject.rid == 1:
            added.append((ROOM_FW, "the system chat line quotes 第二十二条"))
        new = [(c, why) for c, why in added if c not in label["fires"] + label["near_miss"]]
        if not new:
            return label
        label = dict(label, near_miss=label["near_miss"] + [c for c, _ in new])
        why = "; ".join(why for _, why in new)
        label["note"] = f"{label['note']} [rendering l: {why}]".strip()
        return label
