"""Listing names a reference brand and uses counterfeit vocabulary or an implausibly low price.

## What it does
Looks for a brand of `brands.csv` (its name or an alias) in the listing's title,
description, claims and text — Latin names case-insensitively and not inside a longer
Latin word (short aliases such as `LV`, `MAC` not next to a letter or digit either) — and
fires when the listing also uses counterfeit vocabulary (lexicon `counterfeit`: 高仿, A货,
原单, 复刻, 1:1, 超A, 精仿, 莆田 …) or when its lowest offered price (券后价, 到手价 …) is
below 30% of the brand's reference price and the brand is named in the title. Accessories
made "for" a brand's device (适用于 iPhone) and places or sub-brands (茅台镇, 茅台王子) are
masked first (lexicon `brand_not`).

## Why it matters
高仿, 原单, 1:1 beside a famous brand, or the brand at a fraction of its price, are how
counterfeits are sold openly. Fakes cheat the buyer and the brand owner and can be unsafe;
the words are the evidence the listing leaves.

## Legal basis
电子商务法 §41–§45 (protection of intellectual property on platforms); 商标法 §57 (selling
goods that infringe a registered trademark); 十不准 (7): 强化知识产权保护，不准为销售侵权商品
提供便利.

## Known problems
The reference price is one number per brand: the lowest normal retail price of any genuine
item, so it is low for brands that also sell cosmetics or socks and a cheap fake of an
expensive item is only caught by its vocabulary. Second-hand goods (二手, 闲置) and genuine
retro lines called 复刻 by the brand itself can fire; the message quotes the words so an
investigator can judge. A brand named in comparison (比 LV 还好看) is still a mention.

## Example
```html
<h1>LV 老花 高仿 1:1 手提包</h1><span class="price">券后 ¥299</span>
```

## Compliant
```html
<h1>适用于 iPhone 15 的硅胶手机壳</h1><span class="price">¥19.9</span>
<h1>茅台镇 酱香型白酒 53度 500ml</h1><span class="price">¥88</span>
```

## Options
`brands.csv` (`[reference] brands` in the config): `brand,aliases,reference_price`.

## References
- 电子商务法 第四十一条至第四十五条; 商标法 第五十七条
- 浙江省电商平台“十要十不准”规范 第七项
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from checks.base import Finding, Listing, Reference
from checks.catalogue import declared
from checks.terms import folded, literal_prefilter
from checks.text import describe_hits, fold, listing_texts, listing_words, quote, scan

if TYPE_CHECKING:
    from collections.abc import Iterator

# severity, basis and Chinese title: its row in checks/data/catalogue.toml
ID, SUBJECT, SEVERITY, BASIS, TITLE_ZH, SUMMARY_ZH = declared(__name__)

PRICE_RATIO = 0.3
_PATTERNS: dict[tuple[str, ...], re.Pattern[str]] = {}


def _alias_pattern(alias: str) -> str:
    alias = fold(alias).strip()
    body = re.escape(alias).replace(r"\ ", r"\s*")
    if not alias.isascii():
        return body
    chars = "A-Za-z0-9" if len(alias) <= 3 else "A-Za-z"
    left = f"(?<![{chars}])" if alias[0].isalnum() else ""
    right = f"(?![{chars}])" if alias[-1].isalnum() else ""
    return left + body + right


def brand_pattern(brand: dict) -> re.Pattern[str]:
    """The regular expression matching a brand's name or any of its aliases."""
    names = tuple(dict.fromkeys([brand["brand"], *brand.get("aliases", [])]))
    if names not in _PATTERNS:
        ordered = sorted(names, key=len, reverse=True)
        _PATTERNS[names] = re.compile("|".join(_alias_pattern(n) for n in ordered), re.IGNORECASE)
    return _PATTERNS[names]


