"""Later samples of a room read its JSON API over Scrapy; a render stands in when they can't."""

from __future__ import annotations

import json

import pytest

from checks.room import metrics_inconsistent
from crawler.extract.assemble import assemble


@pytest.fixture(scope="module")
def sampled(room_site, tmp_path_factory):
    """Four rooms (plain, refusing replays, viewers falling, answers changing shape)."""
    from conftest import crawl

    starts = ",".join(f"{room_site.url}live/{r}" for r in ("1", "deny", "falls", "shape"))
    return crawl(
        _Starts(room_site, starts),
        tmp_path_factory.mktemp("api"),
        ROOMS_TEST_FOLLOW=False,
        GREENROOM_ROOM_SAMPLES=2,
        GREENROOM_ROOM_SAMPLE_INTERVAL=1.0,
    )


class _Starts:
    """The room site, crawled from the given start URLs."""

    def __init__(self, site, url: str) -> None:
        self.site, self.url = site, url

    def __getattr__(self, name):
        return getattr(self.site, name)


def _kinds(crawl, path: str) -> list[str]:
    """The kind of each sample's own capture, in sample order."""
    out = []
    for sample in crawl.samples(path):
        (row,) = crawl.rows("SELECT kind FROM captures WHERE id = ?", sample["capture_id"])
        out.append(row["kind"])
    return out


def test_sample_two_of_a_room_is_an_api_capture_not_a_render(sampled):
    one, two = sampled.samples("/live/1")
    assert _kinds(sampled, "/live/1") == ["dom", "api"]
    doms = sampled.rows("SELECT id FROM captures WHERE kind = 'dom' AND url LIKE '%/live/1'")
    assert len(doms) == 1  # one render: no screenshot, no DOM for sample 2
    (api,) = sampled.rows("SELECT * FROM captures WHERE id = ?", two["capture_id"])
    assert api["url"].endswith("/api/room/1") and api["http_status"] == 200
    assert json.loads(sampled.body(api))["host"] == "李梅"
    # read by the room-fact code: the server advanced the counters between the samples
    assert two["facts"]["counters_source"] == "api"
    assert two["facts"]["counters"]["viewers"] > one["facts"]["counters"]["viewers"]
    assert [p["title"] for p in two["facts"]["products"]] == ["明前龙井 250g", "普洱熟茶饼 357g"]
    assert two["facts"]["products"] == one["facts"]["products"]  # the same cards as drawn


def test_the_room_assembled_from_a_render_and_an_api_sample_keeps_the_rendered_facts(sampled):
    facts = [s["facts"] for s in sampled.samples("/live/1")]
    (room,) = [r for r in assemble(facts).rooms if r.url.endswith("/live/1")]
    assert (room.host_name, room.host_verified) == ("李梅", True)
    assert [s.value for s in room.sellers][:1] == ["云岭茶叶旗舰店"]
    assert len(room.samples) == 2 and len(room.products) == 2


def test_a_room_whose_api_refuses_a_replay_falls_back_to_a_render(sampled):
    assert _kinds(sampled, "/live/deny") == ["dom", "dom"]
    refused = sampled.rows(
        "SELECT * FROM captures WHERE kind = 'api' AND url LIKE '%/api/room/deny%'"
        " AND http_status = 403"
    )
    assert len(refused) == 1  # the replay, kept as evidence
    assert sampled.stats["greenroom/render/api_fallback/http_status"] == 1
    two = sampled.samples("/live/deny")[1]["facts"]
    assert two["host"] == "测试主播" and two["counters_source"] == "dom"


def test_a_replayed_answer_of_another_shape_falls_back_to_a_render(sampled):
    assert _kinds(sampled, "/live/shape") == ["dom", "dom"]
    assert sampled.stats["greenroom/render/api_fallback/shape_changed"] == 1
    assert sampled.stats["greenroom/render/api_fallback"] == 2  # this room and /live/deny


def test_metrics_inconsistent_sees_a_cumulative_counter_fall_into_an_api_sample(sampled):
    samples = sampled.samples("/live/falls")
    assert _kinds(sampled, "/live/falls") == ["dom", "api"]
    (room,) = assemble([s["facts"] for s in samples]).rooms
    (finding,) = metrics_inconsistent.check(room, None)
    assert "累计观看" in finding.message and "降至第 2 次采样" in finding.message
    assert finding.captures == [s["capture_id"] for s in samples]


def test_render_every_n_forces_renders_among_api_samples(room_site, tmp_path):
    from conftest import crawl

    result = crawl(
        _Starts(room_site, f"{room_site.url}live/2"),
        tmp_path,
        ROOMS_TEST_FOLLOW=False,
        GREENROOM_ROOM_SAMPLES=3,
        GREENROOM_ROOM_SAMPLE_INTERVAL=0.5,
        GREENROOM_ROOM_RENDER_EVERY=2,
    )
    assert _kinds(result, "/live/2") == ["dom", "api", "dom"]
    assert result.stats["greenroom/render/api_samples"] == 1
    assert "greenroom/render/api_fallback" not in result.stats


def test_an_api_sample_is_read_again_from_its_stored_captures(sampled):
    from greenroom.analyse import reextract_page
    from storage.store import Store

    two = sampled.samples("/live/1")[1]
    again = reextract_page(Store.existing(sampled.db_path), two["capture_id"], two["facts"])
    assert again["role"] == "room" and again["api_sample"] is True
    assert again["counters"] == two["facts"]["counters"]
    assert again["products"] == two["facts"]["products"]
