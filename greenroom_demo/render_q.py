"""Rendering "q": rendering a's site with the five lawyer checks' evidence in a Pinduoduo-like
商品服务 icon list, JD-like 规格与包装 rows, a rowspan 售后服务 table, a dated 店铺公告 feed,
a 买家秀 feed, a 晒单 grid, a room's 商品讲解 chapters and 福袋 winners, and licences as a
captioned 工商信息 table or a 资质证照 gallery (docs/render-q.md)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from greenroom_demo import catalog
from greenroom_demo.data_listings import FW, RR
from greenroom_demo.render_a import RenderA
from greenroom_demo.render_base import e

if TYPE_CHECKING:
    from greenroom_demo.model import Listing, Room, Shop

ROOM_FW = "room.food_waste_promotion"
FOOD = ("tea", "snack", "health", "liquor", "fresh")
SHOW_GRID = ("device", "digital")  # 晒单 grid instead of the 买家秀 feed

# Cases placed in other structures (the 售后保障 row is left out there).
SERVICE_REFUSAL = {1701: "不支持7天无理由退货（特价商品）"}  # the 商品服务 list
SHORT_TITLE = {301: "辣条 10斤装", 602: "酵素果冻 10条", 1003: "自热火锅 8盒"}
SELLING_POINT = {602: "聚餐前来一条，暴饮暴食也不怕。"}  # 主体 row 产品卖点
PACKING = {1003: "自热火锅×8（大胃王吃播套餐，一次吃完8盒！）"}  # 包装清单

# 店铺公告: dated notices of the shop, per item.
NOTICES: dict[int, tuple[tuple[str, str], ...]] = {
    301: (("2026-11-28", "主播同款，大胃王挑战一口气吃完！10斤装吃播专用。"),),
    1803: (
        ("2026-11-20", "本店商品不退不换，请看好尺码再拍。"),
        ("2026-11-02", "冬季新品上架，加绒款陆续发货。"),
    ),
    2304: (("2026-11-15", "报纸期刊订阅类商品，依法不适用七天无理由退货；缺期可联系客服补寄。"),),
    2401: (("2026-12-02", "收货人：王建国 浙江省杭州市西湖区文三路90号 已发货"),),
    2201: (("2026-11-10", "刻字内容以买家下单时填写为准，定制完成后不支持七天无理由退货。"),),
}

# Exempt goods: what the item is, what its 售后保障 row says, its 商品服务 icon line.
EXEMPT: dict[int, tuple[str, str, str]] = {
    2201: (
        "定制商品（按买家提供的文字刻字）",
        "定制商品，依法不适用七天无理由退货",
        "定制商品 不支持7天无理由退货",
    ),
    2301: (
        "在线下载的数字商品",
        "在线下载的数字商品，依据《消费者权益保护法》第二十五条，不适用七天无理由退货",
        "数字商品 不支持7天无理由退货",
    ),
    2304: (
        "期刊订阅（按期寄送的报纸期刊）",
        "报纸期刊订阅类商品，不适用七天无理由退货",
        "期刊订阅 不支持7天无理由退货",
    ),
    1101: ("鲜活易腐（现摘水果）", "鲜活易腐商品，生鲜商品不退不换，坏果包赔", "坏果包赔"),
}
# The buyer confirms at purchase that the goods are not returnable.
CONFIRM = {
    2201: "我已确认刻字内容，知晓本商品为按我提供的文字定制的商品，不适用七天无理由退货",
    2301: "我已知晓本商品为在线下载的数字商品，下载后不适用七天无理由退货",
}

RETURNS_OK = (  # 售后保障 退换货政策 of an item that takes returns, by lid % 4
    "支持七天无理由退货，签收之日起7天内商品完好即可申请",
    "本店不存在“不退不换”，签收7天内可无理由退货",
    "依《消费者权益保护法》第二十五条“消费者有权自收到商品之日起七日内退货，且无需说明理由”，本商品支持",
    "平台规则禁止商家以“特价”“清仓”“售出概不退换”为由拒绝七天无理由退货，本商品支持",
)
EATING = (  # 食用建议 of a food item, by lid % 4
    "按需购买，适量食用，切勿暴饮暴食",
    "我们不提倡“大胃王”式吃法，每次一小份即可",
    "《反食品浪费法》第二十二条：禁止制作、发布、传播宣扬量大多吃、暴饮暴食等浪费食品的节目或者音视频信息",
    "本店禁止以“大胃王”“吃播挑战”宣传本品，吃多少买多少",
)
# Buyers' own words on the returns policy (not the seller's).
BUYER_SHOWS: dict[int, tuple[tuple[str, str], ...]] = {
    1703: (("拾***光", "听说特价的都不退不换？收到不合适，七天无理由退了，客服很爽快。"),),
    2601: (("m***y", "不退不换的是别家，这家能退，放心买。"),),
}

# Rooms: 商品讲解 chapters (time, title) and 福袋 winners (masked).
CHAPTERS: dict[int, tuple[tuple[str, str], ...]] = {
    1: (
        (
            "00:00:00",
            "开场：依据《反食品浪费法》第二十二条，本直播间不做“大胃王”、暴饮暴食等浪费食品的内容",
        ),
        ("00:06:40", "2026新茶 西湖龙井 明前 讲解"),
    ),
    2: (("00:03:10", "10斤小龙虾开箱"), ("00:20:45", "一口气吃完挑战，吃不完不下播")),
    4: (("00:02:00", "赣南脐橙 产地采摘"), ("00:12:00", "家庭装10斤，分几天吃，别一次吃完")),
    8: (("00:04:00", "即食燕麦片 一次一小碗，吃多少冲多少"),),
    9: (("00:00:00", "开场：今晚暴饮暴食挑战，吃到扶墙出！"), ("00:15:00", "京八件 传统糕点礼盒")),
    10: (("00:08:30", "1号链接 大胃王挑战套餐 零食大礼包 讲解"),),
    11: (("00:10:00", "光盘行动：按人数做菜，吃多少做多少"),),
}
NOTICE_AS_CHAPTER = {9}  # the room's notice is its opening chapter instead
LUCKY_BAGS: dict[int, tuple[str, tuple[str, ...]]] = {
    1: ("安吉白茶 50g 试饮装", ("138****2617", "林*", "茶***友")),
    8: ("燕麦片 小袋装×3", ("159****0032", "周*")),
}


def food(item: Listing) -> bool:
    return item.cat in FOOD


class RenderQ(RenderA):
    key = "q"
    ROOM_SCRIPT = "live-q.js"

    # --- listings ----------------------------------------------------------------------------

    def policy(self, item: Listing) -> str:
        """The item's returns line as the seller writes it."""
        return item.service or catalog.CATEGORIES[item.cat][2]

    def takes_returns(self, item: Listing) -> bool:
        line = self.policy(item)
        return RR not in item.fires and "支持七天无理由" in line and "不支持" not in line

    def listing_page(self, item: Listing, shop: Shop) -> str:
        sections = (
            self.services(item)
            + self.ptable(item, shop)
            + self.notice_feed(item)
            + self.buyer_show(item)
        )
        title = SHORT_TITLE.get(item.lid, "")
        desc = "图文详情见规格与包装。" if item.lid in SHORT_TITLE else ""
        return self.item_page(item, shop, sections, title, desc, self.buy_box(item))

    def buy_box(self, item: Listing) -> str:
        agree = ""
        if item.lid in CONFIRM:
            agree = (
                f'<label class="agree"><input type="checkbox" name="agree" required> '
                f"{e(CONFIRM[item.lid])}</label>"
            )
        return f'<div class="buy">{agree}<button type="button">立即购买</button></div>'

    def services(self, item: Listing) -> str:
        """商品服务: icons with words (the icon is decoration; the words say the verdict)."""
        lines = [("ok", "全场包邮"), ("ok", "48小时发货")]
        if item.lid in SERVICE_REFUSAL:
            lines.append(("no", SERVICE_REFUSAL[item.lid]))
        elif item.lid in EXEMPT:
            icon = EXEMPT[item.lid][2]
            lines.append(("ok" if "不支持" not in icon else "no", icon))
        elif self.takes_returns(item):
            lines.append(("ok", "7天无理由退货"))
        rows = "".join(f'<li><i class="{k}"></i>{e(t)}</li>' for k, t in lines)
        return f'<section class="services"><h2>商品服务</h2><ul class="service-list">{rows}</ul></section>'

    def after_sale(self, item: Listing) -> str | None:
        """The 退换货政策 line, or None when the item's line is shown elsewhere."""
        if item.lid in SERVICE_REFUSAL or item.lid in NOTICES and RR in item.fires:
            return None
        if item.lid in EXEMPT:
            return EXEMPT[item.lid][1]
        if self.takes_returns(item):
            return RETURNS_OK[item.lid % 4]
        return self.policy(item)

    def ptable(self, item: Listing, shop: Shop) -> str:
        """规格与包装: JD-style label/value rows in groups; digital goods' 售后 is a table."""
        _, leaf, _ = catalog.CATEGORIES[item.cat]
        main = [("品名", SHORT_TITLE.get(item.lid, item.title)), ("类目", leaf)]
        if item.lid in EXEMPT:
            main.append(("商品类型", EXEMPT[item.lid][0]))
        if item.lid in SELLING_POINT:
            main.append(("产品卖点", SELLING_POINT[item.lid]))
        elif food(item) and FW not in item.fires:
            main.append(("食用建议", EATING[item.lid % 4]))
        packing = [("包装清单", PACKING.get(item.lid, f"{SHORT_TITLE.get(item.lid, '商品')}×1"))]
        groups = [("主体", main), ("包装", packing)]
        policy = self.after_sale(item)
        table = ""
        if item.cat == "digital":
            table = self.service_table(policy)
        else:
            rows = [("服务承诺", f"本商品由{shop.name}发货并提供售后服务")]
            groups.append(("售后保障", rows + ([("退换货政策", policy)] if policy else [])))
        html = "".join(
            f'<div class="ptable-group"><h3>{e(name)}</h3>'
            + "".join(
                f'<div class="item"><span class="label">{e(k)}</span>'
                f'<span class="value">{e(v)}</span></div>'
                for k, v in rows
            )
            + "</div>"
            for name, rows in groups
        )
        return f'<section class="ptable"><h2>规格与包装</h2>{html}{table}</section>'

    def service_table(self, policy: str | None) -> str:
        """售后服务 of digital goods: one rowspan cell grouping the services."""
        rows = [("全国联保", "凭发票享受一年保修")]
        rows += [("退换货", policy)] if policy else []
        rows.append(("价格保护", "下单后7天内降价补差"))
        head = f'<td rowspan="{len(rows)}">售后服务</td>'
        body = "".join(
            f"<tr>{head if i == 0 else ''}<td>{e(k)}</td><td>{e(v)}</td></tr>"
            for i, (k, v) in enumerate(rows)
        )
        return f'<table class="service-table"><tbody>{body}</tbody></table>'

    def notice_feed(self, item: Listing) -> str:
        """店铺公告: the shop's dated notices on this item."""
        notes = NOTICES.get(item.lid)
        if not notes:
            return ""
        rows = "".join(f'<li><time datetime="{d}">{d}</time><p>{e(t)}</p></li>' for d, t in notes)
        return f'<section class="shop-notices"><h2>店铺公告</h2><ol class="notice-feed">{rows}</ol></section>'

    def reviews(self, item: Listing) -> tuple[tuple[str, str], ...]:
        if item.lid == 2401:  # its data "review" is an order line: the seller's notice
            return ()
        return item.reviews + BUYER_SHOWS.get(item.lid, ())

    def buyer_show(self, item: Listing) -> str:
        """买家秀 feed (晒单 grid for devices and digital goods) and a tag summary."""
        reviews = self.reviews(item)
        if not reviews:
            return '<section class="buyer-show"><h2>买家秀</h2><p class="empty">暂无买家秀</p></section>'
        tags = "<tr><td>质量不错</td><td>23</td></tr><tr><td>物流很快</td><td>17</td></tr>"
        summary = (
            '<table class="tag-summary"><thead><tr><th>标签</th><th>次数</th></tr></thead>'
            f"<tbody>{tags}</tbody></table>"
        )
        if item.cat in SHOW_GRID:
            cells = "".join(
                f'<div class="cell"><div class="nick">{e(w)}</div><div class="words">{e(t)}</div></div>'
                for w, t in reviews
            )
            return f'<section class="shaidan"><h2>晒单</h2>{summary}<div class="shaidan-grid">{cells}</div></section>'
        rows = "".join(
            f'<li class="show"><div class="nick">{e(w)}</div><p class="words">{e(t)}</p></li>'
            for w, t in reviews
        )
        return f'<section class="buyer-show"><h2>买家秀</h2>{summary}<ul class="show-feed">{rows}</ul></section>'

    # --- licences ----------------------------------------------------------------------------

    def licence_content(self, shop: Shop) -> str:
        if shop.sid in (30, 32, 33):
            rows = "".join(
                f"<tr><td>{e(k)}</td><td>{e(v)}</td></tr>" for k, v in self.licence_pairs(shop)
            )
            return (
                '<table class="gsxx"><caption>工商信息</caption><thead><tr><th>项目</th>'
                f"<th>登记信息</th></tr></thead><tbody>{rows}</tbody></table>"
            )
        if shop.sid in (31, 34):
            lines = "".join(f"<span>{e(k)}：{e(v)}</span><br>" for k, v in self.licence_pairs(shop))
            return (
                '<div class="zizhi-gallery"><figure class="cert">'
                f'<img src="/img/licence/{shop.sid}.png" alt="营业执照" width="240" height="170">'
                f"<figcaption><strong>营业执照</strong><br>{lines}</figcaption></figure></div>"
            )
        return super().licence_content(shop)

    # --- rooms -------------------------------------------------------------------------------

    def api_payload(self, room: Room, k: int) -> dict:
        data = super().api_payload(room, k)
        if room.rid in NOTICE_AS_CHAPTER:
            data["room"]["notices"] = []
        data["chapters"] = [{"at": t, "title": x} for t, x in CHAPTERS.get(room.rid, ())]
        bag = LUCKY_BAGS.get(room.rid)
        data["lucky_bag"] = {"prize": bag[0], "winners": list(bag[1])} if bag else None
        return data

    # --- labels ------------------------------------------------------------------------------

    def relabel(self, label: dict, subject) -> dict:
        if not label["reachable"]:
            return label
        added = []
        if label["subject_type"] == "listing":
            if self.takes_returns(subject) and RR not in label["near_miss"]:
                added.append((RR, "its 退换货 line says returns are taken"))
            if food(subject) and FW not in subject.fires and FW not in label["near_miss"]:
                added.append((FW, "its 食用建议 warns against overeating"))
        elif label["subject_type"] == "room" and subject.rid == 1:
            added.append((ROOM_FW, "its opening chapter quotes 反食品浪费法 第二十二条"))
        for check, why in added:
            label["near_miss"].append(check)
            label["note"] += f" [rendering q: {why}]"
        return label
