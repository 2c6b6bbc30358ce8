"""Shop's registered name on its licence differs from the operator named elsewhere on its pages.

## What it does
Compares the registered name(s) shown on the shop's licence information (名称/企业名称)
with every operator name shown elsewhere on the shop's pages (经营者, footer ©, JSON-LD
`legalName`). Names are compared after folding full-/half-width forms, brackets (（）()【】
[]) and white space; a footer's `©`, years and `版权所有` are removed first. It fires when an
operator name matches none of the registered names, or when the licence information shows
two different registered names.

## Why it matters
The licence says who answers for the shop. When the operator named elsewhere on its pages
is another party, a buyer does not know whom they deal with, and a licence borrowed from
another business (借照经营) is the usual cause.

## Legal basis
电子商务法 §17: 电子商务经营者应当全面、真实、准确、及时地披露商品或者服务信息. 网络交易
监督管理办法 §12: the shown information must be consistent with the licence.

## Known problems
The 法定代表人 is a person, not an operator, and is never compared. On a 个体工商户 licence
"经营者" is the owner's name: a 2–4 character Chinese personal name without an
organisation suffix is therefore skipped. A name written only in Latin letters (an English
`legalName`) is not compared with a Chinese registered name. A branch (分公司) is a
different operator and fires. A footer © name that is the tail of the registered name
(`食品有限公司` of 北京稻香斋食品有限公司: a name spaced into words, of which only the last was
read) is taken for it, so a footer that leaves out the region and 字号 is not flagged.

## Example
```html
<dl><dt>企业名称</dt><dd>杭州小王茶业有限公司</dd></dl>
<footer>© 2024 义乌某某贸易有限公司 版权所有</footer>
```

## Compliant
```html
<dl><dt>企业名称</dt><dd>杭州小王茶业（集团）有限公司</dd></dl>
<footer>© 2024 杭州小王茶业(集团)有限公司</footer>
```

## Options
None.

## References
- 电子商务法 第十七条; 网络交易监督管理办法 第十二条
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from checks.base import Finding, Reference, Shop
from checks.catalogue import declared
from checks.terms import words
from checks.text import captures_of, cite, fold, fold_name, has_han, quote, shown

if TYPE_CHECKING:
    from collections.abc import Iterator

# severity, basis and Chinese title: its row in checks/data/catalogue.toml
ID, SUBJECT, SEVERITY, BASIS, TITLE_ZH, SUMMARY_ZH = declared(__name__)

_DECORATION = re.compile(
    rf"{words('copyright')}|"
    r"(?:19|20)\d{2}\s*(?:[-–—~至]\s*(?:19|20)\d{2})?\s*年?",
    re.IGNORECASE,
)
_PERSON_LABEL = re.compile(words("person_label"))
_ORG_SUFFIX = re.compile(rf"(?:{words('org_suffix')})$")


def operator_name(value: str) -> str:
    """An operator name as shown, without ©, years and 版权所有."""
    return _DECORATION.sub(" ", fold(value)).strip(" .,，。:：-")


def is_person(name: str) -> bool:
    """A bare Chinese personal name (2–4 Han characters, no organisation suffix)."""
    bare = re.sub(r"\s", "", name)
    return bool(re.fullmatch(r"[\u4e00-\u9fff·]{2,4}", bare)) and not _ORG_SUFFIX.search(bare)


def _cut_short(label: str, name: str, registered: dict) -> bool:
    """A footer's © name that is a registered name's tail: the footer spaced the name
    (`北京 稻香斋 食品有限公司 版权所有`), and only its last word was read as the name."""
    tail = fold_name(name)
    return label == "©" and any(r.endswith(tail) and r != tail for r in registered)


def check(shop: Shop, ref: Reference) -> Iterator[Finding]:
    registered = shown(shop.registered_names)
    if not registered:
        return
    names = {fold_name(d.value): d for d in registered}
    problems, evidence = [], list(registered)
    if len(names) > 1:
        listed = "、".join(f"{quote(d.value)}{cite(d)}" for d in names.values())
        problems.append(f"营业执照信息中出现不同的登记名称 {listed}")
    first = registered[0]
    for d in shown(shop.operators):
        name = operator_name(d.value)
        if not name or _PERSON_LABEL.search(fold(d.label)) or is_person(name):
            continue
        if not has_han(name) and has_han(first.value):
            continue
        if fold_name(name) in names or _cut_short(d.label, name, names):
            continue
        problems.append(
            f"{d.label or '经营者'} 标示的经营者 {quote(name)}{cite(d)} "
            f"与营业执照登记名称 {quote(first.value)}{cite(first)} 不一致"
        )
        evidence.append(d)
    if problems:
        message = (
            f"店铺 {shop.url} {'；'.join(problems)}，经营者身份信息不真实或不一致，"
            "不符合电子商务法第十七条"
        )
        snippet = "；".join(d.value for d in evidence)
        yield Finding(shop.url, message, captures_of(evidence, shop.captures), snippet)
