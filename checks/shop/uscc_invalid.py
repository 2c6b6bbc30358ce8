"""Shop shows a 统一社会信用代码 that fails GB 32100-2015 (length, characters, check character).

## What it does
Validates every 统一社会信用代码 the shop's pages show, after folding full-width characters
and removing spaces and hyphens: 18 characters from `0-9A-HJ-NP-RTUWXY`, a registration
authority listed in GB 32100-2015 (1–9, A, N, Y), a numeric region code, and the check
character. One finding per shop lists every invalid code.

## Why it matters
A 统一社会信用代码 whose check character fails is not in the register: the shop looks
licensed and is not traceable. It is the commonest sign of a code made up or copied
carelessly.

## Legal basis
GB 32100-2015《法人和其他组织统一社会信用代码编码规则》§4–§5: the code has 18 characters
and its 18th is a check character computed from the first 17 (GB/T 17710 MOD 31-3).
A code that fails this cannot have been issued, so the shown licence information is not
true (电子商务法 §17).

## Known problems
Some codes issued in early pilot areas (Xiamen, 2014–2015, e.g. `91350211M0000XUF46`) are
legal but fail the check character; the message names the expected character so an
investigator can look the code up in 国家企业信用信息公示系统 before acting.
python-stdnum rejects the authority characters A, N and Y; `checks.identifiers` checks
those with the same algorithm. A code read by OCR from a licence image (label `图片识别:…`)
may be misread: the message says it was read from the image and cites the image capture
(its OCR text is a capture of kind `ocr` about it), so the image can be checked by eye.

## Example
```html
<p>统一社会信用代码：91330106MA2B3C4D5X</p>
```

## Compliant
```html
<p>统一社会信用代码：９１１１００００６０００３７３４１Ｌ</p>  <!-- full-width, valid -->
```

## Options
None.

## References
- GB 32100-2015; GB/T 17710-2008 (check character systems)
- 电子商务法 第十五条、第十七条
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from checks.base import Finding, Reference, Shop
from checks.catalogue import declared
from checks.identifiers import compact_uscc, uscc_problem
from checks.text import captures_of, problems, quote, shown

if TYPE_CHECKING:
    from collections.abc import Iterator

# severity, basis and Chinese title: its row in checks/data/catalogue.toml
ID, SUBJECT, SEVERITY, BASIS, TITLE_ZH, SUMMARY_ZH = declared(__name__)


def check(shop: Shop, ref: Reference) -> Iterator[Finding]:
    bad, seen = [], set()
    for disclosure in shown(shop.usccs):
        problem = uscc_problem(disclosure.value)
        key = compact_uscc(disclosure.value)
        if problem and key not in seen:
            seen.add(key)
            bad.append((disclosure, problem))
    if not bad:
        return
    message = (
        f"店铺 {shop.url} 公示的统一社会信用代码 {problems(bad, _from_image)}，"
        "不符合 GB 32100-2015《法人和其他组织统一社会信用代码编码规则》"
    )
    evidence = captures_of([d for d, _ in bad], shop.captures)
    yield Finding(shop.url, message, evidence, "；".join(d.value.strip() for d, _ in bad))


def _from_image(d) -> str:
    """A code read by OCR from a licence image (label `图片识别:…`, crawler.licence_images)."""
    if not d.label.startswith("图片识别:"):
        return ""
    raw = d.label.split("识别原文", 1)[1].strip(" ）)") if "识别原文" in d.label else ""
    shown = f"，识别原文 {quote(raw)}" if raw else ""
    return f"（该代码系从营业执照图片中识别{shown}，请对照图片核实）"
