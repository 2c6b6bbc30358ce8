"""A real crawl through Chromium: detection, evidence, samples, failures (tests/rooms/site.py)."""

from __future__ import annotations

import json
import struct
import zlib

import lxml.html
import pytest

ROOMS = {"/live/1", "/live/2", "/live/e500", "/live/throws", "/live/hangs"}


def _path(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def test_js_shells_go_to_the_browser_and_static_pages_do_not(rendered):
    stats = rendered.stats
    assert stats["greenroom/render/detected"] == 6  # five rooms and the forced /about
    assert stats["greenroom/render/forced"] == 1
    assert stats["greenroom/render/static"] >= 3  # index, two shops (index may come twice)
    rendered_urls = {
        _path(r["url"]) for r in rendered.rows("SELECT url FROM captures WHERE kind = 'dom'")
    }
    assert rendered_urls == ROOMS | {"/about"}
    static = {i["url"] for i in rendered.items if i["kind"] == "static" and not i["needs_browser"]}
    assert {_path(u) for u in static} >= {"/", "/shop/1", "/shop/2"}


def test_autothrottle_does_not_take_a_render_for_the_servers_latency(rendered):
    # a render takes seconds of Chromium's work: taken for latency, AutoThrottle spaced the
    # browser's requests by an eighth of it (bench/rooms.py: 0.92 rooms/s instead of 3.14)
    assert rendered.stats["greenroom/render/rendered"] >= 3
    assert rendered.stats["test/browser_slot_delay_ms"] == 0


def test_browser_pages_are_opened_only_by_the_pool_and_never_beyond_its_size(rendered):
    stats = rendered.stats
    assert stats["playwright/page_count"] == stats["greenroom/render/pages/opened"]
    assert stats["playwright/page_count/max_concurrent"] <= 4
    renders = stats["greenroom/render/rendered"] + stats["greenroom/render/errors"]
    assert (
        stats["greenroom/render/pages/opened"] + stats["greenroom/render/pages/reused"] == renders
    )
    # every failed sample's page was closed, never handed to another sample
    assert stats["greenroom/render/pages/closed"] >= stats["greenroom/render/errors"]


def test_video_is_never_downloaded(rendered):
    assert not [p for p in rendered.site.log if p.startswith("/media/")]
    assert "/img/green.png" in rendered.site.log  # images are: the screenshot shows them


def _png_pixels(data: bytes) -> bytes:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat = 8, b""
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        tag = data[pos + 4 : pos + 8]
        if tag == b"IDAT":
            idat += data[pos + 8 : pos + 8 + length]
        pos += 12 + length
    return zlib.decompress(idat)


def test_screenshot_is_a_non_blank_png_of_the_room(rendered):
    dom = rendered.rows(
        "SELECT * FROM captures WHERE kind = 'dom' AND url LIKE '%/live/1' ORDER BY id LIMIT 1"
    )[0]
    shot = rendered.rows(
        "SELECT * FROM captures WHERE kind = 'screenshot' AND about = ?", dom["id"]
    )
    assert len(shot) == 1 and shot[0]["content_type"] == "image/png"
    pixels = _png_pixels(rendered.body(shot[0]))
    assert len(set(pixels)) > 20  # drawn text and the badge, not one flat colour


def test_dom_capture_holds_what_the_viewer_saw(rendered):
    dom = rendered.rows("SELECT * FROM captures WHERE kind = 'dom' AND url LIKE '%/live/1'")
    html = rendered.body(dom[0]).decode("utf-8")
    assert "李梅" in html and "已实名认证" in html and "绿色直播间" in html
    static = rendered.rows("SELECT * FROM captures WHERE kind = 'response' AND url LIKE '%/live/1'")
    assert "李梅" not in rendered.body(static[0]).decode("utf-8")  # the shell as served


def test_api_responses_are_kept_as_warc_records_of_the_sample(rendered):
    first = rendered.samples("/live/1")[0]
    (api,) = first["api"]
    assert api["url"].endswith("/api/room/1") and api["status"] == 200
    row = rendered.rows("SELECT * FROM captures WHERE id = ?", api["capture_id"])[0]
    assert row["kind"] == "api" and row["about"] == first["capture_id"]
    assert json.loads(rendered.body(row))["host"] == "李梅"


def test_two_samples_of_a_room_differ_in_the_counters_the_server_advances(rendered):
    one, two = rendered.samples("/live/1")
    assert (one["sample"], two["sample"]) == (1, 2)
    assert one["facts"]["counters"]["viewers"] < two["facts"]["counters"]["viewers"]
    assert one["facts"]["counters"]["likes"] < two["facts"]["counters"]["likes"]
    assert one["capture_id"] != two["capture_id"]


def test_rendered_room_facts(rendered):
    facts = rendered.samples("/live/1")[0]["facts"]
    assert facts["role"] == "room"
    assert (facts["host"], facts["host_verified"]) == ("李梅", True)
    assert facts["sellers"][0]["value"] == "云岭茶叶旗舰店"
    assert facts["badge"]["value"] == "绿色直播间"
    assert [p["title"] for p in facts["products"]] == ["明前龙井 250g", "普洱熟茶饼 357g"]
    assert facts["counters_source"] == "dom"
    other = rendered.samples("/live/2")[0]["facts"]
    assert (other["host"], other["host_verified"], other["badge"]) == ("王小二", False, None)
    assert other["sellers"] == [] and "本直播间正在申报绿色直播间" in other["notices"]


@pytest.mark.parametrize(
    ("room", "reason"),
    [("/live/e500", "api_error"), ("/live/throws", "script_error"), ("/live/hangs", "timeout")],
)
def test_a_failed_room_is_a_recorded_crawl_error_and_the_crawl_goes_on(rendered, room, reason):
    errors = rendered.rows("SELECT * FROM crawl_errors WHERE url LIKE ?", f"%{room}")
    assert len(errors) == 2  # each sample, recorded
    assert all(e["kind"] == "render" and f"({reason})" in e["message"] for e in errors)
    assert rendered.stats[f"greenroom/render/errors/{reason}"] == 2
    assert rendered.samples(room) == []  # no facts from a broken render
    assert len(rendered.samples("/live/1")) == 2  # the other rooms are still checked


def test_a_forced_page_that_does_not_read_as_a_room_is_rendered_once(rendered):
    assert [s["sample"] for s in rendered.samples("/about")] == [1]
    assert rendered.stats["greenroom/render/not_a_room"] == 1


def test_a_sample_keeps_what_its_page_loaded_for_replay_but_never_video(rendered):
    doms = rendered.rows("SELECT * FROM captures WHERE kind = 'dom'")
    assets = rendered.rows("SELECT * FROM captures WHERE kind = 'asset'")
    assert rendered.stats["greenroom/render/resources"] == len(assets)
    assert not [a for a in assets if "/media/" in a["url"]]  # media streams stay out
    by_dom = {}
    for a in assets:
        by_dom.setdefault(a["about"], []).append(a)
    for dom in (d for d in doms if d["url"].endswith("/live/1")):
        (document,) = [a for a in by_dom[dom["id"]] if a["url"] == dom["url"]]
        assert document["http_status"] == 200 and b'id="app"' in rendered.body(document)
        # whole seconds in WARC and replay: the DOM is taken in a later second
        assert document["fetched_at"][:19] < dom["fetched_at"][:19]
    drew_badge = [
        d
        for d in doms
        if "/img/green.png" in lxml.html.fromstring(rendered.body(d)).xpath("//img/@src")
    ]
    for dom in drew_badge:
        assert "/img/green.png" in {_path(a["url"]) for a in by_dom[dom["id"]]}
    assert drew_badge, "the room site has a green room"


def test_room_resources_over_the_size_limit_are_skipped_and_counted(run_crawl):
    small = run_crawl(
        GREENROOM_ROOM_SAMPLES=1,
        GREENROOM_RENDER_TIMEOUT=6.0,
        GREENROOM_ROOM_RESOURCE_MAX_BYTES=200,
    )
    assets = small.rows("SELECT size FROM captures WHERE kind = 'asset'")
    assert all(a["size"] <= 200 for a in assets)
    assert small.stats["greenroom/render/resources_skipped"] >= 5  # each room's document
    assert small.stats["greenroom/render/rendered"] >= 2  # and the rooms still render
