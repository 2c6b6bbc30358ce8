"""A room's next sample, queued by a cluster worker, comes out of Redis as it went in: a
replay of the room's API (or a render) with its sample meta, plan and capture kind."""

from __future__ import annotations

import json
import os
import signal
import threading
import time

import pytest
from scrapy.utils.request import request_from_dict

from crawler import request_json, room_api
from crawler.rooms import SAMPLE, sample_request
from spiders.marketplace import MarketplaceSpider

ROOM = "http://127.0.0.1:8000/live/1"


def _rendered_info() -> dict:
    """Sample 1 of 2 of a room, read: its render saw one JSON request (a POST)."""
    info = {"room": ROOM, "k": 1, "of": 2, "interval": 3.0, "timeout": 20.0, "about": 7}
    api = [
        {
            "url": "http://127.0.0.1:8000/api/room/1",
            "method": "POST",
            "status": 200,
            "body": b'{"viewers": 5}',
            "post_data": "房间=1".encode() + b"\xff",  # not UTF-8: kept byte for byte
            "request_headers": {"cookie": "sid=1", "content-type": "text/plain"},
        }
    ]
    result = {"replay": room_api.replay_plan(api), "api_responses": []}
    room_api.learn(info, result, {"counters": {}})
    return info


def _through_redis(request, spider):
    data = request_json.dumps(request.to_dict(spider=spider))
    return request_from_dict(request_json.loads(data), spider=spider)


def test_the_next_api_sample_is_queued_whole():
    spider = MarketplaceSpider(start_urls=ROOM)
    nxt, reason = room_api.next_sample(_rendered_info(), spider.parse, spider.failed)
    assert reason == "" and not nxt.meta.get("playwright")  # a replay, not a render
    back = _through_redis(nxt, spider)
    assert back.meta[SAMPLE] == nxt.meta[SAMPLE] and back.meta[SAMPLE]["k"] == 2
    assert back.meta[room_api.CAPTURE] == {"kind": "api", "about": 7}
    assert back.body == "房间=1".encode() + b"\xff" and back.method == "POST"
    assert back.headers.get("Cookie") == b"sid=1"
    assert back.meta["dont_merge_cookies"] and back.callback.__name__ == "parse"


def test_a_render_in_place_of_a_replay_is_queued_with_its_plan():
    spider = MarketplaceSpider(start_urls=ROOM)
    info = {**_rendered_info(), "render_every": 1}  # every sample a render
    nxt, _ = room_api.next_sample(info, spider.parse, spider.failed)
    back = _through_redis(nxt, spider)
    assert back.meta["playwright"] and back.meta[SAMPLE] == nxt.meta[SAMPLE]
    assert back.meta[SAMPLE]["replay"] == info["replay"]


def test_sample_meta_that_is_not_json_is_refused_not_dropped():
    spider = MarketplaceSpider(start_urls=ROOM)
    info = {"room": ROOM, "k": 2, "of": 2, "timeout": 20.0, "replay": [{"body": b"x"}]}
    request = sample_request(info)
    with pytest.raises(request_json.RequestRefused, match="greenroom_sample"):
        request_json.dumps(request.to_dict(spider=spider))


@pytest.mark.parametrize(
    "capture",
    [
        {"kind": "dom", "about": 1},
        {"kind": "api", "about": "1"},
        {"kind": "api", "about": 1, "url": "http://elsewhere.test/"},
        ["api"],
    ],
)
def test_a_forged_capture_kind_is_refused(capture):
    spider = MarketplaceSpider(start_urls=ROOM)
    nxt, _ = room_api.next_sample(_rendered_info(), spider.parse, spider.failed)
    nxt.meta[room_api.CAPTURE] = capture
    with pytest.raises(request_json.RequestRefused, match="greenroom_capture"):
        request_json.loads(request_json.dumps(nxt.to_dict(spider=spider)))


class _OneRoom:
    """The room tests' site (tests/rooms/roomsite.py) with a home page without links:
    a crawl from /live/1 reads that room, its shop and little else."""

    def __init__(self):
        import sys
        from pathlib import Path

        sys.path.insert(0, str(Path(__file__).parents[1] / "rooms"))
        from roomsite import RoomSite, _send

        class Site(RoomSite):
            def _handle(self, h):
                if h.path == "/":
                    return _send(h, 200, "<html><body><p>首页</p></body></html>")
                return super()._handle(h)

        self.site = Site(hang_s=1).start()

    def config(self, directory, redis_url, interval_s: float):
        from greenroom import config as configmod

        (directory / "relay.secret").write_text("the bureau's relay secret\n", encoding="utf-8")
        path = directory / "config.toml"
        path.write_text(
            f'[crawl]\nstart_urls = ["{self.site.url}live/1"]\n'
            f'allowed_domains = ["127.0.0.1"]\nroom_samples = 2\n'
            f"room_sample_interval_s = {interval_s}\n\n"
            f'[cluster]\nredis = "{redis_url}"\nsecret_file = "relay.secret"\n',
            encoding="utf-8",
        )
        return configmod.load(path)


def _kill_the_worker_holding_sample_two(redis_server, killed: list) -> None:
    """SIGKILL the worker that leased sample 2 of a room while it waits for its time."""
    client = redis_server.client()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        for key in client.scan_iter(match="*:lease:*"):
            prefix, worker = key.decode().rsplit(":lease:", 1)
            for data in client.zrange(key, 0, -1):
                meta = json.loads(data).get("meta", {})
                due = meta.get("greenroom_not_before", 0) <= time.time() + 0.5
                if (meta.get("greenroom_sample") or {}).get("k") != 2 or due:
                    continue
                status = json.loads(client.get(f"{prefix}:alive:{worker}") or "{}")
                if status.get("pid"):
                    os.kill(status["pid"], signal.SIGKILL)
                    killed.append(status["pid"])
                    return
        time.sleep(0.02)


def test_a_worker_killed_between_samples_loses_no_sample(redis_server, redis_url, tmp_path):
    from greenroom.run import crawl
    from storage.db import connect

    one_room = _OneRoom()
    try:
        cfg = one_room.config(tmp_path, redis_url, interval_s=10)
        killed: list[int] = []
        killer = threading.Thread(
            target=_kill_the_worker_holding_sample_two, args=(redis_server, killed)
        )
        killer.start()
        result = crawl(cfg, tmp_path / "rooms.db", workers=2)
        killer.join()
    finally:
        one_room.site.stop()
    assert killed, "no worker held sample 2"
    assert result["status"] == "finished"
    db = connect(tmp_path / "rooms.db")
    kinds = db.execute(
        "SELECT c.kind FROM pages p JOIN captures c ON c.id = p.capture_id "
        "WHERE p.url LIKE '%/live/1' ORDER BY c.id"
    ).fetchall()
    # the shell, its render (sample 1), its API replayed (sample 2) once: the render is
    # redone when its worker died before acknowledging it, sample 2 is not queued twice
    assert [k for (k,) in kinds] == ["response", "dom", "api"]
    assert db.execute("SELECT samples FROM rooms").fetchall() == [(2,)]
