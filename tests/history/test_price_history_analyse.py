"""Nightly analysis over stored facts: history is recorded per run, the finding opens on the
first night with 7 nights before it and resolves when the listing stops showing the price."""

import json

import pytest

from checks.reference import default_reference
from greenroom.analyse import analyse, extractor_version
from storage.db import connect

CHECK = "listing.fictitious_original_price"
SITE = "http://shop.test"
FIRES, OFFERED, NEW = f"{SITE}/item/1", f"{SITE}/item/2", f"{SITE}/item/3"

# night -> {listing: (lowest offered, original or None)}; NEW is first seen on night 3
NIGHTS = {
    n: {
        FIRES: (158 if n % 2 else 168, 298 if n in (6, 7, 8) else None),
        OFFERED: (29.9 if n <= 3 else 25.9, 29.9 if n >= 8 else None),
        **({NEW: (50, 500)} if n >= 3 else {}),
    }
    for n in range(1, 9)
}
NIGHTS[9] = NIGHTS[10] = {FIRES: (158, None), OFFERED: (25.9, 29.9), NEW: (50, 500)}


class Nightly:
    """A database that one crawl a night fills with listing facts, analysed after each."""

    def __init__(self, path):
        self.path, self.db, self.capture = path, connect(path), 0
        self.ref = default_reference(today="2026-05-09")

    def night(self, n: int, *, unseen: tuple[str, ...] = ()) -> dict:
        self.db["runs"].insert({"id": n, "started": f"2026-05-{n:02d}T02:00:00Z"}, pk="id")
        for url, (offered, original) in NIGHTS[n].items():
            if url in unseen:
                continue
            self.capture += 1
            prices = [{"kind": "offered", "label": "售价", "value": offered}]
            if original is not None:
                prices.append({"kind": "original", "label": "划线价", "value": original})
            facts = {
                "url": url,
                "canonical": url,
                "capture_id": self.capture,
                "fetched_at": f"2026-05-{n:02d}T02:0{self.capture % 10}:00Z",
                "role": "listing",
                "title": "福鼎白茶 寿眉茶饼 357g",
                "prices": prices,
                "extractor": extractor_version(),
            }
            self.db["pages"].insert(
                {
                    "capture_id": self.capture,
                    "run_id": n,
                    "url": url,
                    "canonical": url,
                    "role": "listing",
                    "facts": json.dumps(facts),
                }
            )
        return analyse(self.db, self.path, self.ref, n)

    def open_findings(self):
        sql = "SELECT subject_url FROM findings WHERE check_id = ? AND status = 'open'"
        return [r["subject_url"] for r in self.db.query(sql, [CHECK])]

    def status(self, url):
        sql = "SELECT status FROM findings WHERE check_id = ? AND subject_url = ?"
        return [r["status"] for r in self.db.query(sql, [CHECK, url])]


@pytest.fixture
def nightly(tmp_path):
    return Nightly(tmp_path / "nightly.db")


def test_no_finding_before_seven_nights_of_history(nightly):
    for n in range(1, 8):
        nightly.night(n)
        assert nightly.open_findings() == [], f"night {n}"


def test_finding_opens_on_night_8_only_for_the_original_never_offered(nightly):
    for n in range(1, 9):
        nightly.night(n)
    assert nightly.open_findings() == [FIRES]
    (message,) = [
        r["message"]
        for r in nightly.db.query("SELECT message FROM findings")
        if r["message"].startswith(f"商品 {FIRES}")
    ]
    assert "标示划线价 ¥298.00" in message
    assert "第 1 次巡查（2026-05-01，存证 #1） ¥158.00" in message
    assert "第 7 次巡查（2026-05-07，存证 #17） ¥158.00；最高 ¥168.00" in message


def test_finding_resolves_when_the_listing_stops_showing_the_original_price(nightly):
    for n in range(1, 9):
        nightly.night(n)
    counts = nightly.night(9)
    assert nightly.status(FIRES) == ["resolved"]
    assert counts["resolved"] >= 1
    assert nightly.open_findings() == []


