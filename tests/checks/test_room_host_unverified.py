"""room.host_unverified: a host verified under their real name, or a finding."""

import pytest

from checks.base import Disclosure, Room
from checks.room import host_unverified

URL = "http://127.0.0.1:8000/live/88"
RULE = "，不符合网络直播营销管理办法（试行）第十四条及“绿色直播间”创建方案关于直播间实名制的要求"


@pytest.mark.parametrize(
    ("room", "seen", "captures", "snippet"),
    [
        (
            Room(URL, host_name="小美", captures=[40]),
            "未展示主播 “小美”的实名认证信息",
            [40],
            "小美",
        ),
        (Room(URL, captures=[40]), "未展示主播的实名认证信息", [40], ""),
        (
            Room(
                URL,
                host_name="小美",
                host_verification=Disclosure("认证", "未实名认证", URL, 41),
                host_verified=False,
                captures=[40, 41],
            ),
            f"主播 “小美”的实名认证状态显示为 “未实名认证”（见 {URL}，采集记录 #41）",
            [41],
            "未实名认证",
        ),
    ],
    ids=["nothing-shown", "no-host-name", "shown-unverified"],
)
def test_fires(room, seen, captures, snippet):
    (finding,) = host_unverified.check(room, None)
    assert finding.message == f"直播间 {URL} {seen}{RULE}"
    assert finding.captures == captures
    assert finding.snippet == snippet


def test_verified_host_does_not_fire():
    room = Room(
        URL, host_name="小美", host_verification=Disclosure("", "已实名认证"), host_verified=True
    )
    assert list(host_unverified.check(room, None)) == []
