"""`greenroom check` in forked worker processes finds exactly what one process finds.

At scale (`GREENROOM_PARALLEL_MIN` subjects, 20,000 by default) the checks and the search
texts are computed in `GREENROOM_CHECK_WORKERS` forked processes; here the threshold is
lowered so that the demo's few hundred subjects take that path too.
"""

from __future__ import annotations

import os
import sqlite3

import pytest

from storage import search
from storage.db import connect
from tests.e2e.test_recheck import copy_database, greenroom


def checked_copy(crawled, directory, workers: int, *, drop_index: bool):
    db_path = directory / f"workers{workers}.db"
    copy_database(crawled.db_path, db_path)
    if drop_index:  # the first index of a database: every row is new
        with sqlite3.connect(db_path) as conn:
            for table in search.SOURCES:
                conn.execute(f"DROP TABLE IF EXISTS search_{table}")
            conn.execute("DROP TABLE IF EXISTS search_docs")
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
