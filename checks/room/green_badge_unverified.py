"""Livestream room shows the 绿色直播间 badge but is not in the green registry, or has expired.

## What it does
When the rendered room shows the 绿色直播间 badge, looks the room up in the green registry
(`green_registry.csv`) by URL — compared canonically: scheme and host lower-cased, fragment
and trailing slash dropped — and fires when there is no entry or the entry's `valid_until`
is before the run's date (`valid_until` is inclusive).

## Why it matters
The 绿色直播间 badge tells viewers that the room was checked and certified. Shown by a room
not in the registry, or after its certification expired, it borrows trust the room has
not earned.

## Legal basis
绿色直播间 方案: certified rooms may show "统一的标志标识"; a room that shows it without
certification misleads consumers about its credit (反不正当竞争法 §8 false publicity;
电子商务法 §17).

## Known problems
The registry is only as current as the file the regulator provides. Rooms reached under
several URLs (short links, mobile hosts) must be listed under the URL the crawler records
as canonical. Query strings are compared as they are.

## Example
```html
<img class="badge" alt="绿色直播间" src="/green.png">  <!-- room not in the registry -->
```

## Compliant
```csv
room_url,operator,valid_until
http://live.example.cn/room/88,杭州小王茶业有限公司,2026-12-31
```

## Options
`green_registry.csv` (`[reference] green_registry` in the config): `room_url,operator,valid_until`.

## References
- 浙江省市场监管局《"绿色直播间"创建方案》
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from checks.base import Finding, Reference, Room
from checks.catalogue import declared
from checks.text import captures_of, cite, quote
from toolkit.urls import typed_url_keys, url_identity

if TYPE_CHECKING:
    from collections.abc import Iterator

# severity, basis and Chinese title: its row in checks/data/catalogue.toml
ID, SUBJECT, SEVERITY, BASIS, TITLE_ZH, SUMMARY_ZH = declared(__name__)


def lookup(registry: dict[str, dict], url: str) -> dict | None:
    """The registry entry for a room URL; a URL a person typed may carry a stray final slash."""
    wanted = url_identity(url)
    for key, entry in registry.items():
        if wanted in typed_url_keys(entry.get("room_url") or key):
            return entry
    return None


def check(room: Room, ref: Reference) -> Iterator[Finding]:
    badge = room.badge
    if badge is None or not (badge.value or badge.label).strip():
        return
    today = ref.today or dt.date.today().isoformat()
    entry = lookup(ref.green_registry, room.url)
    seen = f"展示“绿色直播间”标识 {quote(badge.value or badge.label)}{cite(badge)}"
    if entry is None:
        problem = "但该直播间不在绿色直播间名录中"
    elif str(entry.get("valid_until", "")) < today:
        problem = (
            f"但其名录登记（运营者 {quote(entry.get('operator', ''))}）已于 "
            f"{entry['valid_until']} 到期（核查日期 {today}）"
        )
    else:
        return
    message = f"直播间 {room.url} {seen}，{problem}，不符合“绿色直播间”创建方案"
    yield Finding(
        room.url, message, captures_of([badge], room.captures), badge.value or badge.label
    )
