"""Livestream room's title, notices or products promote overeating or wasting food.

## What it does
Looks for promotion of overeating or waste (lexicon `food_waste`: 大胃王, 暴饮暴食, 吃播挑战 …)
in the room's title, notices, product titles, laid-out rows (`大胃王挑战 | 不提倡` reads as
不提倡大胃王挑战) and text, after masking family-size packs and set phrases against waste
(lexicon `food_waste_not`: 光盘行动, 拒绝浪费, 家庭装 …). A term fires only where its clause
asserts it (checks.context): not negated (不是大胃王挑战), prohibited (切勿暴饮暴食, 严禁…),
warned against (反对大胃王式吃播, 不提倡…, 暴饮暴食有害健康) or quoted (“大胃王”, 平台规则：…).

## Why it matters
A livestream reaches many viewers at once; a room that stages overeating or waste
(大胃王, 暴饮暴食) promotes what the 反食品浪费法 forbids to all of them.

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

## Exemptions
None in the law. A host who warns against waste (别浪费, 吃不完打包) or quotes the rule is
not promoting it: such clauses are not findings.

## References
- 反食品浪费法 第二十二条第二款 (网络音视频服务提供者: stop carrying such programmes)
- 浙江省电商平台“十要十不准”规范 第十项
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from checks.base import Finding, Reference, Room
from checks.catalogue import declared
from checks.text import describe_hits, pair_sentences, scan, without_cells

if TYPE_CHECKING:
    from collections.abc import Iterator

# severity, basis and Chinese title: its row in checks/data/catalogue.toml
ID, SUBJECT, SEVERITY, BASIS, TITLE_ZH, SUMMARY_ZH = declared(__name__)


def check(room: Room, ref: Reference) -> Iterator[Finding]:
    pairs = [("标题", room.title), *(("公告", n) for n in room.notices)]
    pairs += [("商品", str(p.get("title") or "")) for p in room.products]
    pairs += [("表格", sentence) for sentence in pair_sentences(room.pairs)]
    pairs.append(("页面文字", without_cells(room.text, room.pairs)))
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
