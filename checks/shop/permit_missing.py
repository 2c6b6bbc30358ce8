"""Shop sells food, class II/III medical devices or drugs and shows no permit or filing.

## What it does
Reads each of the shop's listings (category, breadcrumb, title, claims; lexicons
`permit_food`, `permit_device`, `permit_drug`) and, for each kind of goods that needs an
administrative permit, looks for a shown permit or filing of that kind. One listing is
enough. A filing (仅销售预包装食品备案, 第二类医疗器械经营备案) satisfies it. Edible farm
produce (`permit_food_exempt`) and class I devices (`permit_device_exempt`) need none.

## Why it matters
Food, class II/III medical devices and drugs may only be sold with a permit or filing,
because they can harm health. A shop that sells them and shows none may hold none; the
buyer cannot tell, and the regulator must ask.

## Not seen is not missing
A check of absence (`ABSENCE = True`): when a page that could show what it looks for was
not read (a licence or about link not fetched: robots, error, off-site, page limit), the
runner (checks.runner) records the shop as unjudged, with the reason, instead of a finding.

## Legal basis
电子商务法 §12: 电子商务经营者从事经营活动，依法需要取得相关行政许可的，应当依法取得行政
许可; §15 requires 与其经营业务有关的行政许可信息 on the home page. 食品安全法 §35 (food,
食用农产品 excepted), 医疗器械监督管理条例 §41–§42 (class II filing, class III permit),
药品管理法 §51 (drugs).

## Known problems
The kind is read from words, not from the platform's category tree: an unusual product name
may be missed, and a word used figuratively may be read as goods. A permit that is shown
but malformed satisfies this check (only `shop.permit_invalid` fires). A permit whose label
names no kind ("许可证编号") is taken to cover every kind.

## Example
```html
<nav>首页 &gt; 食品饮料 &gt; 茶叶</nav><h1>明前龙井 250g</h1>   <!-- shop shows no permit -->
```

## Compliant
```html
<nav>首页 &gt; 生鲜 &gt; 新鲜水果</nav><h1>烟台红富士苹果 5 斤</h1>
<p>仅销售预包装食品备案：YB13301060012345</p>
```

## Options
None.

## References
- 电子商务法 第十二条、第十五条; 食品安全法 第三十五条
- 医疗器械监督管理条例 第四十条至第四十二条; 药品管理法 第五十一条
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from checks.base import Finding, Reference, Shop
from checks.catalogue import declared
from checks.categories import KINDS, kind_hit, shows_permit
from checks.text import quote

if TYPE_CHECKING:
    from collections.abc import Iterator

# a check of absence: it fires only when every page that could show it was read (else the
# shop is unjudged, with the reasons: checks.runner.unjudged)
ABSENCE = True
# severity, basis and Chinese title: its row in checks/data/catalogue.toml
ID, SUBJECT, SEVERITY, BASIS, TITLE_ZH, SUMMARY_ZH = declared(__name__)


def check(shop: Shop, ref: Reference) -> Iterator[Finding]:
    pending = [kind for kind in KINDS if not shows_permit(shop, kind)]
    first: dict[str, tuple] = {}  # kind -> (listing, hit): the first listing selling such goods
    for listing in shop.listings:  # listing by listing: its words are folded once
        if not pending:
            break
        for kind in list(pending):
            hit = kind_hit(listing, kind)
            if hit is not None:
                first[kind] = (listing, hit)
                pending.remove(kind)
    parts, snippets, evidence = [], [], list(shop.captures)
    for kind, (goods, permit) in KINDS.items():
        if kind not in first:
            continue
        listing, (where, text, term) = first[kind]
        parts.append(
            f"销售{goods}（商品 {quote(listing.title or listing.url)} {listing.url}，"
            f"{where} {quote(text)} 含 “{term.matched}”），但未公示{permit}"
        )
        snippets.append(text)
        evidence += listing.captures
    if parts:
        message = (
            f"店铺 {shop.url} {'；'.join(parts)}，不符合电子商务法第十二条、第十五条"
            "（依法取得并公示行政许可信息）"
        )
        yield Finding(shop.url, message, list(dict.fromkeys(evidence)), "；".join(snippets))
