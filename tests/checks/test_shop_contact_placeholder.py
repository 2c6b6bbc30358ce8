"""shop.contact_placeholder: placeholder phones, test mail domains and dummy addresses."""

import pytest

from checks.base import Disclosure, Shop
from checks.shop import contact_placeholder

URL = "http://127.0.0.1:8000/shop/7"
ABOUT = "http://127.0.0.1:8000/shop/7/about"
RULE = "，属于虚假或无效的联系信息，不符合电子商务法第十七条（真实、准确披露信息）"


def test_one_finding_names_every_placeholder_and_where():
    shop = Shop(
        URL,
        phones=[Disclosure("联系电话", "13800000000", ABOUT, 21)],
        emails=[Disclosure("邮箱", "service@example.com", ABOUT, 21)],
        addresses=[Disclosure("联系地址", "联系地址联系地址", URL, 20)],
    )
    (finding,) = contact_placeholder.check(shop, None)
    assert finding.message == (
        f"店铺 {URL} 公示的联系电话 “13800000000” 为连续或重复的数字，疑似占位号码"
        f"（见 {ABOUT}，采集记录 #21）；电子邮箱 “service@example.com” 使用文档示例域名 example"
        f"（RFC 2606），不能收信（见 {ABOUT}，采集记录 #21）；地址 “联系地址联系地址” 只是标签"
        f"文字（如“联系地址”）重复，没有实际地址（见 {URL}，采集记录 #20）{RULE}"
    )
    assert finding.captures == [21, 20]
    assert finding.snippet == "13800000000；service@example.com；联系地址联系地址"


@pytest.mark.parametrize(
    ("shop", "snippet"),
    [
        (Shop(URL, phones=[Disclosure("电话", "0755-12345678")]), "0755-12345678"),
        (Shop(URL, phones=[Disclosure("电话", "0571-87023456 / 13888888888")]), "13888888888"),
        (Shop(URL, phones=[Disclosure("电话", "12345678901")]), "12345678901"),
        (Shop(URL, emails=[Disclosure("邮箱", "kefu@shop.test")]), "kefu@shop.test"),
        (Shop(URL, emails=[Disclosure("邮箱", "kefu@example.cn")]), "kefu@example.cn"),
        (Shop(URL, addresses=[Disclosure("地址", "XX省XX市XX路")]), "XX省XX市XX路"),
        (Shop(URL, addresses=[Disclosure("地址", "——")]), "——"),
    ],
)
def test_fires(shop, snippet):
    (finding,) = contact_placeholder.check(shop, None)
    assert finding.snippet == snippet


@pytest.mark.parametrize(
    "shop",
    [
        Shop(URL, phones=[Disclosure("联系电话", "0571-87023456")]),
        Shop(URL, phones=[Disclosure("客服QQ", "88888888")]),  # QQ is not a phone
        Shop(URL, phones=[Disclosure("备案号", "浙ICP备12345678号")]),
        Shop(URL, emails=[Disclosure("邮箱", "kefu@qq.com")]),  # short, real
        Shop(URL, emails=[Disclosure("邮箱", "a@x.cn")]),
        Shop(URL, addresses=[Disclosure("地址", "浙江省杭州市西湖区文三路 90 号")]),
        Shop(URL),
    ],
    ids=["phone", "qq", "icp", "qq-mail", "short-domain", "address", "nothing"],
)
def test_near_misses_do_not_fire(shop):
    assert list(contact_placeholder.check(shop, None)) == []
