"""Shop shows no telephone number and no e-mail address.

## What it does
Fires when none of the shop's own pages shows a telephone number or an e-mail address. A
QQ number, a WeChat id or an ICP filing number is not a telephone number, and the platform's
own header and footer (its service hotline) are not the shop's disclosure (the assembler
removes them before checks run).

## Why it matters
A buyer with a complaint, and an investigator with a question, need a way to reach the
operator that does not run through the platform's chat. Without a telephone number or an
e-mail address a dispute has no addressee and a 责令改正 cannot be served quickly.

## Not seen is not missing
A check of absence (`ABSENCE = True`): when a page that could show what it looks for was
not read (a licence or about link not fetched: robots, error, off-site, page limit), the
runner (checks.runner) records the shop as unjudged, with the reason, instead of a finding.

## Legal basis
电子商务法 §15 and 网络交易监督管理办法 §12 require the shop to show its information on
its home page; the 绿色直播间 方案 requires merchants "提供和公示真实有效的主体身份、联系方式".

## Known problems
A number shown only in an image is not seen. An online chat button (旺旺, 客服) alone is
not counted as contact information.

## Example
```html
<div class="contact">客服QQ：12345678　微信：shop_wx</div>
```

## Compliant
```html
<div class="contact">联系电话：0571-8702 3456</div>
```

## Options
None.

## References
- 电子商务法 第十五条; 网络交易监督管理办法 第十二条
- 浙江省市场监管局《"绿色直播间"创建方案》
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from checks.base import Finding, Reference, Shop
from checks.catalogue import declared
from checks.identifiers import is_phone_disclosure
from checks.text import captures_of, quote, shown

if TYPE_CHECKING:
    from collections.abc import Iterator

# a check of absence: it fires only when every page that could show it was read (else the
# shop is unjudged, with the reasons: checks.runner.unjudged)
ABSENCE = True
# severity, basis and Chinese title: its row in checks/data/catalogue.toml
ID, SUBJECT, SEVERITY, BASIS, TITLE_ZH, SUMMARY_ZH = declared(__name__)


def check(shop: Shop, ref: Reference) -> Iterator[Finding]:
    numbers = shown(shop.phones)
    phones = [d for d in numbers if is_phone_disclosure(d.label, d.value)]
    if phones or shown(shop.emails):
        return
    others = [d for d in numbers if d not in phones]
    note = ""
    if others:
        listed = "、".join(f"{d.label or '联系方式'} {quote(d.value)}" for d in others[:3])
        note = f"（仅公示 {listed}，不属于电话号码）"
    pages = len(shop.pages) or 1
    message = (
        f"店铺 {shop.url} 及其链接的 {pages} 个店铺页面未公示联系电话或电子邮箱{note}，"
        "不符合电子商务法第十五条及“绿色直播间”创建方案关于公示真实有效联系方式的要求"
    )
    snippet = "；".join(f"{d.label}: {d.value}" for d in others)
    yield Finding(shop.url, message, captures_of(others, shop.captures), snippet)
