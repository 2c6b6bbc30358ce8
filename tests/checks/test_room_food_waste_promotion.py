"""room.food_waste_promotion: 大胃王 and eating challenges in a room; 光盘行动 is fine."""

import pytest

from checks.base import Room
from checks.room import food_waste_promotion

URL = "http://127.0.0.1:8000/live/88"


def test_fires_on_the_title():
    room = Room(URL, title="大胃王吃播挑战：一口气吃完10碗面", captures=[40])
    (finding,) = food_waste_promotion.check(room, None)
    assert finding.message == (
        f"直播间 {URL} 宣扬量大多吃、暴饮暴食：“大胃王”（标题：“大胃王吃播挑战：一口气吃完10…”）、"
        "“吃播挑战”（标题：“大胃王吃播挑战：一口气吃完10碗面”）、“一口气吃完10碗”（标题：“大胃王吃播"
        "挑战：一口气吃完10碗面”），违反反食品浪费法第二十二条及“十不准”第十项（不准宣导铺张浪费）"
    )
    assert finding.snippet == "大胃王；吃播挑战；一口气吃完10碗"
    assert finding.captures == [40]


@pytest.mark.parametrize(
    "room",
    [
        Room(URL, notices=["今晚暴饮暴食专场"]),
        Room(URL, products=[{"title": "大胃王挑战套餐"}]),
        Room(URL, text="主播一人吃5斤龙虾"),
    ],
    ids=["notice", "product", "text"],
)
def test_fires(room):
    assert len(list(food_waste_promotion.check(room, None))) == 1


@pytest.mark.parametrize(
    "room",
    [
        Room(URL, title="家乡美食直播", notices=["光盘行动，拒绝浪费"]),
        Room(URL, notices=["拒绝暴饮暴食，适量饮食"]),
        Room(URL, products=[{"title": "家庭装坚果礼盒"}]),
        Room(URL, text="抵制大胃王吃播"),
    ],
    ids=["clean-plate", "warning", "family-pack", "boycott"],
)
def test_near_misses_do_not_fire(room):
    assert list(food_waste_promotion.check(room, None)) == []
