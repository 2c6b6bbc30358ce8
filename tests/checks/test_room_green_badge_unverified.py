"""room.green_badge_unverified: a badge needs a current registry entry, matched by URL."""

import pytest

from checks.base import Disclosure, Reference, Room
from checks.room import green_badge_unverified

URL = "http://127.0.0.1:8000/live/88"
BADGE = Disclosure("badge", "绿色直播间", URL, 45)
RULE = "，不符合“绿色直播间”创建方案"


def ref(valid_until="2025-06-01", url=URL):
    entry = {"room_url": url, "operator": "杭州小王茶业有限公司", "valid_until": valid_until}
    return Reference(green_registry={url: entry}, today="2025-06-01")


def test_not_in_registry():
    (finding,) = green_badge_unverified.check(Room(URL + "9", badge=BADGE), ref())
    assert finding.message == (
        f"直播间 {URL}9 展示“绿色直播间”标识 “绿色直播间”（见 {URL}，采集记录 #45），"
        f"但该直播间不在绿色直播间名录中{RULE}"
    )
    assert finding.captures == [45]
    assert finding.snippet == "绿色直播间"


def test_expired_entry():
    (finding,) = green_badge_unverified.check(Room(URL, badge=BADGE), ref("2025-05-31"))
    assert finding.message == (
        f"直播间 {URL} 展示“绿色直播间”标识 “绿色直播间”（见 {URL}，采集记录 #45），"
        "但其名录登记（运营者 “杭州小王茶业有限公司”）已于 2025-05-31 到期（核查日期 2025-06-01）"
        f"{RULE}"
    )


def test_fires_against_the_shipped_registry(ref_default=None):
    from checks.reference import default_reference

    room = Room("http://127.0.0.1:8000/rooms/fresh-fruit-live", badge=BADGE)
    assert len(list(green_badge_unverified.check(room, default_reference("2025-07-01")))) == 1


@pytest.mark.parametrize(
    ("room", "reference"),
    [
        (Room(URL, badge=BADGE), ref("2025-06-01")),  # valid_until is inclusive
        (Room(URL, badge=BADGE), ref("2026-01-01")),
        (Room(URL + "/", badge=BADGE), ref()),  # trailing slash
        (Room(URL + "#comments", badge=BADGE), ref()),  # fragment
        (Room("HTTP://127.0.0.1:8000/live/88", badge=BADGE), ref(url=URL + "/")),
        (Room(URL), ref("2020-01-01")),  # no badge shown
        (Room(URL, badge=Disclosure("", " ")), Reference()),
    ],
    ids=["same-day", "future", "slash", "fragment", "scheme-case", "no-badge", "blank-badge"],
)
def test_near_misses_do_not_fire(room, reference):
    assert list(green_badge_unverified.check(room, reference)) == []
