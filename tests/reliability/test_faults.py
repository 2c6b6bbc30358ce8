"""Faults: SIGKILL at random points of `crawl`, `check` and `export`, the site's network
dropping mid-crawl, the browser crashing mid-render.

Each kill case takes a seed, which picks the kill points, and kills its command more than
once before letting it run to the end. `crawl` is killed once the store holds its n-th
capture, n drawn between the captures already kept and those of a whole crawl (so kills
land while fetching, while the checks run after the last capture, or at start-up when all
is captured already); `check` and `export` at a time drawn over the working window of an
uninterrupted run (measured once per module: from taking the database's lock to the exit,
or from the start for `export`). The kill is SIGKILL to the
whole process group (greenroom, its crawl child, the browser), as a power cut or the
OOM killer would. What must hold afterwards is compared with an uninterrupted run.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from crawler.browser import INSTALL_HINT
from storage.db import connect
from tests.nightly.conftest import captures, wait_unlocked
from tests.nightly.conftest import start_greenroom as start  # own process group, as cron
from tests.reliability.background import background_result, in_background
from tests.reliability.conftest import (
    BROWSER,
    run_greenroom,
    write_config,
)
from tests.reliability.fault_site import FaultSite
from tests.reliability.hostile_rooms import ITEMS, HostileRooms

SEEDS = [11, 23, 37]
KILLS = 2  # kills per case before the command is let run to the end
RUN_LIMIT_S = 120  # any one command of this module, interrupted or not
INTACT = 3  # `greenroom verify`: intact, not authenticated (these exports are unsigned)


@pytest.fixture(params=SEEDS, ids=str)
def rng(request) -> random.Random:
    """The kill points' source: one seed a case."""
    return random.Random(request.param)


def wait_for_lock(proc: subprocess.Popen, db_path: Path) -> float | None:
    """Until greenroom holds `<db>.lock` (its start-up is over): that moment, or None when
    it ended first."""
    lock = Path(str(db_path) + ".lock")
    deadline = time.monotonic() + RUN_LIMIT_S
    while time.monotonic() < deadline:
        try:
            if lock.read_text().strip() == f"pid {proc.pid}":
                return time.monotonic()
        except OSError:
            pass
        if proc.poll() is not None:
            return None
        time.sleep(0.01)
    raise AssertionError(f"greenroom took no lock on {db_path} in {RUN_LIMIT_S}s")


def kill_at(proc: subprocess.Popen, after_s: float, db_path: Path | None = None) -> bool:
    """SIGKILL the process group `after_s` seconds after it took the database's lock (after
    its start without `db_path`); False when it had ended by then."""
    if db_path is not None and wait_for_lock(proc, db_path) is None:
        proc.communicate(timeout=30)
        return False
    try:
        proc.wait(timeout=after_s)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate(timeout=30)
        return True
    proc.communicate(timeout=30)
    return False


def kills_drawn(
    rng: random.Random,
    window_s: float,
    args: tuple[str, ...],
    db_path: Path | None = None,
    after: Callable[[], None] = lambda: None,
) -> int:
    """Kills of up to KILLS runs of `greenroom ARGS`, each `kill_at` a time drawn from the
    window (`db_path`: counted from its lock), `after()` once each run is over. The window
    was measured under another load: a run that ended before its kill draws again from a
    window half as long (start-up alone outlasts its 0.05 s floor)."""
    kills = 0
    for _ in range(4 * KILLS):
        killed = kill_at(start(*args), rng.uniform(0.05, window_s), db_path)
        after()
        if killed:
            kills += 1
            if kills == KILLS:
                break
        else:
            window_s = max(0.1, window_s / 2)
    return kills


def kill_after_captures(proc: subprocess.Popen, db_path: Path, n: int) -> bool:
    """SIGKILL the process group once the store holds `n` captures; False when it ended
    first."""
    deadline = time.monotonic() + RUN_LIMIT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            proc.communicate(timeout=30)
            return False
        if captures(db_path) >= n:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate(timeout=30)
            return True
        time.sleep(0.01)
    raise AssertionError(f"fewer than {n} captures after {RUN_LIMIT_S}s")


