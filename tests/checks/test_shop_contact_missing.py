"""shop.contact_missing: a phone or an e-mail is enough; QQ, WeChat and ICP are neither."""

import pytest

from checks.base import Disclosure, Shop
from checks.shop import contact_missing

URL = "http://127.0.0.1:8000/shop/7"
RULE = "，不符合电子商务法第十五条及“绿色直播间”创建方案关于公示真实有效联系方式的要求"


def test_nothing_shown():
    (finding,) = contact_missing.check(
        Shop(URL, pages=[URL, URL + "/about"], captures=[3, 4]), None
    )
    assert finding.message == f"店铺 {URL} 及其链接的 2 个店铺页面未公示联系电话或电子邮箱{RULE}"
    assert finding.captures == [3, 4]
    assert finding.snippet == ""


def test_only_qq_and_wechat_are_named_in_the_message():
    shop = Shop(
        URL,
        phones=[Disclosure("客服QQ", "12345678", URL, 5), Disclosure("微信", "shop_wx", URL, 5)],
        captures=[5],
    )
    (finding,) = contact_missing.check(shop, None)
    assert finding.message == (
        f"店铺 {URL} 及其链接的 1 个店铺页面未公示联系电话或电子邮箱"
        f"（仅公示 客服QQ “12345678”、微信 “shop_wx”，不属于电话号码）{RULE}"
    )
    assert finding.snippet == "客服QQ: 12345678；微信: shop_wx"


@pytest.mark.parametrize(
    "shop",
    [
        Shop(URL, phones=[Disclosure("备案号", "浙ICP备12345678号")]),
        Shop(URL, phones=[Disclosure("联系电话", "  ")], emails=[Disclosure("邮箱", "")]),
    ],
    ids=["icp-only", "blank-values"],
)
def test_fires_without_a_real_contact(shop):
    assert len(list(contact_missing.check(shop, None))) == 1


@pytest.mark.parametrize(
    "shop",
    [
        Shop(URL, phones=[Disclosure("联系电话", "0571-87023456")]),
        Shop(URL, emails=[Disclosure("邮箱", "kefu@xiaowang-tea.cn")]),
        Shop(URL, phones=[Disclosure("客服电话", "13800000000")]),  # a placeholder is shown
        Shop(URL, phones=[Disclosure("QQ", "12345678"), Disclosure("电话", "400-800-1234")]),
    ],
    ids=["phone", "email", "placeholder-phone", "qq-and-phone"],
)
def test_near_misses_do_not_fire(shop):
    assert list(contact_missing.check(shop, None)) == []
