"""A room's next sample, queued by a cluster worker, comes out of Redis as it went in: a
replay of the room's API (or a render) with its sample meta, plan and capture kind."""

from __future__ import annotations

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
