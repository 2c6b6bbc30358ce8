"""A killed night resumes: SIGKILL at any point, SIGTERM, and a second start on a busy database.

Each case runs `greenroom crawl --config … --db …` as cron would, on its own fresh demo
site, and compares with one uninterrupted crawl (`baseline`): the same pages captured, none
twice, the same findings.
"""

from __future__ import annotations

import hashlib
import os
import signal
import time
from collections import Counter

import pytest

from nightly.conftest import (
    captures,
    demo_config,
    kill,
    open_findings,
    run_captures,
    run_greenroom,
    start_greenroom,
    wait_for_captures,
    wait_unlocked,
)
from storage.db import connect


def snapshot(db_path) -> dict[str, str]:
    """SHA-256 of every file of a database: the SQLite files, the lock, the WARC files."""
    files = [
        p for p in db_path.parent.rglob("*") if p.is_file() and p.name.startswith(db_path.name)
    ]
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(files)}


def pages_200(db_path) -> Counter:
    return Counter(
        p for p, status, kind in run_captures(db_path) if kind == "response" and status == 200
    )


def assert_same_as_baseline(db_path, baseline) -> None:
    got, want = pages_200(db_path), pages_200(baseline)
    assert set(got) == set(want), (sorted(set(got) - set(want)), sorted(set(want) - set(got)))
    assert [p for p, n in got.items() if n > 1] == [], "a page was captured twice in one run"
    assert open_findings(db_path) == open_findings(baseline)
    runs = list(connect(db_path).query("SELECT id, status FROM runs"))
    assert [(r["id"], r["status"]) for r in runs] == [(1, "finished")]
    verified = run_greenroom("verify", "--db", str(db_path))
    assert verified.returncode == 0, verified.stdout + verified.stderr


@pytest.mark.parametrize("n", [1, 120, 330])
def test_sigkill_after_n_captures_then_the_same_command_resumes(demo_site, tmp_path, baseline, n):
    db = tmp_path / "night.db"
    args = ("crawl", "--config", demo_config(demo_site, tmp_path), "--db", str(db))
    proc = start_greenroom(*args)
    seen = wait_for_captures(proc, db, n)
    kill(proc, signal.SIGKILL)
    assert proc.returncode == -signal.SIGKILL
    wait_unlocked(db)
    before = captures(db)
    assert before >= seen
    done = run_greenroom(*args)
    assert "resuming run 1" in done.stderr, done.stderr
    assert "run 1:" in done.stdout, done.stdout + done.stderr
    assert_same_as_baseline(db, baseline)


def test_sigterm_stops_gracefully_and_the_next_start_resumes(demo_site, tmp_path, baseline):
    db = tmp_path / "night.db"
    args = ("crawl", "--config", demo_config(demo_site, tmp_path), "--db", str(db))
    proc = start_greenroom(*args)
    wait_for_captures(proc, db, 60)
    _, err = kill(proc, signal.SIGTERM)
    assert proc.returncode == 1
    assert "run 1 interrupted; run the same command to resume it" in err, err
    run = next(connect(db).query("SELECT * FROM runs"))
    assert run["status"] == "interrupted" and run["pages"] > 0
    done = run_greenroom(*args)
    assert "resuming run 1" in done.stderr, done.stderr
    assert_same_as_baseline(db, baseline)


def settled(site, quiet_s: float = 0.5, limit_s: float = 10) -> None:
    """Until the site has received no request for `quiet_s` seconds."""
    deadline = time.monotonic() + limit_s
    count = len(site.requests)
    while time.monotonic() < deadline:
        time.sleep(quiet_s)
        if len(site.requests) == count:
            return
        count = len(site.requests)


def test_a_second_start_on_a_busy_database_exits_1_with_one_line_and_touches_nothing(
    demo_site, tmp_path
):
    db = tmp_path / "night.db"
    args = ("crawl", "--config", demo_config(demo_site, tmp_path), "--db", str(db))
    first = start_greenroom(*args)
    try:
        wait_for_captures(first, db, 1)
        os.killpg(first.pid, signal.SIGSTOP)  # freeze the first run: any change is the second's
        settled(demo_site)  # a request the first run sent just before it froze is counted
        state = snapshot(db), len(demo_site.requests)
        try:
            second = run_greenroom(*args, timeout=60)
            assert (snapshot(db), len(demo_site.requests)) == state
        finally:
            os.killpg(first.pid, signal.SIGCONT)
        assert second.returncode == 1
        lines = second.stderr.strip().splitlines()
        assert len(lines) == 1 and "in use" in lines[0], second.stderr
        assert lines[0].startswith("greenroom: ") and str(db) in lines[0]
        assert second.stdout == ""
        db_rows = connect(db)
        assert [r["id"] for r in db_rows.query("SELECT id FROM runs")] == [1]
        assert {r["run_id"] for r in db_rows.query("SELECT DISTINCT run_id FROM captures")} == {1}
    finally:
        kill(first, signal.SIGTERM)
