"""Identifiers in one place: 统一社会信用代码, phone numbers, e-mail, addresses, JY permits.

Each `*_problem` function takes the value as shown and returns `None` when it is fine, or a
short Chinese phrase saying what is wrong (used verbatim in finding messages).
"""

from __future__ import annotations

import re

import phonenumbers
from phonenumbers import shortnumberinfo
from stdnum.cn import uscc as stdnum_uscc
from stdnum.exceptions import ValidationError

from checks.terms import words
from checks.text import fold

# --- 统一社会信用代码 (GB 32100-2015) ---------------------------------------------------

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
# 登记管理部门代码 (GB 32100-2015 附录): 1 机构编制 2 外交 3 司法行政 4 文化 5 民政 6 旅游
# 7 宗教 8 工会 9 市场监管(工商) A 中央军委改革和编制办公室 N 农业 Y 其他.
USCC_AUTHORITIES = "123456789ANY"
# python-stdnum's cn.uscc wants the first eight characters to be digits, so it rejects the
# legal authority characters A, N and Y; those are checked here with the same algorithm.
_NOT_IN_STDNUM = "ANY"
_FORBIDDEN = "IOSVZ"


def compact_uscc(code: str) -> str:
    """The code as 18 characters: full-width folded, upper case, spaces and hyphens removed."""
    return re.sub(r"[\s\-]", "", fold(code)).upper()


def uscc_check_character(first17: str) -> str:
    """The GB 32100-2015 check character (18th) for the first 17 characters of a code."""
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def uscc_problem(code: str) -> str | None:
    """What is wrong with a 统一社会信用代码 under GB 32100-2015, or None if it is valid."""
    number = compact_uscc(code)
    if len(number) != 18:
        return f"长度为 {len(number)} 位（应为 18 位）"
    bad = [c for c in number if c not in USCC_ALPHABET]
    if bad:
        forbidden = "（GB 32100 不使用字母 I、O、S、V、Z）" if bad[0] in _FORBIDDEN else ""
        return f"含有不允许的字符 “{bad[0]}”{forbidden}"
    if number[0] not in USCC_AUTHORITIES:
        return f"登记管理部门代码 “{number[0]}” 不在 GB 32100-2015 所列代码之中"
    if not number[2:8].isdigit():
        return f"第 3–8 位登记管理机关行政区划码 “{number[2:8]}” 不全是数字"
    if number[0] in _NOT_IN_STDNUM:
        expected = uscc_check_character(number[:17])
    else:
        try:
            stdnum_uscc.validate(number)
            return None
        except ValidationError:
            expected = stdnum_uscc.calc_check_digit(number[:17])
    if number[17] != expected:
        return f"校验位错误（应为 {expected}）"
    return None


# --- telephone numbers -----------------------------------------------------------------

# A QQ number, WeChat id or ICP filing number is not a telephone number.
_NOT_PHONE = re.compile(words("not_phone"), re.IGNORECASE)
_EXTENSION = re.compile(rf"(?:{words('phone_extension')})\s*\d+\s*$", re.IGNORECASE)
_DIGITS_RUN = "01234567890123456789"


def is_phone_disclosure(label: str, value: str) -> bool:
    """Whether a disclosure labelled as contact is a telephone number (not QQ/WeChat/ICP)."""
    return not _NOT_PHONE.search(fold(f"{label} {value}")) and any(c.isdigit() for c in value)


def _is_run(digits: str) -> bool:
    """Repeated digits (88888888) or a sequential run (12345678, 87654321)."""
    if len(set(digits)) == 1:
        return True
    return len(digits) >= 6 and (digits in _DIGITS_RUN or digits in _DIGITS_RUN[::-1])


def phone_problem(value: str) -> str | None:
    """What is wrong with a shown telephone number (region CN), or None if it is plausible."""
    text = fold(value).strip()
    text = _EXTENSION.split(text)[0]
    text = re.sub(r"[^\d+\-()\s]", " ", text).strip()
    digits = re.sub(r"\D", "", text)
    if not digits:
        return "不含任何数字"
    if _is_run(digits) or (len(digits) >= 10 and _is_run(digits[-10:])):
        return "为连续或重复的数字，疑似占位号码"
    try:
        number = phonenumbers.parse(text, "CN")
    except phonenumbers.NumberParseException:
        return "不是可解析的电话号码"
    if not phonenumbers.is_valid_number(number):
        if shortnumberinfo.is_valid_short_number(number):
            return None  # 12315, 95xxx service numbers
        return "不符合中国电话号码编号规则"
    nsn = phonenumbers.national_significant_number(number)
    if number.country_code == 86:
        area = phonenumbers.length_of_geographical_area_code(number)
        subscriber = nsn[3:] if nsn.startswith("1") and len(nsn) == 11 else nsn[area:]
        if subscriber and _is_run(subscriber):
            return "为连续或重复的数字，疑似占位号码"
    return None


