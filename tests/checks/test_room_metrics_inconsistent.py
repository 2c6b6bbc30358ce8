"""room.metrics_inconsistent: online above cumulative, or a cumulative counter falling."""

import pytest

from checks.base import Room, RoomSample
from checks.room import metrics_inconsistent

URL = "http://127.0.0.1:8000/live/88"
T1, T2, T3 = "2025-06-01T12:00:00Z", "2025-06-01T12:00:05Z", "2025-06-01T12:00:10Z"
RULE = "，涉嫌流量等数据造假，不符合“绿色直播间”创建方案关于直播数据应当真实的要求"


def room(*counters):
    times = [T1, T2, T3]
    return Room(URL, samples=[RoomSample(times[i], c, 50 + i) for i, c in enumerate(counters)])


def test_online_above_cumulative():
    (finding,) = metrics_inconsistent.check(room({"online": 1200, "viewers": 900}), None)
    assert finding.message == (
        f"直播间 {URL} 展示的数据自相矛盾：第 1 次采样（{T1}，采集记录 #50）在线人数 1,200 "
        f"高于累计观看人数 900{RULE}"
    )
    assert finding.captures == [50]


def test_cumulative_counter_falls():
    subject = room({"viewers": 5000, "likes": 800}, {"viewers": 5600, "likes": 700})
    (finding,) = metrics_inconsistent.check(subject, None)
    assert finding.message == (
        f"直播间 {URL} 展示的数据自相矛盾：点赞数从第 1 次采样（{T1}，采集记录 #50）的 800 "
        f"降至第 2 次采样（{T2}，采集记录 #51）的 700{RULE}"
    )
    assert finding.captures == [50, 51]


@pytest.mark.parametrize(
    ("counters", "count"),
    [
        ([{"sold": 300}, {"sold": 310}, {"sold": 200}], 1),
        ([{"viewers": 900, "online": 100}, {"viewers": 800, "online": 850}], 2),
        ([{"viewers": "5000"}, {"viewers": "4999"}], 1),
    ],
    ids=["sold-falls-later", "both-kinds", "numbers-as-text"],
)
def test_fires(counters, count):
    (finding,) = metrics_inconsistent.check(room(*counters), None)
    assert finding.snippet.count("；") == count - 1


def test_samples_are_read_in_time_order():
    subject = Room(
        URL,
        samples=[RoomSample(T2, {"viewers": 600}, 51), RoomSample(T1, {"viewers": 500}, 50)],
    )
    assert list(metrics_inconsistent.check(subject, None)) == []


@pytest.mark.parametrize(
    "counters",
    [
        [{"online": 300, "viewers": 5000}, {"online": 120, "viewers": 5600}],  # online falls
        [{"online": 500, "viewers": 500}],  # equal is possible
        [{"likes": 10}, {"likes": 10}, {"likes": 12}],
        [{"online": 100}, {"viewers": 50}],  # never in the same sample
        [{"viewers": None}, {"viewers": "n/a"}],
        [],
    ],
    ids=[
        "online-falls",
        "online-equals-viewers",
        "flat",
        "different-samples",
        "unreadable",
        "none",
    ],
)
def test_near_misses_do_not_fire(counters):
    assert list(metrics_inconsistent.check(room(*counters), None)) == []
