"""Shop shows a 食品经营许可证 number that is not `JY` + 14 digits with a valid province code.

## What it does
For each permit the shop shows whose label names a 食品经营许可证 or whose value carries a
`JY` number, checks the number: `JY`, then 14 digits; the first digit is the business type
(1 食品销售, 2 餐饮服务, 3 单位食堂), the next two a GB/T 2260 province code (11–15, 21–23,
31–37, 41–46, 50–54, 61–65). Filings (仅销售预包装食品备案, `YB…`, 第二类医疗器械经营备案)
are not JY numbers and are not checked. One finding per shop lists every bad number.

## Why it matters
A 食品经营许可证 number that cannot exist (wrong form, no such province) cannot be looked up:
the permit is either mistyped or invented, and food sold under it has no permit a buyer or
an inspector can check.

## Legal basis
食品经营许可管理办法 (2015) §28, kept by its 2023 successor 食品经营许可和备案管理办法: 食品经营许可证编号
由 JY（"经营"的汉语拼音字母缩写）和十四位阿拉伯数字组成。数字从左至右依次为：1 位主体业态代码、
2 位省（自治区、直辖市）代码、2 位市（地）代码、2 位县（区）代码、6 位顺序码、1 位校验码.

## Known problems
The check digit's algorithm is not published, so it is not verified. 71, 81 and 82
(Taiwan, Hong Kong, Macao) are in GB/T 2260 but are rejected here: JY permits are issued by
mainland authorities only. Old 食品流通许可证 / 餐饮服务许可证 numbers shown under a
食品经营许可证 label are reported as not starting with JY (they expired by 2020).

## Example
```html
<p>食品经营许可证：JY1990106001234</p>
```

## Compliant
```html
<p>食品经营许可证：JY13301060012345</p><p>仅销售预包装食品备案：YB13301060012345</p>
```

## Options
None.

## References
- 食品经营许可管理办法 (2015) 第二十八条; 食品经营许可和备案管理办法 (2023)
- GB/T 2260 中华人民共和国行政区划代码
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from checks.base import Finding, Reference, Shop
from checks.catalogue import declared
from checks.identifiers import jy_number, jy_problem
from checks.text import captures_of, fold, problems, shown

if TYPE_CHECKING:
    from collections.abc import Iterator

    from checks.base import Disclosure

# severity, basis and Chinese title: its row in checks/data/catalogue.toml
ID, SUBJECT, SEVERITY, BASIS, TITLE_ZH, SUMMARY_ZH = declared(__name__)


def is_food_operating_permit(d: Disclosure) -> bool:
    """A shown 食品经营许可证 (not a filing, not a production permit)."""
    label, value = fold(d.label), fold(d.value).strip().upper()
    if "备案" in label or value.startswith("YB"):
        return False
    return "食品经营许可" in label or bool(jy_number(value))


def check(shop: Shop, ref: Reference) -> Iterator[Finding]:
    bad = []
    for d in shown(shop.permits):
        if is_food_operating_permit(d) and (problem := jy_problem(d.value)):
            bad.append((d, problem))
    if not bad:
        return
    message = (
        f"店铺 {shop.url} 公示的食品经营许可证编号 {problems(bad)}，不符合食品经营许可管理"
        "办法关于编号由 JY 和十四位数字（主体业态代码、省级行政区划代码等）组成的规定"
    )
    yield Finding(
        shop.url,
        message,
        captures_of([d for d, _ in bad], shop.captures),
        "；".join(d.value for d, _ in bad),
    )
