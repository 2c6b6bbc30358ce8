"""storage.history: one row per (listing, run); the 7 nights before a listing's current run."""

import pytest

from storage import history
from storage.db import connect

A, B = "http://127.0.0.1:8000/item/1", "http://127.0.0.1:8000/item/2"


@pytest.fixture
def db(tmp_path):
    db = connect(tmp_path / "h.db")
    db["runs"].insert_all(
        [{"id": r, "started": f"2026-05-{r:02d}T02:00:00Z"} for r in range(1, 11)], pk="id"
    )
    return db


def prices(found, url):
    return [(n.run_id, n.price) for n in found.get(url, [])]


def test_recent_returns_the_seven_nights_before_the_current_run_oldest_first(db):
    history.record(db, [(A, r, 100.0 + r, 1000 + r) for r in range(1, 10)])
    found = history.recent(db, {A: 9})
    assert prices(found, A) == [(r, 100.0 + r) for r in range(2, 9)]
    assert found[A][0].night == "2026-05-02"
    assert found[A][0].capture_id == 1002
    assert found[A][0].label == "第 2 次巡查（2026-05-02，存证 #1002）"


def test_each_listing_is_measured_from_its_own_current_run(db):
    history.record(db, [(A, r, float(r), None) for r in range(1, 10)])
    history.record(db, [(B, r, float(r), None) for r in (1, 3, 5)])
    found = history.recent(db, {A: 5, B: 5, "http://127.0.0.1:8000/item/never": 5})
    assert prices(found, A) == [(r, float(r)) for r in range(1, 5)]
    assert prices(found, B) == [(1, 1.0), (3, 3.0)]  # the runs that saw it, not calendar days
    assert "http://127.0.0.1:8000/item/never" not in found


def test_a_run_recorded_twice_keeps_one_row_with_the_last_price(db):
    history.record(db, [(A, 3, 10.0, 1)])
    history.record(db, [(A, 3, 12.5, 2)])
    rows = list(db.query("SELECT listing_url, run_id, night, price, capture_id FROM price_history"))
    assert rows == [
        {"listing_url": A, "run_id": 3, "night": "2026-05-03", "price": 12.5, "capture_id": 2}
    ]


def test_a_run_without_a_runs_row_is_named_by_its_id(db):
    history.record(db, [(A, 42, 9.9, None)])
    (night,) = history.recent(db, {A: 43})[A]
    assert night.night == "42"
    assert night.label == "第 42 次巡查（42）"


def test_recent_on_an_empty_database_is_empty(db):
    assert history.recent(db, {A: 1}) == {}
    assert history.record(db, []) == 0


def test_the_nearest_earlier_nights_are_read_through_the_primary_key(db):
    history.ensure(db)
    db.execute("CREATE TEMP TABLE IF NOT EXISTS _history_current (url TEXT PRIMARY KEY, run_id)")
    plan = " ".join(
        row[-1] for row in db.execute("EXPLAIN QUERY PLAN " + history._RECENT, {"last": 6})
    )
    assert "SCAN h" not in plan and "SCAN x" not in plan, plan