def copy_db(src: Path, dst: Path) -> Path:
    """A database with its WAL and its captures directory, under another name."""
    for p in src.parent.iterdir():
        if p.name.startswith(src.name) and not p.name.endswith(".lock"):
            target = dst.with_name(dst.name + p.name[len(src.name) :])
            (shutil.copytree if p.is_dir() else shutil.copy2)(p, target)
    return dst


def dead_pid() -> int:
    """The pid of a process that has exited."""
    proc = subprocess.Popen(["true"])
    proc.wait()
    return proc.pid


def path_of(url: str) -> str:
    return "/" + url.split("/", 3)[3] if url.count("/") >= 3 else url


def pages_by_run(db_path: Path) -> dict[int, Counter]:
    """Per run: how often each path was captured as a 200 response."""
    runs: dict[int, Counter] = {}
    rows = connect(db_path).query(
        "SELECT run_id, url FROM captures WHERE kind = 'response' AND http_status = 200"
    )
    for r in rows:
        runs.setdefault(r["run_id"], Counter())[path_of(r["url"])] += 1
    return runs


def open_findings(db_path: Path) -> set[tuple[str, str]]:
    rows = connect(db_path).query(
        "SELECT check_id, subject_url FROM findings WHERE status = 'open'"
    )
    return {(r["check_id"], path_of(r["subject_url"])) for r in rows}


def findings_table(db_path: Path) -> list[dict]:
    """`greenroom findings --format json`, without ids, times and run numbers."""
    done = run_greenroom("findings", "--db", str(db_path), "--format", "json")
    assert done.returncode == 0, done.stderr
    drop = {"id", "first_seen", "last_seen", "first_run", "last_run", "resolved_at"}
    rows = [{k: v for k, v in r.items() if k not in drop} for r in json.loads(done.stdout)]
    return sorted(rows, key=lambda r: (r["check_id"], r["subject_url"]))


def assert_verifies(db_path: Path) -> None:
    done = run_greenroom("verify", "--db", str(db_path))
    assert done.returncode == 0, done.stdout + done.stderr


def assert_no_traceback(*outputs: str) -> None:
    for text in outputs:
        assert "Traceback" not in text, text[-3000:]


def run_to_the_end(*args: str) -> None:
    """`greenroom ARGS` let run: exit 0, no traceback."""
    done = run_greenroom(*args, timeout=RUN_LIMIT_S)
    assert_no_traceback(done.stdout, done.stderr)
    assert done.returncode == 0, done.stdout + done.stderr


def assert_intact(bundle: Path) -> None:
    verdict = run_greenroom("verify", str(bundle))
    assert verdict.returncode == INTACT, verdict.stdout + verdict.stderr


class Timed:
    """A run to the end, and its working window: seconds from taking the database's lock
    (from its start, without one) to its exit. Kills are drawn from that window."""

    def __init__(self, args: tuple[str, ...], db_path: Path | None = None) -> None:
        proc = start(*args)
        began = wait_for_lock(proc, db_path) if db_path else time.monotonic()
        out, err = proc.communicate(timeout=RUN_LIMIT_S)
        self.done = subprocess.CompletedProcess(proc.args, proc.returncode, out, err)
        self.seconds = time.monotonic() - (began or time.monotonic())


@pytest.fixture(scope="module")
def site():
    site = FaultSite(delay_s=0.02).start()
    yield site
    site.stop()


@pytest.fixture(scope="module")
def baseline(site, tmp_path_factory):
    """One uninterrupted crawl, check and export of the fault site: what every case equals."""
    data = tmp_path_factory.mktemp("baseline")
    db = data / "baseline.db"
    crawl = Timed(("crawl", site.url, "--db", str(db)), db)
    assert crawl.done.returncode == 0, crawl.done.stderr
    checked = copy_db(db, data / "checked.db")
    check = Timed(("check", "--db", str(checked), "--reextract"), checked)
    assert check.done.returncode == 0, check.done.stderr
    ids = ",".join(str(r["id"]) for r in connect(db).query("SELECT id FROM findings"))
    exports = [
        Timed(("export", "--db", str(db), "--finding", ids, "--out", str(data / "all.zip")))
        for _ in range(2)  # the first pays for cold caches: the shorter one is the window
    ]
    assert all(e.done.returncode == 0 for e in exports), exports[0].done.stderr
    return {
        "db": db,
        "checked": checked,
        "ids": ids,
        "captures": captures(db),
        "check_s": check.seconds,
        "export_s": min(e.seconds for e in exports),
    }


