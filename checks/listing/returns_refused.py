"""Listing refuses 七天无理由退货 for goods the law does not exempt.

## What it does
Looks for refusals of no-reason returns (lexicon `returns_refused`: 不支持七天无理由,
不退不换, 售出概不退换 …) in the listing's title, description, claims and text, and fires
unless the goods are of an exempt kind (lexicon `returns_exempt`, read in the breadcrumb,
category, title, claims and text): custom-made goods, fresh and perishable goods,
downloaded digital goods, delivered newspapers and periodicals, or goods the consumer
confirms at purchase are not returnable.

## Legal basis
消费者权益保护法 §25: 经营者采用网络……方式销售商品，消费者有权自收到商品之日起七日内退货，
且无需说明理由, except (1) 消费者定作的 (2) 鲜活易腐的 (3) 在线下载或者消费者拆封的音像
制品、计算机软件等数字化商品 (4) 交付的报纸、期刊, and other goods that by their nature
are unsuitable and that the consumer confirms at purchase. 网络购买商品七日无理由退货暂行办法
§6–§7.

## Known problems
Whether goods really are of an exempt kind is read from words: "定制礼盒" that is a stock
item is taken as custom-made. Refusals shown only at checkout are not seen.

## Example
```html
<h1>纯棉 T 恤</h1><p>本店商品售出概不退换</p>
```

## Compliant
```html
<h1>定制刻字钢笔</h1><p>定制商品，不支持七天无理由退货</p>
```

## Options
None.

## References
- 消费者权益保护法 第二十五条; 网络购买商品七日无理由退货暂行办法 第六条、第七条
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from checks.base import Finding, Listing, Reference
from checks.text import describe_hits, find_terms, listing_texts, may_mention, quote, scan

if TYPE_CHECKING:
    from collections.abc import Iterator

ID = "listing.returns_refused"
SUBJECT = "listing"
SEVERITY = "medium"
BASIS = "消费者权益保护法 §25"


def is_exempt(listing: Listing) -> bool:
    """Whether the goods are of a kind exempt from no-reason returns."""
    texts = [*listing.breadcrumb, listing.category, *(t for _, t in listing_texts(listing))]
    return any(find_terms(t, "returns_exempt", masks="returns_not") for t in texts if t)


def check(listing: Listing, ref: Reference) -> Iterator[Finding]:
    if not may_mention(listing, "returns_refused"):
        return
    found = scan(listing_texts(listing), "returns_refused")
    if not found or is_exempt(listing):
        return
    message = (
        f"商品 {listing.url}（{quote(listing.title)}）标示 {describe_hits(found)}，"
        "拒绝七日无理由退货，而该商品不属于法定可不适用七日无理由退货的商品，"
        "违反消费者权益保护法第二十五条"
    )
    snippet = "；".join(hit.matched for _, _, hit in found)
    yield Finding(listing.url, message, list(listing.captures), snippet)
