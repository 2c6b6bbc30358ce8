"""Chromium stays in scope: a room's script cannot make the browser fetch another host.

A real crawl (`greenroom.run.crawl`, Debian's chromium through scrapy-playwright) of a room
on 127.0.0.1 whose script, besides its own data API, fetches a JSON from a second loopback
server on 127.0.0.2, outside the crawl's allowed_domains, and opens a WebSocket to it. The
second server records every request it gets (a WebSocket's opening handshake is one).
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from crawler.browser_scope import BrowserScope
from greenroom import config as configmod
from greenroom.run import crawl
from storage.db import connect
from tests.nightly.tinysite import TinySite
from tests.reliability.conftest import BROWSER

ROOM = """<!doctype html><html><head><meta charset="utf-8"><title>直播间</title></head>
<body><header><a href="/">首页</a></header><div id="app"></div>
<noscript>请开启 JavaScript 以观看直播</noscript>
<script>
fetch('{other}api/stolen.json').then(function (r) {{ return r.json(); }});
try {{ new WebSocket('{other_ws}feed'); }} catch (e) {{}}
fetch('/api/room/r').then(function (r) {{ return r.json(); }}).then(function (d) {{
  document.getElementById('app').innerHTML = '<h1>' + d.title + '</h1>'
    + '<div>主播：<b>' + d.host + '</b> <i>未实名认证</i></div>'
    + '<div><span>在线 1.2万</span> <span>累计观看 12.9万</span> <span>点赞 8,532</span></div>';
}});
</script></body></html>"""


@pytest.fixture
def sites():
    other = TinySite({"/api/stolen.json": '{"secret": "内网数据"}'}, host="127.0.0.2").start()
    data = json.dumps({"title": "春茶直播 r", "host": "李梅"}, ensure_ascii=False)
    pages = {
        "/": '<html><body><a href="/live/r">直播间</a></body></html>',
        "/live/r": ROOM.format(other=other.url, other_ws="ws" + other.url[4:]),
        "/api/room/r": data,
    }
    room = TinySite(pages).start()
    yield room, other
    room.stop()
    other.stop()


def test_a_rooms_script_cannot_reach_a_host_outside_the_crawl(sites, tmp_path: Path):
    room, other = sites
    assert Path(BROWSER).exists(), f"no browser at {BROWSER}"
    db_path = tmp_path / "scope.db"
    settings = {"GREENROOM_ROOM_SAMPLES": 1, "GREENROOM_PROGRESS_INTERVAL": 0}
    result = crawl(configmod.from_urls([room.url]), db_path, extra_settings=settings)

    assert other.requests == []  # nothing ever reached the second host
    db = connect(db_path)
    leaked = list(db.query("SELECT url, kind FROM captures WHERE url LIKE 'http://127.0.0.2%'"))
    assert leaked == []
    room_url = room.url + "live/r"
    errors = list(db.query("SELECT kind, message FROM crawl_errors"))
    assert errors == []  # the aborted fetch is not fatal to the sample
    facts = [
        json.loads(r["facts"])
        for r in db.query("SELECT facts FROM pages WHERE url = ?", [room_url])
    ]
    assert any(f.get("role") == "room" and f.get("host") == "李梅" for f in facts), facts
    assert result["stats"].get("greenroom/render/aborted") == 2, result["stats"]  # fetch, socket
    assert result["stats"].get("greenroom/render/aborted/off_site") == 2


OWN = ("127.0.0.1", "shop.example", "0.0.1", "0.1")


@pytest.mark.parametrize(
    ("url", "refusal"),
    [
        ("http://127.0.0.1:8000/api/room/1", None),  # one of the crawl's own hosts
        ("http://127.0.0.2:8000/api/stolen.json", "off_site"),
        ("http://evil.example/", "off_site"),
        ("http://shop.example.evil.example/", "off_site"),
        ("file:///etc/passwd", "scheme"),
        ("chrome://settings", "scheme"),
        ("data:text/html,x", "scheme"),
        # in scope by name (a "subdomain" of 0.0.1) but a loopback address, not an own host
        ("http://10.0.0.1/", "private_address"),
        ("http://169.254.0.1/", "private_address"),
    ],
)
def test_the_browser_scope_names_why_it_refuses(url, refusal):
    """Off-site hosts, other schemes, and in-scope names that resolve to private addresses."""
    scope = BrowserScope(OWN)
    assert asyncio.run(scope.refusal_resolved(url)) == refusal