def test_crawl_killed_at_random_points_then_rerun_equals_an_uninterrupted_crawl(
    site, baseline, tmp_path, rng
):
    db = tmp_path / "night.db"
    args = ("crawl", site.url, "--db", str(db))
    total = baseline["captures"]
    for _ in range(KILLS):  # the n-th capture, n past those already kept: fetching or later
        n = rng.randint(min(captures(db) + 1, total), total)
        assert kill_after_captures(start(*args), db, n), f"the crawl ended before {n} captures"
        wait_unlocked(db)
    run_to_the_end(*args)
    want = set(pages_by_run(baseline["db"])[1])
    runs = list(connect(db).query("SELECT id, status FROM runs ORDER BY id"))
    assert runs and all(r["status"] == "finished" for r in runs), runs
    for run_id, got in pages_by_run(db).items():  # a kill after a run finished: a new run
        assert set(got) == want, (run_id, sorted(set(got) ^ want))
        assert [p for p, n in got.items() if n > 1] == [], f"run {run_id} captured twice"
    assert open_findings(db) == open_findings(baseline["db"])
    assert_verifies(db)


def test_check_killed_at_random_points_then_rerun_equals_an_uninterrupted_check(
    baseline, tmp_path, rng
):
    db = copy_db(baseline["db"], tmp_path / "night.db")
    args = ("check", "--db", str(db), "--reextract")

    assert kills_drawn(rng, 0.9 * baseline["check_s"], args, db, lambda: wait_unlocked(db)), (
        "every check ended before its kill"
    )
    run_to_the_end(*args)
    assert findings_table(db) == findings_table(baseline["checked"])
    assert_verifies(db)


def test_export_killed_at_random_points_leaves_no_bundle_that_passes_for_whole(
    baseline, tmp_path, rng
):
    out = tmp_path / "case.zip"
    args = ("export", "--db", str(baseline["db"]), "--finding", baseline["ids"], "--out", str(out))

    def look() -> None:
        if out.exists():  # only ever a finished bundle under the name asked for
            assert_intact(out)
        assert [p.name for p in tmp_path.iterdir() if p.suffix == ".zip"] in ([], ["case.zip"])

    assert kills_drawn(rng, 0.9 * baseline["export_s"], args, after=look), (
        "every export ended before its kill"
    )
    # as a kill while the zip is being written leaves it (the window is short: make one sure)
    gone = dead_pid()
    (tmp_path / f".case.zip.{gone}.part").write_bytes(b"PK\x03\x04 half a bundle")
    (tmp_path / f".case.zip.{gone}.d" / "warc").mkdir(parents=True)  # and its working folder
    run_to_the_end(*args)
    leftovers = [p.name for p in tmp_path.iterdir() if p.name != "case.zip"]
    assert leftovers == [], f"half-written bundles left beside it: {leftovers}"
    # a kill over a finished bundle: the old one stands
    kill_at(start(*args), rng.uniform(0.05, 0.9 * baseline["export_s"]))
    look()
    assert out.exists(), "a finished bundle was lost"
    assert_intact(out)


def test_network_drop_mid_crawl_is_recorded_and_the_rerun_completes(baseline, tmp_path):
    site = FaultSite(delay_s=0.1).start()
    db = tmp_path / "night.db"
    args = ("crawl", site.url, "--db", str(db))
    try:
        proc = start(*args)
        deadline = time.monotonic() + RUN_LIMIT_S
        while len(site.requests) < 20 and time.monotonic() < deadline:
            time.sleep(0.02)
        site.down()  # the network to the site is gone: connections refused
        out, err = proc.communicate(timeout=RUN_LIMIT_S)
        assert_no_traceback(out, err)
        # SPEC: exit 1 for a run whose errors make it unhealthy, one line saying so
        assert proc.returncode in (0, 1), out + err
        if proc.returncode == 1:
            assert err.strip().splitlines()[-1].startswith("greenroom: run 1 is unhealthy"), err
        errors = list(connect(db).query("SELECT url, kind, message FROM crawl_errors"))
        assert errors and {e["kind"] for e in errors} == {"fetch"}, errors
        assert all("refused" in e["message"].lower() for e in errors), errors
        first = pages_by_run(db)[1]
        assert not {path_of(e["url"]) for e in errors} & set(first)
        site.up()  # the network is back, on the same port
        run_to_the_end(*args)
    finally:
        site.stop()
    runs = [(r["id"], r["status"]) for r in connect(db).query("SELECT id, status FROM runs")]
    assert runs == [(1, "finished"), (2, "finished")]
    assert set(pages_by_run(db)[2]) == set(pages_by_run(baseline["db"])[1])
    assert_verifies(db)


