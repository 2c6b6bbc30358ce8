"""shop.licence_shared: one code or licence image, different operators; own outlets are fine."""

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
