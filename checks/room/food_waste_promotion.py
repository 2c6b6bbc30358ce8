"""Livestream room's title, notices or products promote overeating or wasting food.

## What it does
Looks for promotion of overeating or waste (lexicon `food_waste`: 大胃王, 暴饮暴食, 吃播挑战 …)
in the room's title, notices, product titles and text, after masking warnings against waste
and family-size packs (lexicon `food_waste_not`: 光盘行动, 拒绝浪费, 家庭装 …).

## Legal basis
反食品浪费法 §22: no one may make, publish or spread 宣扬量大多吃、暴饮暴食等浪费食品的节目或者
音视频信息; it also applies to online audio-visual platforms. 十不准 (10).

## Known problems
What is said in the stream's audio or shown in its video is not read; only text in the
room's page is.

## Example
```html
<h1 class="room-title">大胃王吃播挑战：一口气吃完 10 碗面</h1>
```

## Compliant
```html
<h1 class="room-title">家乡美食直播</h1><p class="notice">光盘行动，拒绝浪费</p>
```

## Options
None.

## References
- 反食品浪费法 第二十二条; 浙江省电商平台“十要十不准”规范 第十项
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from checks.base import Finding, Reference, Room
from checks.text import describe_hits, scan

if TYPE_CHECKING:
    from collections.abc import Iterator

ID = "room.food_waste_promotion"
SUBJECT = "room"
SEVERITY = "low"
BASIS = "反食品浪费法 §22"


def check(room: Room, ref: Reference) -> Iterator[Finding]:
    pairs = [("标题", room.title), *(("公告", n) for n in room.notices)]
    pairs += [("商品", str(p.get("title") or "")) for p in room.products]
    pairs.append(("页面文字", room.text))
    found = scan(
        [(w, t) for w, t in pairs if t and t.strip()], "food_waste", masks="food_waste_not"
    )
    if not found:
        return
    message = (
        f"直播间 {room.url} 宣扬量大多吃、暴饮暴食：{describe_hits(found)}，"
        "违反反食品浪费法第二十二条及“十不准”第十项（不准宣导铺张浪费）"
    )
    snippet = "；".join(hit.matched for _, _, hit in found)
    yield Finding(room.url, message, list(room.captures), snippet)
