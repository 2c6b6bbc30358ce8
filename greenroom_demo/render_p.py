"""Rendering "p": rendering a with five checks' evidence in tables and feeds (issue 23).

Item pages add a 规格参数 table, a three-column 售后保障 table (服务项目 | 说明 | 是否支持), a 问大家
feed (question, the seller's answer, buyers' answers), a 成交记录 table (买家 | 数量 | 时间) and
review cards with 追评 and 掌柜回复; rooms add a pinned 公告 and a live comment feed
(static/live-p.js); licence pages of shops 30-34 are a 照面信息 table or a grid of <div>s.
See docs/render-p.md.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from greenroom_demo import catalog
from greenroom_demo.data_listings import BD, FW, ID_FULL, RR
from greenroom_demo.data_rooms import FW as ROOM_FW
from greenroom_demo.render_a import RenderA
from greenroom_demo.render_base import e

if TYPE_CHECKING:
    from greenroom_demo.model import Listing, Room, Shop

FOOD = ("tea", "snack", "health", "liquor", "fresh")

# Food-waste cases: the goods in the title; the promotion only in a table or feed.
SHORT_TITLES = {301: "辣条 10斤装", 602: "酵素果冻 10条", 1003: "自热火锅 8盒"}
SHORT_DESC = "图文详情见规格参数与问大家。"

# 规格参数 rows a case adds after 品名 and 类目.
SPEC_ROWS: dict[int, tuple[tuple[str, str], ...]] = {
    602: (("口味", "混合果味"), ("产品卖点", "聚餐前来一条，暴饮暴食也不怕。")),
    1003: (("套餐类型", "大胃王吃播套餐"), ("规格", "8盒")),
    1702: (("面料", "弹力牛仔"), ("售后", "售出概不退换")),
    2301: (("商品形式", "在线下载的数字商品（激活码在线发放）"),),
    2304: (("商品类型", "期刊订阅（按期寄送的报纸期刊）"),),
    2201: (("商品类型", "定制商品（按买家提供的文字刻字）"),),
    1101: (("商品类型", "鲜活易腐（现摘水果）"), ("退换", "生鲜商品不退不换，坏果包赔")),
}

# 售后保障 rows (服务项目, 说明, 是否支持) of cases and exempt goods, by listing id.
GUARANTEE_ROWS: dict[int, tuple[str, str, str]] = {
    1701: ("七天无理由退货", "特价商品", "不支持"),
    2201: ("七天无理由退货", "定制商品，依法不适用（按买家提供的文字刻字）", "不支持"),
    2301: (
        "七天无理由退货",
        "在线下载的数字商品，依《消费者权益保护法》第二十五条不适用",
        "不支持",
    ),
    1101: ("七天无理由退货", "鲜活易腐商品，依法不适用；坏果包赔", "不支持"),
}
NIGHT_ROWS = {"售出概不退换": ("退换货", "售出概不退换", "不支持")}  # 2701 from night 2

# What items that take returns say in their 七天无理由退货 row, by id (plain, negated, quoted,
# prohibited).
RETURNS_NOTES = (
    "签收之日起七天内可申请，商品完好即可",
    "本店不存在“不退不换”，签收七天内无理由退货",
    "《消费者权益保护法》第二十五条：消费者有权自收到商品之日起七日内退货，且无需说明理由",
    "平台规则禁止以“特价”“清仓”“售出概不退换”为由拒绝七天无理由退货",
)

# Food items' eating advice, by id (a 规格参数 row on even ids, the seller's answer on odd).
EATING_NOTES = (
    "按需购买，切勿暴饮暴食",
    "不提倡“大胃王”式吃法，每次一小份即可",
    "《反食品浪费法》第二十二条：禁止制作、发布、传播宣扬量大多吃、暴饮暴食等浪费食品的节目或者音视频信息",
    "本店禁止以“大胃王”“吃播挑战”宣传本品，吃多少买多少",
)

CONFIRM = {
    2201: "我已确认本商品为定制商品，不支持七天无理由退货",
    2301: "我已确认本商品为在线下载的数字商品，不支持七天无理由退货",
}

# 问大家 entries a listing shows: (asker, question, seller's answer, buyers' answers).
QA = tuple[str, str, str, tuple[tuple[str, str], ...]]
QUESTIONS: dict[int, tuple[QA, ...]] = {
    301: (
        (
            "小**鱼",
            "10斤一个人吃得完吗？",
            "主播同款，大胃王挑战一口气吃完！吃播专用装。",
            (("j***3", "太辣了，我吃了一周"),),
        ),
    ),
    1803: (
        (
            "w***n",
            "能七天无理由吗？",
            "本店商品不退不换，请看好尺码再拍。",
            (("t***7", "我买的L码刚好"),),
        ),
    ),
    2304: (
        (
            "读***者",
            "能七天无理由吗？",
            "报纸期刊订阅类商品，依法不适用七天无理由退货，缺期可补寄。",
            (),
        ),
    ),
    2401: (
        (
            "f***a",
            "还在吗？发货了吗？",
            "已发货，收货人：王建国 浙江省杭州市西湖区文三路90号",
            (),
        ),
    ),
    1703: (
        (
            "m***i",
            "能七天无理由吗？",
            "可以的，本店商品均支持七天无理由退货。",
            (("小***子", "听说特价的都不退不换？"), ("q***8", "我退过一次，很顺利")),
        ),
    ),
    2601: (
        (
            "布***衣",
            "能七天无理由吗？",
            "支持七天无理由退货，吊牌请保留。",
            (("赵*", "不退不换的是别家，这家能退"),),
        ),
    ),
}

# 成交记录 rows (买家, 数量, 时间).
DEALS: dict[int, tuple[tuple[str, int, str], ...]] = {
    101: (("138****5678", 1, "2026-12-01 09:12"), ("陈*", 2, "2026-11-30 21:40")),
    1402: (
        (ID_FULL, 1, "2026-12-01 10:21"),
        ("李*", 1, "2026-11-29 15:06"),
        ("139****2266", 1, "2026-11-28 19:33"),
    ),
    1502: (("刘* 4401**********0036", 1, "2026-12-01 08:47"), ("张*", 2, "2026-11-30 12:10")),
    2402: (("张**", 1, "2026-11-27 17:25"),),
    3101: (("王**", 1, "2026-12-01 20:02"), ("187****0451", 2, "2026-11-30 22:18")),
}

# Review cards a listing adds to its own: (reviewer, review, 追评, 掌柜回复).
EXTRA_REVIEWS: dict[int, tuple[tuple[str, str, str, str], ...]] = {
    1003: (("h***0", "发热很快，味道不错。", "", "感谢支持！大胃王吃播同款，一次吃完8盒！"),),
    2103: (
        (
            "a***k",
            "降噪一般，想退货。",
            "客服说拆了不能退。",
            "亲，电子产品拆封后不退不换，详情页已写明。",
        ),
    ),
}
APPEND = {101: "喝了一个月再来评，回甘很好。", 502: "追评：第三次回购。"}
REPLY = {101: "感谢亲的支持，欢迎再次光临。", 2001: "感谢您的信任，正品保障。"}
FEED_REVIEWS = (1402, 2401)  # their data "reviews" are order lines: shown in 成交记录 / 问大家

# Rooms: pinned 公告 lines and comments (user, role, text); notices of rooms 8, 9 and 11 move
# into the pinned 公告.
PINNED_NOTICES = (8, 9, 11)
ROOM_RULE = "依据《反食品浪费法》第二十二条，本直播间禁止宣扬“大胃王”、暴饮暴食等浪费食品的内容。"
ROOM_FEED: dict[int, tuple[tuple[str, str, str], ...]] = {
    1: (("茶**友", "viewer", "是明前的吗？"), ("林小茶", "host", "是明前的，今年新茶。")),
    2: (
        ("阿胖", "host", "10斤小龙虾，一口气吃完，吃不完不下播！"),
        ("夜***猫", "viewer", "冲冲冲"),
    ),
    4: (
        ("吃***货", "viewer", "10斤我一顿就能吃完哈哈"),
        ("王大姐", "host", "家庭装10斤，分几天吃，别一次吃完。"),
    ),
    8: (
        ("燕***麦", "viewer", "能一口气吃一袋吗？"),
        ("小满", "host", "燕麦片一次一小碗，切勿暴饮暴食。"),
    ),
    9: (("糕***点", "viewer", "京八件多少钱？"), ("阿强", "host", "1号链接，京八件传统糕点礼盒。")),
    10: (
        ("糖糖", "host", "1号链接 大胃王挑战套餐 零食大礼包，今晚挑战一口气全吃完！"),
        ("k***y", "viewer", "已拍"),
    ),
    11: (
        ("农***家", "viewer", "来个大胃王挑战！"),
        ("赵师傅", "host", "我们不搞大胃王，做菜按人数来，吃多少做多少。"),
    ),
}

LICENCE_TABLES = (30, 32, 33)  # 照面信息 table; 31 and 34 a <div> grid
MOBILE = re.compile(r"1[3-9][0-9]{9}")


def takes_returns(item: Listing) -> bool:
    """The item's own line promises 七天无理由退货."""
    _, _, default = catalog.CATEGORIES[item.cat]
    return (item.service or default).startswith("支持七天无理由退货")


