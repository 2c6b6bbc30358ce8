"""shop.permit_invalid: malformed 食品经营许可证 numbers; filings are not JY numbers."""

import pytest

from checks.base import Disclosure, Shop
from checks.shop import permit_invalid

URL = "http://127.0.0.1:8000/shop/7"
LICENCE = "http://127.0.0.1:8000/shop/7/licence"
RULE = "，不符合食品经营许可管理办法关于编号由 JY 和十四位数字（主体业态代码、省级行政区划代码等）组成的规定"


def permit(value, label="食品经营许可证"):
    return Disclosure(label, value, LICENCE, 12)


def test_message_quotes_number_problem_and_place():
    (finding,) = permit_invalid.check(Shop(URL, permits=[permit("JY19901060012345")]), None)
    assert finding.message == (
        f"店铺 {URL} 公示的食品经营许可证编号 “JY19901060012345” 省级行政区划代码 “99” 不是 "
        f"GB/T 2260 所列的省份代码（见 {LICENCE}，采集记录 #12）{RULE}"
    )
    assert finding.captures == [12]
    assert finding.snippet == "JY19901060012345"


@pytest.mark.parametrize(
    "shown",
    [
        permit("JY1330106001234"),
        permit("JY43301060012345"),
        permit("JY17101060012345"),
        permit("浙食经123456"),
        permit("JY1330106001234", label="许可证编号"),  # a JY value under any label
    ],
)
def test_fires(shown):
    (finding,) = permit_invalid.check(Shop(URL, permits=[shown]), None)
    assert finding.snippet == shown.value


@pytest.mark.parametrize(
    "shown",
    [
        permit("JY13301060012345"),
        permit("ＪＹ１３３０１０６００１２３４５"),
        permit("JY 2 3301 0600 1234 5"),
        permit("YB13301060012345", label="仅销售预包装食品备案"),
        permit("YB1330106", label="食品经营许可证"),  # a filing number: not a JY number
        permit("浙杭食药监械经营备20230001号", label="第二类医疗器械经营备案"),
        permit("SC11233010600123", label="食品生产许可证"),
        permit("浙AA5710001", label="药品经营许可证"),
    ],
)
def test_near_misses_do_not_fire(shown):
    assert list(permit_invalid.check(Shop(URL, permits=[shown]), None)) == []
