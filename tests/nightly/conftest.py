"""Nightly-operation fixtures: demo nights crawled in order, and `greenroom` as a subprocess."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from storage.db import connect

ROOT = Path(__file__).resolve().parents[2]
GREENROOM = [sys.executable, "-m", "greenroom.cli"]


def path_of(url: str) -> str:
    """A URL without scheme and host: two demo sites on different ports compare equal."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def captures(db_path) -> int:
    """Captures committed so far, read without taking any lock the crawl would notice."""
    if not Path(db_path).exists():
        return 0
    try:
        con = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=5)
        try:
            return con.execute("SELECT COUNT(*) FROM captures").fetchone()[0]
        finally:
            con.close()
    except sqlite3.OperationalError:
        return 0


def start_greenroom(*args: str) -> subprocess.Popen:
    """`greenroom ARGS` in its own process group, as cron or systemd would start it."""
    return subprocess.Popen(
        [*GREENROOM, *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )


def run_greenroom(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*GREENROOM, *args], check=False, cwd=ROOT, capture_output=True, text=True, timeout=timeout
    )


def wait_for_captures(proc: subprocess.Popen, db_path, n: int, timeout: float = 120) -> int:
    """Poll the captures table until it holds at least `n` rows; return the count seen."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        seen = captures(db_path)
        if seen >= n:
            return seen
        if proc.poll() is not None:
            raise AssertionError(f"greenroom exited ({proc.returncode}) before {n} captures")
        time.sleep(0.05)
    raise AssertionError(f"fewer than {n} captures after {timeout}s")


def kill(proc: subprocess.Popen, sig: int) -> tuple[str, str]:
    """Send `sig` to greenroom only (not its group): the crawl child must follow by itself.
    Returns its (stdout, stderr)."""
    os.kill(proc.pid, sig)
    return proc.communicate(timeout=180)


def wait_unlocked(db_path, timeout: float = 30) -> None:
    """Until no process holds `<db>.lock` (the crawl child is gone too); held past `timeout`
    fails the test."""
    import fcntl

    lock = Path(str(db_path) + ".lock")
    deadline = time.monotonic() + timeout
    while lock.exists():
        with open(lock, "a+") as fh:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                fcntl.flock(fh, fcntl.LOCK_UN)
                break
            except BlockingIOError:
                assert time.monotonic() < deadline, f"{lock} still held after {timeout}s"
                time.sleep(0.1)
    # The lock is the parent's; the crawl child dies with it (PR_SET_PDEATHSIG): let it.
    time.sleep(0.5)


def demo_config(site, directory, **extra) -> str:
    """The demo's own config.toml, with extra [crawl] keys."""
    path = site.write_config(directory)
    if extra:
        from nightly.tinysite import _toml

        text = path.read_text(encoding="utf-8")
        keys = "".join(f"{k} = {_toml(v)}\n" for k, v in extra.items())
        path.write_text(text.replace("\n[reference]", f"{keys}\n[reference]", 1), "utf-8")
    return str(path)


def run_captures(db_path, run_id: int | None = None) -> list[tuple[str, int, str]]:
    """(path, http_status, kind) of every capture (of one run)."""
    db = connect(db_path)
    sql = "SELECT url, http_status, kind FROM captures" + (" WHERE run_id = ?" if run_id else "")
    return [(path_of(u), s, k) for u, s, k in db.execute(sql, [run_id] if run_id else [])]


def open_findings(db_path) -> set[tuple[str, str]]:
    db = connect(db_path)
    rows = db.execute("SELECT check_id, subject_url FROM findings WHERE status = 'open'")
    return {(c, path_of(u)) for c, u in rows}


class Nights:
    """The demo crawled night after night into one database, on one site (same port)."""

    def __init__(self, site, db_path, results, labels, tables):
        self.site, self.db_path, self.results, self.labels = site, db_path, results, labels
        self.tables = tables  # the findings table after each night: {(check, url): row}

    @property
    def db(self):
        return connect(self.db_path)


@pytest.fixture(scope="session")
def nights(tmp_path_factory):
    """Night 1, night 2 (fixes, new violations, shop 8 answering 503), then night 1 again."""
    from greenroom import config as configmod
    from greenroom.run import crawl
    from greenroom_demo.site import DemoSite

    site = DemoSite(rendering="a").start()
    data = tmp_path_factory.mktemp("nights")
    db_path = data / "nights.db"
    results, labels, tables = [], [], []
    for night in (1, 2, 1):
        site.night = night
        cfg = configmod.load(demo_config(site, data))
        labels.append(site.labels())
        results.append(crawl(cfg, db_path))
        rows = connect(db_path).query("SELECT * FROM findings")
        tables.append({(r["check_id"], r["subject_url"]): dict(r) for r in rows})
    yield Nights(site, db_path, results, labels, tables)
    site.stop()


@pytest.fixture
def demo_site():
    from greenroom_demo.site import DemoSite

    site = DemoSite(rendering="a").start()
    yield site
    site.stop()


@pytest.fixture(scope="module")
def baseline(tmp_path_factory):
    """An uninterrupted `greenroom crawl` of a fresh demo site: what a resumed run must equal."""
    from greenroom_demo.site import DemoSite

    site = DemoSite(rendering="a").start()
    data = tmp_path_factory.mktemp("baseline")
    db_path = data / "baseline.db"
    done = run_greenroom("crawl", "--config", demo_config(site, data), "--db", str(db_path))
    site.stop()
    assert "run 1:" in done.stdout, done.stderr
    return db_path
