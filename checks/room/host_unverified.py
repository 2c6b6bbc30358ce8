"""Livestream room shows no real-name verification of its host (主播).

## What it does
Fires when the rendered room shows no statement that its host is verified under their real
name (实名认证), or shows that the host is not verified. The crawler reads the room after
JavaScript has drawn it (a real browser), so a badge drawn from the room's JSON API counts.

## Why it matters
A host who is not identified by real name cannot be held to what they say on air;
viewers and the regulator need to know who sells and speaks in the room.

## Legal basis
网络直播营销管理办法（试行）§14 (as cited by the SPEC): hosts of livestream marketing act
under their real identity, verified by the platform. The 绿色直播间 方案 requires hosts to
"提供真实有效的个人身份、联系方式等信息，维护和落实直播间实名制".

## Known problems
A verification shown only in an image, or only after login, is not seen. The text is
trusted as shown: whether the platform really verified the host is not checked.

## Example
```html
<div class="host">主播：小美</div>   <!-- no 实名认证 shown -->
```

## Compliant
```html
<div class="host">主播：小美 <span class="badge">已实名认证</span></div>
```

## Options
None.

## References
- 网络直播营销管理办法（试行）第十四条
- 浙江省市场监管局《"绿色直播间"创建方案》
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from checks.base import Finding, Reference, Room
from checks.catalogue import declared
from checks.text import captures_of, cite, quote

if TYPE_CHECKING:
    from collections.abc import Iterator

# severity, basis and Chinese title: its row in checks/data/catalogue.toml
ID, SUBJECT, SEVERITY, BASIS, TITLE_ZH, SUMMARY_ZH = declared(__name__)


def check(room: Room, ref: Reference) -> Iterator[Finding]:
    if room.host_verified:
        return
    host = f"主播 {quote(room.host_name)}" if room.host_name else "主播"
    shown = room.host_verification
    if room.host_verified is False and shown is not None and shown.value.strip():
        seen = f"{host}的实名认证状态显示为 {quote(shown.value)}{cite(shown)}"
        snippet = shown.value
    else:
        seen = f"未展示{host}的实名认证信息"
        snippet = room.host_name
    message = (
        f"直播间 {room.url} {seen}，不符合网络直播营销管理办法（试行）第十四条"
        "及“绿色直播间”创建方案关于直播间实名制的要求"
    )
    yield Finding(room.url, message, captures_of([shown], room.captures), snippet)
