"""Livestream room sells products but names and links no selling shop or operator.

## What it does
Fires when the rendered room lists products for sale (a product list, a shopping bag, a
pinned item) and neither names nor links any shop or operator that sells them.

## Why it matters
A room that sells without naming or linking the selling shop leaves the buyer with no
operator to claim against: the host says it is the shop's, the shop that it is the host's.

## Legal basis
网络直播营销管理办法（试行）§18 (as cited by the SPEC): the room's operator and hosts must
make clear who sells the goods they market; 电子商务法 §15 for the seller's own disclosure.
A consumer must be able to tell whom they buy from.

## Known problems
A seller named only inside a product's own page (not in the room) is not seen. Any named
or linked shop satisfies the check; whether it really sells the products is not verified.

## Example
```html
<ul class="products"><li>明前龙井 250g ¥89</li></ul>   <!-- no shop, no 经营者 -->
```

## Compliant
```html
<ul class="products"><li>明前龙井 250g ¥89 <a href="/shop/12">小王茶铺</a></li></ul>
```

## Options
None.

## References
- 网络直播营销管理办法（试行）第十八条; 电子商务法 第十五条
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from checks.base import Finding, Reference, Room
from checks.catalogue import declared
from checks.text import quote, shown

if TYPE_CHECKING:
    from collections.abc import Iterator

# severity, basis and Chinese title: its row in checks/data/catalogue.toml
ID, SUBJECT, SEVERITY, BASIS, TITLE_ZH, SUMMARY_ZH = declared(__name__)


def check(room: Room, ref: Reference) -> Iterator[Finding]:
    if not room.products or shown(room.sellers):
        return
    titles = [str(p.get("title") or "").strip() for p in room.products]
    titles = [t for t in titles if t]
    example = f"，如 {quote(titles[0])}" if titles else ""
    message = (
        f"直播间 {room.url} 销售 {len(room.products)} 件商品{example}，但未标明或链接销售"
        "商品的店铺或经营者，不符合网络直播营销管理办法（试行）第十八条"
    )
    yield Finding(room.url, message, list(room.captures), "；".join(titles[:5]))
