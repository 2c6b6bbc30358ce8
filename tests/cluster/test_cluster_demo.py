"""Two workers on a test Redis crawl the demo exactly as one process does, even when one
of them is SIGKILLed mid-run (the coordinator restarts it; its leases go back)."""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from collections import Counter

import pytest

from storage.db import connect
from storage.verify import verify_db


def cluster_config(crawled, redis_url, directory):
    from greenroom import config as configmod

    fresh_room_counters(crawled.site)
    path = crawled.site.write_config(directory)
    (directory / "relay.secret").write_text("the bureau's relay secret\n", encoding="utf-8")
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(f'\n[cluster]\nredis = "{redis_url}"\nsecret_file = "relay.secret"\n')
    cfg = configmod.load(path)
    cfg.max_pages = 0  # as the single-process fixture crawls
    return cfg


def fresh_room_counters(site) -> None:
    """The demo's room counters move with each request to a room's API since the server
    started (the k-th answer shows base + step * k, rounded to 0.1万 in some rooms), and the
    session's site serves every crawl here. Start this crawl where the single-process one
    started, or whether a fall shows through the rounding depends on the tests run before."""
    with site._lock:
        for key in [k for k in site._hits if k[0] == "api"]:
            del site._hits[key]


def findings(db_path):
    """The findings: which check fired on which subject, how severe, open or resolved.
    (Messages are not compared: they quote capture ids and the first example seen, which
    follow the order of fetching, and rooms' live counters.)"""
    rows = connect(db_path).execute(
        "SELECT check_id, subject_url, subject_type, severity, status FROM findings"
    )
    return sorted(rows.fetchall())


def captured(db_path, kind="response"):
    rows = connect(db_path).execute("SELECT url FROM captures WHERE kind = ?", [kind])
    return Counter(r[0] for r in rows)


def assert_same_as_single(crawled, db_path):
    assert findings(db_path) == findings(crawled.db_path)
    assert set(captured(db_path)) == set(captured(crawled.db_path))
    # nothing stored twice (the demo's flaky page answered 500 once, to the first crawl only)
    twice = connect(db_path).execute(
        "SELECT url FROM captures WHERE kind = 'response' "
        "GROUP BY url, http_status, sha256 HAVING COUNT(*) > 1"
    )
    assert twice.fetchall() == []
    for kind in ("dom", "screenshot"):
        assert set(captured(db_path, kind)) == set(captured(crawled.db_path, kind))
    verdict = verify_db(db_path)
    assert verdict.ok, verdict.problems


def test_two_workers_crawl_the_demo_as_one_process_does(crawled_a, redis_url, tmp_path):
    from greenroom.run import crawl

    cfg = cluster_config(crawled_a, redis_url, tmp_path)
    result = crawl(cfg, tmp_path / "demo.db", workers=2)
    assert result["status"] == "finished"
    assert result["stats"]["greenroom/cluster/workers"] >= 2
    assert_same_as_single(crawled_a, tmp_path / "demo.db")
    assert (
        not connect(tmp_path / "demo.db")
        .execute("SELECT 1 FROM runs WHERE status != 'finished'")
        .fetchone()
    )


def _kill_one_worker(redis_server, after_ids: int, killed: list) -> None:
    client = redis_server.client()
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and not killed:
        ids = list(client.scan_iter(match="greenroom:*:ids"))
        if ids and int(client.get(ids[0]) or 0) >= after_ids:
            for key in client.scan_iter(match="greenroom:*:alive:*"):
                status = json.loads(client.get(key) or "{}")
                if status.get("pid") and status.get("leases"):
                    os.kill(status["pid"], signal.SIGKILL)
                    killed.append(status["pid"])
                    return
        time.sleep(0.05)


def test_a_worker_killed_mid_run_loses_nothing_and_stores_nothing_twice(
    crawled_a, redis_server, redis_url, tmp_path
):
    from greenroom.run import crawl

    cfg = cluster_config(crawled_a, redis_url, tmp_path)
    killed: list[int] = []
    killer = threading.Thread(target=_kill_one_worker, args=(redis_server, 150, killed))
    killer.start()
    result = crawl(cfg, tmp_path / "demo.db", workers=2)
    killer.join()
    assert killed, "no worker was killed"
    assert result["status"] == "finished"
    assert result["stats"]["greenroom/cluster/workers"] >= 3  # the restarted one joined
    assert_same_as_single(crawled_a, tmp_path / "demo.db")


@pytest.mark.parametrize("workers", [2])
def test_the_worker_command_joins_a_run(crawled_a, redis_url, tmp_path, workers):
    """`greenroom worker --config FILE --once` joins the coordinator's run from outside."""
    import subprocess
    import sys

    from greenroom.run import crawl

    cfg = cluster_config(crawled_a, redis_url, tmp_path)
    joiner = subprocess.Popen(
        [sys.executable, "-m", "greenroom.cli", "worker", "--config", cfg.path, "--once"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        result = crawl(cfg, tmp_path / "demo.db", workers=workers - 1)
        assert joiner.wait(60) == 0, joiner.stderr.read().decode()[-2000:]
    finally:
        if joiner.poll() is None:
            joiner.kill()
    assert result["status"] == "finished"
    assert result["stats"]["greenroom/cluster/workers"] == workers
    assert_same_as_single(crawled_a, tmp_path / "demo.db")
