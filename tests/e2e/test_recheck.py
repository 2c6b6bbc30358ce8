"""`greenroom check` re-runs the checks over stored captures without fetching anything."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys

import pytest

from storage.db import captures_dir, connect


def copy_database(src, dst):
    with sqlite3.connect(src) as a, sqlite3.connect(dst) as b:
        a.backup(b)
    shutil.copytree(captures_dir(src), captures_dir(dst))


def greenroom(*args, env=None):
    return subprocess.run(
        [sys.executable, "-m", "greenroom.cli", *args],
        check=False,
        capture_output=True,
        text=True,
        env=env,
    )


def test_a_changed_lexicon_changes_findings_without_network(crawled_then_stopped, tmp_path):
    import os
    import urllib.request

    crawled_a = crawled_then_stopped
    with pytest.raises(OSError):  # the demo server is stopped: nothing can be fetched
        urllib.request.urlopen(crawled_a.site.url, timeout=5)
    db_path = tmp_path / "copy.db"
    copy_database(crawled_a.db_path, db_path)
    before = {
        r["subject_url"]
        for r in connect(db_path).query(
            "SELECT subject_url FROM findings WHERE check_id = 'listing.absolute_claim' AND status = 'open'"
        )
    }
    assert before
    lexicons = tmp_path / "lexicons"
    lexicons.mkdir()
    (lexicons / "absolute.txt").write_text("# every absolute term withdrawn\n", encoding="utf-8")
    requests_before = len(crawled_a.site.requests)

    result = greenroom(
        "check", "--db", str(db_path), env={**os.environ, "GREENROOM_LEXICONS": str(lexicons)}
    )

    assert result.returncode == 0, result.stderr
    assert len(crawled_a.site.requests) == requests_before  # nothing was fetched
    after = {
        r["subject_url"]: r["status"]
        for r in connect(db_path).query(
            "SELECT subject_url, status FROM findings WHERE check_id = 'listing.absolute_claim'"
        )
    }
    assert {after[u] for u in before} == {"resolved"}
    assert "resolved" in result.stdout


def test_recheck_with_unchanged_rules_changes_nothing(crawled_a, tmp_path):
    db_path = tmp_path / "copy.db"
    copy_database(crawled_a.db_path, db_path)
    result = greenroom("check", "--db", str(db_path), "--reextract")
    assert result.returncode == 0, result.stderr
    assert "0 new" in result.stdout and "0 resolved" in result.stdout
