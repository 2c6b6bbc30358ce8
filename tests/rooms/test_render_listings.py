"""`[crawl] render_listings`: a listing whose price is drawn by script is rendered once, in a
real Chromium, and read with its price; off (the default) it stays static, price unknown."""

import pytest

pytestmark = pytest.mark.usefixtures("room_site")


def _offered(facts: dict) -> list[float]:
    return [p["value"] for p in facts.get("prices") or [] if p["kind"] == "offered"]


def test_a_scripted_listing_stays_static_by_default(rendered):
    (static,) = [i for i in rendered.items if i["url"].endswith("/goods/1")]
    assert static["kind"] == "static"
    assert static["facts"]["role"] == "listing"
    assert _offered(static["facts"]) == []  # 价格 ¥ with nothing after it: unknown, not 0
    assert not rendered.stats.get("greenroom/render/unpriced")


def test_render_listings_renders_an_unpriced_listing_once_and_reads_its_price(run_crawl):
    done = run_crawl(GREENROOM_RENDER_LISTINGS=True, GREENROOM_ROOM_SAMPLES=3)
    samples = done.samples("/goods/1")
    assert len(samples) == 1  # a listing is read once, not room_samples times
    assert samples[0]["facts"]["role"] == "listing"
    assert _offered(samples[0]["facts"]) == [128.0]
    assert done.stats["greenroom/render/unpriced"] == 1
    # a listing whose price the static page shows is not rendered (the shops, rooms' goods)
    assert all(i["kind"] == "static" for i in done.items if "/shop/" in i["url"])
