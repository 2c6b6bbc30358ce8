"""Hostile rooms: each ends in a recorded crawl error or a bounded, captured sample.

One `greenroom crawl --config` (the real command, Debian's chromium through
scrapy-playwright, the shipped 20 s render timeout, one sample per room) of
`hostile_rooms.HostileRooms` per module; each case names a room and what the database must
show for it afterwards, while the well-behaved room and every static page beside the
hostile ones are still captured and checked.
"""

from __future__ import annotations

import json
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from crawler.browser import INSTALL_HINT
from storage.db import connect
from tests.reliability.background import background_result, in_background
from tests.reliability.conftest import (
    BROWSER,
    ROOMS_LIMIT_S,
    run_greenroom,
    write_config,
)
from tests.reliability.hostile_rooms import ITEMS, HostileRooms

RENDERED = "rendered"  # a sample kept: DOM + screenshot captured, a rendered `pages` row


@dataclass(frozen=True)
class Case:
    name: str
    room: str
    expect: str  # RENDERED, or "error:<reason>" (a `render` crawl error for that reason)
    note: str = ""  # a part of the error's message

    def __str__(self) -> str:
        return self.name


CASES = [
    Case("script-loops-forever", "spin", "error:timeout", "Timeout 20000ms"),
    Case("script-allocates-without-end", "hog", "error:crashed", "Page crashed"),
    Case("script-opens-popups", "popups", RENDERED),
    Case("script-triggers-downloads", "download", RENDERED),
    Case("script-navigates-away", "away", "error:navigated_away", "/moved-away"),
    Case("api-never-answers", "silent", "error:timeout", "/api/room/silent"),
    Case("well-behaved-room-beside-them", "good", RENDERED),
]


@dataclass
class RoomsRun:
    site: HostileRooms
    db_path: Path
    done: subprocess.CompletedProcess
    seconds: float

    def rows(self, sql: str, *params) -> list[dict]:
        return list(connect(self.db_path).query(sql, params))

    def url(self, path: str) -> str:
        return self.site.url.rstrip("/") + path


@in_background("rooms", needed_by="reliability/test_rooms.py")
def crawl_rooms(directory: Path) -> RoomsRun:
    """The hostile rooms crawled by `greenroom crawl`, timed (runs beside other tests)."""
    assert Path(BROWSER).exists(), f"no browser at {BROWSER}: {INSTALL_HINT}"
    site = HostileRooms(hold_s=ROOMS_LIMIT_S).start()
    try:
        cfg = write_config(directory, site.url, room_samples=1, room_sample_interval_s=0.5)
        start = time.monotonic()
        db = directory / "rooms.db"
        # a hang past the limit is a failure: subprocess.TimeoutExpired
        done = run_greenroom("crawl", "--config", cfg, "--db", str(db), timeout=ROOMS_LIMIT_S)
        return RoomsRun(site, db, done, time.monotonic() - start)
    finally:
        site.stop()


@pytest.fixture(scope="module")
def rooms() -> RoomsRun:
    return background_result("rooms", timeout=2 * ROOMS_LIMIT_S)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_room_case(rooms, case: Case):
    url = rooms.url(f"/live/{case.room}")
    errors = rooms.rows("SELECT * FROM crawl_errors WHERE url = ?", url)
    kinds = {r["kind"] for r in rooms.rows("SELECT kind FROM captures WHERE url = ?", url)}
    assert "response" in kinds, f"{url}: the static shell was not captured"
    if case.expect == RENDERED:
        assert not errors, errors
        assert {"dom", "screenshot"} <= kinds, kinds
        facts = [
            json.loads(r["facts"]) for r in rooms.rows("SELECT facts FROM pages WHERE url = ?", url)
        ]
        seen = [
            {k: f.get(k) for k in ("capture_id", "role", "host", "fetched_at", "title")}
            for f in facts
        ]
        assert any(f.get("role") == "room" and f.get("host") == "李梅" for f in facts), seen
    else:
        reason = case.expect.split(":", 1)[1]
        assert [e["kind"] for e in errors] == ["render"], errors
        assert f"({reason}): " in errors[0]["message"], errors[0]["message"]
        assert case.note in errors[0]["message"], errors[0]["message"]
        # a room never seen drawn is not judged from its empty shell
        judged = rooms.rows("SELECT check_id FROM findings WHERE subject_url = ?", url)
        assert judged == [], judged


def test_rooms_crawl_ends_within_its_limit_with_exit_0(rooms):
    assert rooms.done.returncode == 0, rooms.done.stdout + rooms.done.stderr[-3000:]
    assert rooms.done.stdout.startswith("run 1: "), rooms.done.stdout
    assert "4 crawl errors" in rooms.done.stdout, rooms.done.stdout
    (run,) = rooms.rows("SELECT status FROM runs")
    assert run["status"] == "finished"


def test_no_traceback_in_the_rooms_crawl_output(rooms):
    assert "Traceback" not in rooms.done.stderr + rooms.done.stdout


def test_static_pages_beside_the_rooms_are_captured_and_checked(rooms):
    static = ["/", "/shop/1", "/shop/2", *(f"/item/{n}" for n in range(1, ITEMS + 1))]
    captured = {r["url"] for r in rooms.rows("SELECT url FROM captures WHERE kind = 'response'")}
    assert {rooms.url(p) for p in static} <= captured
    fired = {(r["check_id"], r["subject_url"]) for r in rooms.rows("SELECT * FROM findings")}
    assert ("shop.contact_missing", rooms.url("/shop/2")) in fired
    assert ("room.host_unverified", rooms.url("/live/good")) in fired


def test_popups_and_downloads_stay_bounded(rooms):
    """Popups are closed as they open; no download reaches the disk of the crawl."""
    popups = rooms.rows("SELECT url FROM captures WHERE url LIKE '%/popup?%'")
    assert popups == []  # a popup is never a capture, nor followed
    downloads = [p for p in rooms.db_path.parent.rglob("*") if p.name == "evidence.bin"]
    assert downloads == []


def test_store_and_hash_chain_verify_after_the_rooms_crawl(rooms):
    done = run_greenroom("verify", "--db", str(rooms.db_path))
    assert done.returncode == 0, done.stdout + done.stderr
