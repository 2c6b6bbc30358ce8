"""Listing's public page shows a buyer's full mobile number, ID number, or name with address.

## What it does
Reads the listing's page text (reviews, 买家秀, recent orders) for a buyer's personal data
shown in full: a resident ID number (18 characters with a valid GB 11643 check digit), a
mobile number next to buyer words (买家, 收货人, 评价, 下单 …) and not next to the shop's
own contact words (客服, 咨询, 热线 …), or a full name after 收货人/收件人/买家 together
with a street address. Masked forms (`138****0000`, `张*`, `3301**********1234`) are
compliant. The finding's message shows the data masked.

## Legal basis
个人信息保护法 §10: 任何组织、个人不得非法收集、使用、加工、传输他人个人信息，不得非法买卖、
提供或者公开他人个人信息. 十不准 (3): 不准侵害消费者个人信息.

## Known problems
A mobile number is taken as the buyer's only from nearby words; one shown without such
words is not reported. Names are recognised only after a 收货人-style label.

## Example
```html
<li class="review">买家 13812345678：茶很好喝</li>
<li>收货人：王小明 浙江省杭州市西湖区文三路 90 号</li>
```

## Compliant
```html
<li class="review">买家 138****5678：茶很好喝</li><p>客服热线 13812345678</p>
```

## Options
None.

## References
- 个人信息保护法 第十条; GB 11643-1999 公民身份号码
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from stdnum.cn import ric

from checks.base import Finding, Listing, Reference
from checks.text import fold, listing_words

if TYPE_CHECKING:
    from collections.abc import Iterator

ID = "listing.buyer_data_exposed"
SUBJECT = "listing"
SEVERITY = "high"
BASIS = "个人信息保护法 §10"

_ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<!\d)(1[3-9]\d)[\s-]?(\d{4})[\s-]?(\d{4})(?!\d)")
_BUYER = re.compile(r"买家|收货人|收件人|购买者|用户|会员|评价|晒单|下单|已购|成交|购买了")
_SELLER = re.compile(r"客服|咨询|热线|联系电话|商家|店铺|售后|服务电话|联系我们|订购电话")
_NAME_ADDRESS = re.compile(
    r"(?:收货人|收件人|买家姓名|联系人)\s*[:：]?\s*([\u4e00-\u9fff]{2,4})"
    r"[^\n]{0,20}?([\u4e00-\u9fff]{2,}(?:省|市|自治区)[\u4e00-\u9fff0-9]{1,30}(?:区|县|路|街|号|村|镇))"
)
_SEGMENT = re.compile(r"[\n。；;|]")
# a quick test over all the listing's words: no match, no exposure (see exposures)
_MAYBE = re.compile(r"\d{17}|1[3-9]\d[\s-]?\d{4}|收货人|收件人|买家姓名|联系人")


def mask_mobile(number: str) -> str:
    return f"{number[:3]}****{number[-4:]}"


def mask_id(number: str) -> str:
    return f"{number[:4]}{'*' * 10}{number[-4:]}"


def mask_name(name: str) -> str:
    return name[0] + "*" * (len(name) - 1)


def exposures(text: str) -> list[str]:
    """Masked descriptions of the buyer data shown in `text`, in order."""
    found = []
    for segment in _SEGMENT.split(fold(text)):
        for m in _ID_NUMBER.finditer(segment):
            if ric.is_valid(m.group(0)):
                found.append(f"身份证号 {mask_id(m.group(0))}")
        if _BUYER.search(segment) and not _SELLER.search(segment):
            for m in _MOBILE.finditer(segment):
                found.append(f"手机号 {mask_mobile(''.join(m.groups()))}")
        for m in _NAME_ADDRESS.finditer(segment):
            found.append(f"姓名 {mask_name(m.group(1))} 及地址 “{m.group(2)[:6]}…”")
    return list(dict.fromkeys(found))


def check(listing: Listing, ref: Reference) -> Iterator[Finding]:
    if not _MAYBE.search(listing_words(listing)[0]) and not _MAYBE.search(listing.others_text):
        return
    texts = [listing.description, listing.text, listing.others_text, *listing.claims]
    found = list(dict.fromkeys(e for t in texts if t for e in exposures(t)))
    if not found:
        return
    message = (
        f"商品 {listing.url} 的公开页面展示了买家的完整个人信息：{'、'.join(found)}（此处已打码），"
        "违反个人信息保护法第十条及“十不准”第三项（不准侵害消费者个人信息）"
    )
    yield Finding(listing.url, message, list(listing.captures), "；".join(found))
