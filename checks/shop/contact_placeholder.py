"""Shop shows a placeholder or impossible phone number, e-mail address or address.

## What it does
Checks each telephone number the shop shows against China's numbering plan (python
`phonenumbers`, region CN) and for sequential or repeated digits (`13800000000`,
`0755-12345678`, `13888888888`); each e-mail address for documentation and test domains
(RFC 2606/6761: `example.com/.net/.org`, `example.*`, `.test`, `.invalid`, `.localhost`,
`.example`); each address for a label repeated as the value (`联系地址联系地址`), `xx省xx市`,
`某某`, or punctuation only. One finding per shop lists every problem.

## Why it matters
A contact that cannot answer (a row of zeros, test@test.com, 某某路) looks like a
disclosure and is none: the shop passes a glance while nobody can reach it. It is often
the sign of a shop opened in bulk or in someone else's name.

## Legal basis
电子商务法 §17: 电子商务经营者应当全面、真实、准确、及时地披露商品或者服务信息. Contact
information that cannot reach anyone is not true information; the 绿色直播间 方案 asks for
"真实有效的主体身份、联系方式".

## Known problems
A real vanity number made of one repeated digit (`0571-88888888`) is reported as a
placeholder; the investigator can dial it. Service short numbers (12315, 95xxx) and 400/800
numbers are accepted. QQ numbers, WeChat ids and ICP numbers are not read as phones. A short
real domain (`qq.com`, `x.cn`) is not a placeholder.

## Example
```html
<p>联系电话：13800000000　邮箱：service@example.com　地址：xx省xx市xx路</p>
```

## Compliant
```html
<p>联系电话：0571-8702 3456　邮箱：kefu@xiaowang-tea.cn　地址：杭州市西湖区文三路 90 号</p>
```

## Options
None.

## References
- 电子商务法 第十七条; RFC 2606; RFC 6761
- 工业和信息化部《电信网编号计划》(2017)
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from checks.base import Finding, Reference, Shop
from checks.catalogue import declared
from checks.identifiers import address_problem, email_problem, is_phone_disclosure, phone_problem
from checks.text import captures_of, cite, quote, shown

if TYPE_CHECKING:
    from collections.abc import Iterator

# severity, basis and Chinese title: its row in checks/data/catalogue.toml
ID, SUBJECT, SEVERITY, BASIS, TITLE_ZH, SUMMARY_ZH = declared(__name__)

_SEPARATORS = re.compile(r"[/、,;，；]|\s{2,}|或")


def check(shop: Shop, ref: Reference) -> Iterator[Finding]:
    found = []  # (disclosure, kind, value, problem)
    for d in shown(shop.phones):
        if not is_phone_disclosure(d.label, d.value):
            continue
        for part in _SEPARATORS.split(d.value):
            if part.strip() and (problem := phone_problem(part)):
                found.append((d, "联系电话", part.strip(), problem))
    for d in shown(shop.emails):
        if problem := email_problem(d.value):
            found.append((d, "电子邮箱", d.value.strip(), problem))
    for d in shown(shop.addresses):
        if problem := address_problem(d.value, d.label):
            found.append((d, "地址", d.value.strip(), problem))
    if not found:
        return
    parts = [f"{kind} {quote(value)} {problem}{cite(d)}" for d, kind, value, problem in found]
    message = (
        f"店铺 {shop.url} 公示的{'；'.join(parts)}，属于虚假或无效的联系信息，"
        "不符合电子商务法第十七条（真实、准确披露信息）"
    )
    evidence = captures_of([d for d, *_ in found], shop.captures)
    yield Finding(shop.url, message, evidence, "；".join(value for _, _, value, _ in found))