def descendants(pid: int) -> list[int]:
    """Every process below `pid` (from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def kill_browser(pid: int) -> list[int]:
    """SIGKILL every chromium process started under greenroom `pid`; their pids."""
    killed = []
    for child in descendants(pid):
        try:
            exe = os.readlink(f"/proc/{child}/exe")
        except OSError:
            continue
        if "chromium" in exe:
            try:
                os.kill(child, signal.SIGKILL)
                killed.append(child)
            except ProcessLookupError:
                pass
    return killed


@dataclass
class BrowserCrash:
    site_url: str
    db_path: Path
    killed: list[int]
    returncode: int
    out: str
    err: str


@in_background("browser-crash", needed_by="test_browser_killed_mid_render")
def crash_the_browser(directory: Path) -> BrowserCrash:
    """Crawl rooms, SIGKILL every chromium process while a room's API is pending, let the
    crawl go on (runs beside other tests)."""
    assert Path(BROWSER).exists(), f"no browser at {BROWSER}: {INSTALL_HINT}"
    site = HostileRooms(rooms=("good", "slow"), gated=True, slow_s=6).start()
    site.gate.clear()  # /later (and the room it links) waits until the browser is gone
    db = directory / "rooms.db"
    cfg = write_config(directory, site.url, room_samples=1, room_sample_interval_s=0.5)
    try:
        proc = start("crawl", "--config", cfg, "--db", str(db))
        deadline = time.monotonic() + RUN_LIMIT_S
        while site.hits("/api/room/slow") == 0 and time.monotonic() < deadline:
            assert proc.poll() is None, proc.communicate()
            time.sleep(0.05)
        killed = kill_browser(proc.pid)  # mid-render: the slow room's API is pending
        site.gate.set()
        out, err = proc.communicate(timeout=RUN_LIMIT_S)
    finally:
        site.stop()
    return BrowserCrash(site.url, db, killed, proc.returncode, out, err)


def test_browser_killed_mid_render_is_recorded_and_the_crawl_goes_on():
    crash = background_result("browser-crash", timeout=2 * RUN_LIMIT_S)
    assert crash.killed, "no chromium process found under greenroom"
    assert_no_traceback(crash.out, crash.err)
    assert crash.returncode == 0, crash.out + crash.err
    rows = connect(crash.db_path)
    url = crash.site_url.rstrip("/")
    errors = {e["url"]: e for e in rows.query("SELECT * FROM crawl_errors")}
    kinds = {
        r["url"]: r["kinds"]
        for r in rows.query("SELECT url, group_concat(kind) AS kinds FROM captures GROUP BY url")
    }
    # A sample in flight is taken again on a new browser, or recorded: never lost, never both.
    for room in ("/live/good", "/live/slow"):
        drawn, recorded = "dom" in kinds[url + room], url + room in errors
        assert drawn != recorded, (room, kinds[url + room], errors.get(url + room))
        if recorded:
            assert errors[url + room]["kind"] == "render", errors
    assert set(errors) <= {url + "/live/good", url + "/live/slow"}, errors
    assert "dom" in kinds[url + "/live/after"], kinds  # drawn by the browser started anew
    (run,) = rows.query("SELECT stats FROM runs")
    assert json.loads(run["stats"])["playwright/browser_count"] == 2  # the crash, on record
    static = ["/", "/shop/1", "/shop/2", *(f"/item/{n}" for n in range(1, ITEMS + 1))]
    assert all("response" in kinds.get(url + p, "") for p in static)
    assert_verifies(crash.db_path)
