"""Listing shows an original price above every price it was offered at in the 7 nights before.

## What it does
Compares each original price the listing shows (`Price.kind == "original"`: 原价, 划线价,
专柜价, a struck-through price) with the listing's price history: the lowest price offered
(the price to pay: 券后价, 到手价, the low end of a range) on each of the 7 nights before the
current one, one night being one nightly run that saw the listing (`storage.history`). It
fires when an original price is higher than all 7 — it was never the price to pay in that
week — and names the original price, the 7 nightly prices and their maximum. Prices are
compared in whole fen (cents). With fewer than 7 earlier nights of history it never fires.

## Why it matters
A struck-through 原价 that the goods were never sold at makes an ordinary price look like a
discount. It misleads the buyer about the saving, which is why the rules tie the 原价 to
the prices of the 7 days before.

## Legal basis
规范促销行为暂行规定 (国家市场监督管理总局令第32号, 2020, in force 2020-12-01) 第二十一条:
经营者折价、减价，应当标明或者通过其他方便消费者认知的方式表明折价、减价的基准。未标明或者
表明基准的，其折价、减价应当以同一经营者在同一经营场所内，在本次促销活动前七日内最低成交
价格为基准 — a 原价/划线价 above every price of the 7 days before is not the lowest
transaction price and is no basis at all. 价格法 第十四条第（四）项: 经营者不得利用虚假的或者
使人误解的价格手段，诱骗消费者或者其他经营者与其进行交易 (虚构原价 is the standard case).

## Known problems
The rule measures against the lowest *transaction* price; greenroom sees only prices shown
to the public, once a night, so a price offered and changed between two crawls is missed and
a shown price nobody paid counts as offered. A night is a run: nights on which the listing
was not crawled (unreachable) are skipped, so "the 7 nights before" may span more than 7
days (more prices, fewer findings); a second crawl on one day counts as another night, so
the 7 nights cover fewer days and a price offered earlier in the week is not seen — run one
crawl a night. A night on which no price to pay was read adds no night of history. A stated
basis (如 "划线价为品牌指导价") is not read, so such a listing can fire; the message quotes
the label so an investigator can judge. Prices offered only to members or in the app are
not seen. The finding's evidence is the current capture; the captures of the 7 earlier
nights are named in the message (存证 #…) but not linked as evidence.

The brief for this check named 第二十二条 of the 规定. The text of the 7-day rule, as quoted
from SAMR's published text by a secondary source, is 第二十一条, and news reports of the
规定 (2020-11-05) give that text without an article number; 第二十二条 is, from memory and
unverified, about 积分、礼券、代金券. The official text itself was not opened: confirm the
article number against samr.gov.cn before citing it in a case. 明码标价和禁止价格欺诈规定
(2022) also treats a fictitious original price as price fraud; its article numbers could not
be confirmed and it is not cited.

## Example
Nights 1–7 offered at ¥168, ¥168, ¥158, ¥168, ¥148, ¥168, ¥168; night 8:
```html
<h1>福鼎白茶 寿眉茶饼 357g</h1><span class="price">¥158</span> <del>划线价 ¥298</del>
```

## Compliant
```html
<!-- the 原价 was the price on one of the 7 nights before (¥29.9 on night 3) -->
<h1>驴打滚 豆面糕 500g</h1><span class="price">¥25.9</span> <del>原价 ¥29.9</del>
<!-- fewer than 7 earlier nights: no finding yet, whatever the original price -->
```

## Options
None. The history is the database's `price_history` table, filled by every crawl.

## References
- 规范促销行为暂行规定（国家市场监督管理总局令第32号）第二十一条
- 中华人民共和国价格法 第十四条第（四）项
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from checks.base import Finding, Listing, Reference
from checks.catalogue import declared
from checks.text import quote

if TYPE_CHECKING:
    from collections.abc import Iterator

# severity, basis and Chinese title: its row in checks/data/catalogue.toml
ID, SUBJECT, SEVERITY, BASIS, TITLE_ZH, SUMMARY_ZH = declared(__name__)

NIGHTS = 7


def _fen(value: float) -> int:
    return round(value * 100)


def _yuan(value: float) -> str:
    return f"¥{value:,.2f}"


def check(listing: Listing, ref: Reference) -> Iterator[Finding]:
    week = listing.price_history[-NIGHTS:]
    if len(week) < NIGHTS:
        return
    highest = max(price for _, price in week)
    above = [p for p in listing.prices if p.kind == "original" and _fen(p.value) > _fen(highest)]
    if not above:
        return
    shown = max(above, key=lambda p: p.value)
    label = shown.label or "原价"
    cited = "、".join(f"#{c}" for c in listing.captures)
    where = f"存证 {cited} 中" if cited else "页面上"
    nights = "、".join(f"{night} {_yuan(price)}" for night, price in week)
    message = (
        f"商品 {listing.url}（{quote(listing.title)}）在{where}标示{label} {_yuan(shown.value)}，"
        f"高于此前 {NIGHTS} 个夜间巡查所见该商品每晚的最低售价（{nights}；最高 {_yuan(highest)}），"
        f"该{label}在此前 {NIGHTS} 日内从未作为实际售价出现，涉嫌虚构原价，"
        "违反规范促销行为暂行规定第二十一条（以促销活动前七日内最低成交价格为折价、减价基准）"
        "及价格法第十四条第（四）项（不得利用虚假的或者使人误解的价格手段诱骗消费者）"
    )
    snippet = f"{label} {_yuan(shown.value)}；此前 {NIGHTS} 晚最高售价 {_yuan(highest)}"
    yield Finding(listing.url, message, list(listing.captures), snippet)
