"""When a replay of a room's JSON API can stand in for a render (crawler.room_api)."""

from __future__ import annotations

import pytest

from crawler.room_api import expired, fallback_reason, next_is_render, replay_plan, shape
from greenroom.config import ConfigError, load

NOW = 1_800_000_000.0


@pytest.mark.parametrize(
    ("query", "is_expired"),
    [
        ("", False),
        ("_=1799999000000", False),  # a cache-buster: no signature, replayed as is
        ("t=1799999000&sign=ab12", True),  # a signed request 1000 s old
        ("ts=1799999990&token=x", False),  # signed 10 s ago: still fresh
        ("expires=1799999999", True),
        ("Expires=1800000100", False),
        ("x-expires=1799999999000", True),  # milliseconds
        ("t=yesterday&sign=1", False),  # not an epoch
    ],
)
def test_an_expired_signature_or_timestamp(query, is_expired):
    assert expired(f"http://m.test/api/room/1?{query}", now=NOW) is is_expired


def test_shape_is_the_key_paths_of_the_json():
    data = {"room": {"title": "x"}, "goods": [{"title": "a", "price": 1}, {"url": "/i"}]}
    assert shape(data) == {"room", "room.title", "goods", "goods[].title", "goods[].price",
                           "goods[].url"}  # fmt: skip
    assert shape({"room": {"title": "y"}, "goods": []}) != shape(data)


def test_only_answered_json_is_replayed_with_the_browsers_headers():
    api = [
        {"url": "http://m.test/api/1", "status": 200, "body": b'{"a": 1}',
         "request_headers": {"cookie": "sid=1", "host": "m.test", "accept-encoding": "br"}},
        {"url": "http://m.test/api/2", "status": 500, "body": b'{"a": 1}'},
        {"url": "http://m.test/track", "status": 200, "body": b"ok"},
    ]  # fmt: skip
    (step,) = replay_plan(api)
    assert step["url"].endswith("/api/1") and step["headers"] == {"cookie": "sid=1"}
    assert step["shape"] == ["a"]


@pytest.mark.parametrize(
    ("plan", "dom", "api", "reason"),
    [
        ([], {"viewers": 5.0}, {"viewers": 5.0}, "no_api"),
        ([{"url": "http://m.test/a"}], {"viewers": 5.0}, {"viewers": 5.0}, ""),
        ([{"url": "http://m.test/a"}], {"viewers": 13000.0}, {"viewers": 12345.0}, "api_unlike_dom"),
        ([{"url": "http://m.test/a"}], {"viewers": 5.0}, {}, "api_unlike_dom"),
        ([{"url": "http://m.test/a?expires=1700000000"}], {}, {}, "expired"),
    ],
)  # fmt: skip
def test_why_a_replay_cannot_stand_in_for_a_render(plan, dom, api, reason):
    assert fallback_reason(plan, dom, api) == reason


@pytest.mark.parametrize(
    ("every", "rendered"), [(0, [1]), (1, [1, 2, 3, 4, 5]), (2, [1, 3, 5]), (3, [1, 4])]
)
def test_render_every_n_samples(every, rendered):
    info = {"render_every": every}
    assert [k for k in range(1, 6) if next_is_render(info, k)] == rendered


def test_room_render_every_must_be_a_whole_number(tmp_path):
    cfg = tmp_path / "c.toml"
    cfg.write_text('[crawl]\nstart_urls = ["http://m.test/"]\nroom_render_every = 3\n')
    assert load(cfg).room_render_every == 3
    cfg.write_text('[crawl]\nstart_urls = ["http://m.test/"]\nroom_render_every = "x"\n')
    with pytest.raises(ConfigError, match="room_render_every"):
        load(cfg)


def test_room_render_every_reaches_the_crawl(tmp_path):
    from greenroom.run import crawl_settings

    cfg = tmp_path / "c.toml"
    cfg.write_text('[crawl]\nstart_urls = ["http://m.test/"]\nroom_render_every = 4\n')
    assert crawl_settings(load(cfg), tmp_path / "x.db", 1)["GREENROOM_ROOM_RENDER_EVERY"] == 4
    cfg.write_text('[crawl]\nstart_urls = ["http://m.test/"]\n')  # default: the first only
    assert crawl_settings(load(cfg), tmp_path / "x.db", 1)["GREENROOM_ROOM_RENDER_EVERY"] == 0


def test_room_page_uses_reaches_the_crawl(tmp_path):
    from greenroom.run import crawl_settings

    cfg = tmp_path / "c.toml"
    cfg.write_text('[crawl]\nstart_urls = ["http://m.test/"]\nroom_page_uses = 1\n')
    assert crawl_settings(load(cfg), tmp_path / "x.db", 1)["GREENROOM_RENDER_PAGE_USES"] == 1
    cfg.write_text('[crawl]\nstart_urls = ["http://m.test/"]\n')
    assert crawl_settings(load(cfg), tmp_path / "x.db", 1)["GREENROOM_RENDER_PAGE_USES"] == 8
    cfg.write_text('[crawl]\nstart_urls = ["http://m.test/"]\nroom_page_uses = -1\n')
    with pytest.raises(ConfigError, match="room_page_uses"):
        load(cfg)
