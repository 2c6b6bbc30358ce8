"""Listing for goods that are not a drug or medical device claims to prevent, treat or cure disease.

## What it does
Looks for disease claims (lexicon `medical`: 治疗, 治愈, 根治, 降血糖, 降血压, 抗癌, 防癌,
预防…疾病 …) in the listing's title, description, claims and text, after masking mandatory
warnings and neutral statements (lexicon `medical_not`: 不能代替药物治疗疾病, 慎食,
不适宜人群, 测量血压 …). Listings for drugs or medical devices (lexicon `medical_exempt`:
药品, 国药准字, OTC, 医疗器械, 械注准, 械备 … in the listing's breadcrumb, category, title,
claims or text) may state indications and are skipped.

## Why it matters
Goods that are not drugs or medical devices were never shown to prevent or cure disease.
A buyer who believes the claim may delay real treatment; the claim is also how unapproved
drugs are sold as food or cosmetics.

## Legal basis
广告法 §17: 除医疗、药品、医疗器械广告外，禁止其他任何广告涉及疾病治疗功能，并不得使用医疗
用语或者易使推销的商品与药品、医疗器械相混淆的用语. 食品安全法 §73: 保健食品广告……不得
涉及疾病预防、治疗功能. 保健食品 (蓝帽子, 国食健字) are food, not drugs: they are checked.

## Known problems
A drug or device that does not say so on its page (no 国药准字 / 械注准 shown) is read as
ordinary goods and fires; the message quotes the words so an investigator can check the
registration. Claims written as images are not read.

## Example
```html
<h1>苦瓜茶 降血糖 降血压 三个月根治糖尿病</h1>
```

## Compliant
```html
<h1>鱼油软胶囊 蓝帽子保健食品</h1><p>保健食品不是药物，不能代替药物治疗疾病。</p>
<h1>电子血压计 械注准20202070001 家用测量血压</h1>
```

## Options
None.

## References
- 广告法 第十六条、第十七条; 食品安全法 第七十三条
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from checks.base import Finding, Listing, Reference
from checks.catalogue import declared
from checks.text import describe_hits, find_asserted, hits_finding, listing_hits, may_mention, quote

if TYPE_CHECKING:
    from collections.abc import Iterator

# severity, basis and Chinese title: its row in checks/data/catalogue.toml
ID, SUBJECT, SEVERITY, BASIS, TITLE_ZH, SUMMARY_ZH = declared(__name__)


def is_drug_or_device(listing: Listing) -> bool:
    """Whether the listing presents itself as a drug or a medical device."""
    texts = [*listing.breadcrumb, listing.category, listing.title, *listing.claims]
    texts += [listing.description, listing.text]
    if not may_mention(listing, "medical_exempt"):
        return False
    return any(find_asserted(t, "medical_exempt", masks="medical_not") for t in texts if t)


def check(listing: Listing, ref: Reference) -> Iterator[Finding]:
    found = listing_hits(listing, "medical")
    if found and not is_drug_or_device(listing):
        message = (
            f"商品 {listing.url}（{quote(listing.title)}）不是药品或医疗器械，却宣称疾病预防、治疗"
            f"功能：{describe_hits(found)}，违反广告法第十七条、食品安全法第七十三条"
        )
        yield hits_finding(listing, message, found)
