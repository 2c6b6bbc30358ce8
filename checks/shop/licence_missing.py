"""Shop shows no registered operator name and 统一社会信用代码, nor an exemption statement.

## What it does
Looks at the shop's own pages (home page and the licence, qualification, about and contact
pages it links) for both the operator's registered name (名称/企业名称) and its 统一社会信用
代码. It fires when either is missing, unless the shop states that it is exempt from
registration (e.g. 个人销售自产农副产品, 零星小额交易).

## Why it matters
亮照 is how a buyer and the regulator know who sells: the registered name and the
统一社会信用代码 lead to the business register, its address and its legal representative.
Without them a complaint, a recall or a case has nobody to go to.

## Not seen is not missing
A check of absence (`ABSENCE = True`): when a page that could show what it looks for was
not read (a licence or about link not fetched: robots, error, off-site, page limit), the
runner (checks.runner) records the shop as unjudged, with the reason, instead of a finding.

## Legal basis
电子商务法 §15: 电子商务经营者应当在其首页显著位置，持续公示营业执照信息、与其经营业务有关的
行政许可信息、属于依照本法第十条规定的不需要办理市场主体登记情形等信息.
网络交易监督管理办法 §12 requires the same on the shop's home page.

## Known problems
A licence shown only as an image counts as not shown unless the crawler read its text from
the image (OCR, crawler.licence_images; such fields are labelled `图片识别:`): the finding
says so, so an investigator can look at the image. A code that is
shown but invalid counts as shown (only `shop.uscc_invalid` fires). Whether an exemption
statement is true is not checked.

## Example
```html
<div class="shop-info">店铺名称：小王茶铺 <img src="/licence.jpg" alt="营业执照"></div>
```

## Compliant
```html
<dl><dt>企业名称</dt><dd>杭州小王茶业有限公司</dd>
<dt>统一社会信用代码</dt><dd>91330106MA2XXXXXXX</dd></dl>
<p>本店经营者为个人，销售自产农副产品，依法不需要办理市场主体登记。</p>
```

## Options
None.

## References
- 电子商务法 第十五条; 网络交易监督管理办法 第十二条
- GB 32100-2015 法人和其他组织统一社会信用代码编码规则
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from checks.base import Finding, Reference, Shop
from checks.catalogue import declared
from checks.text import captures_of, quote, shown

if TYPE_CHECKING:
    from collections.abc import Iterator

# a check of absence: it fires only when every page that could show it was read (else the
# shop is unjudged, with the reasons: checks.runner.unjudged)
ABSENCE = True
# severity, basis and Chinese title: its row in checks/data/catalogue.toml
ID, SUBJECT, SEVERITY, BASIS, TITLE_ZH, SUMMARY_ZH = declared(__name__)


def check(shop: Shop, ref: Reference) -> Iterator[Finding]:
    names, codes = shown(shop.registered_names), shown(shop.usccs)
    if (names and codes) or shown(shop.exemptions):
        return
    if codes:
        seen = f"公示了统一社会信用代码 {quote(codes[0].value)}，但未公示经营者登记名称"
        snippet = codes[0].value
    elif names:
        seen = f"公示了经营者名称 {quote(names[0].value)}，但未公示统一社会信用代码"
        snippet = names[0].value
    else:
        seen = "未公示经营者登记名称和统一社会信用代码"
        snippet = ""
    images = shown(shop.licence_images)
    if images:
        read = any(d.label.startswith("图片识别:") for d in (*names, *codes))
        outcome = "从图片中只识别出上述部分内容" if read else "未能读取其文字"
        seen += f"（营业执照仅以图片形式展示：{images[0].value}，{outcome}）"
        snippet = snippet or images[0].value
    pages = len(shop.pages) or 1
    message = (
        f"店铺 {shop.url} 及其链接的 {pages} 个店铺页面{seen}，也未声明属于依法不需要办理市场主体"
        "登记的情形，不符合电子商务法第十五条、网络交易监督管理办法第十二条（亮照亮证）"
    )
    evidence = captures_of([*names, *codes, *images], shop.captures)
    yield Finding(shop.url, message, evidence, snippet)
