"""A killed night resumes: SIGKILL at any point, SIGTERM, and a second start on a busy database.

Each case runs `greenroom crawl --config … --db …` as cron would, on its own fresh demo
site, and compares with one uninterrupted crawl (`baseline`): the same pages captured, none
twice, the same findings.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import signal
import time
from collections import Counter

import pytest

from nightly.conftest import (
    captures,
    demo_config,
    kill,
    open_findings,
    path_of,
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


def processes(session: int) -> dict[int, tuple[int, str]]:
    """{pid: (parent pid, command line)} of the live processes of a session (greenroom, its
    crawl child, the crawl's extraction worker)."""
    out = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = open(f"/proc/{entry}/stat").read()
            cmd = open(f"/proc/{entry}/cmdline", "rb").read().replace(b"\0", b" ").decode()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if fields[0] != "Z" and int(fields[3]) == session:  # state, ppid, pgrp, session
            out[int(entry)] = (int(fields[1]), cmd)
    return out


def extraction_workers(greenroom: int) -> list[int]:
    """The crawl's extraction workers: spawned by the crawl child of greenroom `greenroom`."""
    procs = processes(greenroom)
    crawl = {pid for pid, (ppid, _c) in procs.items() if ppid == greenroom}
    return [pid for pid, (ppid, cmd) in procs.items() if ppid in crawl and "spawn_main" in cmd]


def facts_by_page(db_path) -> dict[str, dict]:
    """Each page's stored facts, by path, without what differs between two crawls."""
    out = {}
    for url, raw in connect(db_path).execute("SELECT url, facts FROM pages"):
        facts = json.loads(raw)
        if facts.get("rendered") or facts.get("role") == "licence_image":
            continue  # a room's sample (its counters move) and OCR: not the extractor's
        for key in ("capture_id", "fetched_at", "run_id"):
            facts.pop(key, None)
        raw = re.sub(r"127\.0\.0\.1:\d+", "site", json.dumps(facts, sort_keys=True))
        out.setdefault(path_of(url), []).append(raw)
    return {p: sorted(f) for p, f in out.items()}


def html_captures_without_facts(db_path) -> list[str]:
    rows = connect(db_path).execute(
        "SELECT c.url FROM captures c LEFT JOIN pages p ON p.capture_id = c.id "
        "WHERE c.kind = 'response' AND c.http_status = 200 AND p.capture_id IS NULL "
        "AND c.url NOT LIKE '%robots.txt' AND c.url NOT LIKE '%.png' AND c.url NOT LIKE '%.jpg'"
    )
    return [u for (u,) in rows]


def test_sigkill_with_pages_in_the_extraction_worker_loses_no_page_facts(
    demo_site, tmp_path, baseline
):
    """Pages captured but still in the extraction worker when greenroom is killed: the worker
    dies with the crawl, and the resume reads them again from their captures."""
    db = tmp_path / "night.db"
    args = ("crawl", "--config", demo_config(demo_site, tmp_path), "--db", str(db))
    proc = start_greenroom(*args)
    wait_for_captures(proc, db, 90)
    assert extraction_workers(proc.pid), "the crawl extracts in a worker process"
    kill(proc, signal.SIGKILL)
    wait_unlocked(db)
    assert processes(proc.pid) == {}, "a process of the killed crawl lives on"
    done = run_greenroom(*args)
    assert "resuming run 1" in done.stderr, done.stderr
    assert_same_as_baseline(db, baseline)
    assert html_captures_without_facts(db) == []
    assert facts_by_page(db) == facts_by_page(baseline)


def test_sigkill_of_the_extraction_worker_alone_replaces_it_and_loses_nothing(
    demo_site, tmp_path, baseline
):
    db = tmp_path / "night.db"
    args = ("crawl", "--config", demo_config(demo_site, tmp_path), "--db", str(db))
    proc = start_greenroom(*args)
    wait_for_captures(proc, db, 60)
    worker, *_others = extraction_workers(proc.pid)  # one of them (GREENROOM_EXTRACT_WORKERS)
    os.kill(worker, signal.SIGKILL)
    out, err = proc.communicate(timeout=300)
    assert "run 1:" in out, out + err
    run = next(connect(db).query("SELECT stats FROM runs"))
    assert json.loads(run["stats"]).get("greenroom/extract/worker_restarts", 0) >= 1
    assert_same_as_baseline(db, baseline)
    assert html_captures_without_facts(db) == []
    assert facts_by_page(db) == facts_by_page(baseline)


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
