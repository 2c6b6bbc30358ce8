"""Shop's 统一社会信用代码 or licence image is also shown by a shop with a different operator.

## What it does
Runs once over every shop in the database. Groups shops by the 统一社会信用代码 they show
(compacted: width-folded, upper case, no spaces) and by the licence image they show, and
fires for each shop of a group whose operators differ — operator being the registered name
(else the operator named elsewhere), compared folded as in `shop.identity_mismatch`. Shops
of one operator (a flagship store and its outlet) share a licence legitimately and do not
fire; shops that show no name are left out of the comparison.

## Why it matters
One licence shown by shops of different operators means at least one of them sells under
a business that is not theirs (一照多用, 借照经营): the register points to the wrong party,
and a case against one shop misses the others.

## Legal basis
电子商务法 §15 (the licence shown must be the shop's own) and §17 (true information):
borrowing or forging another company's licence (冒用他人营业执照) misleads consumers about
whom they buy from.

## Known problems
Two licence images with the same content under different URLs are not recognised as the
same (no image hashing). A company that changed its name shows two names for one code until
every shop updates its page.

## Example
```text
shop A: 统一社会信用代码 91330106MA2XXXXXXX, 名称 杭州小王茶业有限公司
shop B: 统一社会信用代码 91330106MA2XXXXXXX, 名称 义乌某某贸易有限公司
```

## Compliant
```text
小王茶业官方旗舰店 and 小王茶业官方奥莱店: same code, 名称 杭州小王茶业有限公司 on both
```

## Options
None.

## Exemptions
Shops of one operator (the same registered name, compared folded: width, brackets, case),
e.g. a flagship store and its outlet (电子商务法 §15 asks for the operator's licence, which
every shop of that operator may show); shops that show no operator name.

## References
- 电子商务法 第十五条、第十七条; 网络交易监督管理办法 第十二条
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from checks.base import DATABASE_SCOPE, Finding, Reference, Shop
from checks.catalogue import declared
from checks.identifiers import compact_uscc
from checks.text import captures_of, fold_name, quote, shown

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

SCOPE = DATABASE_SCOPE  # check_all: one shop's licence is judged against every other shop
# severity, basis and Chinese title: its row in checks/data/catalogue.toml
ID, SUBJECT, SEVERITY, BASIS, TITLE_ZH, SUMMARY_ZH = declared(__name__)


def operator_of(shop: Shop) -> str:
    """The shop's operator name as shown: registered name, else the operator named elsewhere."""
    names = shown(shop.registered_names) or shown(shop.operators)
    return names[0].value.strip() if names else ""


def check_all(shops: Iterable[Shop], ref: Reference) -> Iterator[Finding]:
    shops = list(shops)
    groups: dict[tuple[str, str], list[Shop]] = defaultdict(list)
    for shop in shops:
        if not operator_of(shop):
            continue
        keys = {("统一社会信用代码", compact_uscc(d.value)) for d in shown(shop.usccs)}
        keys |= {("营业执照图片", d.value.strip()) for d in shown(shop.licence_images)}
        for key in keys:
            groups[key].append(shop)
    reports: dict[str, list[str]] = defaultdict(list)
    for (kind, value), members in groups.items():
        operators = {fold_name(operator_of(s)) for s in members}
        if len(operators) < 2:
            continue
        for shop in members:
            mine = fold_name(operator_of(shop))
            others = [s for s in members if fold_name(operator_of(s)) != mine]
            listed = "、".join(f"{s.url}（{quote(operator_of(s))}）" for s in others[:5])
            reports[shop.url].append(
                f"公示的{kind} {quote(value, 100)}（其经营者为 {quote(operator_of(shop))}）"
                f"同时被经营者不同的店铺公示：{listed}"
            )
    by_url = {shop.url: shop for shop in shops}
    for url, parts in reports.items():
        shop = by_url[url]
        message = (
            f"店铺 {url} {'；'.join(parts)}，涉嫌冒用或出借他人营业执照，"
            "不符合电子商务法第十五条、第十七条"
        )
        evidence = captures_of([*shop.usccs, *shop.licence_images], shop.captures)
        yield Finding(url, message, evidence, "；".join(parts))
