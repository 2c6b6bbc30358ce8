"""Security: a read-only or forensic copy. `findings`, `summary`, `export`, `verify --db`
and `serve` read a database in a read-only directory (no -shm can be made, nothing is
changed); `crawl` into one gives one line. The directory is bind-mounted read-only in a
user and mount namespace (`unshare -rm`): tests run as root, whom file modes do not stop."""

from __future__ import annotations

import functools
import json
import os
import shutil
import sqlite3
import subprocess
import urllib.request

import pytest

from tests.evidence.conftest import SHOP, build_case
from tests.reliability.conftest import GREENROOM, ROOT, serving

RO_MOUNT = 'mount --bind -o ro "$1" "$1" && shift && exec "$@"'


def _can_mount_read_only() -> bool:
    if not shutil.which("unshare"):
        return False
    done = subprocess.run(
        ["unshare", "-rm", "sh", "-c", RO_MOUNT + " ; exit 1", "sh", "/tmp", "true"],
        capture_output=True,
        check=False,
    )
    return done.returncode == 0


pytestmark = pytest.mark.skipif(
    not _can_mount_read_only(), reason="no unshare -rm / mount --bind -o ro here"
)


def read_only(directory, *args: str, **kw):
    """`greenroom ARGS` with `directory` mounted read-only around it."""
    return ["unshare", "-rm", "sh", "-c", RO_MOUNT, "sh", str(directory), *GREENROOM, *args]


def run_ro(directory, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "GREENROOM_KEY_DIR": str(directory / "no-key")}
    return subprocess.run(
        read_only(directory, *args),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )


@pytest.fixture
def copy(tmp_path):
    """A case database as a forensic copy: checkpointed, no -wal or -shm beside it."""
    directory = tmp_path / "copy"
    directory.mkdir()
    db = directory / "case.db"
    build_case(db)
    conn = sqlite3.connect(db)
    conn.execute(
        "INSERT INTO runs (id, started, finished, pages, status, health) VALUES "
        "(1, '2026-11-29T01:30:00Z', '2026-11-29T02:00:00Z', 5, 'ok', '[]')"
    )
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    for extra in ("case.db-wal", "case.db-shm"):
        (directory / extra).unlink(missing_ok=True)
    return directory, db


def listing(directory) -> list[str]:
    return sorted(str(p.relative_to(directory)) for p in directory.rglob("*"))


@pytest.mark.parametrize(
    "args",
    [
        ("findings", "--format", "json", "--db", "{db}"),
        ("summary", "--db", "{db}"),
        ("verify", "--db", "{db}"),
    ],
    ids=["findings", "summary", "verify-db"],
)
def test_reading_commands_work_on_a_read_only_copy(copy, args):
    directory, db = copy
    before = listing(directory)
    done = run_ro(directory, *(a.format(db=db) for a in args))
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip()
    assert listing(directory) == before


def test_export_works_on_a_read_only_copy(copy, tmp_path):
    directory, db = copy
    out = tmp_path / "case.zip"
    done = run_ro(directory, "export", "--db", str(db), "--shop", SHOP, "--out", str(out))
    assert done.returncode == 0, done.stderr[-2000:]
    assert out.stat().st_size > 0


def test_serve_works_on_a_read_only_copy(copy):
    directory, db = copy
    with serving(db, argv=functools.partial(read_only, directory)) as port:
        url = f"http://127.0.0.1:{port}/case.json?sql=select+count(*)+from+findings"
        with urllib.request.urlopen(url, timeout=30) as resp:
            rows = json.loads(resp.read())["rows"]
    assert rows[0][0] > 0


def test_crawl_into_a_read_only_directory_is_one_line(copy):
    directory, db = copy
    for target in (db, directory / "new.db"):
        done = run_ro(directory, "crawl", "http://127.0.0.1:9/", "--db", str(target))
        assert done.returncode == 1, done.stderr[-2000:]
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("greenroom: "), done.stderr[-2000:]
        assert "Traceback" not in done.stderr
