"""shop.licence_missing: registered name and 统一社会信用代码 both needed, or an exemption."""

import pytest

from checks.base import Disclosure, Shop
from checks.shop import licence_missing

URL = "http://127.0.0.1:8000/shop/7"
LICENCE = "http://127.0.0.1:8000/shop/7/licence"
NAME = Disclosure("企业名称", "杭州小王茶业有限公司", LICENCE, 12)
CODE = Disclosure("统一社会信用代码", "91110000600037341L", LICENCE, 12)
BAD_CODE = Disclosure("统一社会信用代码", "91110000600037341N", LICENCE, 12)
IMAGE = Disclosure("营业执照", "http://127.0.0.1:8000/img/licence.jpg", LICENCE, 13)
EXEMPT = Disclosure("经营者声明", "本店为个人销售自产农副产品，依法不需要办理市场主体登记", URL, 11)
TAIL = "，也未声明属于依法不需要办理市场主体登记的情形，不符合电子商务法第十五条、网络交易监督管理办法第十二条（亮照亮证）"


def run(shop):
    return list(licence_missing.check(shop, None))


@pytest.mark.parametrize(
    ("shop", "seen", "snippet", "captures"),
    [
        (Shop(URL, captures=[11]), "未公示经营者登记名称和统一社会信用代码", "", [11]),
        (
            Shop(URL, usccs=[CODE], pages=[URL, LICENCE], captures=[11, 12]),
            "公示了统一社会信用代码 “91110000600037341L”，但未公示经营者登记名称",
            "91110000600037341L",
            [12],
        ),
        (
            Shop(URL, registered_names=[NAME], pages=[URL, LICENCE]),
            "公示了经营者名称 “杭州小王茶业有限公司”，但未公示统一社会信用代码",
            "杭州小王茶业有限公司",
            [12],
        ),
        (
            Shop(URL, licence_images=[IMAGE], pages=[URL, LICENCE], captures=[11, 13]),
            (
                "未公示经营者登记名称和统一社会信用代码（营业执照仅以图片形式展示："
                "http://127.0.0.1:8000/img/licence.jpg，未能读取其文字）"
            ),
            "http://127.0.0.1:8000/img/licence.jpg",
            [13],
        ),
        (
            Shop(
                URL,
                registered_names=[Disclosure("企业名称", "  ")],
                usccs=[CODE],
                pages=[URL, LICENCE],
            ),
            "公示了统一社会信用代码 “91110000600037341L”，但未公示经营者登记名称",
            "91110000600037341L",
            [12],
        ),
    ],
    ids=["nothing", "code-only", "name-only", "image-only", "blank-name"],
)
def test_fires(shop, seen, snippet, captures):
    (finding,) = run(shop)
    pages = len(shop.pages) or 1
    assert finding.message == f"店铺 {URL} 及其链接的 {pages} 个店铺页面{seen}{TAIL}"
    assert finding.subject_url == URL
    assert finding.snippet == snippet
    assert finding.captures == captures


@pytest.mark.parametrize(
    "shop",
    [
        Shop(URL, registered_names=[NAME], usccs=[CODE]),
        Shop(URL, registered_names=[NAME], usccs=[BAD_CODE]),  # invalid counts as shown
        Shop(URL, registered_names=[NAME], usccs=[CODE], licence_images=[IMAGE]),
        Shop(URL, exemptions=[EXEMPT]),
    ],
    ids=["name-and-code", "invalid-code-is-shown", "image-and-text", "exemption"],
)
def test_near_misses_do_not_fire(shop):
    assert run(shop) == []
