"""shop.identity_mismatch: licence name vs operator named elsewhere, compared folded."""

import pytest

from checks.base import Disclosure, Shop
from checks.shop import identity_mismatch

URL = "http://127.0.0.1:8000/shop/7"
LICENCE = "http://127.0.0.1:8000/shop/7/licence"
NAME = Disclosure("企业名称", "杭州小王茶业（集团）有限公司", LICENCE, 12)
RULE = "，经营者身份信息不真实或不一致，不符合电子商务法第十七条"


def shop(*operators, names=(NAME,), legal_reps=()):
    return Shop(
        URL, registered_names=list(names), operators=list(operators), legal_reps=list(legal_reps)
    )


def test_message_names_both_names_and_where():
    footer = Disclosure("footer", "© 2024 义乌某某贸易有限公司 版权所有", URL, 11)
    (finding,) = identity_mismatch.check(shop(footer), None)
    assert finding.message == (
        f"店铺 {URL} footer 标示的经营者 “义乌某某贸易有限公司”（见 {URL}，采集记录 #11） "
        f"与营业执照登记名称 “杭州小王茶业（集团）有限公司”（见 {LICENCE}，采集记录 #12） 不一致{RULE}"
    )
    assert finding.captures == [12, 11]
    assert finding.snippet == "杭州小王茶业（集团）有限公司；© 2024 义乌某某贸易有限公司 版权所有"


@pytest.mark.parametrize(
    "subject",
    [
        shop(Disclosure("jsonld:legalName", "杭州小王茶叶有限公司")),
        shop(Disclosure("经营者", "杭州小王茶业（集团）有限公司杭州分公司")),
        shop(
            names=[NAME, Disclosure("名称", "义乌某某贸易有限公司", LICENCE, 12)]
        ),  # two different names on the licence
        shop(Disclosure("经营者", "有限公司")),  # a tail, but not a footer's ©
        shop(Disclosure("©", "义乌小王茶业（集团）有限公司")),  # another region: not a tail
    ],
    ids=["legal-name", "branch", "two-licence-names", "tail-not-footer", "other-region"],
)
def test_fires(subject):
    assert len(list(identity_mismatch.check(subject, None))) == 1


@pytest.mark.parametrize(
    "subject",
    [
        shop(Disclosure("footer", "© 2019-2024 杭州小王茶业(集团)有限公司 All rights reserved.")),
        shop(Disclosure("jsonld:legalName", "杭州小王茶业【集团】有限公司")),
        shop(Disclosure("经营者", "杭州小王茶业 （集团） 有限公司")),
        shop(Disclosure("经营者", "ＨＡＮＧＺＨＯＵ")),  # Latin only: not compared
        shop(Disclosure("经营者", "王小明")),  # 个体工商户: the owner's name
        shop(Disclosure("法定代表人", "王小明有限公司")),  # a person's label
        shop(legal_reps=[Disclosure("法定代表人", "王小明")]),
        shop(Disclosure("经营者", "义乌某某贸易有限公司"), names=()),  # no licence name
        shop(names=[NAME, Disclosure("名称", "杭州小王茶业(集团)有限公司")]),
        shop(Disclosure("©", "有限公司")),  # 杭州 小王茶业（集团） 有限公司 版权所有: its last word
    ],
    ids=[
        "footer-half-width",
        "lenticular-brackets",
        "spaces",
        "latin-only",
        "person-operator",
        "legal-rep-label",
        "legal-rep",
        "no-registered-name",
        "same-name-twice",
        "footer-name-spaced",
    ],
)
def test_near_misses_do_not_fire(subject):
    assert list(identity_mismatch.check(subject, None)) == []
