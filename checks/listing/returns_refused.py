"""Listing refuses 七天无理由退货 for goods the law does not exempt.

## What it does
Looks for refusals of no-reason returns (lexicon `returns_refused`: 不支持七天无理由,
不退不换, 售出概不退换 …) in the listing's title, description, claims, text and laid-out
rows (a 服务说明 row `七天无理由退货 | 不支持` reads as 不支持七天无理由退货). The refusal is
its own negation, so a negator does not undo it; a refusal that is prohibited (商家不得以…
为由拒绝退货), warned against (谨防…) or quoted from a rule (根据《…办法》第六条，…) is not
the shop's (checks.context). It fires unless the goods are of an exempt kind said of this
item — in its title, category, breadcrumb, description, selling points, spec, delivery
and service rows (laid out, or `发货方式：…` lines) or the refusal's own sentence; not a
tooltip, a brand filter or a list of kinds elsewhere (see Exemptions).

## Why it matters
七天无理由退货 is a buyer's right for goods bought at a distance, where they cannot be
seen before paying. A refusal for goods the law does not exempt takes the right away and
discourages buyers from asking for it.

## Exemptions
Kept in `checks/data/returns_exemptions.toml` with their articles (checks.exemptions):

| exemption | article |
| --- | --- |
| 消费者定作的商品 (定制, 刻字 …) | 消保法 §25 ¶1 (一); 暂行办法 §6 (一) |
| 鲜活易腐的商品 (生鲜, 鲜花, 活体 …) | 消保法 §25 ¶1 (二); 暂行办法 §6 (二) |
| 消费者拆封的音像制品、计算机软件 (光盘, 软件 … and 拆封) | 消保法 §25 ¶1 (三); 暂行办法 §6 (三) |
| 在线下载的数字化商品 (激活码, 兑换码, 充值, 虚拟商品, 电子书 …) | 消保法 §25 ¶1 (三); 暂行办法 §6 (三) |
| 交付的报纸、期刊 (报纸, 期刊, 杂志订阅 …) | 消保法 §25 ¶1 (四); 暂行办法 §6 (四) |
| 购买时经消费者确认不宜退货的商品, where the page shows the confirmation (勾选确认, a ticked checkbox, 我已知悉…) | 消保法 §25 ¶2; 暂行办法 §7 |
| not goods: a link to pay postage or a price difference, by its title only (邮费补拍, 补差价) | 消保法 §25 applies to goods bought |

A kind the page mentions that does not count (非定制, 电子产品拆封后…, a tooltip's list)
is named in the message with its article.

## Legal basis
消费者权益保护法 §25: 经营者采用网络……方式销售商品，消费者有权自收到商品之日起七日内退货，
且无需说明理由, except (1) 消费者定作的 (2) 鲜活易腐的 (3) 在线下载或者消费者拆封的音像
制品、计算机软件等数字化商品 (4) 交付的报纸、期刊, and other goods that by their nature
are unsuitable and that the consumer confirms at purchase. 网络购买商品七日无理由退货暂行办法
§6–§7.

## Known problems
Whether goods really are of an exempt kind is read from words: "定制礼盒" that is a stock
item is taken as custom-made. Refusals and confirmations shown only at checkout are not
seen. §7's kinds (拆封后易影响人身安全…) are not judged: a shown confirmation is taken.

## Example
```html
<h1>纯棉 T 恤</h1><p>本店商品售出概不退换</p>
```

```html
<table><tr><th>七天无理由退货</th><td>不支持</td></tr></table>
```

## Compliant
```html
<h1>定制刻字钢笔</h1><p>定制商品，不支持七天无理由退货</p>
<h1>Office 激活码</h1><p>激活码在线发送，不支持七天无理由退货</p>
<label><input type="checkbox" checked>我已知悉本商品不支持七天无理由退货</label>
<p>平台规则：商家不得以任何理由拒绝七天无理由退货</p>
```

## Options
None.

## References
- 消费者权益保护法 第二十五条; 网络购买商品七日无理由退货暂行办法 第六条、第七条
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from checks.base import Finding, Listing, Reference
from checks.catalogue import declared
from checks.context import read
from checks.exemptions import exemption_of, own_lines, own_pairs
from checks.text import describe_hits, listing_texts, may_mention, pair_sentences, quote, scan

if TYPE_CHECKING:
    from collections.abc import Iterator

# severity, basis and Chinese title: its row in checks/data/catalogue.toml
ID, SUBJECT, SEVERITY, BASIS, TITLE_ZH, SUMMARY_ZH = declared(__name__)

_SENTENCE = re.compile(r"[^。！？!?\n]*")


def sentence_at(text: str, pos: int) -> str:
    """The sentence of `text` that holds position `pos`."""
    return next(m.group() for m in _SENTENCE.finditer(text) if m.start() <= pos <= m.end())


def _refused(found: tuple) -> bool:
    """A refusal said as one (不支持七天无理由 is negative itself); a refusing verb that is
    negated (本店从不拒绝七天无理由退货) says the opposite."""
    _where, text, hit = found
    if not hit.matched.startswith("拒绝"):
        return True
    return read(text, hit.start, hit.end, negation=True).asserted


def check(listing: Listing, ref: Reference) -> Iterator[Finding]:
    if not may_mention(listing, "returns_refused"):
        return
    texts = listing_texts(listing)
    found = [f for f in scan(texts, "returns_refused", negation=False) if _refused(f)]
    if not found:
        return
    own = [listing.title, listing.category, *listing.breadcrumb, listing.description]
    own += [*listing.claims, *pair_sentences(own_pairs(listing.pairs)), *own_lines(listing.text)]
    own += [sentence_at(text, hit.start) for _, text, hit in found]
    exemption, ruled_out = exemption_of(own, [text for _, text in texts])
    if exemption is not None:
        return
    ruled = f"（已排除：{'；'.join(ruled_out)}）" if ruled_out else ""
    message = (
        f"商品 {listing.url}（{quote(listing.title)}）标示 {describe_hits(found)}，"
        f"拒绝七日无理由退货，而该商品不属于法定可不适用七日无理由退货的商品{ruled}，"
        "违反消费者权益保护法第二十五条"
    )
    snippet = "；".join(hit.matched for _, _, hit in found)
    yield Finding(listing.url, message, list(listing.captures), snippet)
