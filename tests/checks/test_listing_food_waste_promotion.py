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


# Through extraction (HTML → facts → assembly → check), in running text, tables, dl and feeds.
FIRES = [
    ("大胃王挑战套餐 一人吃完 5 斤", "<p>麻辣口味</p>", "大胃王"),
    ("麻辣小龙虾", "<p>主播同款，大胃王挑战一口气吃完！</p>", "大胃王"),
    ("卤味拼盘", "<p>聚餐前来一条，暴饮暴食也不怕。</p>", "暴饮暴食"),
    ("辣条礼包", "<table><tr><th>卖点</th><td>大胃王吃播同款</td></tr></table>", "大胃王"),
    ("烧烤套餐", "<dl><dt>适用场景</dt><dd>暴饮暴食派对</dd></dl>", "暴饮暴食"),
    ("炸鸡全家桶", "<ul><li>狂吃不胖</li><li>香脆多汁</li></ul>", "狂吃"),
    ("螺蛳粉", "<p>不怕胖，大胃王来了</p>", "大胃王"),
    ("火锅底料", "<table><tr><th>大胃挑战</th><td>支持</td></tr></table>", "大胃挑战"),
    ("牛肉面", "<p>拒绝浪费，但大胃王挑战照样来</p>", "大胃王"),
    ("饺子 100 只", "<ul class='feed'><li>吃播挑战：一次吃完8盒</li></ul>", "吃播挑战"),
    ("无糖大胃王零食桶", "<p>休闲零食</p>", "大胃王"),
]


@pytest.mark.parametrize(("title", "fragment", "snippet"), FIRES)
def test_promotion_in_any_markup_fires(listing_page, title, fragment, snippet):
    (finding,) = food_waste_promotion.check(listing_page(title, fragment), None)
    assert finding.snippet.split("；")[0] == snippet


NEAR_MISSES = [
    ("坚果礼盒", "<p>我们反对大胃王式吃播</p>"),  # warned
    ("坚果礼盒", "<p>切勿暴饮暴食，按需购买</p>"),  # prohibited
    ("坚果礼盒", "<table><tr><th>大胃王挑战</th><td>不提倡</td></tr></table>"),  # structured
    ("坚果礼盒", "<dl><dt>温馨提示</dt><dd>拒绝大胃王，光盘行动</dd></dl>"),  # warned, dl
    ("陶瓷碗", "<p>“大胃王”节目周边，仅作收藏</p>"),  # quoted
    ("坚果礼盒", "<p>根据《反食品浪费法》第二十二条，禁止宣扬大胃王吃播</p>"),  # cited
    ("坚果礼盒", "<p>大胃王式吃播不可取，请按需购买</p>"),  # verdict after
    ("坚果礼盒", "<p>本品并非大胃王挑战套餐</p>"),  # negated
    ("坚果礼盒", "<ul><li>家庭装 分享更实惠</li></ul>"),  # family pack
    ("坚果礼盒", "<table><tr><th>提示</th><td>暴饮暴食有害健康</td></tr></table>"),  # verdict
    ("坚果礼盒", "<ul class='feed'><li>严禁以下行为：大胃王吃播、催吃</li></ul>"),  # feed heading
]


@pytest.mark.parametrize(("title", "fragment"), NEAR_MISSES)
def test_negated_warned_prohibited_or_quoted_do_not_fire(listing_page, title, fragment):
    assert list(food_waste_promotion.check(listing_page(title, fragment), None)) == []
