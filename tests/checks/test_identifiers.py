"""Phones, e-mail, addresses and 食品经营许可证 numbers: placeholders and near misses."""

import pytest

from checks.identifiers import (
    address_problem,
    email_problem,
    is_phone_disclosure,
    jy_number,
    jy_problem,
    phone_problem,
)

RUN = "为连续或重复的数字，疑似占位号码"
IMPOSSIBLE = "不符合中国电话号码编号规则"
EXAMPLE = "使用文档示例域名 example（RFC 2606），不能收信"
NOT_AN_ADDRESS = "不是有效的电子邮箱地址"
LABEL_ONLY = "只是标签文字（如“联系地址”）重复，没有实际地址"
FILLER = "含有“xx省xx市”“某某”一类的占位文字"
PUNCTUATION = "只有标点符号"
PROVINCE = "省级行政区划代码 “{}” 不是 GB/T 2260 所列的省份代码"

# (what a shop shows, the problem named); None: a real value, no problem
PHONES = [
    ("13800000000", RUN),
    ("138 0000 0000", RUN),
    ("0755-12345678", RUN),
    ("13888888888", RUN),
    ("12345678901", RUN),
    ("0571-88888888", RUN),
    ("021-1234", IMPOSSIBLE),
    ("19912", IMPOSSIBLE),
    ("电话", "不含任何数字"),
    ("0571-87023456", None),
    ("（0571）8702 3456", None),
    ("０５７１－８７０２３４５６", None),  # full-width
    ("+86 139 5713 2468", None),
    ("13800138000", None),  # China Mobile's real service number
    ("400-800-1234", None),
    ("12315", None),
    ("+852 9123 4567", None),
    ("0571-87023456转8001", None),
    ("电话：0571-87023456", None),
]
EMAILS = [
    ("service@example.com", EXAMPLE),
    ("kefu@example.net", EXAMPLE),
    ("kefu@example.cn", EXAMPLE),
    ("kefu@mail.example.org", EXAMPLE),
    ("a@shop.test", "使用保留测试域名 .test（RFC 2606/6761），不能收信"),
    ("a@shop.invalid", "使用保留测试域名 .invalid（RFC 2606/6761），不能收信"),
    ("a@localhost", "使用保留测试域名 .localhost（RFC 2606/6761），不能收信"),
    ("a@shop.example", "使用保留测试域名 .example（RFC 2606/6761），不能收信"),
    ("kefu at qq.com", NOT_AN_ADDRESS),
    ("kefu@qq", NOT_AN_ADDRESS),
    ("kefu@qq.com", None),  # short real domains are not placeholders
    ("a@x.cn", None),
    ("service@163.com", None),
    ("mailto:kefu@xiaowang-tea.cn", None),
    ("A@QQ.COM", None),
]
ADDRESSES = [
    ("联系地址联系地址", LABEL_ONLY),
    ("地址：", LABEL_ONLY),
    ("xx省xx市xx区", FILLER),
    ("XX省XX市", FILLER),
    ("浙江省杭州市某某路 1 号", FILLER),
    ("—", PUNCTUATION),
    ("。。。", PUNCTUATION),
    ("暂无", "没有填写实际地址"),
    ("浙江省杭州市西湖区文三路 90 号", None),
    ("杭州市余杭区五常街道 X 号楼", None),
    ("No. 90 Wensan Road, Hangzhou", None),
    ("", None),
]
JY_NUMBERS = [
    ("JY13301060012345", None),
    ("JY 1 3301 0600 12345", None),
    ("ＪＹ１３３０１０６００１２３４５", None),
    ("JY26501020003219（有效期至 2027-05-01）", None),
    ("JY1330106001234", "JY 后有 13 位数字（应为 14 位）"),
    ("JY133010600123456", "JY 后有 15 位数字（应为 14 位）"),
    ("JY43301060012345", "主体业态代码 “4” 无效（应为 1–3）"),
    ("JY19901060012345", PROVINCE.format("99")),
    ("JY11601060012345", PROVINCE.format("16")),
    ("JY18101060012345", PROVINCE.format("81")),
    ("浙食经 123456", "不是以 JY 开头的食品经营许可证编号"),
]


def cases(problem_of, table: list[tuple]) -> list:
    """`table`'s rows for `problem_of`, each named by the function and the value shown."""
    return [
        pytest.param(problem_of, shown, problem, id=f"{problem_of.__name__}:{shown}")
        for shown, problem in table
    ]


@pytest.mark.parametrize(
    ("problem_of", "shown", "problem"),
    cases(phone_problem, PHONES)
    + cases(email_problem, EMAILS)
    + cases(address_problem, ADDRESSES)
    + cases(jy_problem, JY_NUMBERS),
)
def test_placeholders_and_impossible_values_are_named_and_real_ones_pass(
    problem_of, shown, problem
):
    assert problem_of(shown) == problem


@pytest.mark.parametrize(
    ("label", "value", "is_phone"),
    [
        ("联系电话", "0571-87023456", True),
        ("客服QQ", "12345678", False),
        ("微信", "shop_wx_2024", False),
        ("联系方式", "QQ 12345678", False),
        ("备案号", "浙ICP备12345678号", False),
        ("电话", "", False),
    ],
)
def test_qq_wechat_and_icp_are_not_phones(label, value, is_phone):
    assert is_phone_disclosure(label, value) is is_phone


def test_jy_number_is_read_from_a_longer_value():
    assert jy_number("许可证编号：JY 13301060012345 （正本）") == "JY13301060012345"