def own_mobile(shop: Shop) -> str | None:
    """The shop's first phone if it is a mobile number."""
    phone = shop.phones[0] if shop.phones else ""
    return phone if MOBILE.fullmatch(phone.replace(" ", "")) else None


def head_table(cls: str, heads: tuple[str, ...], rows) -> str:
    """A table with a header row, one body row per tuple."""
    head = "".join(f"<th>{e(h)}</th>" for h in heads)
    body = "".join("<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f'<table class="{cls}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


class RenderP(RenderA):
    key = "p"
    ROOM_SCRIPT = "live-p.js"

    # --- labels ----------------------------------------------------------------------------

    def relabel(self, label: dict, subject) -> dict:
        """Add the near misses only p shows (never a `fires`)."""
        added = [c for c in self.shown_near_misses(subject) if c not in label["fires"]]
        added = [c for c in added if c not in label["near_miss"]]
        if added:
            label["near_miss"] = label["near_miss"] + added
            label["note"] += f" [rendering p: {', '.join(added)} near misses in its tables/feeds]"
        return label

    def shown_near_misses(self, subject) -> list[str]:
        if hasattr(subject, "rid"):
            return [ROOM_FW] if subject.rid == 1 else []
        if not hasattr(subject, "lid"):
            return []
        found = []
        if takes_returns(subject):
            found.append(RR)
        if subject.cat in FOOD:
            found.append(FW)  # a 食用建议 row or answer
        shop = catalog.shop(subject.sid, self.night)
        if subject.lid in DEALS or own_mobile(shop):
            found.append(BD)
        return found

    # --- listings ----------------------------------------------------------------------------

    def listing_page(self, item: Listing, shop: Shop) -> str:
        sections = (
            self.spec_table(item)
            + self.guarantee_table(item)
            + self.qa_feed(item, shop)
            + self.deal_table(item)
            + self.rate_cards(item)
        )
        title = SHORT_TITLES.get(item.lid, "")
        desc = SHORT_DESC if title else ""
        return self.item_page(item, shop, sections, title, desc, self.buy_box(item))

    def buy_box(self, item: Listing) -> str:
        """立即购买, after a ticked confirmation on goods exempt by their nature."""
        note = CONFIRM.get(item.lid)
        tick = '<input type="checkbox" name="confirm" checked required>'
        confirm = f'<label class="confirm">{tick} {note}</label>' if note else ""
        return f'<div class="buy">{confirm}<button type="button">立即购买</button></div>'

    def spec_table(self, item: Listing) -> str:
        _, leaf, _ = catalog.CATEGORIES[item.cat]
        rows = [("品名", SHORT_TITLES.get(item.lid, item.title)), ("类目", leaf)]
        rows += SPEC_ROWS.get(item.lid, ())
        if item.cat in FOOD and item.lid % 2 == 0 and FW not in item.fires:
            rows.append(("食用建议", EATING_NOTES[item.lid // 2 % len(EATING_NOTES)]))
        cells = "".join(f"<tr><th>{e(k)}</th><td>{e(v)}</td></tr>" for k, v in rows)
        return (
            f'<section class="spec"><h2>规格参数</h2><table class="spec-table"><tbody>{cells}'
            f"</tbody></table></section>"
        )

    def guarantee_rows(self, item: Listing) -> list[tuple[str, str, str]]:
        _, _, default = catalog.CATEGORIES[item.cat]
        service = item.service or default
        rows = [("发货时效", "付款后48小时内发货", "支持")]
        if item.lid in GUARANTEE_ROWS:
            rows.append(GUARANTEE_ROWS[item.lid])
        elif service in NIGHT_ROWS:
            rows.append(NIGHT_ROWS[service])
        elif takes_returns(item):
            rows.append(("七天无理由退货", RETURNS_NOTES[item.lid % len(RETURNS_NOTES)], "支持"))
        elif item.lid not in (
            1702,
            1803,
            2103,
            2304,
        ):  # their policy is in 规格参数 / 问大家 / 评价
            rows.append(("售后说明", service, "—"))
        return rows

    def guarantee_table(self, item: Listing) -> str:
        table = head_table("guarantee", ("服务项目", "说明", "是否支持"), self.guarantee_rows(item))
        return f'<section class="after-sale"><h2>售后保障</h2>{table}</section>'

    def questions(self, item: Listing, shop: Shop) -> list[QA]:
        found = list(QUESTIONS.get(item.lid, ()))
        if item.cat in FOOD and item.lid % 2 == 1 and FW not in item.fires:
            note = EATING_NOTES[item.lid // 2 % len(EATING_NOTES)]
            found.append(("吃***货", "一次吃多少合适？", note, ()))
        mobile = own_mobile(shop)
        if mobile:
            found.append(("售***后", "坏了找谁？", f"售后请联系本店客服电话 {mobile}", ()))
        return found

    def qa_feed(self, item: Listing, shop: Shop) -> str:
        entries = []
        for asker, question, answer, others in self.questions(item, shop):
            buyers = "".join(
                f'<p class="answer buyer"><span class="who">{e(w)}</span>：{e(t)}</p>'
                for w, t in others
            )
            entries.append(
                f'<li class="qa-item"><p class="ask"><span class="who">{e(asker)}</span> '
                f'<i class="tag">问</i>{e(question)}</p><p class="answer seller">'
                f'<span class="who">商家</span> <i class="tag">答</i>{e(answer)}</p>{buyers}</li>'
            )
        if not entries:
            return ""
        return f'<section class="qa"><h2>问大家</h2><ul class="qa-feed">{"".join(entries)}</ul></section>'

    def deal_table(self, item: Listing) -> str:
        if item.lid not in DEALS:
            return ""
        table = head_table("deal-table", ("买家", "数量", "时间"), DEALS[item.lid])
        return f'<section class="deals"><h2>成交记录</h2>{table}</section>'

    def reviews(self, item: Listing) -> list[tuple[str, str, str, str]]:
        own = [] if item.lid in FEED_REVIEWS else item.reviews
        cards = [
            (w, t, APPEND.get(item.lid, "") if not i else "", "") for i, (w, t) in enumerate(own)
        ]
        if cards and item.lid in REPLY:
            cards[0] = (*cards[0][:3], REPLY[item.lid])
        return cards + list(EXTRA_REVIEWS.get(item.lid, ()))

    def rate_cards(self, item: Listing) -> str:
        cards = []
        for who, text, append, reply in self.reviews(item):
            extra = (
                f'<p class="append"><span class="tag">追评</span>{e(append)}</p>' if append else ""
            )
            if reply:
                extra += f'<p class="reply"><span class="tag">掌柜回复</span>{e(reply)}</p>'
            cards.append(
                f'<div class="rate-card"><div class="rate-user">{e(who)}</div>'
                f'<p class="rate-content">{e(text)}</p>{extra}</div>'
            )
        body = "".join(cards) or '<p class="empty">暂无评价</p>'
        return f'<section class="rates"><h2>买家评价</h2>{body}</section>'

    # --- rooms -------------------------------------------------------------------------------

    def api_payload(self, room: Room, k: int) -> dict:
        data = super().api_payload(room, k)
        pinned = [ROOM_RULE] if room.rid == 1 else []
        if room.rid in PINNED_NOTICES:
            pinned += data["room"]["notices"]
            data["room"]["notices"] = []
        data["pinned"] = pinned
        data["comments"] = [
            {"user": u, "role": role, "text": t} for u, role, t in ROOM_FEED.get(room.rid, ())
        ]
        return data

    # --- licences ----------------------------------------------------------------------------

    def licence_content(self, shop: Shop) -> str:
        if shop.sid not in (30, 31, 32, 33, 34):
            return super().licence_content(shop)
        pairs = self.licence_pairs(shop)
        if shop.sid in LICENCE_TABLES:
            rows = []
            for i in range(0, len(pairs), 2):
                cells = "".join(f"<th>{e(k)}</th><td>{e(v)}</td>" for k, v in pairs[i : i + 2])
                rows.append(f"<tr>{cells}</tr>")
            table = f'<table class="zhaomian"><tbody>{"".join(rows)}</tbody></table>'
            return f"<h2>照面信息</h2>{table}"
        cells = "".join(
            f'<div class="cell"><div class="k">{e(k)}</div><div class="v">{e(v)}</div></div>'
            for k, v in pairs
        )
        return f'<h2>工商信息</h2><div class="info-grid">{cells}</div>'
