"""listing.counterfeit_signal: a brand plus counterfeit words, or a price below 30% of reference."""

import pytest

from checks.base import Listing, Price
from checks.listing import counterfeit_signal

URL = "http://127.0.0.1:8000/item/42"
RULE = "，涉嫌销售假冒注册商标商品，违反电子商务法第四十一条至第四十五条及“十不准”第七项（不准为销售侵权商品提供便利）"


def listing(title, *prices, **kw):
    return Listing(URL, title=title, prices=[Price(k, v) for k, v in prices], captures=[31], **kw)


def test_vocabulary_message(ref):
    (finding,) = counterfeit_signal.check(
        listing("LV 老花 高仿 1:1 手提包", ("offered", 2999)), ref
    )
    assert finding.message == (
        f"商品 {URL}（“LV 老花 高仿 1:1 手提包”）在标题中标示品牌 “LV（Louis Vuitton）”，并使用假冒用语 "
        "“高仿”（标题：“LV 老花 高仿 1:1 手提包”）、“1:1”（标题：“LV 老花 高仿 1:1 手提包”）" + RULE
    )
    assert finding.captures == [31]
    assert finding.snippet == "LV；高仿；1:1"


def test_price_message_uses_the_lowest_offered_price(ref):
    subject = listing(
        "劳力士 潜航者 机械表", ("original", 68000), ("offered", 1500), ("offered", 1299)
    )
    (finding,) = counterfeit_signal.check(subject, ref)
    assert finding.message == (
        f"商品 {URL}（“劳力士 潜航者 机械表”）在标题中标示品牌 “劳力士（Rolex）”，并最低售价 ¥1,299.00 "
        "低于品牌 “劳力士（Rolex）” 正品参考最低零售价 ¥40,000.00 的 30%（¥12,000.00）" + RULE
    )
    assert finding.snippet == "劳力士；¥1,299.00"


@pytest.mark.parametrize(
    ("subject", "snippet"),
    [
        (listing("GUCCI 古驰 原单 腰带"), "GUCCI；原单"),
        (listing("gucci 腰带 A货"), "gucci；A货"),
        (listing("ＬＶ 钱包 超A"), "ＬＶ；超A"),
        (listing("MAC 子弹头口红 精仿"), "MAC；精仿"),
        (listing("耐克 AJ 莆田 纯原 球鞋"), "耐克；莆田；纯原"),
        (listing("Nike Air Force", ("offered", 9.9)), "Nike；¥9.90"),
        (listing("新款包包", description="香奈儿同款 一比一复刻"), "香奈儿；一比一；复刻"),
        (listing("Apple iPhone 15 Pro 256G", ("offered", 599)), "Apple；¥599.00"),
        (listing("飞天茅台 53度 500ml", ("offered", 299)), "飞天茅台；¥299.00"),
    ],
    ids=[
        "original-order",
        "lower-case",
        "full-width",
        "short-alias",
        "putian",
        "price",
        "description",
        "most-expensive-brand",
        "liquor",
    ],
)
def test_fires(ref, subject, snippet):
    (finding,) = counterfeit_signal.check(subject, ref)
    assert finding.snippet == snippet


@pytest.mark.parametrize(
    "subject",
    [
        listing("LV 老花 手提包 专柜正品", ("offered", 12800)),  # brand, fair price, no vocabulary
        listing("高仿真绿植 仿真花", ("offered", 9.9)),  # vocabulary, no brand
        listing("适用于 iPhone 15 的硅胶手机壳", ("offered", 19.9)),  # accessory
        listing("兼容AirPods的耳机套", ("offered", 9.9)),
        listing("茅台镇 酱香型白酒 53度 500ml", ("offered", 88)),  # the town, not the brand
        listing("Mac mini 散热支架", ("offered", 39)),  # Apple's Mac, not MAC cosmetics
        listing("游戏账号 Lv.80 满级", ("offered", 50)),  # a level, not Louis Vuitton
        listing("CLV 复古连衣裙", ("offered", 59)),  # LV inside a longer Latin word
        listing("手机支持高版本系统 华为", ("offered", 1299)),
        listing(
            "百搭卫衣", ("offered", 20), description="比 Nike 还舒服"
        ),  # price: brand not in title
    ],
    ids=[
        "genuine-price",
        "no-brand",
        "accessory-for",
        "compatible",
        "moutai-town",
        "mac-mini",
        "level",
        "inside-word",
        "software-version",
        "brand-only-in-description",
    ],
)
def test_near_misses_do_not_fire(ref, subject):
    assert list(counterfeit_signal.check(subject, ref)) == []


@pytest.mark.parametrize(
    "claim",
    ["专柜正品，拒绝高仿", "本店不卖A货", "谨防“1:1”复刻假货"],
    ids=["warned", "negated", "quoted"],
)
def test_negated_or_quoted_counterfeit_slang_does_not_fire(ref, claim):
    subject = Listing(
        URL, title="Nike Air Force 1 男款", claims=[claim], prices=[Price("offered", 699)]
    )
    assert list(counterfeit_signal.check(subject, ref)) == []
