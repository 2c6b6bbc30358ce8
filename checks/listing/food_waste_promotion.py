"""Listing promotes overeating or wasting food (大胃王, 暴饮暴食, eating challenges).

## What it does
Looks for promotion of overeating or waste (lexicon `food_waste`: 大胃王, 暴饮暴食, 吃播挑战,
一人吃 10 斤 …) in the listing's title, description, claims, laid-out rows (table, dl) and
text, after masking family-size packs and set phrases against waste (lexicon
`food_waste_not`: 光盘行动, 拒绝浪费, 家庭装 …). A term fires only where its clause asserts
it (checks.context): not negated (并非大胃王挑战), prohibited (切勿暴饮暴食), warned against
(反对大胃王式吃播, 不提倡…, 暴饮暴食有害健康) or quoted (“大胃王”, 根据《反食品浪费法》…).

## Why it matters
The 反食品浪费法 forbids promoting overeating and waste (大胃王, 吃播挑战): it harms health
and wastes food, and a listing that sells with it spreads it to every viewer.

## Legal basis
反食品浪费法 §22: no one may make, publish or spread 宣扬量大多吃、暴饮暴食等浪费食品的节目或者
音视频信息; 十不准 (10): 厉行节约绿色网购，不准宣导铺张浪费.

## Known problems
A product merely named after a show (大胃王 as a brand of bowl) fires; the message quotes it.

## Example
```html
<h1>大胃王挑战套餐 一人吃完 5 斤</h1>
```

## Compliant
```html
<h1>家庭装 坚果礼盒</h1><p>光盘行动，拒绝浪费</p>
```

## Options
None.

## Exemptions
None in the law; what it forbids is promotion, so warnings and quotations are not findings.

## References
- 反食品浪费法 第二十二条; 浙江省电商平台“十要十不准”规范 第十项
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from checks.base import Finding, Listing, Reference
from checks.catalogue import declared
from checks.text import describe_hits, hits_finding, listing_hits, quote

if TYPE_CHECKING:
    from collections.abc import Iterator

# severity, basis and Chinese title: its row in checks/data/catalogue.toml
ID, SUBJECT, SEVERITY, BASIS, TITLE_ZH, SUMMARY_ZH = declared(__name__)


def check(listing: Listing, ref: Reference) -> Iterator[Finding]:
    if found := listing_hits(listing, "food_waste"):
        message = (
            f"商品 {listing.url}（{quote(listing.title)}）宣扬量大多吃、暴饮暴食：{describe_hits(found)}，"
            "违反反食品浪费法第二十二条及“十不准”第十项（不准宣导铺张浪费）"
        )
        yield hits_finding(listing, message, found)
