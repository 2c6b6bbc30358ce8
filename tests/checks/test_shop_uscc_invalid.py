"""shop.uscc_invalid: shown codes that fail GB 32100-2015; valid forms in any width pass."""

import pytest

from checks.base import Disclosure, Shop
from checks.shop import uscc_invalid

URL = "http://127.0.0.1:8000/shop/7"
LICENCE = "http://127.0.0.1:8000/shop/7/licence"
RULE = "，不符合 GB 32100-2015《法人和其他组织统一社会信用代码编码规则》"


def code(value, capture=12, url=LICENCE):
    return Disclosure("统一社会信用代码", value, url, capture)


def test_message_quotes_code_problem_and_place():
    shop = Shop(URL, usccs=[code("91330106MA2B3C4D5X")])
    (finding,) = uscc_invalid.check(shop, None)
    assert finding.message == (
        f"店铺 {URL} 公示的统一社会信用代码 “91330106MA2B3C4D5X” 校验位错误（应为 D）"
        f"（见 {LICENCE}，采集记录 #12）{RULE}"
    )
    assert finding.captures == [12]
    assert finding.snippet == "91330106MA2B3C4D5X"


@pytest.mark.parametrize(
    ("shown", "part"),
    [
        ("9111000060003734", "“9111000060003734” 长度为 16 位（应为 18 位）"),
        (
            "91110000600O37341L",
            "“91110000600O37341L” 含有不允许的字符 “O”（GB 32100 不使用字母 I、O、S、V、Z）",
        ),
        ("N2330106MA2B4C5D60", "“N2330106MA2B4C5D60” 校验位错误（应为 D）"),
    ],
)
def test_fires_for_each_kind_of_problem(shown, part):
    (finding,) = uscc_invalid.check(Shop(URL, usccs=[code(shown)]), None)
    assert (
        finding.message
        == f"店铺 {URL} 公示的统一社会信用代码 {part}（见 {LICENCE}，采集记录 #12）{RULE}"
    )


def test_one_finding_lists_each_bad_code_once():
    shop = Shop(
        URL,
        usccs=[
            code("91110000600037341N", 11, URL),
            code("９１１１００００６０００３７３４１Ｎ", 12),  # the same code again, full-width
            code("9111000060003734", 12),
        ],
    )
    (finding,) = uscc_invalid.check(shop, None)
    assert finding.snippet == "91110000600037341N；9111000060003734"
    assert finding.captures == [11, 12]


@pytest.mark.parametrize(
    "shown",
    [
        "91110000600037341L",
        "９１１１００００６０００３７３４１Ｌ",
        "91 110000 600037341L",
        "91110000600037341l",
        "53100000500019795A",
        "N2330106MA2B4C5D6D",  # authority N: legal, though python-stdnum rejects it
        "",
    ],
)
def test_valid_codes_do_not_fire(shown):
    assert list(uscc_invalid.check(Shop(URL, usccs=[code(shown)]), None)) == []
