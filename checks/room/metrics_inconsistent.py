"""Livestream room shows an impossible counter: online above cumulative, or a total that falls.

## What it does
Reads the counters of each sample the crawler took of the room (`online`, `viewers`,
`likes`, `sold`), in time order. It fires when, in any sample, the online viewers exceed the
cumulative viewers, or when a cumulative counter (viewers, likes, sold) is lower in a later
sample than in an earlier one. Online viewers going down is normal and never fires.

## Why it matters
Online counts above cumulative views, or totals that fall, cannot be real: the numbers
are inflated (刷量) to make the room look popular, which misleads buyers about demand.

## Legal basis
绿色直播间 方案: "有关直播数据应当真实，不得采取任何形式进行流量等数据造假". Faked counters
are also false commercial publicity (反不正当竞争法 §8; 电子商务法 §17).

## Known problems
A platform that shows rounded counters (`1.2万`) may round one sample up and the next down;
the extractor passes numbers as shown, so a fall within the rounding unit can fire. A
platform that resets counters when a new session starts in the same room fires too: the
message names both samples so an investigator can compare the screenshots.

## Example
```text
sample 1 (20:00): 在线 1200, 累计观看 900           <- online above cumulative
sample 2 (20:05): 累计观看 800, 点赞 5000 -> 4000   <- totals fall
```

## Compliant
```text
sample 1: 在线 300, 累计观看 5000; sample 2: 在线 120, 累计观看 5600
```

## Options
None.

## References
- 浙江省市场监管局《"绿色直播间"创建方案》; 电子商务法 第十七条
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from checks.base import Finding, Reference, Room
from checks.catalogue import declared

if TYPE_CHECKING:
    from collections.abc import Iterator

# severity, basis and Chinese title: its row in checks/data/catalogue.toml
ID, SUBJECT, SEVERITY, BASIS, TITLE_ZH, SUMMARY_ZH = declared(__name__)

CUMULATIVE = {"viewers": "累计观看人数", "likes": "点赞数", "sold": "已售件数"}


def _n(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"


def _number(sample, key: str) -> float | None:
    value = sample.counters.get(key)
    try:
        return None if value is None else float(value)
    except (TypeError, ValueError):
        return None


def check(room: Room, ref: Reference) -> Iterator[Finding]:
    samples = sorted(room.samples, key=lambda s: s.taken_at)
    problems, evidence = [], []
    for i, sample in enumerate(samples, 1):
        online, viewers = _number(sample, "online"), _number(sample, "viewers")
        if online is not None and viewers is not None and online > viewers:
            problems.append(
                f"第 {i} 次采样（{sample.taken_at}，采集记录 #{sample.capture_id}）在线人数 "
                f"{_n(online)} 高于累计观看人数 {_n(viewers)}"
            )
            evidence.append(sample.capture_id)
    for key, label in CUMULATIVE.items():
        best, best_at = None, 0
        for i, sample in enumerate(samples, 1):
            value = _number(sample, key)
            if value is None:
                continue
            if best is not None and value < best:
                before = samples[best_at - 1]
                problems.append(
                    f"{label}从第 {best_at} 次采样（{before.taken_at}，采集记录 "
                    f"#{before.capture_id}）的 {_n(best)} 降至第 {i} 次采样（{sample.taken_at}，"
                    f"采集记录 #{sample.capture_id}）的 {_n(value)}"
                )
                evidence += [before.capture_id, sample.capture_id]
            if best is None or value > best:
                best, best_at = value, i
    if problems:
        message = (
            f"直播间 {room.url} 展示的数据自相矛盾：{'；'.join(problems)}，"
            "涉嫌流量等数据造假，不符合“绿色直播间”创建方案关于直播数据应当真实的要求"
        )
        ids = [c for c in evidence if c is not None] or list(room.captures)
        yield Finding(room.url, message, list(dict.fromkeys(ids)), "；".join(problems))
