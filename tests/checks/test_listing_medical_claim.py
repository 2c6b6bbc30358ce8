"""listing.medical_claim: disease claims on goods that are not drugs or devices."""

import pytest

from checks.base import Listing
from checks.listing import medical_claim

URL = "http://127.0.0.1:8000/item/42"


def test_message_quotes_each_claim():
    subject = Listing(
        URL, title="苦瓜茶 降血糖 降血压", description="三个月根治糖尿病", captures=[31]
    )
    (finding,) = medical_claim.check(subject, None)
    assert finding.message == (
        f"商品 {URL}（“苦瓜茶 降血糖 降血压”）不是药品或医疗器械，却宣称疾病预防、治疗功能："
        "“降血糖”（标题：“苦瓜茶 降血糖 降血压”）、“降血压”（标题：“苦瓜茶 降血糖 降血压”）、"
        "“根治”（描述：“三个月根治糖尿病”），违反广告法第十七条、食品安全法第七十三条"
    )
    assert finding.snippet == "降血糖；降血压；根治"
    assert finding.captures == [31]


@pytest.mark.parametrize(
    ("subject", "snippet"),
    [
        (Listing(URL, title="灵芝孢子粉 抗癌 防癌"), "抗癌；防癌"),
        (
            Listing(URL, title="鱼油 蓝帽子保健食品", claims=["预防心脑血管疾病"]),
            "预防心脑血管疾病",
        ),
        (Listing(URL, title="艾草泡脚包", text="坚持使用可治愈失眠"), "治愈"),
        (Listing(URL, title="保健食品 不能代替药物", description="有效治疗高血压"), "治疗"),
    ],
    ids=["cancer", "health-food-prevents", "page-text", "warning-plus-claim"],
)
def test_fires(subject, snippet):
    (finding,) = medical_claim.check(subject, None)
    assert finding.snippet == snippet


@pytest.mark.parametrize(
    "subject",
    [
        Listing(URL, title="鱼油软胶囊", description="保健食品不是药物，不能代替药物治疗疾病。"),
        Listing(URL, title="感冒灵颗粒 国药准字Z44021940", description="用于治疗感冒引起的头痛"),
        Listing(URL, title="布洛芬缓释胶囊 OTC", claims=["用于缓解轻至中度疼痛，治疗发热"]),
        Listing(
            URL, title="电子血压计 械注准20202070001", claims=["家用测量血压", "辅助降血压管理"]
        ),
        Listing(URL, title="红光治疗仪", breadcrumb=["首页", "医疗器械", "理疗仪器"]),
        Listing(URL, title="无糖饼干", description="糖尿病患者慎食；不适宜人群：孕妇"),
        Listing(URL, title="明前龙井", description="清香回甘"),
    ],
    ids=["health-food-warning", "drug", "otc", "device", "device-breadcrumb", "caution", "plain"],
)
def test_near_misses_do_not_fire(subject):
    assert list(medical_claim.check(subject, None)) == []


@pytest.mark.parametrize(
    "description",
    [
        "本品不能治疗疾病，不能代替药物",
        "根据《广告法》第十七条，普通食品不得宣称“降血糖”",
        "谨防宣称抗癌的保健品",
    ],
    ids=["negated", "quoted", "warned"],
)
def test_negated_or_quoted_medical_terms_do_not_fire(description):
    subject = Listing(URL, title="苦荞茶 300g", description=description)
    assert list(medical_claim.check(subject, None)) == []
