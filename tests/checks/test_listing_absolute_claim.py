"""listing.absolute_claim: 国家级, 最佳, 第一 … but not 第一次, 最佳赏味期, 第一类医疗器械."""

import pytest

from checks.base import Listing
from checks.listing import absolute_claim

URL = "http://127.0.0.1:8000/item/42"


def test_message_quotes_each_term_in_context():
    subject = Listing(URL, title="全网最低 顶级明前龙井", claims=["国家级工艺"], captures=[31])
    (finding,) = absolute_claim.check(subject, None)
    assert finding.message == (
        f"商品 {URL}（“全网最低 顶级明前龙井”）使用绝对化用语 “全网最低”（标题：“全网最低 顶级明前龙井”）、"
        "“顶级”（标题：“全网最低 顶级明前龙井”）、“国家级”（卖点：“国家级工艺”），违反广告法第九条第（三）项"
    )
    assert finding.snippet == "全网最低；顶级；国家级"
    assert finding.captures == [31]


@pytest.mark.parametrize(
    ("subject", "snippet"),
    [
        (Listing(URL, title="销量第一的龙井"), "销量第一"),
        (Listing(URL, title="明前龙井", description="口感最佳，独一无二"), "最佳；独一无二"),
        (Listing(URL, title="NO.1 茶叶"), "NO.1"),
        (Listing(URL, title="史无前例 极品大红袍"), "史无前例；极品"),
        (Listing(URL, title="第一次购买 第一品牌"), "第一品牌"),
    ],
)
def test_fires(subject, snippet):
    (finding,) = absolute_claim.check(subject, None)
    assert finding.snippet == snippet


@pytest.mark.parametrize(
    "subject",
    [
        Listing(URL, title="明前龙井 第一次购买送茶具"),
        Listing(URL, title="新品上市第一天半价"),
        Listing(URL, title="护肤第一步 爽肤水"),
        Listing(URL, title="曲奇饼干", description="最佳赏味期 6 个月"),
        Listing(URL, title="医用棉签 第一类医疗器械"),
        Listing(URL, title="电热水壶", claims=["最高温度 100℃"]),
        Listing(URL, title="第一件原价 第二件半价"),
        Listing(URL, title="普通龙井", text="本店第一名客户评价：最佳"),  # page text is not read
    ],
    ids=[
        "first-time",
        "first-day",
        "first-step",
        "best-before",
        "class-i",
        "spec",
        "first-item",
        "page-text",
    ],
)
def test_near_misses_do_not_fire(subject):
    assert list(absolute_claim.check(subject, None)) == []


@pytest.mark.parametrize(
    "description",
    ["本品并非国家级产品", "广告法禁止使用“最佳”等绝对化用语", "切勿轻信“全网第一”的宣传"],
    ids=["negated", "quoted", "warned"],
)
def test_negated_or_quoted_absolute_terms_do_not_fire(description):
    subject = Listing(URL, title="保温杯 500ml", description=description)
    assert list(absolute_claim.check(subject, None)) == []
