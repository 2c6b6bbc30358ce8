"""`greenroom check --workers 2` finds exactly what one process finds.

At scale (`GREENROOM_PARALLEL_MIN` pages, 20,000 by default) a forked twin assembles the
same subjects and claims chunks of the checks beside this process; here the threshold is
lowered so that the demo's few hundred subjects take that path too. A twin that fails or
dies loses nothing: the chunks it did not send back are checked by the parent.
"""

from __future__ import annotations

import multiprocessing
import os
import sqlite3

import pytest

from checks import runner
from checks.base import Listing, Shop
from storage import search
from storage.db import connect
from tests.e2e.test_recheck import copy_database, greenroom
from toolkit.parallel import Share


def checked_copy(crawled, directory, workers: int, *, drop_index: bool, stale: bool = False):
    db_path = directory / f"workers{workers}.db"
    copy_database(crawled.db_path, db_path)
    with sqlite3.connect(db_path) as conn:
        if drop_index:  # the first index of a database: every row is new
            for table in search.SOURCES:
                conn.execute(f"DROP TABLE IF EXISTS search_{table}")
            conn.execute("DROP TABLE IF EXISTS search_docs")
        if stale:  # one page's facts from an older extractor: re-extracted from its capture
            conn.execute(
                "UPDATE pages SET facts = json_set(facts, '$.extractor', 'old') WHERE capture_id "
                "= (SELECT MIN(capture_id) FROM pages WHERE role = 'listing')"
            )
    env = {**os.environ, "GREENROOM_CHECK_WORKERS": str(workers), "GREENROOM_PARALLEL_MIN": "0"}
    result = greenroom("check", "--db", str(db_path), env=env)
    assert result.returncode == 0, result.stderr
    return db_path, result


def stored(db_path):
    db = connect(db_path)
    findings = db.execute(
        "SELECT check_id, subject_url, severity, status, message, snippet FROM findings "
        "ORDER BY check_id, subject_url"
    ).fetchall()
    evidence = db.execute(
        "SELECT f.check_id, f.subject_url, e.capture_id FROM finding_evidence e "
        "JOIN findings f ON f.id = e.finding_id ORDER BY 1, 2, 3"
    ).fetchall()
    found = {
        (table, q): sorted(str(r[search.SOURCES[table][0]]) for r in search.search(db, q, table))
        for q in ("高仿", "许可证", "店", "直播", "LV")
        for table in ("listings", "shops", "findings", "rooms")
    }
    return findings, evidence, found


@pytest.mark.parametrize("drop_index", [False, True], ids=["indexed", "first-index"])
def test_two_workers_find_what_one_process_finds(crawled_a, tmp_path, drop_index):
    one, _ = checked_copy(crawled_a, tmp_path, 1, drop_index=drop_index)
    two, result = checked_copy(crawled_a, tmp_path, 2, drop_index=drop_index)

    assert "checking in 2 worker processes" in result.stderr
    findings, evidence, found = stored(two)
    assert findings  # the demo has violations of every check
    assert (findings, evidence, found) == stored(one)
    assert any(found.values())  # the searches find something, in both


def test_a_twin_that_meets_stale_facts_leaves_the_checks_to_the_parent(crawled_a, tmp_path):
    """Only the parent may write re-extracted facts back: the twin stops, says why in one
    line, and the parent checks every chunk itself."""
    one, _ = checked_copy(crawled_a, tmp_path, 1, drop_index=False, stale=True)
    two, result = checked_copy(crawled_a, tmp_path, 2, drop_index=False, stale=True)

    assert "a worker process stopped: Stale:" in result.stderr
    assert "Traceback" not in result.stderr
    assert stored(two) == stored(one)


def subjects(n: int):
    shops = [Shop(f"http://127.0.0.1:8000/shop/{i}") for i in range(n // 10)]
    listings = [
        Listing(
            f"http://127.0.0.1:8000/item/{i}", title=f"{'LV 高仿 手提包' if i % 3 else '茶叶'} {i}"
        )
        for i in range(n)
    ]
    return shops, listings


def test_share_gives_each_chunk_to_one_process():
    share = Share(2)
    share.fork(lambda: {i: os.getpid() for i in share.claims(300)})
    mine = {i: os.getpid() for i in share.claims(300)}
    theirs = share.results()

    assert set(mine) | set(theirs) == set(range(300))
    assert not set(mine) & set(theirs)
    assert all(pid != os.getpid() for pid in theirs.values())


def test_a_twin_killed_mid_run_loses_no_finding(ref, monkeypatch):
    monkeypatch.setattr(runner, "CHUNK", 7)  # many chunks over a few hundred subjects
    shops, listings = subjects(300)
    expected, _ = runner.run(shops, listings, [], ref)
    share = Share(2)
    claimed = multiprocessing.get_context("fork").Event()

    def dies_holding_three_chunks():
        for n, _chunk in enumerate(share.claims(10_000)):
            if n == 2:
                claimed.set()
                os._exit(9)  # killed: chunks 0-2 claimed, none sent back

    share.fork(dies_holding_three_chunks)
    assert claimed.wait(30)
    found, errors = runner.run(shops, listings, [], ref, share=share)

    assert errors == []
    assert len(expected) > 100
    as_rows = lambda pairs: [(m.ID, f.subject_url, f.message, f.captures) for m, f in pairs]
    assert as_rows(found) == as_rows(expected)
