"""Listing's public page shows a buyer's full mobile number, ID number, or name with address.

## What it does
Reads the listing's description, selling points, page text line by line (reviews, 买家秀,
近期成交 feeds) and laid-out rows (成交记录 and review tables, dt/dd) for a buyer's
personal data shown in full (words in `checks/data/buyer_words.toml`):

- a resident ID number valid under python-stdnum `cn.ric` (GB 11643 check digit and a real
  birth date), unless labelled an order, waybill or serial number;
- a mobile number valid for China under `phonenumbers`, next to buyer words (买家, 收货人,
  评价, 下单 …), or standing alone as a cell, a line or a reviewer's name; never one shown
  with the shop's own contact words (客服, 热线 …), anywhere on the page;
- a full name with a street address: after a 收货人-style label, in one table row under
  收货人/地址 columns, or as a feed line `王建国 浙江省杭州市…路90号` or a feed entry whose name
  and address are blocks one under the other (a common surname, `checks/data/surnames.txt`;
  not with a title such as 王经理).

Masked forms (`138****5678`, `张*`, `3301**********1234`) are compliant. The message and the
snippet show the data masked; the WARC keeps the page as served.

## Why it matters
A buyer's full mobile number, ID number, or name with address on a public page can be
copied by anyone: it is used for fraud and harassment, and the shop has broken its duty to
keep what it collected.

## Legal basis
个人信息保护法 §10: 任何组织、个人不得非法收集、使用、加工、传输他人个人信息，不得非法买卖、
提供或者公开他人个人信息. §28: 身份证件号码 and the like are 敏感个人信息. 十不准 (3):
不准侵害消费者个人信息.

## Known problems
A mobile number inside running text without buyer words is not reported. An unlabelled
name is recognised only with a common surname and a street address right after it.

## Example
```html
<li class="review">买家 13812345678：茶很好喝</li>
<li>收货人：王小明 浙江省杭州市西湖区文三路 90 号</li>
<table><tr><th>买家</th><th>身份证号</th></tr><tr><td>李*</td><td>11010519491231002X</td></tr></table>
<ul class="feed"><li>王建国 浙江省杭州市西湖区文三路90号 刚刚下单</li></ul>
```

## Compliant
```html
<li class="review">买家 138****5678：茶很好喝</li><p>客服热线 13812345678</p>
```

## Options
None.

## Exemptions
Masked forms; the shop's own service numbers (shown anywhere on the page with 客服, 热线,
联系电话 …); 18-digit numbers that fail `cn.ric` or are labelled 订单号/运单/流水号.
个人信息保护法 §13 allows processing a buyer's data to perform the sale, never publishing it,
so no lawful basis exempts a public page.

## References
- 个人信息保护法 第四条、第十条、第二十八条; GB 11643-1999 公民身份号码
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from typing import TYPE_CHECKING

import phonenumbers
from stdnum.cn import ric

from checks.base import Finding, Listing, Reference
from checks.catalogue import declared
from checks.terms import DATA, lexicon, words
from checks.text import fold, listing_words

if TYPE_CHECKING:
    from collections.abc import Iterator

# severity, basis and Chinese title: its row in checks/data/catalogue.toml
ID, SUBJECT, SEVERITY, BASIS, TITLE_ZH, SUMMARY_ZH = declared(__name__)

_ID_NUMBER = re.compile(r"(?<![0-9A-Za-z*])\d{17}[\dXx](?![0-9A-Za-z*])")
_MOBILE = re.compile(r"(?<![\d*])(1[3-9]\d)[\s-]?(\d{4})[\s-]?(\d{4})(?![\d*])")
_HAN_NAME = r"[\u4e00-\u9fff]{2,4}(?![\u4e00-\u9fff*＊])"
_ADDRESS = re.compile(
    r"[\u4e00-\u9fff]{2,8}(?:省|自治区|市|区|县)[\u4e00-\u9fff0-9 -]{2,40}?"
    r"(?:路|街|巷|弄|村|号|室|栋|幢|小区|大道)"
)
_DIGITS = re.compile(r"\d{4}")
_SEGMENT = re.compile(r"[\n。；;|]")
_LEAD = re.compile(r"^[\s:：,，\-—–]*$")  # nothing, or an attribution dash (— 13957126684)
# a surname with a title is someone's contact (王经理), not a buyer's full name
_TITLE = re.compile(rf"({words('contact_title')})$")
# a quick test over all the listing's words: no match, no exposure (see check)
_MAYBE = re.compile(r"\d{17}|1[3-9]\d[\s-]?\d{4}|[省市](?:[^省市]{0,30})[路街号村]")


@cache
def _words() -> dict[str, re.Pattern[str]]:
    with (DATA / "buyer_words.toml").open("rb") as f:
        data = tomllib.load(f)
    return {k: re.compile("|".join(map(re.escape, v)), re.IGNORECASE) for k, v in data.items()}


@cache
def _feed_name() -> re.Pattern[str]:
    surnames = "|".join(sorted(lexicon("surnames"), key=len, reverse=True))
    return re.compile(
        rf"(?:^|[\s:：,，])((?:{surnames})[\u4e00-\u9fff]{{1,2}})(?![\u4e00-\u9fff*＊])[\s:：,，]*"
        r"(?:1[3-9]\d[\s-]?\d{4}[\s-]?\d{4}[\s:：,，]*)?"  # a mobile between name and address
    )


def mask_mobile(number: str) -> str:
    return f"{number[:3]}****{number[-4:]}"


def mask_id(number: str) -> str:
    return f"{number[:4]}{'*' * 10}{number[-4:]}"


def mask_name(name: str) -> str:
    return name[0] + "*" * (len(name) - 1)


def _mobiles(text: str) -> list[tuple[re.Match, str]]:
    """Full mobile numbers valid for China, with their digits."""
    out = []
    for m in _MOBILE.finditer(text):
        digits = "".join(m.groups())
        number = phonenumbers.parse(digits, "CN")
        kind = phonenumbers.number_type(number)
        if phonenumbers.is_valid_number(number) and kind in (
            phonenumbers.PhoneNumberType.MOBILE,
            phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
        ):
            out.append((m, digits))
    return out


def _units(listing: Listing) -> list[tuple[str, str, str]]:
    """(text, context, row) to read: each segment of each line with the short line above it
    as context; each laid-out cell with its label as context and its whole row."""
    units = []
    for text in (listing.description, *listing.claims, listing.text, listing.others_text):
        above = ""
        for line in (text or "").split("\n"):
            segments = [s for s in _SEGMENT.split(fold(line)) if s.strip()]
            units += [(segment, above, "") for segment in segments]
            if len(segments) > 1:  # 收件人 王建国 | 地址 浙江省…: the name and address together
                units.append((fold(line), above, ""))
            above = fold(line) if len(line) <= 12 else ""
    rows: dict[int, list] = {}
    for p in listing.pairs:
        rows.setdefault(p.row, []).append(p)
    for row in rows.values():
        cells = " ".join(f"{fold(p.label)}：{fold(p.value)}" for p in row)
        for p in row:
            units.append((fold(p.value), fold(p.label), cells))
    return units


def _person(text: str, context: str, row: str) -> str:
    """A full name with a street address, said as a consignee's, masked; or ''."""
    w = _words()
    labelled = re.search(rf"(?:{w['name_labels'].pattern})\s*[:：]?\s*({_HAN_NAME})", text)
    if labelled and (address := _ADDRESS.search(text, labelled.end())):
        return f"姓名 {mask_name(labelled.group(1))} 及地址 “{address.group()[:6]}…”"
    if row and w["name_labels"].search(context) and w["address_labels"].search(row):
        name = re.fullmatch(_HAN_NAME, text.strip())
        address = _ADDRESS.search(row)
        if name and address:
            return f"姓名 {mask_name(name.group())} 及地址 “{address.group()[:6]}…”"
    for m in _feed_name().finditer(text):
        if (address := _ADDRESS.match(text, m.end())) and not w["seller"].search(text):
            return f"姓名 {mask_name(m.group(1))} 及地址 “{address.group()[:6]}…”"
    # a feed entry drawn as blocks: the name on its own line, the address on the next
    name = _feed_name().fullmatch(context.strip())
    address = _ADDRESS.match(text.strip()) if name else None
    if address and not _TITLE.search(name.group(1)) and not w["seller"].search(f"{context} {text}"):
        return f"姓名 {mask_name(name.group(1))} 及地址 “{address.group()[:6]}…”"
    return ""