def test_a_listing_first_seen_on_night_3_needs_seven_nights_before_it(nightly):
    for n in range(1, 10):
        nightly.night(n)
        assert NEW not in nightly.open_findings(), f"night {n}"
    nightly.night(10)  # nights 3-9 are the 7 nights before
    assert nightly.open_findings() == [NEW]


def test_history_holds_one_row_per_listing_and_night_and_a_recheck_adds_none(nightly):
    for n in range(1, 9):
        nightly.night(n)
    before = list(nightly.db.query("SELECT * FROM price_history ORDER BY listing_url, run_id"))
    assert len(before) == 8 + 8 + 6
    analyse(nightly.db, nightly.path, nightly.ref, None)  # `greenroom check`: no new night
    after = list(nightly.db.query("SELECT * FROM price_history ORDER BY listing_url, run_id"))
    assert after == before
    assert nightly.open_findings() == [FIRES]


def test_a_listing_not_seen_tonight_keeps_its_history_and_its_finding(nightly):
    for n in range(1, 9):
        nightly.night(n)
    nightly.night(9, unseen=(FIRES,))
    assert nightly.status(FIRES) == ["open"]  # not crawled again: neither resolved nor moved on
    rows = nightly.db.query("SELECT run_id FROM price_history WHERE listing_url = ?", [FIRES])
    assert [r["run_id"] for r in rows] == list(range(1, 9))


def test_a_recheck_records_the_nights_of_a_run_never_recorded(nightly):
    for n in range(1, 9):
        nightly.night(n)
    before = list(nightly.db.query("SELECT * FROM price_history ORDER BY listing_url, run_id"))
    nightly.db.execute("DELETE FROM price_history WHERE run_id = 8")  # its analysis never ran
    nightly.db.conn.commit()
    analyse(nightly.db, nightly.path, nightly.ref, None)
    after = list(nightly.db.query("SELECT * FROM price_history ORDER BY listing_url, run_id"))
    assert after == before


def test_a_recheck_records_again_the_night_of_a_capture_extracted_again(nightly):
    from checks.base import Listing, Price
    from storage import history

    for n in range(1, 3):
        nightly.night(n)
    capture = nightly.capture  # NEW is not seen yet: the last capture of night 2 is OFFERED's
    listing = Listing(OFFERED, prices=[Price("offered", 19.9)], captures=[capture])

    def night_2_price() -> float:
        sql = "SELECT price FROM price_history WHERE listing_url = ? AND run_id = 2"
        return nightly.db.execute(sql, [OFFERED]).fetchone()[0]

    history.attach(nightly.db, [listing], {capture: 2}, None, fresh=set())
    assert night_2_price() == 29.9  # the same facts as when night 2 was recorded
    history.attach(nightly.db, [listing], {capture: 2}, None, fresh={capture})
    assert night_2_price() == 19.9  # read again from its capture: the night is written again


def test_a_recheck_resolves_a_finding_whose_subject_is_no_longer_read_as_one(nightly):
    for n in range(1, 3):
        nightly.night(n)
    gone = f"{SITE}/live/9"  # e.g. a page an older extraction took for a room
    nightly.db["findings"].insert(
        {"check_id": "room.host_unverified", "severity": "high", "subject_type": "room"}
        | {"subject_url": gone, "message": "…", "status": "open", "first_run": 1, "last_run": 1}
    )

    def status() -> str:
        sql = "SELECT status FROM findings WHERE subject_url = ?"
        return nightly.db.execute(sql, [gone]).fetchone()[0]

    nightly.night(3)  # a night's crawl did not reach it: it stays open
    assert status() == "open"
    counts = analyse(nightly.db, nightly.path, nightly.ref, None)  # a re-check reads every page
    assert status() == "resolved" and counts["resolved"] >= 1
