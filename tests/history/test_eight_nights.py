"""End to end: eight nightly crawls of the demo marketplace. The fictitious-original-price
finding appears only from night 8, and only for the listings the demo labels so."""

from __future__ import annotations

import pytest

from greenroom import config as configmod
from greenroom.run import crawl
from greenroom_demo.site import DemoSite
from storage.db import connect

CHECK = "listing.fictitious_original_price"
FAST = {
    "GREENROOM_RENDER_ENABLED": False,  # rooms play no part in price history
    "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
}


def labelled(labels, verdict):
    return {x["subject_url"] for x in labels if CHECK in x[verdict]}


@pytest.fixture(scope="module")
def nights(tmp_path_factory):
    """Crawl nights 1-8 into one database; per night its labels and open findings."""
    site = DemoSite(rendering="a").start()
    data = tmp_path_factory.mktemp("eight-nights")
    db_path = data / "nightly.db"
    seen = {}
    try:
        for night in range(1, 9):
            site.night = night
            cfg = configmod.load(site.write_config(data / f"night{night}"))
            cfg.room_samples = 1
            result = crawl(cfg, db_path, extra_settings=FAST)
            assert result["status"] == "finished", result
            db = connect(db_path)
            rows = db.query(
                "SELECT subject_url, message FROM findings WHERE check_id = ? AND status = 'open'",
                [CHECK],
            )
            seen[night] = (site.labels(), {r["subject_url"]: r["message"] for r in rows}, db)
    finally:
        site.stop()
    return seen


@pytest.mark.parametrize("night", range(1, 8))
def test_no_finding_before_seven_nights_of_history(nights, night):
    labels, found, _ = nights[night]
    assert found == {}
    assert labelled(labels, "fires") == set()


def test_night_8_finds_exactly_the_labelled_listings(nights):
    labels, found, _ = nights[8]
    expected = labelled(labels, "fires")
    assert len(expected) >= 3
    assert set(found) == expected
    assert not set(found) & labelled(labels, "near_miss")


def test_the_message_names_the_original_price_and_seven_nightly_prices(
    nights,
):
    _, found, _ = nights[8]
    message = next(m for url, m in found.items() if url.endswith("/item/104"))
    assert "标示划线价 ¥298.00" in message
    assert message.count("次巡查") == 7
    assert "¥148.00" in message and "最高 ¥168.00" in message


def test_every_listing_has_one_history_row_per_night(nights):
    _, found, db = nights[8]
    per_night = db.execute(
        "SELECT listing_url, COUNT(*), COUNT(DISTINCT run_id) FROM price_history "
        "GROUP BY listing_url"
    ).fetchall()
    for url in found:
        assert (url, 8, 8) in per_night