# --- e-mail ----------------------------------------------------------------------------

_EMAIL = re.compile(r"^[^@\s]+@([^@\s]+)$")
# RFC 2606 / RFC 6761 special-use names: documentation and testing, never real mailboxes.
_RESERVED_TLDS = {"test", "invalid", "localhost", "example", "local"}


def email_problem(value: str) -> str | None:
    """What is wrong with a shown e-mail address, or None. Short real domains are fine."""
    text = fold(value).strip().strip("<>").lower()
    text = re.sub(r"^mailto:", "", text)
    match = _EMAIL.match(text)
    if not match:
        return "不是有效的电子邮箱地址"
    labels = match.group(1).rstrip(".").split(".")
    if labels[-1] in _RESERVED_TLDS:
        return f"使用保留测试域名 .{labels[-1]}（RFC 2606/6761），不能收信"
    if "example" in labels[:-1]:
        return "使用文档示例域名 example（RFC 2606），不能收信"
    if len(labels) < 2 or not all(labels):
        return "不是有效的电子邮箱地址"
    return None


# --- addresses -------------------------------------------------------------------------

_ADDRESS_LABELS = re.compile(
    rf"({words('address_qualifier')})?({words('address_noun')})|{words('address_alone')}"
)
_PLACEHOLDER_ADDR = re.compile(r"某某|[xX×*?？]{2,}\s*[省市区县镇乡村路街道号楼室]")
_EMPTY_WORDS = {
    "无",
    "暂无",
    "待定",
    "待补充",
    "请填写",
    "未填写",
    "不详",
    "n/a",
    "na",
    "null",
    "none",
}


def address_problem(value: str, label: str = "") -> str | None:
    """What is wrong with a shown address, or None: label as value, xx省xx市, punctuation."""
    text = re.sub(r"\s+", "", fold(value))
    if not text:
        return None
    if not re.search(r"\w", text):
        return "只有标点符号"
    if text.lower() in _EMPTY_WORDS:
        return "没有填写实际地址"
    if not _ADDRESS_LABELS.sub("", text).strip(".,;、，。；-—_/"):
        return "只是标签文字（如“联系地址”）重复，没有实际地址"
    if _PLACEHOLDER_ADDR.search(text):
        return "含有“xx省xx市”“某某”一类的占位文字"
    return None


# --- 食品经营许可证 ---------------------------------------------------------------------

# GB/T 2260 province-level codes. 71 (台湾), 81 (香港), 82 (澳门) are left out on purpose:
# 食品经营许可证 are issued by mainland 市场监管 authorities only, so a JY number cannot
# carry them.
PROVINCES = frozenset(
    [*range(11, 16), *range(21, 24), *range(31, 38), *range(41, 47), *range(50, 55)]
    + [*range(61, 66)]
)
_JY = re.compile(r"JY\s*([0-9\s]*)", re.IGNORECASE)


def jy_number(value: str) -> str:
    """The 食品经营许可证 number within a shown value: `JY` and what follows, spaces removed."""
    match = _JY.search(fold(value))
    if not match:
        return ""
    return "JY" + re.sub(r"\s", "", match.group(1))


def jy_problem(value: str) -> str | None:
    """What is wrong with a 食品经营许可证 number: `JY` + 14 digits, type 1–3, province."""
    number = jy_number(value)
    if not number:
        return "不是以 JY 开头的食品经营许可证编号"
    digits = number[2:]
    if len(digits) != 14:
        return f"JY 后有 {len(digits)} 位数字（应为 14 位）"
    if digits[0] not in "123":
        return f"主体业态代码 “{digits[0]}” 无效（应为 1–3）"
    if int(digits[1:3]) not in PROVINCES:
        return f"省级行政区划代码 “{digits[1:3]}” 不是 GB/T 2260 所列的省份代码"
    return None
