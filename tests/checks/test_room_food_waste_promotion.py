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


# Through extraction of a drawn room (HTML → facts → assembly → check).
FIRES = [
    ("深夜大胃王挑战 10斤小龙虾一口气吃完", "<p>欢迎来到直播间</p>", "大胃王"),
    ("零食狂欢夜", "<p class='notice'>公告：今晚暴饮暴食挑战，吃到扶墙出！</p>", "暴饮暴食"),
    ("家乡美食", "<p>主播今天一口气吃完10碗面</p>", "一口气吃完10碗"),
    ("家乡美食", "<table><tr><th>今晚节目</th><td>大胃王吃播</td></tr></table>", "大胃王"),
    ("家乡美食", "<dl><dt>活动</dt><dd>吃播挑战，吃完免单</dd></dl>", "吃播挑战"),
    ("家乡美食", "<ul class='feed'><li>小李：主播狂吃三盘！</li></ul>", "狂吃"),
    ("家乡美食", "<p>不怕撑，暴饮暴食走起</p>", "暴饮暴食"),
    ("家乡美食", "<table><tr><th>大胃挑战</th><td>是</td></tr></table>", "大胃挑战"),
    ("家乡美食", "<p>光盘行动？不存在的，但胡吃海塞才过瘾</p>", "胡吃海塞"),
    ("大胃王的深夜食堂", "<p>火锅专场</p>", "大胃王"),
    ("家乡美食", "<div>1. 大胃王挑战套餐 ¥99</div>", "大胃王"),
]


@pytest.mark.parametrize(("title", "fragment", "snippet"), FIRES)
def test_promotion_in_any_markup_fires(room_page, title, fragment, snippet):
    (finding,) = food_waste_promotion.check(room_page(title, fragment), None)
    assert finding.snippet.split("；")[0] == snippet


NEAR_MISSES = [
    ("家乡美食", "<p class='notice'>公告：本直播间反对大胃王式吃播</p>"),  # warned
    ("家乡美食", "<p>切勿暴饮暴食</p>"),  # prohibited
    ("家乡美食", "<table><tr><th>大胃王挑战</th><td>不提倡</td></tr></table>"),  # structured
    ("家乡美食", "<dl><dt>主播提示</dt><dd>抵制浪费、暴饮暴食</dd></dl>"),  # warned, dl
    ("家乡美食", "<p>节目《大胃王》下期见</p>"),  # quoted title
    ("家乡美食", "<p>平台规则：直播中不得宣扬大胃王</p>"),  # cited rule
    ("家乡美食", "<p>暴饮暴食伤胃，请适量</p>"),  # verdict after
    ("家乡美食", "<p>这不是大胃王挑战，是家常菜教学</p>"),  # negated
    ("家乡美食", "<p class='notice'>拒绝浪费，按需购买</p>"),  # set phrase
    ("家乡美食", "<ul class='feed'><li>主播：严禁以下行为：催吃、大胃王吃播</li></ul>"),  # feed
    ("家乡美食", "<table><tr><th>提示</th><td>警惕大胃王式浪费</td></tr></table>"),  # warned
]


@pytest.mark.parametrize(("title", "fragment"), NEAR_MISSES)
def test_negated_warned_prohibited_or_quoted_do_not_fire(room_page, title, fragment):
    assert list(food_waste_promotion.check(room_page(title, fragment), None)) == []