def exposures(listing: Listing) -> list[str]:
    """Masked descriptions of the buyer data the listing shows, in order."""
    w = _words()
    found, shop_numbers, candidates = [], set(), []
    for text, context, row in _units(listing):
        around = f"{context} {text}"
        person = _person(text, context, row) if _ADDRESS.search(row or text) else ""
        digits_shown = _DIGITS.search(text)
        for m in _ID_NUMBER.finditer(text) if digits_shown else ():
            if ric.is_valid(m.group()) and not w["not_id"].search(around):
                found.append(f"身份证号 {mask_id(m.group())}")
        for m, digits in _mobiles(text) if digits_shown else ():
            buyer = person or w["buyer"].search(row or around)
            if w["seller"].search(around) and not (row and buyer):
                shop_numbers.add(digits)
            elif buyer or _LEAD.match(text[: m.start()]):  # a buyer's, a cell, a name
                candidates.append((len(found), digits))
                found.append("")
        if person:
            found.append(person)
    for at, digits in candidates:
        if digits not in shop_numbers:
            found[at] = f"手机号 {mask_mobile(digits)}"
    return list(dict.fromkeys(e for e in found if e))


def check(listing: Listing, ref: Reference) -> Iterator[Finding]:
    if not _MAYBE.search(listing_words(listing)[0]) and not _MAYBE.search(listing.others_text):
        return
    found = exposures(listing)
    if not found:
        return
    message = (
        f"商品 {listing.url} 的公开页面展示了买家的完整个人信息：{'、'.join(found)}（此处已打码），"
        "违反个人信息保护法第十条及“十不准”第三项（不准侵害消费者个人信息）"
    )
    yield Finding(listing.url, message, list(listing.captures), "；".join(found))
