"""Listing's title, description or claims use absolute terms forbidden in advertising.

## What it does
Looks for absolute terms (lexicon `absolute`: 国家级, 最高级, 最佳, 第一, 顶级, 极品, 独一无二,
史无前例, 全网最低 …) in the listing's title, description and claims, after masking words
that contain such a term but state order, time, fact or a specification (lexicon
`absolute_not`: 第一次, 第一天, 第一步, 最佳赏味期, 第一类医疗器械, 最高温度 …). Latin terms
(`NO.1`, `TOP1`) do not match inside longer words.

## Why it matters
最佳, 第一, 国家级 claim what nobody can prove and mislead buyers comparing goods; the
广告法 forbids them outright, so a claim found is a breach without weighing its effect.

## Legal basis
广告法 §9(3): 广告不得……使用"国家级""最高级""最佳"等用语. A listing's page is a
commercial advertisement of the goods (广告法 §2, §44).

## Known problems
Terms are matched as words, not meanings: a truthful, verifiable ranking ("2023 年天猫茶叶
类目销量第一", with its source) is still reported; the 执法指南 leaves such cases to the
investigator. Terms in the page's other text (reviews, the shop's header) are not read.

## Example
```html
<h1>全网最低 顶级明前龙井 国家级工艺</h1>
```

## Compliant
```html
<h1>明前龙井 第一次购买送茶具，最佳赏味期 18 个月</h1>
```

## Options
None.

## References
- 广告法 第九条第（三）项
- 国家市场监督管理总局《广告绝对化用语执法指南》(2023)
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
    if found := listing_hits(listing, "absolute", with_text=False):
        message = (
            f"商品 {listing.url}（{quote(listing.title)}）使用绝对化用语 {describe_hits(found)}，"
            "违反广告法第九条第（三）项"
        )
        yield hits_finding(listing, message, found)
