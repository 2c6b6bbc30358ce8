"""shop.permit_missing: one permit-category listing is enough; filings and exempt goods pass."""

import pytest

from checks.base import Disclosure, Listing, Shop
from checks.shop import permit_missing

URL = "http://127.0.0.1:8000/shop/7"
ITEM = "http://127.0.0.1:8000/item/42"
RULE = "，不符合电子商务法第十二条、第十五条（依法取得并公示行政许可信息）"

TEA = Listing(ITEM, title="明前龙井 250g", breadcrumb=["首页", "食品饮料", "茶叶"], captures=[31])
APPLES = Listing(ITEM, title="烟台红富士苹果 5 斤", breadcrumb=["首页", "食品生鲜", "新鲜水果"])
DRIED = Listing(ITEM, title="芒果干 500g", breadcrumb=["首页", "食品生鲜", "水果干"])
METER = Listing(ITEM, title="欧姆龙电子血压计 家用", breadcrumb=["首页", "医疗器械", "家用医疗"])
SWABS = Listing(
    ITEM, title="第一类医疗器械 医用棉签 100 支", breadcrumb=["首页", "医疗器械", "护理用品"]
)
COLD = Listing(ITEM, title="感冒灵颗粒 国药准字Z44021940 OTC", category="药品")
BOX = Listing(ITEM, title="食品级硅胶保鲜盒", breadcrumb=["首页", "家居", "厨房收纳"])
RED = Listing(ITEM, title="酒红色连衣裙", breadcrumb=["首页", "女装"], claims=["显白"])
SNACK_CLAIM = Listing(ITEM, title="办公室下午茶礼盒", claims=["休闲零食 每日坚果"])


def shop(*listings, permits=(), filings=()):
    return Shop(
        URL, listings=list(listings), permits=list(permits), filings=list(filings), captures=[30]
    )


def test_message_names_goods_listing_and_missing_permit():
    (finding,) = permit_missing.check(shop(TEA), None)
    assert finding.message == (
        f"店铺 {URL} 销售食品（商品 “明前龙井 250g” {ITEM}，类目导航 “茶叶” 含 “茶叶”），"
        f"但未公示食品经营许可证或仅销售预包装食品备案凭证{RULE}"
    )
    assert finding.captures == [30, 31]
    assert finding.snippet == "茶叶"


@pytest.mark.parametrize(
    ("listings", "snippet"),
    [
        ([TEA], "茶叶"),
        ([APPLES, DRIED], "水果干"),  # processed fruit needs a permit
        ([METER], "欧姆龙电子血压计 家用"),
        ([COLD], "药品"),
        ([SNACK_CLAIM], "休闲零食 每日坚果"),
        ([BOX, RED, TEA], "茶叶"),  # one listing is enough
    ],
    ids=["tea", "dried-fruit", "class-ii-device", "drug", "claims", "one-of-many"],
)
def test_fires(listings, snippet):
    (finding,) = permit_missing.check(shop(*listings), None)
    assert finding.snippet == snippet


def test_each_kind_without_its_permit_is_named():
    food_permit = Disclosure("食品经营许可证", "JY13301060012345")
    (finding,) = permit_missing.check(shop(TEA, METER, permits=[food_permit]), None)
    assert "销售第二类、第三类医疗器械" in finding.message
    assert "销售食品" not in finding.message


@pytest.mark.parametrize(
    "subject",
    [
        shop(APPLES),  # edible farm produce
        shop(SWABS),  # class I device
        shop(BOX, RED),  # food-grade box, wine-red dress
        shop(TEA, permits=[Disclosure("食品经营许可证", "JY13301060012345")]),
        shop(TEA, filings=[Disclosure("仅销售预包装食品备案", "YB13301060012345")]),
        shop(TEA, permits=[Disclosure("食品经营许可证", "JY999")]),  # malformed: permit_invalid
        shop(METER, filings=[Disclosure("第二类医疗器械经营备案", "浙杭食药监械经营备20230001号")]),
        shop(COLD, permits=[Disclosure("药品经营许可证", "浙AA5710001")]),
        shop(TEA, permits=[Disclosure("许可证编号", "浙0001")]),  # names no kind: counts
        shop(),
    ],
    ids=[
        "farm-produce",
        "class-i-device",
        "not-goods",
        "food-permit",
        "food-filing",
        "malformed-permit",
        "device-filing",
        "drug-permit",
        "unnamed-permit",
        "no-listings",
    ],
)
def test_near_misses_do_not_fire(subject):
    assert list(permit_missing.check(subject, None)) == []
