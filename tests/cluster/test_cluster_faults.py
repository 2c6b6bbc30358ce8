"""The other two faults of a cluster run (issue 9): Redis restarted mid-run (the workers
and the coordinator wait and resume), and the coordinator SIGKILLed mid-run (the same
`greenroom crawl` command resumes the run). Either way the run ends with the findings
and the captured URL set of a single-process crawl, nothing stored twice, a sound chain.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time

from storage.db import connect
from tests.cluster.test_cluster_demo import assert_same_as_single, cluster_config


def _ids(client) -> int:
    """The last capture id handed out in the run (0 before the first)."""
    keys = list(client.scan_iter(match="greenroom:*:ids"))
    return int(client.get(keys[0]) or 0) if keys else 0


def _wait_for_ids(client, n: int, deadline_s: float = 300) -> int:
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        try:
            got = _ids(client)
        except Exception:  # noqa: BLE001 - Redis may be restarting; keep watching
            got = 0
        if got >= n:
            return got
        time.sleep(0.05)
    return 0


def _restart_redis(redis_server, after_ids: int, down_s: float, seen: dict) -> None:
    seen["before"] = _wait_for_ids(redis_server.client(), after_ids)
    if not seen["before"]:
        return
    redis_server.stop()  # SIGTERM: Redis writes its append-only file and exits
    seen["stopped"] = True
    time.sleep(down_s)  # Redis stays away a while: every client must wait for it
    redis_server.start()  # the same port, the same append-only file
    seen["restarted"] = True


def test_redis_restarted_mid_run_workers_wait_and_resume(
    crawled_a, redis_server, redis_url, tmp_path
):
    from greenroom.run import crawl

    cfg = cluster_config(crawled_a, redis_url, tmp_path)
    seen: dict = {}
    restarter = threading.Thread(target=_restart_redis, args=(redis_server, 120, 3.0, seen))
    restarter.start()
    try:
        result = crawl(cfg, tmp_path / "demo.db", workers=2)
    finally:
        restarter.join()
        if redis_server.proc is None or redis_server.proc.poll() is not None:
            redis_server.start()  # leave the session's Redis running for the next tests
    assert seen.get("restarted"), f"Redis was not restarted mid-run: {seen}"
    assert result["status"] == "finished"
    # the run went on after the restart: captures beyond the last id handed out before it
    db = connect(tmp_path / "demo.db")
    after = db.execute("SELECT COUNT(*) FROM captures WHERE id > ?", [seen["before"]])
    assert after.fetchone()[0] > 0
    assert_same_as_single(crawled_a, tmp_path / "demo.db")


def _crawl_command(cfg, db_path) -> list[str]:
    return [sys.executable, "-m", "greenroom.cli", "crawl", "--config", cfg.path] + [
        "--db",
        str(db_path),
        "--workers",
        "2",
    ]


def test_coordinator_killed_mid_run_the_same_command_resumes(
    crawled_a, redis_server, redis_url, tmp_path
):
    cfg = cluster_config(crawled_a, redis_url, tmp_path)
    db_path = tmp_path / "demo.db"
    command = _crawl_command(cfg, db_path)
    client = redis_server.client()

    log = tmp_path / "first.log"
    with open(log, "wb") as fh:
        first = subprocess.Popen(command, stdout=fh, stderr=subprocess.STDOUT)
    try:
        assert _wait_for_ids(client, 150), log.read_text()[-3000:]
        assert first.poll() is None, "the first run ended before it was killed"
        first.kill()  # SIGKILL: no cleanup, its workers die with it (PR_SET_PDEATHSIG)
        first.wait(30)
    finally:
        if first.poll() is None:
            first.kill()
    runs = connect(db_path).execute("SELECT id, status FROM runs").fetchall()
    assert [tuple(r) for r in runs] == [(1, "running")]  # killed: not finished, not marked

    second = subprocess.run(command, check=False, capture_output=True, text=True, timeout=900)
    assert "resuming run 1" in second.stderr, second.stderr[-3000:]
    assert second.returncode == 0, second.stderr[-3000:]
    runs = connect(db_path).execute("SELECT id, status FROM runs").fetchall()
    assert [tuple(r) for r in runs] == [(1, "finished")]
    assert_same_as_single(crawled_a, db_path)
    # the run's keys are gone from Redis once it is over
    assert not list(client.scan_iter(match="greenroom:*:1:*"))


def _lose_replies(redis_url, cfg, after_ids: int, out: dict) -> None:
    """What a Redis restart can do to a worker: a pop and a reserve that Redis ran but whose
    replies never reached the worker (its client retried them). Done here for a live
    worker, in its name; then watch that the run gives both back, or end the run."""
    import json

    from crawler.cluster import Link, namespace

    ns = namespace(cfg.start_urls)
    probe = Link(redis_url, ns, 1, worker="probe", wait_s=5)
    client = probe.server
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and "worker" not in out:
        if _ids(client) >= after_ids:
            for key in client.scan_iter(match=f"{ns}:1:alive:*"):
                status = json.loads(client.get(key) or "{}")
                if status.get("leases") and not status.get("closed"):
                    out["worker"] = key.decode().rsplit(":", 1)[1]
                    break
        time.sleep(0.05)
    if "worker" not in out:
        return
    link = Link(redis_url, ns, 1, worker=out["worker"], wait_s=5)
    lease = None
    while time.monotonic() < deadline and lease is None:
        lease = link.pop()  # None: the queue is empty just now
        if lease is None:
            time.sleep(0.01)
    out["lease"], out["id"] = lease, link.reserve_id()
    keys = link.keys
    while time.monotonic() < deadline:  # a bound, not a measurement: fails the test if hit
        leased = client.zscore(keys.lease(out["worker"]), out["lease"]) is not None
        reserved = client.zscore(keys.pending, out["id"]) is not None
        if not leased and not reserved:
            out["given_back"] = True
            return
        time.sleep(0.1)
    client.set(keys.done, "lost replies were never given back")  # ends the run


def test_lost_replies_of_a_redis_restart_are_given_back(crawled_a, redis_url, tmp_path):
    from greenroom.run import crawl

    cfg = cluster_config(crawled_a, redis_url, tmp_path)
    out: dict = {}
    prober = threading.Thread(target=_lose_replies, args=(redis_url, cfg, 100, out))
    prober.start()
    try:
        result = crawl(cfg, tmp_path / "demo.db", workers=2)
    finally:
        prober.join()
    assert out.get("lease") and out.get("id"), f"nothing was injected: {out}"
    assert out.get("given_back"), "a lease or a capture id held in a worker's name stayed"
    assert result["status"] == "finished"
    assert result["stats"]["finish_reason"] == "finished"
    assert result["stats"].get("greenroom/cluster/reconciled", 0) >= 2
    assert_same_as_single(crawled_a, tmp_path / "demo.db")
