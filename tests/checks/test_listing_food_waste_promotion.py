"""listing.food_waste_promotion: 大胃王, 暴饮暴食 and eating challenges; 光盘行动 is fine."""

import pytest

from checks.base import Listing
from checks.listing import food_waste_promotion

URL = "http://127.0.0.1:8000/item/42"


def test_message():
    subject = Listing(URL, title="大胃王挑战套餐", captures=[31])
    (finding,) = food_waste_promotion.check(subject, None)
    assert finding.message == (
        f"商品 {URL}（“大胃王挑战套餐”）宣扬量大多吃、暴饮暴食：“大胃王”（标题：“大胃王挑战套餐”），"
        "违反反食品浪费法第二十二条及“十不准”第十项（不准宣导铺张浪费）"
    )
    assert finding.snippet == "大胃王"
    assert finding.captures == [31]


@pytest.mark.parametrize(
    ("subject", "snippet"),
    [
        (Listing(URL, title="自助烤肉券", description="暴饮暴食也不怕"), "暴饮暴食"),
        (Listing(URL, title="巨无霸汉堡", claims=["一人吃完 3 斤挑战"]), "一人吃完 3 斤"),
        (Listing(URL, title="辣条", text="吃播挑战同款"), "吃播挑战"),
    ],
)
def test_fires(subject, snippet):
    (finding,) = food_waste_promotion.check(subject, None)
    assert finding.snippet == snippet


@pytest.mark.parametrize(
    "subject",
    [
        Listing(URL, title="家庭装坚果礼盒 1.5kg"),
        Listing(URL, title="小份菜", description="光盘行动，拒绝浪费"),
        Listing(URL, title="代餐粉", description="拒绝暴饮暴食，科学饮食"),
        Listing(URL, title="明前龙井"),
    ],
    ids=["family-pack", "clean-plate", "warning", "plain"],
)
def test_near_misses_do_not_fire(subject):
    assert list(food_waste_promotion.check(subject, None)) == []
