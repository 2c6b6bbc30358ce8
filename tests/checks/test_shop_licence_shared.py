"""shop.licence_shared: one code or licence image, different operators; own outlets are fine."""

import pytest

from checks.base import Disclosure, Shop
from checks.shop import licence_shared

CODE = "91110000600037341L"
IMG = "http://127.0.0.1:8000/img/licence.jpg"


def shop(n, name, code=CODE, image=None, label="企业名称"):
    return Shop(
        f"http://127.0.0.1:8000/shop/{n}",
        registered_names=[Disclosure(label, name)] if name else [],
        usccs=[
            Disclosure("统一社会信用代码", code, f"http://127.0.0.1:8000/shop/{n}/licence", 10 + n)
        ],
        licence_images=[Disclosure("营业执照", image)] if image else [],
        captures=[10 + n],
    )


def test_same_code_different_operators_fires_for_both():
    a, b = (
        shop(1, "杭州小王茶业有限公司"),
        shop(2, "义乌某某贸易有限公司", code=" ９１１１００００６０００３７３４１Ｌ"),
    )
    findings = list(licence_shared.check_all([a, b], None))
    assert [f.subject_url for f in findings] == [a.url, b.url]
    assert findings[0].message == (
        f"店铺 {a.url} 公示的统一社会信用代码 “{CODE}”（其经营者为 “杭州小王茶业有限公司”）同时被经营者"
        f"不同的店铺公示：{b.url}（“义乌某某贸易有限公司”），涉嫌冒用或出借他人营业执照，"
        "不符合电子商务法第十五条、第十七条"
    )
    assert findings[0].captures == [11]


def test_same_licence_image_different_operators_fires():
    a = shop(1, "杭州小王茶业有限公司", code="91110000710926094P", image=IMG)
    b = shop(2, "义乌某某贸易有限公司", code="91120224064012553U", image=IMG)
    findings = list(licence_shared.check_all([a, b], None))
    assert len(findings) == 2
    assert "公示的营业执照图片 “http://127.0.0.1:8000/img/licence.jpg”" in findings[1].message


def test_own_flagship_and_outlet_do_not_fire():
    a = shop(1, "杭州小王茶业（集团）有限公司")
    b = shop(2, "杭州小王茶业(集团)有限公司")
    assert list(licence_shared.check_all([a, b], None)) == []


def test_shops_without_a_name_and_distinct_codes_do_not_fire():
    a = shop(1, "杭州小王茶业有限公司")
    b = shop(2, "")
    c = shop(3, "义乌某某贸易有限公司", code="91110000710926094P")
    assert list(licence_shared.check_all([a, b, c], None)) == []


# Through extraction: shop pages that link licence pages showing the code and the name in a
# table (th/td), a definition list, or running text; findings come from the assembled shops.
A, B = "杭州小王茶业有限公司", "义乌某某贸易有限公司"
SHARED = "91330106MA2B0XXXX1"


def licence(name, code=SHARED, markup="table", extra=""):
    if markup == "table":
        rows = f"<tr><th>企业名称</th><td>{name}</td></tr><tr><th>统一社会信用代码</th><td>{code}</td></tr>"
        return f"<table>{rows}</table>{extra}"
    if markup == "dl":
        return f"<dl><dt>企业名称</dt><dd>{name}</dd><dt>统一社会信用代码</dt><dd>{code}</dd></dl>{extra}"
    return f"<p>企业名称：{name}</p><p>统一社会信用代码：{code}</p>{extra}"


MARKUPS = ["table", "dl", "text"]
FIRES = [
    *[(licence(A, markup=m), licence(B, markup=m)) for m in MARKUPS],
    (licence(A, markup="table"), licence(B, markup="dl")),
    (licence(A, markup="dl"), licence(B, markup="text")),
    (licence(A), licence(B, code="９１３３０１０６ＭＡ２Ｂ０ＸＸＸＸ１")),  # full width
    (licence(A), licence(B, code="91330106 MA2B0 XXXX1", markup="dl")),  # spaced
    (licence(A), licence(B, code="91330106-MA2B0-XXXX1", markup="text")),  # hyphens
    (licence(A, markup="text"), licence("义乌某某贸易商行", markup="table")),
    (licence(A), licence("杭州小王茶业有限公司义乌分公司")),  # a branch is another operator
]


@pytest.mark.parametrize(("first", "second"), FIRES)
def test_a_code_shown_by_two_operators_fires_for_both(shop_pages, first, second):
    shops = shop_pages([(1, first), (2, second)])
    findings = list(licence_shared.check_all(shops, None))
    assert [f.subject_url for f in findings] == [s.url for s in shops]
    assert "涉嫌冒用或出借他人营业执照" in findings[0].message


def test_three_shops_one_code_name_the_others(shop_pages):
    shops = shop_pages(
        [
            (1, licence(A)),
            (2, licence(B, markup="dl")),
            (3, licence("温州某某鞋业有限公司", markup="text")),
        ]
    )
    findings = list(licence_shared.check_all(shops, None))
    assert len(findings) == 3
    assert (
        "义乌某某贸易有限公司" in findings[0].message
        and "温州某某鞋业有限公司" in findings[0].message
    )


NEAR_MISSES = [
    *[(licence(A, markup=m), licence(A, markup=m)) for m in MARKUPS],  # one operator, two shops
    (licence("杭州小王茶业（集团）有限公司"), licence("杭州小王茶业(集团)有限公司", markup="dl")),
    (licence(A, markup="text"), licence("杭州小王茶业有限公司 ", markup="table")),
    (licence(A), licence(B, code="91110000710926094P")),  # different codes
    (licence(A, markup="dl"), licence(B, code="91120224064012553U", markup="dl")),
    (licence(A, code="9133************X1"), licence(B, code="9133************X1")),  # masked
    (licence(A, markup="text"), licence(B, code="9133 **** **** XXX1", markup="text")),
    (licence(A), "<p>本店暂未上传营业执照</p>"),  # the other shows nothing
    (licence(A, markup="dl"), licence("", markup="dl")),  # no name to compare
]


@pytest.mark.parametrize(("first", "second"), NEAR_MISSES)
def test_one_operator_distinct_or_masked_codes_do_not_fire(shop_pages, first, second):
    shops = shop_pages([(1, first), (2, second)])
    assert list(licence_shared.check_all(shops, None)) == []
