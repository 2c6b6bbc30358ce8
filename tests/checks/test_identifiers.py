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


@pytest.mark.parametrize(
    ("shown", "problem"),
    [
        ("13800000000", RUN),
        ("138 0000 0000", RUN),
        ("0755-12345678", RUN),
        ("13888888888", RUN),
        ("12345678901", RUN),
        ("0571-88888888", RUN),
        ("021-1234", "不符合中国电话号码编号规则"),
        ("19912", "不符合中国电话号码编号规则"),
        ("电话", "不含任何数字"),
    ],
)
def test_placeholder_and_impossible_phones(shown, problem):
    assert phone_problem(shown) == problem


@pytest.mark.parametrize(
    "shown",
    [
        "0571-87023456",
        "（0571）8702 3456",
        "０５７１－８７０２３４５６",  # full-width
        "+86 139 5713 2468",
        "13800138000",  # China Mobile's real service number
        "400-800-1234",
        "12315",
        "+852 9123 4567",
        "0571-87023456转8001",
        "电话：0571-87023456",
    ],
)
def test_real_phones_pass(shown):
    assert phone_problem(shown) is None


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


@pytest.mark.parametrize(
    ("shown", "problem"),
    [
        ("service@example.com", "使用文档示例域名 example（RFC 2606），不能收信"),
        ("kefu@example.net", "使用文档示例域名 example（RFC 2606），不能收信"),
        ("kefu@example.cn", "使用文档示例域名 example（RFC 2606），不能收信"),
        ("kefu@mail.example.org", "使用文档示例域名 example（RFC 2606），不能收信"),
        ("a@shop.test", "使用保留测试域名 .test（RFC 2606/6761），不能收信"),
        ("a@shop.invalid", "使用保留测试域名 .invalid（RFC 2606/6761），不能收信"),
        ("a@localhost", "使用保留测试域名 .localhost（RFC 2606/6761），不能收信"),
        ("a@shop.example", "使用保留测试域名 .example（RFC 2606/6761），不能收信"),
        ("kefu at qq.com", "不是有效的电子邮箱地址"),
        ("kefu@qq", "不是有效的电子邮箱地址"),
    ],
)
def test_placeholder_emails(shown, problem):
    assert email_problem(shown) == problem


@pytest.mark.parametrize(
    "shown", ["kefu@qq.com", "a@x.cn", "service@163.com", "mailto:kefu@xiaowang-tea.cn", "A@QQ.COM"]
)
def test_short_real_domains_are_not_placeholders(shown):
    assert email_problem(shown) is None


@pytest.mark.parametrize(
    ("shown", "problem"),
    [
        ("联系地址联系地址", "只是标签文字（如“联系地址”）重复，没有实际地址"),
        ("地址：", "只是标签文字（如“联系地址”）重复，没有实际地址"),
        ("xx省xx市xx区", "含有“xx省xx市”“某某”一类的占位文字"),
        ("XX省XX市", "含有“xx省xx市”“某某”一类的占位文字"),
        ("浙江省杭州市某某路 1 号", "含有“xx省xx市”“某某”一类的占位文字"),
        ("—", "只有标点符号"),
        ("。。。", "只有标点符号"),
        ("暂无", "没有填写实际地址"),
    ],
)
def test_placeholder_addresses(shown, problem):
    assert address_problem(shown) == problem


@pytest.mark.parametrize(
    "shown",
    [
        "浙江省杭州市西湖区文三路 90 号",
        "杭州市余杭区五常街道 X 号楼",
        "No. 90 Wensan Road, Hangzhou",
        "",
    ],
)
def test_real_addresses_pass(shown):
    assert address_problem(shown) is None


@pytest.mark.parametrize(
    ("shown", "problem"),
    [
        ("JY13301060012345", None),
        ("JY 1 3301 0600 12345", None),
        ("ＪＹ１３３０１０６００１２３４５", None),
        ("JY26501020003219（有效期至 2027-05-01）", None),
        ("JY1330106001234", "JY 后有 13 位数字（应为 14 位）"),
        ("JY133010600123456", "JY 后有 15 位数字（应为 14 位）"),
        ("JY43301060012345", "主体业态代码 “4” 无效（应为 1–3）"),
        ("JY19901060012345", "省级行政区划代码 “99” 不是 GB/T 2260 所列的省份代码"),
        ("JY11601060012345", "省级行政区划代码 “16” 不是 GB/T 2260 所列的省份代码"),
        ("JY18101060012345", "省级行政区划代码 “81” 不是 GB/T 2260 所列的省份代码"),
        ("浙食经 123456", "不是以 JY 开头的食品经营许可证编号"),
    ],
)
def test_jy_numbers(shown, problem):
    assert jy_problem(shown) == problem


def test_jy_number_is_read_from_a_longer_value():
    assert jy_number("许可证编号：JY 13301060012345 （正本）") == "JY13301060012345"
