"""Reliability suite: one hostile site crawled once per session, and a tally per category.

The crawl runs as a subprocess (`python -m tests.reliability.crawl_hostile`) so that its
stderr — Scrapy's log and anything that escaped — can be searched for tracebacks.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from crawler.browser import BROWSER_PATH
from storage.db import connect
from tests.cluster.conftest import free_port
from tests.reliability.background import start_selected
from tests.reliability.hostile_site import HostileSite

ROOT = Path(__file__).resolve().parents[2]
GREENROOM = [sys.executable, "-m", "greenroom.cli"]
CRAWL_LIMIT_S = 150  # the whole hostile crawl; slow-loris alone would take 60 s a try
ROOMS_LIMIT_S = 240  # the hostile rooms' crawl (about 40 s): 20 s render timeout, 4 pages at a time
BROWSER = BROWSER_PATH  # what the crawler renders with
CATEGORIES = {
    "test_hostile_pages.py": "hostile pages",
    "test_inputs.py": "inputs",
    "test_rooms.py": "rooms",
    "test_faults.py": "faults",
    "test_security_bundles.py": "security",
    "test_security_redis.py": "security",
    "test_security_output.py": "security",
    "test_security_serve.py": "security",
    "test_security_bombs.py": "security",
    "test_security_readonly.py": "security",
    "test_security_browser.py": "security",
    "test_security_live_serve.py": "security",
    "test_security_accounts.py": "security",
}


def run_greenroom(*args: str, timeout: float = 60, **kw) -> subprocess.CompletedProcess:
    """`greenroom ARGS` as a subprocess: (returncode, stdout, stderr), bounded in time."""
    return subprocess.run(
        [*GREENROOM, *args],
        check=False,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        **kw,
    )


@contextmanager
def serving(db, *extra: str, argv: Callable[..., list[str]] | None = None) -> Iterator[int]:
    """`greenroom serve --db DB EXTRA` on a free port, for the block: the port, once it
    answers. `argv` builds the command line from greenroom's arguments (default: GREENROOM).
    A server that exits or never answers fails the test with its stderr."""
    port = free_port()
    args = ("serve", "--db", str(db), "--port", str(port), *extra)
    command = argv(*args) if argv else [*GREENROOM, *args]
    proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60  # a bound on start-up, not a measurement
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert proc.poll() is None, proc.stderr.read().decode()[-2000:]
                assert time.monotonic() < deadline, f"nothing answers on port {port}"
                time.sleep(0.1)
        yield port
    finally:
        proc.terminate()
        proc.wait(10)


def write_config(directory: Path, url: str, **crawl) -> str:
    """A district config for `greenroom crawl --config`: start at `url`, extra [crawl] keys."""
    keys = "".join(f"{k} = {json.dumps(v)}\n" for k, v in crawl.items())
    path = directory / "district.toml"
    path.write_text(f'[crawl]\nstart_urls = ["{url}"]\n{keys}', encoding="utf-8")
    return str(path)


@dataclass
class HostileCrawl:
    site: HostileSite
    db_path: Path
    result: dict
    stdout: str
    stderr: str
    seconds: float

    @property
    def db(self):
        return connect(self.db_path)

    def path(self, url: str) -> str:
        return url.removeprefix(self.site.url.rstrip("/"))

    def rows(self, sql: str, *params) -> list[dict]:
        return list(self.db.query(sql, params))

    def captures(self, path: str) -> list[dict]:
        return self.rows("SELECT * FROM captures WHERE url = ?", self.site.url.rstrip("/") + path)

    def pages(self, path: str) -> list[dict]:
        return self.rows("SELECT * FROM pages WHERE url = ?", self.site.url.rstrip("/") + path)

    def errors(self, path: str) -> list[dict]:
        return self.rows(
            "SELECT * FROM crawl_errors WHERE url = ?", self.site.url.rstrip("/") + path
        )


@pytest.fixture(scope="session")
def hostile(tmp_path_factory) -> HostileCrawl:
    site = HostileSite().start()
    db_path = tmp_path_factory.mktemp("hostile") / "hostile.db"
    start = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "tests.reliability.crawl_hostile", site.url, str(db_path)],
        check=False,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=CRAWL_LIMIT_S,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    seconds = time.monotonic() - start
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    yield HostileCrawl(site, db_path, result, done.stdout, done.stderr, seconds)
    site.stop()


_selected: list[str] = []


def pytest_collection_modifyitems(session, config, items):
    _selected[:] = [item.nodeid for item in items]


def pytest_runtest_setup(item):
    """At this suite's first test (not at collection: `make test` runs other suites first),
    start the background scenarios the selected tests need."""
    start_selected(_selected)


_tally: dict[str, Counter] = {}


def pytest_runtest_logreport(report):
    category = CATEGORIES.get(Path(report.fspath).name)
    if category is None:
        return
    counts = _tally.setdefault(category, Counter())
    if report.when == "call":
        counts["total"] += 1
        counts["passed"] += report.passed
    elif report.when == "setup" and not report.passed:
        counts["total"] += 1


def pytest_terminal_summary(terminalreporter):
    """One line: passed over run cases per category, in the order of CATEGORIES."""
    if _tally:
        names = [n for n in dict.fromkeys(CATEGORIES.values()) if n in _tally]
        parts = [f"{n} {_tally[n]['passed']}/{_tally[n]['total']}" for n in names]
        terminalreporter.write_line("reliability: " + ", ".join(parts))
