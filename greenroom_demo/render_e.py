"""Rendering "e": a marketplace written the way the big Chinese platforms write their pages.

Built from the demo's data and labels alone, without looking at greenroom's extraction, to
see whether extraction generalises to markup its authors never saw. Its pages carry what
real item, shop and platform pages carry around the few facts that matter:

- every page: a shortcut bar (login, 我的订单, 商家中心), a search box with hot words
  (保健品, 理疗仪, 耐克 …), a 全部商品分类 mega-menu naming regulated categories (处方药,
  医疗器械, 理疗仪 …) and a footer with the platform's licences: its ICP filing, 营业执照
  link (to the platform's own licence page), 公网安备, 400 hotline, 12315, and its own 食品经营
  许可证, 互联网药品信息服务资格证书 and 医疗器械网络交易服务第三方平台备案凭证;
- item pages in three platform styles (JD: `sku-name`, `￥` + `J-p-<sku>` price, GBK;
  Tmall: `tb-detail-hd`, 促销价/价格 panels with the struck price told only by its label;
  Pinduoduo: `¥<em>398</em>.00`), a sticky tab bar, the buy box (加入购物车/立即购买), a
  seller box (shop name, scores, 客服电话, 进店逛逛, 关注店铺), 店铺推荐 (the shop's other
  items), 看了又看 and 为你推荐 (other items, some with 高仿/第一/治疗 in their titles),
  reviews with masked buyers, 问大家 (buyers asking whether tea 治疗失眠 or a bag is 高仿),
  the platform's 售后保障 text (七天无理由退货 rules and exceptions, 价格说明 defining 划线价
  and 原价) and shipping notes (运费险 最高可报10元); a protocol-relative rel=canonical;
- structured items show their price only in JSON-LD (JD style) or microdata (Tmall style): the
  visible price is an empty span that /static/item-e.js fills from /prices/mgets; two items
  (PRICE_BY_SCRIPT) show only a `¥ .00` placeholder and no structured data: their labels
  expect no price-based finding (see `relabel`);
- shops on a second "host", emulated as the /shop-host/ prefix and linked protocol-relative
  (`//127.0.0.1:port/shop-host/index-<venderId>.html`), with a shop header (关注店铺,
  店铺评分 4.8), a banner, listing cards, a 店铺信息 block in one of four markups, and a
  证照信息/经营者信息/亮照 link (text, or an icon whose only words are its alt) to a JD-style
  showLicence page; shop 28 offers a WeChat QR code as its contact;
- platform pages that are no subject: home (banner, 秒杀, 为你推荐 feed, news), channel pages,
  JD-style list pages (`/list.html?cat=1320,1585,1602&page=2`), a 品牌街 shop street, a
  商品质量抽检公告 listing demo shops' goods with 治疗/高仿 wording, help pages (returns,
  shipping, price notes, contact, the platform's own licence), a live square;
- pages in UTF-8 and GBK (header, <meta charset>, <meta http-equiv>); spm=/scm= tracking
  parameters, `#none` and `javascript:` links, robots.txt closing /search, /cart/, /im/,
  /passport/ and /merchant/;
- rooms drawn by /static/live-e.js from a Douyin-like /webcast/room/web/enter/ API.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, ClassVar

from greenroom_demo import catalog
from greenroom_demo.codes import make_uscc
from greenroom_demo.data_listings import CF, FP
from greenroom_demo.png import badge_png
from greenroom_demo.render_base import (
    CHARSET_MARK,
    DIRECTORY_PAGE_SIZE,
    FIRST_MONTH,
    PAGE_SIZE,
    Renderer,
    Response,
    e,
    html_response,
    json_response,
    ld_json,
    next_month,
)

if TYPE_CHECKING:
    from greenroom_demo.model import Listing, Room, Shop

PLATFORM = {
    "name": "万象购",
    "domain": "wanxianggou.com",
    "company": "南京万象购电子商务有限公司",
    "uscc": make_uscc("91", "320105", "MA1XK4P6"),
    "legal_rep": "孟庆华",
    "address": "江苏省南京市建邺区江东中路359号国睿大厦2号楼",
    "icp": "苏ICP备2020035518号-1",
    "police": "苏公网安备 32010502010873号",
    "telecom": "苏B2-20200412",
    "food": "JY13201050123451",
    "drug_info": "(苏)-经营性-2021-0032",
    "device_platform": "（苏）网械平台备字〔2020〕第00005号",
    "publication": "新出发苏批字第A-258号",
    "hotline": "400-869-2580",
    "report": "400-869-2581",
    "email": "kefu@wanxianggou.com",
    "report_email": "jubao@wanxianggou.com",
}

# items whose page shows only a `¥ .00` placeholder: the price comes from /prices/mgets
PRICE_BY_SCRIPT = (1903, 2102)
# of those, the ones labelled counterfeit_signal only because of their price
CF_BY_PRICE = (1903,)
# shops drawn as Tmall-style flagship stores (their items too)
TMALL = (2, 15, 20, 29, 30, 31, 33)
# titles with words (高仿, 第一, 治疗, 最佳, 预防癌症, 超A, 复刻) shown in other items' 为你推荐
SPICY = (1901, 303, 202, 3302, 401, 1904, 2101)

SKU = {x.lid: 100012000000 + x.lid * 379 for x in catalog.LISTINGS}
TID = {x.lid: 680000000000 + x.lid * 7919 for x in catalog.LISTINGS}
VID = {s.sid: 1000000000 + s.sid * 4093 for s in catalog.SHOPS}
UID = {s.sid: 2200000000 + s.sid * 733 for s in catalog.SHOPS}
WEB_RID = {r.rid: 862190430000 + r.rid * 17 for r in catalog.rooms(True)}
BY_SKU = {v: k for k, v in SKU.items()}
BY_TID = {v: k for k, v in TID.items()}
BY_VID = {v: k for k, v in VID.items()}
BY_UID = {v: k for k, v in UID.items()}
BY_RID = {v: k for k, v in WEB_RID.items()}

CAT_CODE = {
    "tea": "1320,1585,1602",
    "snack": "1320,1583,1590",
    "health": "9192,9193,9194",
    "liquor": "12259,12260,9435",
    "fresh": "12218,12221,13554",
    "beauty": "1316,1381,1391",
    "clothing": "1315,1343,9719",
    "shoes": "11729,11730,6908",
    "luxury": "17329,2575,5259",
    "digital": "9987,653,655",
    "device": "9192,12190,1517",
    "drug": "9192,12632,12633",
    "custom": "1672,2599,1440",
    "books": "1713,3258,3297",
    "ebook": "5272,10941,17366",
    "home": "1620,1621,1627",
}
BY_CODE = {v: k for k, v in CAT_CODE.items()}
TOP = {
    "食品饮料": "food",
    "生鲜": "fresh",
    "美妆个护": "beauty",
    "服饰鞋包": "fashion",
    "数码家电": "digital",
    "医药健康": "health",
    "定制礼品": "gift",
    "图书音像": "book",
    "家居日用": "home",
}
BY_TOP = {v: k for k, v in TOP.items()}
# the mega-menu: words under each leaf category (they open a search, as on the real sites)
MENU_WORDS = {
    "tea": ("龙井", "普洱", "白茶", "红茶"),
    "snack": ("坚果炒货", "糕点", "辣条"),
    "health": ("保健品", "蛋白粉", "鱼油", "维生素"),
    "liquor": ("白酒", "葡萄酒"),
    "fresh": ("脐橙", "猕猴桃", "禽蛋"),
    "beauty": ("面霜", "精华", "口红"),
    "clothing": ("连衣裙", "T恤", "卫衣"),
    "shoes": ("运动鞋", "皮鞋"),
    "luxury": ("手提包", "腕表"),
    "digital": ("手机", "蓝牙耳机", "充电器"),
    "device": ("血压计", "血糖仪", "制氧机", "理疗仪", "按摩仪"),
    "drug": ("感冒用药", "处方药", "计生用品", "隐形眼镜"),
    "custom": ("钢笔", "搪瓷杯"),
    "books": ("小说", "期刊"),
    "ebook": ("电子书",),
    "home": ("书桌", "床垫", "沙发", "保温杯"),
}
MENU_TOP_EXTRA = {"医药健康": "保健品 / 理疗仪", "食品饮料": "酒类 / 保健品", "服饰鞋包": "奢品"}
HOT_WORDS = ("新茶上市", "保健品", "理疗仪", "耐克", "血压计", "羽绒服")
ASK = {
    "tea": ("喝了能治疗失眠吗？", "这个不是药，不能治疗失眠，口感倒是不错。"),
    "health": ("吃多久能见效？", "保健食品不能代替药物，我是当零食吃的。"),
    "luxury": ("是正品吗？会不会是高仿？", "拿去专柜验过了，放心买。"),
    "shoes": ("鞋码正吗？", "正码，按平时穿的尺码买就行。"),
    "device": ("测得准吗？", "和社区医院的对比过，差不多。"),
    "snack": ("保质期多久？", "收到的都是最近一个月生产的。"),
    "clothing": ("会起球吗？", "洗了几次没有起球。"),
    "digital": ("发票怎么开？", "下单时选电子发票就行。"),
}
ASK_DEFAULT = ("发什么快递？", "万象物流，第二天就到了。")
REVIEWS = (
    ("j***6", "物流很快，包装完好，和描述一致。"),
    ("匿名用户", "性价比不错，好评！"),
    ("w***n", "客服回复很及时，推荐购买。"),
)
REVIEW_MASKED = ("138****6620", "第二次买了，一如既往的好。收货人：李*，电话：159****2231。")
PLATFORM_PROMISE = (
    "万象承诺：万象平台卖家销售并发货的商品，由平台卖家提供发票和相应的售后服务。请您放心"
    "购买！注：因厂家会在没有任何提前通知的情况下更改产品包装、产地或者一些附件，本司不能"
    "确保客户收到的货物与商城图片、产地、附件说明完全一致。"
)
PLATFORM_RETURNS = (
    "七天无理由退货：消费者自签收商品之日起七日内，在商品完好的前提下可申请七天无理由退货。"
    "下列商品不适用七天无理由退货：消费者定作的商品；鲜活易腐的商品；在线下载或者消费者拆封"
    "的音像制品、计算机软件等数字化商品；交付的报纸、期刊；以及其他根据商品性质并经消费者在"
    "购买时确认不宜退货的商品。"
)
PLATFORM_PRICE_NOTE = (
    "万象价：万象价为商品的销售价，是您最终决定是否购买商品的依据。"
    "划线价：商品展示的划横线价格为参考价，该价格可能是品牌专柜标价、商品吊牌价或由品牌供应商"
    "提供的正品零售价（如厂商指导价、建议零售价等）或该商品在万象平台上曾经展示过的销售价；"
    "由于地区、时间的差异性和市场行情波动，品牌专柜标价、商品吊牌价等可能会与您购物时展示的"
    "不一致，该价格仅供您参考。"
    "折扣：如无特殊说明，折扣指销售商在原价、或划线价（如品牌专柜标价、商品吊牌价、厂商指导价、"
    "厂商建议零售价）等某一价格基础上计算出的优惠比例或优惠金额；如有疑问，您可在购买前联系"
    "销售商进行咨询。"
)
PLATFORM_SHIPPING = (
    "运费险：购买带有运费险标识的商品，发生退货时平台按退货地区给予运费补偿，最高可报10元，"
    "补偿款在退货签收后72小时内打入您的账户。满99元免运费（偏远地区除外）。"
)
PLATFORM_RIGHTS = (
    "权利声明：万象上的所有商品信息、客户评价、商品咨询、网友讨论等内容，是万象重要的经营"
    "资源，未经许可，禁止非法转载使用。"
)
SPOT_CHECK = (
    # (goods as sampled, named producer, demo shop id or None, shop name if not a demo shop,
    #  failed item, measure)
    (
        "蜂胶软胶囊 60粒",
        "杭州康元堂健康科技有限公司",
        4,
        None,
        "标签标识：宣称“预防癌症”",
        "下架商品，扣分",
    ),
    (
        "辣条 10斤装",
        "义乌市御膳坊食品有限公司",
        3,
        None,
        "菌落总数超标",
        "下架商品，暂停新品发布7天",
    ),
    ("LV 老花托特包", "（标称）", 19, None, "涉嫌高仿冒名牌", "删除商品，冻结店铺"),
    (
        "儿童保温杯 350ml",
        "永康市某某日用品有限公司",
        None,
        "杯杯乐日用专营店",
        "迁移物超标",
        "下架商品",
    ),
    ("梨膏糖 300g", "上海城隍庙食品有限公司", 8, None, "宣传“治疗咽炎”", "整改商品描述"),
    ("纯棉T恤", "广州潮汇服饰有限公司", 30, None, "纤维含量不符合标称", "下架商品"),
)

SPM_A = "a2e0b"


def money(v: float) -> str:
    return f"{v:.2f}"


class RenderE(Renderer):
    key = "e"
    ROBOTS = (
        "User-agent: *\nDisallow: /merchant/\nDisallow: /passport/\nDisallow: /cart/\n"
        "Disallow: /im/\nDisallow: /search\n\nUser-agent: EtaoSpider\nDisallow: /\n"
    )
    ADMIN_PREFIX = "/merchant/"
    LABELS: ClassVar[dict[str, tuple[str, ...]]] = {
        "operator": ("经营者", "经营主体", "店铺经营者"),
        "name": ("企业名称", "公司名称", "营业执照名称"),
        "uscc": ("统一社会信用代码", "营业执照注册号", "注册号/统一社会信用代码"),
        "phone": ("客服电话", "联系电话", "售后电话"),
        "email": ("客服邮箱", "联系邮箱"),
        "address": ("联系地址", "公司地址", "退货地址"),
        "legal_rep": ("法定代表人姓名", "法定代表人"),
        "kind": ("企业类型", "公司类型"),
        "reg_address": ("营业执照所在地", "住所", "注册地址"),
        "licence_link": ("证照信息", "经营者信息", "亮照", "营业执照", "企业资质"),
    }
    page_mode = "utf-8"

    # --- URLs ------------------------------------------------------------------------------

    def shop_url(self, sid: int) -> str:
        return f"/shop-host/index-{VID[sid]}.html"

    def licence_url(self, sid: int) -> str:
        return f"/shop-host/showLicence-{VID[sid]}.html"

    def licence_img_url(self, sid: int) -> str:
        return f"/shop-host/licence/{VID[sid]}.png"

    def listing_url(self, lid: int) -> str:
        item = catalog.LISTING_BY_ID[lid]
        if item.sid in TMALL:
            return f"/detail/item.htm?id={TID[lid]}"
        return f"/item/{SKU[lid]}.html"

    def room_url(self, rid: int) -> str:
        return f"/live/{WEB_RID[rid]}"

    def api_path(self, rid: int) -> str:
        return f"/webcast/room/web/enter/?aid=6383&web_rid={WEB_RID[rid]}"

    def category_url(self, slug: str, page: int = 1) -> str:
        return f"/list.html?cat={CAT_CODE[slug]}" + (f"&page={page}" if page > 1 else "")

    def channel_url(self, top: str) -> str:
        return f"/channel/{TOP[top]}.html"

    def directory_url(self, page: int = 1) -> str:
        return "/shops/street.html" + (f"?page={page}" if page > 1 else "")

    def search_url(self, word: str) -> str:
        return f"/search?keyword={word}&enc=utf-8"

    def host(self) -> str:
        """`//127.0.0.1:port`: the shops' "other host", linked protocol-relative."""
        return "//" + self.site.url.split("://", 1)[1].rstrip("/")

    def spm(self) -> str:
        sid = self.session_id()
        return f"{SPM_A}.{int(sid[:4], 16)}.{sid[4:10].lower()}.{int(sid[10:12], 16) % 40}"

    def scm(self) -> str:
        sid = self.session_id()
        return f"1007.{int(sid[:4], 16)}.{int(sid[4:8], 16)}.0"

    def shop_link(self, shop: Shop, far: bool = False) -> str:
        """A link to a shop: through its old URL (301), or to the shop host; `far`: as a
        page on the main host links it (protocol-relative, absolute)."""
        if shop.old_url:
            return f"/shop/view_shop.htm?user_number_id={UID[shop.sid]}"
        url = (self.host() if far else "") + self.shop_url(shop.sid)
        return url + (f"?spm={self.spm()}" if shop.sid in TMALL else "")

    def item_link(self, item: Listing, rec: bool = False) -> str:
        if item.go_link:
            return f"/union/click.html?sku={SKU[item.lid]}&e={self.session_id()[:10].lower()}"
        url = self.listing_url(item.lid)
        if item.sid in TMALL:
            url += f"&spm={self.spm()}" + (f"&scm={self.scm()}" if rec else "")
        elif rec:
            url += f"?scm={self.scm()}"
        return url

    def strip_session(self, path: str, query: dict) -> tuple[str, dict]:
        drop = ("spm", "scm", "e", "utm_source", "utm_medium")
        return path, {k: v for k, v in query.items() if k not in drop}

    def route(self, path: str, query: dict[str, str]):
        num = lambda k: int(query[k]) if query.get(k, "").isdigit() else None
        page = num("page") if "page" in query else 1
        if path in ("/", "/index.html"):
            return "home", None
        if m := re.fullmatch(r"/channel/([a-z]+)\.html", path):
            return ("channel", BY_TOP[m[1]]) if m[1] in BY_TOP else None
        if path == "/list.html" and query.get("cat") in BY_CODE and page:
            return "category", (BY_CODE[query["cat"]], page)
        if path == "/shops/street.html" and page:
            return "directory", page
        if m := re.fullmatch(r"/item/(\d+)\.html", path):
            return ("listing", BY_SKU[int(m[1])]) if int(m[1]) in BY_SKU else None
        if path == "/detail/item.htm" and num("id") in BY_TID:
            return "listing", BY_TID[num("id")]
        if path == "/union/click.html" and num("sku") in BY_SKU:
            return "go", BY_SKU[num("sku")]
        if m := re.fullmatch(r"/shop-host/index-(\d+)\.html", path):
            return ("shop", BY_VID[int(m[1])]) if int(m[1]) in BY_VID else ("shop", 0)
        if m := re.fullmatch(r"/shop-host/showLicence-(\d+)\.html", path):
            return ("licence", BY_VID[int(m[1])]) if int(m[1]) in BY_VID else ("licence", 0)
        if m := re.fullmatch(r"/shop-host/licence/(\d+)\.png", path):
            return ("licence_img", BY_VID[int(m[1])]) if int(m[1]) in BY_VID else None
        if path == "/shop/view_shop.htm" and num("user_number_id") in BY_UID:
            return "old_shop", BY_UID[num("user_number_id")]
        if path == "/prices/mgets":
            return "prices", query.get("skuIds", "")
        if path == "/live/":
            return "rooms", None
        if m := re.fullmatch(r"/live/(\d+)", path):
            return ("room", BY_RID[int(m[1])]) if int(m[1]) in BY_RID else ("room", 0)
        if path == "/webcast/room/web/enter/" and num("web_rid") in BY_RID:
            return "api", BY_RID[num("web_rid")]
        if path in ("/static/item-e.js", "/static/live-e.js"):
            return "static", path.rsplit("/", 1)[1]
        if path == "/static/img/live-loading.gif":
            return "hang", None
        if path == "/static/img/green-live.png":
            return "badge_img", None
        if m := re.fullmatch(r"/static/img/[a-z0-9-]+\.png", path):
            return "asset", "png"
        if path == "/static/css/e.css":
            return "asset", "css"
        if m := re.fullmatch(r"/help/([a-z]+)\.html", path):
            return ("help", m[1]) if m[1] in self.HELP else None
        if path == "/notice/spotcheck-202611.html":
            return "notice", None
        if path == "/activity/calendar.html":
            month = query.get("month", "{:04d}-{:02d}".format(*FIRST_MONTH))
            return ("calendar", month) if re.fullmatch(r"\d{4}-\d{2}", month) else None
        if path == "/user/footprint.html":
            return "history", None
        if path == "/search":
            return "search", query.get("keyword", "")
        if path.split("/")[1:2] in (["merchant"], ["passport"], ["cart"], ["im"]):
            return "admin", None
        return None

    # --- serving what only "e" has ------------------------------------------------------

    def mode_of(self, shop: Shop) -> str:
        if shop.encoding.startswith("gb"):
            return shop.encoding
        return "gbk-meta" if shop.sid % 3 == 0 else shop.encoding

    def listing_mode(self, item: Listing, shop: Shop) -> str:
        if shop.encoding.startswith("gb"):
            return shop.encoding
        if self.style(item) == "jd" and item.lid % 2 == 0:
            return "gbk-meta"  # as JD's item pages still are
        return "utf-8"

    def serve_channel(self, top: str) -> Response:
        return html_response(self.channel_page(top), self.page_mode)

    def serve_help(self, name: str) -> Response:
        return html_response(self.help_page(name), "gbk-equiv")

    def serve_notice(self, _arg) -> Response:
        return html_response(self.notice_page(), "gbk-header")

    def serve_search(self, word: str) -> Response:
        return html_response(self.search_page(word), self.page_mode)

    def serve_prices(self, ids: str) -> Response:
        out = []
        for part in ids.split(","):
            sku = part.strip().removeprefix("J_")
            if not sku.isdigit() or int(sku) not in BY_SKU:
                continue
            item = catalog.listing(BY_SKU[int(sku)], self.night)
            price, original = self.prices(item)
            out.append(
                {
                    "id": f"J_{sku}",
                    "p": money(price),
                    "op": money(price),
                    "m": money(original[1]) if original else money(price * 1.1),
                }
            )
        return json_response(out)

    def serve_asset(self, kind: str) -> Response:
        if kind == "css":
            css = ".w{width:1210px;margin:0 auto}.hide{display:none}.p-price{color:#e4393c}\n"
            return Response(200, css.encode(), {"Content-Type": "text/css"})
        return Response(200, badge_png(), {"Content-Type": "image/png"})

    def serve_shop(self, sid: int) -> Response:
        return self.not_found() if not sid else super().serve_shop(sid)

    def serve_licence(self, sid: int) -> Response:
        return self.not_found() if not sid else super().serve_licence(sid)

    def serve_room(self, rid: int) -> Response:
        return self.not_found() if not rid else super().serve_room(rid)

    # --- labels --------------------------------------------------------------------------

    def relabel(self, label: dict, subject) -> dict:
        """Roles (and listing prices) for `greenroom eval`; price-based findings dropped where
        the page shows only a `¥ .00` placeholder and leaves the price to a script."""
        kind = label["subject_type"]
        if not label["reachable"]:
            return label
        label["role"] = kind
        if kind != "listing":
            return label
        item = subject
        if item.lid not in PRICE_BY_SCRIPT:
            label["price"] = money(item.offered_at(self.night))
            return label
        label["price"] = None
        by_price = [c for c in label["fires"] if c == FP or (c == CF and item.lid in CF_BY_PRICE)]
        if by_price:
            label["fires"] = [c for c in label["fires"] if c not in by_price]
            label["near_miss"] += [c for c in by_price if c not in label["near_miss"]]
        label["note"] += (
            " [rendering e: the page shows only a ¥ .00 placeholder; the price is drawn by a "
            "script from /prices/mgets, so no price-based finding is expected]"
        )
        return label

    def page_labels(self) -> list[dict]:
        """Platform pages and licence pages with the role their content gives them."""
        pages: list[tuple[str, str, str]] = [("/", "other", "home page")]
        pages += [(self.channel_url(top), "other", "channel page") for top in TOP]
        for slug in catalog.CATEGORIES:
            n = max(1, -(-len(catalog.listings_in(slug)) // PAGE_SIZE))
            pages += [(self.category_url(slug, p), "other", "list page") for p in range(1, n + 1)]
        n = -(-len(catalog.SHOPS) // DIRECTORY_PAGE_SIZE)
        pages += [(self.directory_url(p), "other", "shop street") for p in range(1, n + 1)]
        pages += [(f"/help/{h}.html", "other", "help page") for h in self.HELP if h != "license"]
        pages.append(("/notice/spotcheck-202611.html", "other", "spot-check notice"))
        pages.append(("/live/", "other", "live square"))
        for base in catalog.SHOPS:
            shop = catalog.shop(base.sid, self.night)
            if (
                shop.licence
                and shop.licence.where in ("page", "image")
                and catalog.reachable(shop.sid, self.night)
            ):
                pages.append((self.licence_url(shop.sid), "licence", f"licence of shop {shop.sid}"))
        return [
            {
                "subject_type": "page",
                "subject_url": self.abs(path),
                "role": role,
                "fires": [],
                "near_miss": [],
                "note": f"rendering e: {note} (not a subject)",
                "reachable": True,
            }
            for path, role, note in pages
        ]

    # --- chrome ------------------------------------------------------------------------------

    def style(self, item: Listing) -> str:
        if item.sid in TMALL:
            return "tm"
        if item.lid in PRICE_BY_SCRIPT or item.structured:
            return "jd"
        return "pdd" if item.lid % 3 == 2 or item.lid == 1801 else "jd"

    def shortcut(self) -> str:
        return (
            '<div id="shortcut"><div class="w"><ul class="fl"><li class="dropdown" id="ttbar-mycity">'
            '送至：<span class="ui-areamini-text">江苏</span></li></ul><ul class="fr">'
            '<li id="ttbar-login"><a href="/passport/login.html" class="link-login">你好，请登录</a>'
            '&nbsp;&nbsp;<a href="/passport/regist.html" class="link-regist style-red">免费注册</a></li>'
            '<li class="spacer"></li><li><a href="/passport/login.html?ReturnUrl=/order/list">我的订单</a></li>'
            f'<li class="spacer"></li><li><a href="/user/footprint.html?spm={self.spm()}">我的足迹</a></li>'
            '<li class="spacer"></li><li><a href="/merchant/index.html">商家中心</a></li>'
            '<li class="spacer"></li><li><a href="/help/contact.html">客户服务</a></li>'
            '<li class="spacer"></li><li><a href="/help/index.html">网站导航</a></li>'
            '<li class="spacer"></li><li class="dropdown"><a href="#none">手机万象</a></li></ul></div></div>'
        )

    def header(self) -> str:
        hot = "".join(
            f'<a href="{self.search_url(w)}" class="{"style-red" if i == 0 else ""}">{e(w)}</a>'
            for i, w in enumerate(HOT_WORDS)
        )
        nav = (
            '<ul class="navitems-group1"><li><a href="/">首页</a></li>'
            '<li><a href="/channel/food.html">万象超市</a></li>'
            '<li><a href="/activity/calendar.html?month={:04d}-{:02d}">活动日历</a></li>'
            '<li><a href="/act/2023-618.html">618狂欢节</a></li>'
            '<li><a href="/shops/street.html">品牌街</a></li>'
            '<li><a href="/live/">直播</a></li>'
            '<li><a href="/notice/spotcheck-202611.html">质量公告</a></li></ul>'
        ).format(*FIRST_MONTH)
        return (
            f'<div id="header"><div class="w"><div id="logo"><h1 class="logo_tit">'
            f'<a href="/" class="logo_tit_lk">{PLATFORM["name"]}</a></h1>'
            f'<h2 class="logo_subtit">{PLATFORM["name"]},正品低价、品质保障、配送及时、轻松购物！</h2></div>'
            f'<div id="search"><form action="/search" method="get" class="form">'
            f'<input type="text" name="keyword" autocomplete="off" id="key" accesskey="s" '
            f'class="text" aria-label="搜索" placeholder="保健品"><input type="hidden" name="enc" '
            f'value="utf-8"><button class="button">搜索</button></form></div>'
            f'<div id="hotwords">{hot}</div>'
            f'<div id="settleup" class="dropdown"><a href="/cart/cart.html">我的购物车</a>'
            f'<i class="ci-count">0</i></div>'
            f'<div id="navitems">{nav}</div>{self.mega_menu()}</div></div>'
        )

    def mega_menu(self) -> str:
        tops: dict[str, list[str]] = {}
        for slug, (top, _, _) in catalog.CATEGORIES.items():
            tops.setdefault(top, []).append(slug)
        menu, pops = [], []
        for top, slugs in tops.items():
            extra = MENU_TOP_EXTRA.get(top)
            extra = f' / <span class="cate_menu_lk">{e(extra)}</span>' if extra else ""
            menu.append(
                f'<li class="cate_menu_item" data-index="{len(menu) + 1}">'
                f'<a target="_blank" class="cate_menu_lk" href="{self.channel_url(top)}">{e(top)}</a>'
                f"{extra}</li>"
            )
            dls = "".join(
                f'<dl class="cate_detail_item"><dt class="cate_detail_tit">'
                f'<a href="{self.category_url(slug)}" class="cate_detail_tit_lk">'
                f'{e(catalog.CATEGORIES[slug][1])}</a></dt><dd class="cate_detail_con">'
                + "".join(
                    f'<a href="{self.search_url(w)}" class="cate_detail_con_lk">{e(w)}</a>'
                    for w in MENU_WORDS[slug]
                )
                + "</dd></dl>"
                for slug in slugs
            )
            pops.append(f'<div class="cate_part" data-id="{TOP[top]}">{dls}</div>')
        return (
            '<div id="J_cate" class="cate"><div class="cate_tit">全部商品分类</div>'
            f'<ul class="JS_navCtn cate_menu">{"".join(menu)}</ul>'
            f'<div class="JS_popCtn cate_pop" style="display:none">{"".join(pops)}</div></div>'
        )

    def footer(self) -> str:
        p = PLATFORM
        cols = (
            ("购物指南", (("购物流程", "/help/index.html"), ("常见问题", "/help/index.html"))),
            (
                "配送方式",
                (("运费说明", "/help/shipping.html"), ("配送服务查询", "/help/shipping.html")),
            ),
            ("售后服务", (("售后政策", "/help/returns.html"), ("价格说明", "/help/price.html"))),
            ("特色服务", (("联系客服", "/help/contact.html"), ("商家入驻", "/merchant/join.html"))),
        )
        helps = "".join(
            f'<dl class="fore{i}"><dt>{t}</dt>'
            + "".join(f'<dd><a href="{u}">{n}</a></dd>' for n, u in links)
            + "</dl>"
            for i, (t, links) in enumerate(cols, 1)
        )
        return f"""<div id="J_footer"><div class="slogen"><ul>
<li class="item fore1"><i>多</i>品类齐全，轻松购物</li><li class="item fore2"><i>快</i>多仓直发，极速配送</li>
<li class="item fore3"><i>好</i>正品行货，精致服务</li><li class="item fore4"><i>省</i>天天低价，畅选无忧</li></ul></div>
<div class="mod_help">{helps}</div>
<div class="mod_copyright"><p class="mod_copyright_links"><a href="/help/index.html">关于我们</a>|
<a href="/help/contact.html">联系我们</a>|<a href="/help/contact.html">联系客服</a>|
<a href="/merchant/join.html">合作招商</a>|<a href="/merchant/index.html">商家帮助</a>|
<a href="/help/index.html">营销中心</a>|<a href="/help/index.html">隐私政策</a></p>
<p class="mod_copyright_info">{p["company"]}　地址：{p["address"]}　客服电话：{p["hotline"]}　违法和不良信息举报电话：{p["report"]}　举报邮箱：{p["report_email"]}</p>
<p class="mod_copyright_license"><a href="/help/license.html">营业执照</a>　<a href="https://beian.miit.gov.cn/" rel="nofollow">{p["icp"]}</a>　
<a href="http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=32010502010873" rel="nofollow">{p["police"]}</a>　
增值电信业务经营许可证：{p["telecom"]}　食品经营许可证：{p["food"]}<br>
互联网药品信息服务资格证书编号：{p["drug_info"]}　医疗器械网络交易服务第三方平台备案凭证：{p["device_platform"]}　出版物经营许可证：{p["publication"]}</p>
<p class="mod_copyright_auth">消费者维权热线：12315　© 2017-2026 {p["domain"]} 版权所有　{p["name"]}</p></div></div>"""

    def page(
        self,
        title: str,
        body: str,
        head: str = "",
        menu: bool = True,
        scripts: str = "",
    ) -> str:
        return f"""<!DOCTYPE html>
<html lang="zh-CN"><head>{CHARSET_MARK}
<title>{e(title)}</title>
<meta name="viewport" content="width=device-width">
<link rel="stylesheet" href="/static/css/e.css">
<link rel="icon" href="/static/img/favicon.png">{head}
</head><body>
{self.shortcut()}
{self.header() if menu else self.shop_topbar()}
{body}
{self.footer()}
{scripts}
</body></html>"""

    def shop_topbar(self) -> str:
        """Shop pages: the platform's slim header with a 搜全站 / 搜本店 search."""
        return (
            f'<div id="site-nav" class="shop-site-nav"><a href="/" class="logo">{PLATFORM["name"]}</a>'
            '<form action="/search" method="get" class="shop-search"><input name="keyword" '
            'placeholder="搜索 理疗仪 / 保健品"><button>搜全站</button><button class="J-searchShop" '
            'type="button">搜本店</button></form>'
            '<a href="/">返回万象首页</a> <a href="/shops/street.html">品牌街</a>'
            '<a href="/act/2023-618.html">618狂欢节</a></div>'
        )

    def simple_page(self, title: str, body: str) -> str:
        return self.page(
            f"{title} - {PLATFORM['name']}",
            f'<div class="w"><div class="err"><h2>{e(title)}</h2>{body}'
            f'<p><a href="/">返回首页</a></p></div></div>',
        )

    # --- prices ------------------------------------------------------------------------------

    def card_price(self, item: Listing) -> str:
        """A list/recommendation card's price, JD list style (`<em>￥</em><i>398.00</i>`)."""
        sku = SKU[item.lid]
        if item.lid in PRICE_BY_SCRIPT:
            return f'<strong class="J_{sku}"><em>￥</em><i data-sku="{sku}"> .00</i></strong>'
        return (
            f'<strong class="J_{sku}" data-done="1"><em>￥</em>'
            f'<i data-sku="{sku}">{money(item.offered_at(self.night))}</i></strong>'
        )

    def price_box(self, item: Listing) -> str:
        style = self.style(item)
        price, original = self.prices(item)
        sku = SKU[item.lid]
        if item.lid in PRICE_BY_SCRIPT:
            shown = " .00"
        elif item.structured:
            shown = ""  # in JSON-LD / microdata only; the script draws it
        else:
            shown = money(price) + (f"-{money(item.high)}" if item.high else "")
        if style == "tm":
            return self._tmall_price(item, shown, original)
        if style == "pdd":
            return self._pdd_price(item, price, original)
        out = (
            f'<div class="summary-price-wrap"><div class="summary-price J-summary-price">'
            f'<div class="dt">万 象 价</div><div class="dd"><span class="p-price">'
            f'<span>￥</span><span class="price J-p-{sku}" data-sku="{sku}">{shown}</span></span>'
            f'<a class="notice J-notify-sale" href="#none" data-type="1" data-sku="{sku}">降价通知</a>'
        )
        if original:
            out += (
                f'<span class="pricing">[{e(original[0])}<del id="page_origin_price">'
                f"￥{money(original[1])}</del>]</span>"
            )
        out += "</div></div>"
        if item.coupon:
            off = max(1, round(price - item.coupon[1]))
            out += (
                f'<div class="summary-quan"><div class="dt">领　　券</div><div class="dd">'
                f'<a class="J-open-tb" href="#none"><span class="quan-item"><span class="text">'
                f"满{int(price)}减{off}</span></span></a></div></div>"
                f'<div class="summary-price J-final-price"><div class="dt">{e(item.coupon[0])}</div>'
                f'<div class="dd"><span class="p-price"><span>￥</span>'
                f"<span>{money(item.coupon[1])}</span></span></div></div>"
            )
        out += (
            '<div class="summary-info J-summary-info"><div class="comment-count">'
            f'<p>累计评价</p><a class="count J-comm-{sku}" href="#comment">{1000 + item.lid % 97 * 31}+</a>'
            "</div></div></div>"
        )
        return out

    def _tmall_price(self, item: Listing, shown: str, original) -> str:
        sku = SKU[item.lid]
        num = f'<span class="tm-price" data-sku="{sku}">{shown}</span>'
        if original:
            panels = (
                f'<dl class="tm-price-panel" id="J_StrPriceModBox"><dt class="tb-metatit">'
                f'{e(original[0])}</dt><dd><em class="tm-yen">¥</em><span class="tm-price">'
                f"{money(original[1])}</span></dd></dl>"
                f'<dl class="tm-promo-panel" id="J_PromoPrice"><dt class="tb-metatit">促销价</dt>'
                f'<dd><div class="tm-promo-price"><em class="tm-yen">¥</em>{num}</div></dd></dl>'
            )
        else:
            panels = (
                f'<dl class="tm-price-panel tm-price-cur" id="J_StrPriceModBox">'
                f'<dt class="tb-metatit">价格</dt><dd><em class="tm-yen">¥</em>{num}</dd></dl>'
            )
        if item.coupon:
            panels += (
                f'<dl class="tm-coupon-panel"><dt class="tb-metatit">{e(item.coupon[0])}</dt><dd>'
                f'<em class="tm-yen">¥</em><span class="tm-price">{money(item.coupon[1])}</span>'
                "</dd></dl>"
            )
        return (
            f'<div class="tm-fcs-panel">{panels}<dl class="tm-happy11-panel"><dt>活动</dt>'
            "<dd>年货节 跨店每满300减50</dd></dl></div>"
            f'<ul class="tm-ind-panel"><li class="tm-ind-item tm-ind-sellCount"><div class="tm-indcon">'
            f'<span class="tm-label">月销量</span><span class="tm-count">{200 + item.lid % 89 * 7}</span>'
            f'</div></li><li class="tm-ind-item tm-ind-reviewCount"><div class="tm-indcon">'
            f'<span class="tm-label">累计评价</span><span class="tm-count">{900 + item.lid % 53 * 11}'
            "</span></div></li></ul>"
        )

    def _pdd_price(self, item: Listing, price: float, original) -> str:
        def split(v: float) -> str:
            whole, dec = money(v).split(".")
            return f'<span class="yen">¥</span><em>{whole}</em><span class="dec">.{dec}</span>'

        shown = split(price) + (f" - {split(item.high)}" if item.high else "")
        out = f'<div class="goods-price"><div class="price-now">{shown}</div>'
        if item.coupon:
            out += f'<div class="price-coupon">{e(item.coupon[0])}{split(item.coupon[1])}</div>'
        if original:
            out += (
                f'<div class="price-origin"><span class="label">{e(original[0])}</span>'
                f'<span class="line-through">¥{money(original[1])}</span></div>'
            )
        out += f'<div class="sales">已拼{3000 + item.lid % 71 * 13}件</div></div>'
        return out

    # --- listings ----------------------------------------------------------------------------

    def listing_page(self, item: Listing, shop: Shop) -> str:
        top, leaf, default_service = catalog.CATEGORIES[item.cat]
        style = self.style(item)
        sku = SKU[item.lid]
        service = item.service or default_service
        shop_far = self.shop_link(shop, far=True)
        crumb = (
            f'<div class="crumb-wrap" id="crumb-wrap"><div class="w"><div class="crumb fl clearfix">'
            f'<div class="item first"><a href="{self.channel_url(top)}">{e(top)}</a></div>'
            f'<div class="item sep">&gt;</div><div class="item"><a href="{self.category_url(item.cat)}">'
            f'{e(leaf)}</a></div><div class="item sep">&gt;</div><div class="item">'
            f'<a href="{shop_far}">{e(shop.name)}</a></div><div class="item sep">&gt;</div>'
            f'<div class="item ellipsis" title="{e(item.title)}">{e(item.title[:12])}</div></div>'
            f'<div class="contact fr clearfix"><div class="name goodshop EDropdown">'
            f'<a href="{shop_far}" title="{e(shop.name)}">{e(shop.name)}</a></div>'
            f'<div class="J-im-btn"><a href="/im/index.html?shopId={VID[shop.sid]}">联系客服</a></div>'
            f'<div class="J-follow-shop"><a href="#none">关注店铺</a></div></div></div></div>'
        )
        if style == "tm":
            title = (
                f'<div class="tb-detail-hd"><h1 data-spm="1000983">{e(item.title)}</h1>'
                f'<p class="newp">年货节 跨店每满300减50 部分商品叠加优惠券</p></div>'
            )
        elif style == "pdd":
            title = (
                f'<div class="goods-name"><span class="goods-tag">百亿补贴</span>'
                f'<span class="enable-select">{e(item.title)}</span></div>'
            )
        else:
            title = (
                f'<div class="sku-name">{e(item.title)}</div><div class="news">'
                f'<div class="item hide" id="p-ad">【年货节】满199减30，部分商品叠加优惠券</div></div>'
            )
        support = (
            f'<div class="summary-stock"><div class="dt">配 送 至</div><div class="dd">'
            f'<div class="ui-area-text">江苏 南京市 建邺区</div><div class="store-prompt">'
            f"<strong>有货</strong> 23:10前下单，预计明天送达</div>"
            f'<div class="summary-service">由 <a href="{shop_far}">{e(shop.name)}</a> 发货，'
            f"并提供售后服务。</div></div></div>"
            f'<div class="summary-support"><div class="dt">服　　务</div><div class="dd">'
            f'<ul class="choose-support"><li class="J-service-item">{e(service)}</li>'
            f'<li class="J-yfx">运费险 最高可报10元</li><li>满99元免运费</li></ul></div></div>'
        )
        buy = (
            f'<div class="choose-amount"><div class="dt">数　　量</div><div class="dd">'
            f'<input class="buy-num" value="1" id="buy-num"><a class="btn-reduce" href="#none">-</a>'
            f'<a class="btn-add" href="#none">+</a></div></div>'
            f'<div class="choose-btns" id="choose-btns">'
            f'<a href="/cart/gate.html?pid={sku}&pcount=1&ptype=1" id="InitCartUrl" '
            f'class="btn-special1 btn-lg">加入购物车</a>'
            f'<a href="javascript:;" class="btn-special2 btn-lg" id="btn-onkeybuy">立即购买</a></div>'
            f'<div class="summary-tip">温馨提示 · 请完成实名认证后购买 · 不支持使用万象E卡</div>'
        )
        intro = (
            f'<div class="product-intro clearfix"><div class="preview-wrap"><div id="preview">'
            f'<img id="spec-img" src="/static/img/sku-{sku % 9}.png" alt="{e(item.title)}" '
            f'width="450" height="450"></div></div><div class="itemInfo-wrap">{title}'
            f'<div class="summary summary-first">{self.price_box(item)}</div>'
            f"{support}{buy}</div></div>"
        )
        body = (
            f'{crumb}<div class="w">{intro}<div class="aside">{self.seller_box(item, shop)}'
            f"{self.shop_recommend(item, shop)}{self.look_again(item)}</div>"
            f'<div class="detail">{self.tabs(item)}{self.detail(item, shop, leaf)}'
            f"{self.guarantee(service)}{self.reviews(item)}{self.ask(item)}</div>"
            f"{self.guess(item)}</div>"
        )
        head = (
            f'<meta name="keywords" content="{e(item.title)},{e(leaf)},{e(shop.name)}">'
            f'<meta name="description" content="【{PLATFORM["name"]}】{e(item.title)}，'
            f"{PLATFORM['name']}提供正品行货，并包括{e(leaf)}网购指南，以及图片、参数、评论、"
            f'晒单等信息。网购上{PLATFORM["name"]}，放心又轻松！">'
            f'<link rel="canonical" href="{self.host()}{self.listing_url(item.lid)}">'
        )
        micro = ""
        if item.structured and style != "tm":
            head += ld_json(self.product_jsonld(item, shop))
        elif item.structured:
            micro = self.product_microdata(item, shop)
        if style == "tm":
            page_title = f"{item.title}-{shop.name}-{PLATFORM['name']}"
        else:
            page_title = (
                f"【{PLATFORM['name']}】{item.title}【行情 报价 价格 评测】-{PLATFORM['name']}"
            )
        script = (
            f"<script>var pageConfig = {{product: {{skuid: {sku}, venderId: {VID[shop.sid]}, "
            f"cat: [{CAT_CODE[item.cat]}]}}}};</script>"
            '<script src="/static/item-e.js"></script>'
        )
        return self.page(page_title, micro + body, head, scripts=script)

    def product_microdata(self, item: Listing, shop: Shop) -> str:
        data = self.product_jsonld(item, shop)
        return (
            f'<div itemscope itemtype="https://schema.org/Product" class="hide">'
            f'<meta itemprop="name" content="{e(data["name"])}">'
            f'<div itemprop="offers" itemscope itemtype="https://schema.org/Offer">'
            f'<meta itemprop="price" content="{data["offers"]["price"]}">'
            f'<meta itemprop="priceCurrency" content="CNY"></div></div>'
        )

    def seller_box(self, item: Listing, shop: Shop) -> str:
        far = self.shop_link(shop, far=True)
        phone = (
            f'<div class="pop-shop-phone">客服电话：<span>{e(shop.phones[0])}</span></div>'
            if shop.phones
            else ""
        )
        return (
            f'<div class="m m-aside popbox" id="popbox"><div class="mt"><h3>'
            f'<a href="{far}" title="{e(shop.name)}">{e(shop.name)}</a></h3>'
            f'<div class="pop-score-summary"><div class="score-infor"><div class="score-part">'
            f'<span class="score-desc">商品评价</span><span class="score-detail">9.6</span></div>'
            f'<div class="score-part"><span class="score-desc">物流履约</span>'
            f'<span class="score-detail">9.5</span></div><div class="score-part">'
            f'<span class="score-desc">售后服务</span><span class="score-detail">9.4</span></div>'
            f'</div></div></div><div class="mc">{phone}'
            f'<div class="pop-shop-im"><a href="/im/index.html?shopId={VID[shop.sid]}">在线客服</a></div>'
            f'<div class="btns"><a href="{far}" class="btn-def enter-shop">进店逛逛</a>'
            f'<a href="#none" class="btn-def follow-shop J-follow-shop" data-vid="{VID[shop.sid]}">'
            f"关注店铺</a></div></div></div>"
        )

    def cards(self, items: list[Listing], rec: bool = False) -> str:
        return "".join(
            f'<li class="gl-item"><div class="p-img"><a href="{self.item_link(x, rec)}" '
            f'title="{e(x.title)}"><img src="/static/img/sku-{SKU[x.lid] % 9}.png" alt=""></a></div>'
            f'<div class="p-name"><a href="{self.item_link(x, rec)}">{e(x.title)}</a></div>'
            f'<div class="p-price">{self.card_price(x)}</div></li>'
            for x in items
        )

    def shop_recommend(self, item: Listing, shop: Shop) -> str:
        others = [x for x in catalog.listings_of(shop.sid) if x.lid != item.lid][:4]
        others = [catalog.listing(x.lid, self.night) for x in others]
        if not others:
            return ""
        return (
            f'<div class="m m-aside" id="sp-hot-sale"><div class="mt"><h3>店铺推荐</h3></div>'
            f'<div class="mc"><ul class="plist">{self.cards(others)}</ul></div></div>'
        )

    def look_again(self, item: Listing) -> str:
        same = [x for x in catalog.listings_in(item.cat) if x.sid != item.sid][:3]
        same = [catalog.listing(x.lid, self.night) for x in same]
        if not same:
            same = self.recommendations(item.lid)[:2]
        return (
            f'<div class="m m-aside" id="view-buy"><div class="mt"><h3>看了又看</h3></div>'
            f'<div class="mc"><ul class="plist">{self.cards(same, rec=True)}</ul></div></div>'
        )

    def guess(self, item: Listing) -> str:
        spicy = [catalog.LISTING_BY_ID[lid] for lid in SPICY]
        spicy = [x for x in spicy if x.sid != item.sid]
        start = item.lid % len(spicy)
        picks = (spicy[start:] + spicy[:start])[:2]
        picks = self.recommendations(item.lid)[:3] + picks
        picks = [catalog.listing(x.lid, self.night) for x in picks]
        return (
            f'<div id="guessyou" class="m m-content guess-you-like"><div class="mt"><h3>为你推荐</h3>'
            f'</div><div class="mc"><ul class="plist">{self.cards(picks, rec=True)}</ul></div></div>'
        )

    def tabs(self, item: Listing) -> str:
        n = 1000 + item.lid % 97 * 31
        return (
            f'<div id="detail-tab-fixed" class="tab-main large"><ul>'
            f'<li class="current"><a href="#detail">商品介绍</a></li><li><a href="#spec">规格与包装</a></li>'
            f'<li><a href="#guarantee">售后保障</a></li><li><a href="#comment">商品评价({n}+)</a></li>'
            f'<li><a href="#askAnswer">问大家</a></li></ul>'
            f'<div class="extra"><a href="/cart/gate.html?pid={SKU[item.lid]}&pcount=1" '
            f'class="J-addcart-mini">加入购物车</a></div></div>'
        )

    def detail(self, item: Listing, shop: Shop, leaf: str) -> str:
        claims = "".join(f"<li>{e(c)}</li>" for c in item.claims)
        claims = f'<ul class="selling-points">{claims}</ul>' if claims else ""
        return (
            f'<div class="tab-con" id="detail"><div class="p-parameter"><ul class="parameter2">'
            f'<li title="{e(item.title)}">商品名称：{e(item.title)}</li>'
            f"<li>商品编号：{SKU[item.lid]}</li>"
            f'<li>店铺：<a href="{self.shop_link(shop, far=True)}">{e(shop.name)}</a></li>'
            f"<li>分类：{e(leaf)}</li></ul></div>"
            f'<div class="detail-content"><div class="detail-content-item"><p>{e(item.desc)}</p>'
            f"{claims}</div></div></div>"
            f'<div class="tab-con" id="spec"><table class="Ptable"><tr><th>主体</th><td></td></tr>'
            f"<tr><td>商品编号</td><td>{SKU[item.lid]}</td></tr><tr><td>包装清单</td>"
            f"<td>商品×1</td></tr></table></div>"
        )

    def guarantee(self, service: str) -> str:
        return (
            f'<div class="tab-con" id="guarantee"><div class="serve-agree-bd"><dl>'
            f'<dt><i class="goods"></i><strong>本商品服务</strong></dt><dd>{e(service)}</dd>'
            f"<dt><strong>万象承诺</strong></dt><dd>{PLATFORM_PROMISE}</dd>"
            f"<dt><strong>售后政策</strong></dt><dd>{PLATFORM_RETURNS}</dd>"
            f"<dt><strong>运费险</strong></dt><dd>{PLATFORM_SHIPPING}</dd>"
            f"<dt><strong>权利声明</strong></dt><dd>{PLATFORM_RIGHTS}</dd>"
            f"<dt><strong>价格说明</strong></dt><dd>{PLATFORM_PRICE_NOTE}</dd></dl></div></div>"
        )

    def reviews(self, item: Listing) -> str:
        extra = [REVIEWS[item.lid % len(REVIEWS)], REVIEW_MASKED]
        rows = "".join(
            f'<div class="comment-item"><div class="user-info">{e(who)}</div>'
            f'<div class="comment-column"><div class="comment-star star5"></div>'
            f'<p class="comment-con">{e(text)}</p><div class="comment-message">'
            f'<span class="order-info">2026-11-{10 + i:02d}</span></div></div></div>'
            for i, (who, text) in enumerate(list(item.reviews) + extra)
        )
        return (
            f'<div class="tab-con" id="comment"><div class="comment-info"><div class="comment-percent">'
            f'<strong class="percent-tit">好评度</strong><div class="percent-con">98<span>%</span>'
            f'</div></div><div class="tag-list"><span>包装精美(120)</span><span>物流快(86)</span>'
            f'</div></div><div class="comments-list">{rows}</div></div>'
        )

    def ask(self, item: Listing) -> str:
        q, a = ASK.get(item.cat, ASK_DEFAULT)
        return (
            f'<div class="tab-con" id="askAnswer"><div class="ask-wrap"><div class="askAnswer-item">'
            f'<div class="ask"><i class="icon-ask">问</i><a href="#none">{e(q)}</a></div>'
            f'<div class="answer"><i class="icon-answer">答</i><p>{e(a)}</p></div></div>'
            f'<div class="askAnswer-item"><div class="ask"><i class="icon-ask">问</i>'
            f'<a href="#none">{e(ASK_DEFAULT[0])}</a></div><div class="answer">'
            f'<i class="icon-answer">答</i><p>{e(ASK_DEFAULT[1])}</p></div></div></div></div>'
        )

    # --- shops -------------------------------------------------------------------------------

    def shop_header(self, shop: Shop, licence_link: bool) -> str:
        link = ""
        if licence_link:
            text = self.label("licence_link", shop.sid)
            if shop.sid % 5 == 2:  # an icon, its only words the image's alt and the title
                link = (
                    f'<a class="icon-license" href="{self.licence_url(shop.sid)}" title="{text}">'
                    f'<img src="/static/img/icon-license.png" alt="{text}" width="16" height="16"></a>'
                )
            else:
                link = f'<a class="J-license" href="{self.licence_url(shop.sid)}">{text}</a>'
        return (
            f'<div class="J-shop-head shop-head"><div class="w"><div class="shop-logo">'
            f'<img src="/static/img/shop-logo.png" alt="{e(shop.name)}"></div>'
            f'<div class="shop-name"><a href="{self.shop_url(shop.sid)}">{e(shop.name)}</a></div>'
            f'<div class="shop-score">店铺评分 <em>4.8</em> <span>描述相符 4.8</span> '
            f"<span>服务态度 4.7</span> <span>物流服务 4.9</span></div>"
            f'<div class="shop-follow"><a href="javascript:void(0);" class="J-follow">关注店铺</a>'
            f' <span class="fans">{3 + shop.sid % 9}.{shop.sid % 10}万人关注</span></div>'
            f'<div class="shop-im"><a href="/im/index.html?shopId={VID[shop.sid]}">联系客服</a></div>'
            f'<div class="shop-license">{link}</div></div></div>'
            f'<div class="shop-nav"><ul><li><a href="{self.shop_url(shop.sid)}">首页</a></li>'
            f'<li><a href="#J_goods">全部商品</a></li><li><a href="#J_goods">新品上市</a></li>'
            f'<li><a href="#J_info">店铺信息</a></li></ul></div>'
        )

    def pairs(self, pairs: list[tuple[str, str]], style: int, n: int) -> str:
        if not pairs:
            return ""
        if style == 0:  # Tmall-like: label and value in their own <div>s of an <li>
            rows = "".join(
                f'<li><div class="title">{e(k)}：</div><div class="right">{e(v)}</div></li>'
                for k, v in pairs
            )
            return f'<div class="extend"><ul>{rows}</ul></div>'
        if style == 1:  # JD-like: label and value spans, no colon
            rows = "".join(
                f'<div class="item"><span class="label">{e(k)}</span>'
                f'<span class="text">{e(v)}</span></div>'
                for k, v in pairs
            )
            return f'<div class="J-shop-info shop-info-list">{rows}</div>'
        if style == 2:  # four-column table
            cells = [f"<th>{e(k)}</th><td>{e(v)}</td>" for k, v in pairs]
            rows = "".join(
                "<tr>" + "".join(cells[i : i + 2]) + "</tr>" for i in range(0, len(cells), 2)
            )
            return f'<table class="contact-tb">{rows}</table>'
        colons = ("：", ":", "： ")
        parts = [f"{e(k)}{colons[(n + i) % 3]}{e(v)}" for i, (k, v) in enumerate(pairs)]
        return f'<p class="about-text">{"；".join(parts)}。</p>'

    def shop_card_price(self, item: Listing) -> str:
        return self.card_price(item)

    def shop_page(self, shop: Shop) -> str:
        lic = shop.licence
        linked = bool(lic and lic.where in ("page", "image"))
        pairs = self.home_pairs(shop)
        qr = ""
        if any(k == "微信" for k, _ in pairs):  # a WeChat QR code as the shop's contact
            wechat = next(v for k, v in pairs if k == "微信")
            qr = (
                f'<div class="wx-qrcode"><img src="/static/img/wx-qrcode.png" alt="扫码添加客服微信">'
                f"<p>扫一扫，添加客服微信（{e(wechat)}）</p></div>"
            )
        info = self.pairs(pairs, shop.style, shop.sid) + qr
        if shop.exempt:
            info += f'<div class="shop-notice"><b>店铺公告</b>：{e(shop.exempt)}</div>'
        goods = "".join(
            f'<li class="item"><a class="pic" href="{self.item_link(x)}">'
            f'<img src="/static/img/sku-{SKU[x.lid] % 9}.png" alt="{e(x.title)}"></a>'
            f'<div class="title"><a href="{self.item_link(x)}">{e(x.title)}</a></div>'
            f'<div class="price">{self.shop_card_price(x)}</div>'
            f'<div class="sale">已售 {200 + x.lid % 67 * 9}件</div></li>'
            for x in (catalog.listing(y.lid, self.night) for y in catalog.listings_of(shop.sid))
        )
        foot = (
            f'<div class="shop-footer">© 2026 {e(shop.shown_footer)} 版权所有</div>'
            if shop.shown_footer
            else ""
        )
        head = ld_json(self.shop_jsonld(shop)) if shop.structured else ""
        body = (
            f"{self.shop_header(shop, linked)}"
            f'<div class="shop-banner"><img src="/static/img/banner.png" alt="新品上市 限时特惠">'
            f'<p class="banner-text">新品上市 · 全店满199减20 · 关注店铺领5元无门槛券</p></div>'
            f'<div class="w shop-body"><div class="J_goods" id="J_goods"><div class="mt"><h3>'
            f'店铺热卖</h3></div><ul class="goods-list">{goods}</ul></div>'
            f'<div class="shop-info" id="J_info"><div class="mt"><h3>店铺信息</h3></div>{info}</div>'
            f"{foot}</div>"
        )
        return self.page(f"{shop.name} - {PLATFORM['name']}", body, head, menu=False)

    def licence_page(self, shop: Shop) -> str:
        text = self.label("licence_link", shop.sid)
        img = (
            f'<div class="license-img"><img src="{self.licence_img_url(shop.sid)}" alt="营业执照" '
            f'width="480" height="340"><p>点击查看大图</p></div>'
        )
        if shop.licence.where == "image":
            content = img
        else:
            pairs = self.licence_pairs(shop)
            if shop.style % 2:
                rows = "".join(f"<tr><th>{e(k)}：</th><td>{e(v)}</td></tr>" for k, v in pairs)
                content = f'<table class="license-tb">{rows}</table>'
            else:
                rows = "".join(
                    f'<li><span class="label">{e(k)}：</span><span class="value">{e(v)}</span></li>'
                    for k, v in pairs
                )
                content = f'<ul class="jd-license">{rows}</ul>'
            content += img if shop.licence_image else ""
        body = (
            f'{self.shop_header(shop, False)}<div class="w"><div class="qualification-wrap">'
            f'<div class="q-tit"><h3>{text}</h3></div>{content}'
            f'<div class="tips">注：以上营业执照信息，除企业名称通过认证之外，其余信息由卖家自行申报'
            f"填写。如需进一步核实，请联系当地市场监督管理部门。</div>"
            f'<p><a href="{self.shop_url(shop.sid)}">返回店铺首页</a></p></div></div>'
        )
        return self.page(f"{shop.name}{text} - {PLATFORM['name']}", body, menu=False)

    # --- platform pages ---------------------------------------------------------------------

    def pager(self, page: int, pages: int, url) -> str:
        prev = (
            f'<a class="pn-prev" href="{url(page - 1)}"><em>上一页</em></a>'
            if page > 1
            else '<span class="pn-prev disabled"><em>上一页</em></span>'
        )
        nums = "".join(
            f'<a href="{url(p)}" class="{"curr" if p == page else ""}">{p}</a>'
            for p in range(1, pages + 1)
        )
        nxt = (
            f'<a class="pn-next" href="{url(page + 1)}"><em>下一页</em></a>'
            if page < pages
            else '<span class="pn-next disabled"><em>下一页</em></span>'
        )
        return f'<div id="J_bottomPage" class="page clearfix"><span class="p-num">{prev}{nums}{nxt}</span><span class="p-skip"><em>共<b>{pages}</b>页</em></span></div>'

    def list_items(self, items: list[Listing]) -> str:
        return "".join(
            f'<li class="gl-item" data-sku="{SKU[x.lid]}"><div class="gl-i-wrap">'
            f'<div class="p-img"><a href="{self.item_link(x)}" title="{e(x.title)}">'
            f'<img src="/static/img/sku-{SKU[x.lid] % 9}.png" alt=""></a></div>'
            f'<div class="p-price">{self.card_price(x)}</div>'
            f'<div class="p-name p-name-type3"><a href="{self.item_link(x)}" title="{e(x.title)}">'
            f"<em>{e(x.title)}</em></a></div>"
            f'<div class="p-commit"><strong><a href="{self.listing_url(x.lid)}#comment">'
            f"{1 + x.lid % 9}万+</a></strong>条评价</div>"
            f'<div class="p-shop"><span class="J_im_icon">'
            f'<a href="{self.shop_link(catalog.shop(x.sid, self.night), far=True)}" '
            f'title="{e(catalog.shop(x.sid, self.night).name)}">'
            f"{e(catalog.shop(x.sid, self.night).name)}</a></span></div></div></li>"
            for x in (catalog.listing(y.lid, self.night) for y in items)
        )

    def category_page(self, slug: str, page: int, pages: int, items: list[Listing]) -> str:
        top, leaf, _ = catalog.CATEGORIES[slug]
        filters = (
            '<div class="J_selector selector"><div class="s-line"><div class="sl-key">品牌：</div>'
            '<div class="sl-value">不限</div></div><div class="s-line"><div class="sl-key">价格：'
            '</div><div class="sl-value"><span>0-99</span><span>100-499</span><span>500以上</span>'
            '</div></div></div><div id="J_filter" class="filter"><div class="f-sort">'
            '<a href="#none" class="curr">综合</a><a href="#none">销量</a><a href="#none">评论数</a>'
            '<a href="#none">新品</a><a href="#none">价格</a></div></div>'
        )
        body = (
            f'<div class="w"><div class="crumbs-nav"><a href="{self.channel_url(top)}">{e(top)}</a>'
            f' &gt; <strong>{e(leaf)}</strong></div>{filters}<div id="J_goodsList" class="goods-list-v2">'
            f'<ul class="gl-warp clearfix">{self.list_items(items)}</ul></div>'
            + self.pager(page, pages, lambda p: self.category_url(slug, p))
            + "</div>"
        )
        return self.page(
            f"{leaf} - 商品搜索 - {PLATFORM['name']}",
            body,
            scripts='<script src="/static/item-e.js"></script>',
        )

    def channel_page(self, top: str) -> str:
        slugs = [s for s, (t, _, _) in catalog.CATEGORIES.items() if t == top]
        items = [x for s in slugs for x in catalog.listings_in(s)][:12]
        leaves = "".join(
            f'<a href="{self.category_url(s)}">{e(catalog.CATEGORIES[s][1])}</a>' for s in slugs
        )
        shops = {x.sid for x in items}
        brand = "".join(
            f'<li><a href="{self.shop_link(catalog.shop(sid, self.night), far=True)}">'
            f"{e(catalog.shop(sid, self.night).name)}</a></li>"
            for sid in sorted(shops)[:6]
        )
        tips = ""
        if top == "医药健康":
            tips = (
                '<div class="channel-article"><h3>用药提醒</h3><p>保健食品不是药物，不能治疗疾病。'
                "宣称“降血压”“治疗失眠”“预防癌症”的保健品不可信；处方药须凭处方购买。</p></div>"
            )
        body = (
            f'<div class="w channel"><div class="channel-hd"><h2>{e(top)}频道</h2>'
            f'<div class="channel-cats">{leaves}</div></div>'
            f'<div class="channel-banner"><a href="{self.category_url(slugs[0])}&utm_source=channel">'
            f'<img src="/static/img/banner.png" alt="{e(top)} 年货节 满199减30"></a></div>'
            f'<div class="floor"><div class="mt"><h3>热卖推荐</h3></div><ul class="plist">'
            f"{self.cards(items, rec=True)}</ul></div>"
            f'<div class="floor"><div class="mt"><h3>品牌旗舰店</h3></div><ul>{brand}</ul></div>{tips}</div>'
        )
        return self.page(
            f"{top}频道 - {PLATFORM['name']}",
            body,
            scripts='<script src="/static/item-e.js"></script>',
        )

    def directory_page(self, page: int, pages: int, shops: list[Shop]) -> str:
        rows = "".join(
            f'<li class="shop-card"><div class="shop-card-name"><a href="{self.shop_link(s, far=True)}">'
            f'{e(s.name)}</a></div><div class="shop-card-cat">主营：'
            f"{e(catalog.CATEGORIES[catalog.listings_of(s.sid)[0].cat][1])}</div>"
            f'<a class="shop-card-enter" href="{self.shop_link(s, far=True)}">进入店铺</a></li>'
            for s in shops
        )
        body = (
            f'<div class="w"><div class="street-hd"><h2>品牌街</h2><p>精选品牌好店</p></div>'
            f'<ul class="shop-street">{rows}</ul>{self.pager(page, pages, self.directory_url)}</div>'
        )
        return self.page(f"品牌街 - {PLATFORM['name']}", body)

    def home_page(self) -> str:
        feed = [catalog.listing(x.lid, self.night) for x in catalog.plain_listings()[:10]]
        seckill = [catalog.listing(lid, self.night) for lid in (1002, 2002, 302, 3202, 2801, 1903)]
        slides = "".join(
            f'<li><a href="{self.channel_url(top)}?scm={self.scm()}">'
            f'<img src="/static/img/banner.png" alt="{e(top)} 年货节"></a></li>'
            for top in list(TOP)[:4]
        )
        news = (
            '<ul class="news_list"><li><a href="/notice/spotcheck-202611.html">[公告] 2026年第4期商品'
            '质量抽检结果公告</a></li><li><a href="/help/returns.html">[规则] 七天无理由退货规则'
            '更新</a></li><li><a href="/help/shipping.html">[服务] 运费险升级，最高可报10元</a></li>'
            '<li><a href="/help/price.html">[说明] 商品价格说明</a></li></ul>'
        )
        org = {
            "@context": "https://schema.org",
            "@type": "Organization",
            "name": PLATFORM["name"],
            "legalName": PLATFORM["company"],
            "url": self.abs("/"),
            "telephone": PLATFORM["hotline"],
        }
        body = (
            f'<div class="w fs"><div class="fs_col2"><ul class="focus-slider">{slides}</ul></div>'
            f'<div class="fs_col3"><div class="news"><div class="news_hd">万象快报</div>{news}</div>'
            f'<div class="service"><a href="/live/">直播</a> <a href="/shops/street.html">品牌街</a>'
            f"</div></div></div>"
            f'<div class="w seckill"><div class="sk_hd"><h3>万象秒杀</h3><span>FLASH DEALS</span>'
            f'</div><ul class="sk_list">{self.cards(seckill, rec=True)}</ul></div>'
            f'<div class="w feeds"><div class="feeds_hd"><h3>为你推荐</h3></div>'
            f'<ul class="feeds_list">{self.cards(feed, rec=True)}</ul></div>'
        )
        return self.page(
            f"{PLATFORM['name']}-正品低价、品质保障、配送及时、轻松购物！",
            body,
            ld_json(org),
            scripts='<script src="/static/item-e.js"></script>',
        )

    HELP: ClassVar[dict[str, str]] = {
        "index": "帮助中心",
        "returns": "七天无理由退货规则",
        "shipping": "运费说明",
        "price": "价格说明",
        "contact": "联系客服",
        "license": "营业执照信息",
    }

    def help_page(self, name: str) -> str:
        p = PLATFORM
        title = self.HELP[name]
        side = "".join(
            f'<li><a href="/help/{k}.html">{v}</a></li>' for k, v in self.HELP.items() if k != name
        )
        if name == "returns":
            content = f"<p>{PLATFORM_RETURNS}</p><p>以下情形不支持七天无理由退货：商品已拆封且影响二次销售的；赠品缺失的。</p>"
        elif name == "shipping":
            content = f"<p>{PLATFORM_SHIPPING}</p><p>生鲜商品签收后48小时内可申请坏果补偿。</p>"
        elif name == "price":
            content = f"<p>{PLATFORM_PRICE_NOTE}</p>"
        elif name == "contact":
            content = (
                f"<p>客服热线：{p['hotline']}（7×24小时）</p><p>客服邮箱：{p['email']}</p>"
                f"<p>违法和不良信息举报：{p['report']}，{p['report_email']}</p>"
                f"<p>公司地址：{p['address']}</p>"
            )
        elif name == "license":
            rows = (
                ("企业名称", p["company"]),
                ("统一社会信用代码", p["uscc"]),
                ("法定代表人", p["legal_rep"]),
                ("住所", p["address"]),
                ("增值电信业务经营许可证", p["telecom"]),
                ("食品经营许可证", p["food"]),
                ("互联网药品信息服务资格证书", p["drug_info"]),
                ("医疗器械网络交易服务第三方平台备案凭证", p["device_platform"]),
            )
            content = (
                '<table class="license-tb">'
                + "".join(f"<tr><th>{k}</th><td>{e(v)}</td></tr>" for k, v in rows)
                + '</table><p><img src="/static/img/platform-license.png" alt="营业执照"></p>'
            )
        else:
            content = (
                "<p>欢迎来到万象购帮助中心。购物流程：搜索商品 → 加入购物车 → 提交订单 → 支付 → "
                "收货评价。</p><p>常见问题请查看左侧分类。</p>"
            )
        body = (
            f'<div class="w help"><div class="help-side"><ul>{side}</ul></div>'
            f'<div class="help-main"><h2>{title}</h2>{content}</div></div>'
        )
        return self.page(f"{title} - 帮助中心 - {PLATFORM['name']}", body)

    def notice_page(self) -> str:
        rows = []
        for i, (goods, producer, sid, other, failed, measure) in enumerate(SPOT_CHECK, 1):
            if sid:
                shop = catalog.shop(sid, self.night)
                name = f'<a href="{self.shop_link(shop, far=True)}">{e(shop.name)}</a>'
            else:
                name = e(other)
            rows.append(
                f"<tr><td>{i}</td><td>{e(goods)}</td><td>{e(producer)}</td><td>{name}</td>"
                f"<td>{e(failed)}</td><td>{e(measure)}</td></tr>"
            )
        body = (
            f'<div class="w notice"><h2>关于2026年第4期商品质量抽检结果的公告</h2>'
            f"<p>为保障消费者合法权益，{PLATFORM['name']}委托第三方检测机构对平台在售商品开展质量"
            f"抽检，严厉打击高仿冒牌、虚假宣传“治疗”“第一”等违法违规行为。现将不合格商品及处理"
            f'情况公告如下：</p><table class="notice-tb"><tr><th>序号</th><th>商品名称</th>'
            f"<th>标称生产者</th><th>店铺名称</th><th>不合格项目</th><th>处理措施</th></tr>"
            f"{''.join(rows)}</table>"
            f"<p>如对抽检结果有异议，请于15个工作日内联系平台：客服电话 {PLATFORM['hotline']}，"
            f'邮箱 {PLATFORM["email"]}。</p><p class="sign">{PLATFORM["company"]}<br>2026年11月20日</p></div>'
        )
        return self.page(f"商品质量抽检公告 - {PLATFORM['name']}", body)

    def search_page(self, word: str) -> str:
        found = [x for x in catalog.LISTINGS if word and word in x.title][:PAGE_SIZE]
        body = (
            f'<div class="w"><div class="crumbs-nav">全部结果 &gt; “{e(word)}”</div>'
            f'<ul class="gl-warp">{self.list_items(found)}</ul></div>'
        )
        return self.page(f"{word} - 商品搜索 - {PLATFORM['name']}", body)

    def rooms_page(self, rooms: list[Room]) -> str:
        rows = "".join(
            f'<li class="live-card"><a href="{self.room_url(r.rid)}"><img src="/static/img/live-cover.png"'
            f' alt=""><p class="live-card-title">{e(r.title)}</p></a><span class="live-card-host">'
            f"{e(r.host)}</span></li>"
            for r in rooms
        )
        body = f'<div class="w"><h2>直播广场</h2><ul class="live-list">{rows}</ul></div>'
        return self.page(f"直播广场 - {PLATFORM['name']}", body)

    def calendar_page(self, month: str) -> str:
        y, m = month.split("-")
        body = (
            f'<div class="w"><h2>{y}年{int(m)}月 活动日历</h2><p>本月暂无大促活动，敬请期待。</p>'
            f'<a href="/activity/calendar.html?month={next_month(month, -1)}">上个月</a> '
            f'<a href="/activity/calendar.html?month={next_month(month, 1)}">下个月</a></div>'
        )
        return self.page(f"活动日历 - {PLATFORM['name']}", body)

    def history_page(self) -> str:
        items = [catalog.listing(x.lid, self.night) for x in catalog.plain_listings()[3:7]]
        body = (
            f'<div class="w"><h2>我的足迹</h2><ul class="plist">{self.cards(items, rec=True)}</ul>'
            f'<a href="/user/footprint.html?spm={self.spm()}">刷新</a></div>'
        )
        return self.page(f"我的足迹 - {PLATFORM['name']}", body)

    # --- rooms -------------------------------------------------------------------------------

    def room_shell(self, room: Room) -> str:
        hang = (
            '<img src="/static/img/live-loading.gif" alt="" width="32">'
            if room.fault == "hang"
            else ""
        )
        return f"""<!DOCTYPE html>
<html lang="zh-CN"><head>{CHARSET_MARK}<title>{PLATFORM["name"]}直播</title>
<meta name="viewport" content="width=device-width"></head>
<body><div id="root" data-web-rid="{WEB_RID[room.rid]}"></div>{hang}
<noscript>您需要允许该网站执行 JavaScript</noscript>
<script src="/static/live-e.js"></script></body></html>"""

    def api_payload(self, room: Room, k: int) -> dict:
        shop = None
        if room.seller_sid:
            s = catalog.shop(room.seller_sid, self.night)
            shop = {"shop_name": s.name, "shop_url": self.shop_url(s.sid)}
        elif room.seller_text:
            shop = {"shop_name": room.seller_text, "shop_url": ""}
        return {
            "status_code": 0,
            "data": {
                "data": [
                    {
                        "id_str": str(WEB_RID[room.rid] * 1000 + 7),
                        "title": room.title,
                        "status": 2,
                        "stats": self.api_counters(room, k),
                        "room_notice": list(room.notices),
                        "green_badge": room.badge or "",
                    }
                ],
                "user": {"nickname": room.host, "auth_info": room.verification or ""},
                "shop": shop,
                "products": [
                    {
                        "title": t,
                        "price": money(p),
                        "url": self.listing_url(lid) if lid else "",
                    }
                    for t, p, lid in room.products
                ],
            },
        }