class _Index:
    """The brands of one list, ready to search: a quick test for any name, then each brand.

    The quick test is one case-sensitive alternation of every name's first word, lower-cased
    (`Louis Vuitton` matches with any spacing), run over the lower-cased text: Python's `re`
    scans that far faster than the brands' own patterns. A brand's pattern is tried only when
    one of its first words is in the text.
    """

    def __init__(self, brands: list[dict]) -> None:
        self.brands = brands
        self.entries = []
        words_all: list[str] = []
        for brand in brands:
            names = dict.fromkeys([brand["brand"], *brand.get("aliases", [])])
            words = tuple({(fold(n).split() or [""])[0].lower() for n in names})
            self.entries.append((brand, brand_pattern(brand), words))
            words_all += words
        self.quick = None if "" in words_all else literal_prefilter(words_all)
        self.last: tuple[str, list] | None = None  # (text, brands found): checks ask twice

    def find(self, text: str) -> list[tuple[dict, str]]:
        if self.last is not None and self.last[0] == text:
            return self.last[1]
        masked = folded(text, "brand_not")
        low = masked.lower()
        found = []
        if self.quick is None or self.quick.search(low):
            for brand, rx, words in self.entries:
                if any(w in low for w in words) and (match := rx.search(masked)):
                    found.append((match.start(), brand, text[match.start() : match.end()]))
        result = [(brand, words) for _, brand, words in sorted(found, key=lambda f: f[0])]
        self.last = (text, result)
        return result


_INDEX: list[_Index] = []


def _index(brands: list[dict]) -> _Index:
    if not _INDEX or _INDEX[0].brands is not brands:
        _INDEX[:] = [_Index(brands)]
    return _INDEX[0]


def find_brands(brands: list[dict], text: str) -> list[tuple[dict, str]]:
    """The brands named in `text` (after masking `brand_not`), with the words that name them."""
    return _index(brands).find(text)


def may_name_a_brand(listing: Listing, brands: list[dict]) -> bool:
    """A quick test over all the listing's words: False means no brand is named anywhere."""
    quick = _index(brands).quick
    return quick is None or quick.search(listing_words(listing)[1]) is not None


def _yuan(value: float) -> str:
    return f"¥{value:,.2f}"


def _label(brand: dict, words: str) -> str:
    if fold(words).casefold() == fold(brand["brand"]).casefold():
        return brand["brand"]
    return f"{words}（{brand['brand']}）"


def needs_price(listing: Listing, ref: Reference) -> bool:
    """Whether the price signal applies: the title names a brand with a reference price.
    With the price not shown (drawn by script), such a listing is unjudged (checks.runner)."""
    return any(b.get("reference_price") for b, _w in find_brands(ref.brands, listing.title))


def check(listing: Listing, ref: Reference) -> Iterator[Finding]:
    if not may_name_a_brand(listing, ref.brands):
        return
    pairs = listing_texts(listing)
    named = next(
        ((where, hits) for where, text in pairs if (hits := find_brands(ref.brands, text))), None
    )
    if named is None:
        return
    where, ((brand, words), *_) = named
    signals, snippets = [], [words]
    vocabulary = scan(pairs, "counterfeit", masks="counterfeit_not")
    if vocabulary:
        signals.append(f"使用假冒用语 {describe_hits(vocabulary)}")
        snippets += [hit.matched for _, _, hit in vocabulary]
    price = listing.offered_price
    if price is not None:
        cheap = [
            (b, w, float(b["reference_price"]))
            for b, w in find_brands(ref.brands, listing.title)
            if price < PRICE_RATIO * float(b.get("reference_price") or 0)
        ]
        if cheap:
            b, w, reference = max(cheap, key=lambda c: c[2])
            signals.append(
                f"最低售价 {_yuan(price)} 低于品牌 “{_label(b, w)}” 正品参考最低零售价 "
                f"{_yuan(reference)} 的 30%（{_yuan(PRICE_RATIO * reference)}）"
            )
            snippets.append(_yuan(price))
    if not signals:
        return
    message = (
        f"商品 {listing.url}（{quote(listing.title)}）在{where}中标示品牌 “{_label(brand, words)}”，"
        f"并{'，且'.join(signals)}，涉嫌销售假冒注册商标商品，违反电子商务法第四十一条至第四十五条"
        "及“十不准”第七项（不准为销售侵权商品提供便利）"
    )
    yield Finding(listing.url, message, list(listing.captures), "；".join(dict.fromkeys(snippets)))
