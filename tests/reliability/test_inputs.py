"""Broken inputs: each ends in one line on stderr, exit 2 (bad argument, config or reference
file) or 1 (anything else), and never a traceback; good-but-unusual inputs are accepted."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from storage.db import connect
from tests.reliability.conftest import run_greenroom

URL = "http://127.0.0.1:9/"  # never fetched: every case stops before crawling


def config(tmp: Path, crawl: str = f'start_urls = ["{URL}"]', extra: str = "") -> str:
    path = tmp / "district.toml"
    path.write_text(f"[crawl]\n{crawl}\n{extra}", encoding="utf-8")
    return str(path)


def crawl_with(tmp: Path, config_path: str) -> list[str]:
    """`greenroom crawl` into a fresh database with the district file at `config_path`."""
    return ["crawl", "--db", str(tmp / "x.db"), "--config", config_path]


def check_with(tmp: Path, config_path: str) -> list[str]:
    """`greenroom check` of an empty database with the district file at `config_path`."""
    return ["check", "--db", empty_db(tmp), "--config", config_path]


def with_brands(tmp: Path, data: bytes, name: str = "brands.csv") -> list[str]:
    (tmp / name).write_bytes(data)
    return check_with(tmp, config(tmp, extra=f'[reference]\nbrands = "{name}"\n'))


def with_registry(tmp: Path, data: bytes) -> list[str]:
    (tmp / "reg.csv").write_bytes(data)
    return check_with(tmp, config(tmp, extra='[reference]\ngreen_registry = "reg.csv"\n'))


def empty_db(tmp: Path) -> str:
    path = tmp / "empty.db"
    connect(path).conn.close()
    return str(path)


def corrupted_db(tmp: Path) -> str:
    path = tmp / "corrupt.db"
    path.write_bytes(random.Random(12).randbytes(64 * 1024))
    return str(path)


def half_db(tmp: Path) -> str:
    """A real database whose first pages were overwritten with noise (header intact)."""
    path = Path(empty_db(tmp))
    connect(path).conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(path.read_bytes())
    data[100:4096] = random.Random(3).randbytes(4096 - 100)
    path.write_bytes(bytes(data))
    return str(path)


BRANDS = b"brand,aliases,reference_price\n"


@dataclass(frozen=True)
class Case:
    name: str
    args: Callable[[Path], list[str]]
    codes: tuple[int, ...] = (2,)
    says: str = ""  # a part of the one line on stderr
    ok_output: bool = False  # exit 0 expected: stderr may be empty
    extra: dict = field(default_factory=dict)

    def __str__(self) -> str:
        return self.name


# Brand lists greenroom refuses: (name, the file's bytes, a part of the error).
BAD_BRANDS = [
    ("wrong-delimiter", "brand;aliases;reference_price\n耐克;Nike;300\n".encode(), "brands.csv"),
    ("wrong-columns", "name,price\n耐克,300\n".encode(), "brands.csv"),
    ("price-not-a-number", BRANDS + "耐克,Nike,三百\n".encode(), ":2:"),
    (
        "duplicate",
        BRANDS + "耐克,Nike,300\n耐克,NIKE,300\n".encode(),
        "brands.csv:3: duplicate brand '耐克' (first on line 2)",
    ),
    (
        "duplicate-folded",
        BRANDS + "Nike,耐克,300\nspam,,1\nＮＩＫＥ,,280\n".encode(),
        "brands.csv:4: duplicate brand",
    ),
    ("gbk-encoded", BRANDS + "耐克,Nike,300\n".encode("gbk"), "brands.csv"),
]

# District files whose [crawl] section is broken: (name, its text, a part of the error).
BROKEN_CRAWL = [
    ("broken", 'start_urls = ["http://a/"\nmax_pages = ', "district.toml"),
    ("start-urls-a-string", f'start_urls = "{URL}"', ":2:"),
    ("max-pages-a-string", f'start_urls = ["{URL}"]\nmax_pages = "many"', ":3:"),
    ("negative-samples", f'start_urls = ["{URL}"]\nroom_samples = -3', "room_samples"),
    ("unknown-key", f'start_urls = ["{URL}"]\nstart_url = "x"', "start_url"),
    ("unknown-section", f'start_urls = ["{URL}"]\n[crawler]\nx = 1\n', "crawler"),
    ("not-a-url", 'start_urls = ["ftp://x/"]', "district.toml"),
]

CASES = [
    *(
        Case(f"toml-{name}", lambda t, crawl=crawl: crawl_with(t, config(t, crawl)), says=says)
        for name, crawl, says in BROKEN_CRAWL
    ),
    Case(
        "toml-binary",
        lambda t: check_with(
            t, str((t / "b.toml").write_bytes(b"\xff\xfe\x00[[[") and t / "b.toml")
        ),
        says="b.toml",
    ),
    Case(
        "toml-empty",
        lambda t: crawl_with(t, str((t / "e.toml").write_text("") or t / "e.toml")),
        says="e.toml",
    ),
    Case(
        "config-missing",
        lambda t: crawl_with(t, str(t / "none.toml")),
        says="none.toml",
    ),
    Case(
        "url-not-http",
        lambda t: ["crawl", "javascript:alert(1)", "--db", str(t / "x.db")],
        says="not an http",
    ),
    Case(
        "brands-missing",
        lambda t: (
            with_brands(t, b"", name="x.csv")[:-2]
            + ["--config", config(t, extra='[reference]\nbrands = "gone.csv"\n')]
        ),
        says="gone.csv",
    ),
    Case(
        "brands-bom-accepted",
        lambda t: with_brands(t, b"\xef\xbb\xbf" + BRANDS + "耐克,Nike|NIKE,300\n".encode()),
        codes=(0,),
        ok_output=True,
    ),
    *(
        Case(f"brands-{name}", lambda t, data=data: with_brands(t, data), says=says)
        for name, data, says in BAD_BRANDS
    ),
    Case(
        "registry-bom-accepted",
        lambda t: with_registry(
            t, "\ufeffroom_url,operator,valid_until\nhttp://a/r/1,某公司,2030-01-01\n".encode()
        ),
        codes=(0,),
        ok_output=True,
    ),
    Case(
        "registry-bad-date",
        lambda t: with_registry(
            t, "room_url,operator,valid_until\nhttp://a/r/1,某公司,明年\n".encode()
        ),
        says=":2:",
    ),
    Case(
        "registry-wrong-columns",
        lambda t: with_registry(t, b"url,until\nhttp://a/r/1,2030-01-01\n"),
        says="reg.csv",
    ),
    Case("db-missing", lambda t: ["findings", "--db", str(t / "none.db")], says="none.db"),
    *(
        Case(
            f"db-corrupted-{command[0]}",
            lambda t, command=command: [*command, "--db", corrupted_db(t)],
            codes=(1, 2),
            says="corrupt.db",
        )
        for command in (["check"], ["findings"], ["summary"], ["crawl", URL], ["verify"])
    ),
    Case(
        "db-corrupted-pages",
        lambda t: ["findings", "--db", half_db(t)],
        codes=(1, 2),
        says="empty.db",
    ),
    Case(
        "db-is-a-directory",
        lambda t: ["findings", "--db", str(t)],
        codes=(1, 2),
        says="no such database",
    ),
]


def _assert_one_line(done: subprocess.CompletedProcess, case) -> None:
    assert "Traceback" not in done.stderr + done.stdout, done.stderr
    assert done.returncode in case.codes, (done.returncode, done.stdout, done.stderr)
    if not case.ok_output:
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1, done.stderr
        assert lines[0].startswith("greenroom: "), lines
        assert case.says in lines[0], lines


@pytest.mark.parametrize("case", CASES, ids=str)
def test_input_case(case: Case, tmp_path):
    done = run_greenroom(*case.args(tmp_path), timeout=60)
    _assert_one_line(done, case)


HOLD_LOCK = """
import fcntl, sys, time
fh = open(sys.argv[1], "a+"); fcntl.flock(fh, fcntl.LOCK_EX); fh.write("pid 4242"); fh.flush()
print("locked", flush=True); time.sleep(60)
"""

HOLD_SQLITE = """
import sqlite3, sys, time
con = sqlite3.connect(sys.argv[1], isolation_level=None); con.execute("PRAGMA locking_mode=EXCLUSIVE")
con.execute("BEGIN EXCLUSIVE"); print("locked", flush=True); time.sleep(90)
"""


def _holder(script: str, target: str) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, "-c", script, target], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout.readline().strip() == "locked"
    return proc


@pytest.mark.parametrize("command", ["crawl", "check"])
def test_db_locked_by_another_greenroom(tmp_path, command):
    db = empty_db(tmp_path)
    holder = _holder(HOLD_LOCK, db + ".lock")
    try:
        args = ["crawl", URL, "--db", db] if command == "crawl" else ["check", "--db", db]
        done = run_greenroom(*args, timeout=30)
    finally:
        holder.kill()
        holder.wait()
    _assert_one_line(done, Case("locked", lambda t: [], codes=(1,), says="in use by pid 4242"))


def test_db_locked_by_another_sqlite_process(tmp_path):
    """A foreign process holding SQLite's exclusive lock: one line, exit 1, within the
    connection's busy timeout (30 s) and a margin."""
    db = empty_db(tmp_path)
    holder = _holder(HOLD_SQLITE, db)
    try:
        done = run_greenroom("findings", "--db", db, timeout=60)
    finally:
        holder.kill()
        holder.wait()
    _assert_one_line(done, Case("sqlite-locked", lambda t: [], codes=(1,), says="empty.db"))


def test_db_read_only(tmp_path):
    db = empty_db(tmp_path)
    os.chmod(db, 0o444)
    immutable = os.geteuid() == 0  # root writes through file modes: make the file immutable
    if immutable:
        subprocess.run(["chattr", "+i", db], check=True)
    try:
        done = run_greenroom("check", "--db", db, timeout=60)
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", db], check=True)
    _assert_one_line(done, Case("read-only", lambda t: [], codes=(1, 2), says="empty.db"))


# Bundles: a real export of the hostile crawl, then damaged in each way.


@pytest.fixture(scope="module")
def bundle(hostile, tmp_path_factory) -> Path:
    fid = hostile.rows("SELECT id FROM findings ORDER BY id LIMIT 1")[0]["id"]
    out = tmp_path_factory.mktemp("bundle") / "case.zip"
    done = run_greenroom(
        "export", "--db", str(hostile.db_path), "--finding", str(fid), "--out", str(out)
    )
    assert done.returncode == 0, done.stderr
    return out


def _rewrite(src: Path, dst: Path, edit: Callable[[str, bytes], bytes | None], add=()) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for info in zin.infolist():
            data = edit(info.filename, zin.read(info))
            if data is not None:
                zout.writestr(info, data)
        for name, data in add:
            zout.writestr(name, data)
    return dst


def _lying_manifest(name: str, data: bytes) -> bytes:
    if name != "manifest.json":
        return data
    manifest = json.loads(data)
    for entry in manifest["files"]:
        if entry.get("path", entry.get("name", "")).endswith(".json") and "findings" in json.dumps(
            entry
        ):
            entry["sha256"] = "0" * 64
    manifest["files"][0]["size"] = manifest["files"][0].get("size", 0) + 1
    return json.dumps(manifest).encode()


def _zip_bomb(dst: Path) -> Path:
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zf:
        with zf.open("warc/bomb.warc.gz", "w", force_zip64=True) as fh:
            block = b"\0" * (1024 * 1024)
            for _ in range(1024):
                fh.write(block)
        zf.writestr("manifest.json", json.dumps({"files": []}))
    return dst


BUNDLE_CASES = {
    "bundle-truncated": lambda b, t: (
        (t / "cut.zip").write_bytes(b.read_bytes()[: b.stat().st_size // 2]) and t / "cut.zip"
    ),
    "bundle-empty-file": lambda b, t: (t / "empty.zip").write_bytes(b"") or t / "empty.zip",
    "bundle-not-a-zip": lambda b, t: (
        (t / "noise.zip").write_bytes(random.Random(5).randbytes(4096)) and t / "noise.zip"
    ),
    "bundle-missing": lambda b, t: t / "none.zip",
    "bundle-zip-slip": lambda b, t: _rewrite(
        b, t / "slip.zip", lambda n, d: d, add=[("../../evil.sh", b"rm -rf /")]
    ),
    "bundle-absolute-path": lambda b, t: _rewrite(
        b, t / "abs.zip", lambda n, d: d, add=[("/etc/cron.d/x", b"x")]
    ),
    "bundle-zip-bomb": lambda b, t: _zip_bomb(t / "bomb.zip"),
    "bundle-lying-manifest": lambda b, t: _rewrite(b, t / "lie.zip", _lying_manifest),
    "bundle-manifest-removed": lambda b, t: _rewrite(
        b, t / "nomani.zip", lambda n, d: None if n == "manifest.json" else d
    ),
    "bundle-file-altered": lambda b, t: _rewrite(
        b, t / "alt.zip", lambda n, d: d + b"<!-- altered -->" if n == "report.html" else d
    ),
    "bundle-file-added": lambda b, t: _rewrite(
        b, t / "add.zip", lambda n, d: d, add=[("extra.txt", b"planted")]
    ),
}


@pytest.mark.parametrize("name", list(BUNDLE_CASES))
def test_verify_refuses_a_damaged_bundle(bundle, tmp_path, name):
    target = BUNDLE_CASES[name](bundle, tmp_path)
    done = run_greenroom("verify", str(target), timeout=60)
    assert "Traceback" not in done.stderr + done.stdout, done.stderr
    assert done.returncode in (1, 2), (done.stdout, done.stderr)
    assert done.stderr.strip() and len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert not (tmp_path.parent / "evil.sh").exists() and not Path("/etc/cron.d/x").exists()


def test_verify_accepts_the_intact_bundle(bundle):
    done = run_greenroom("verify", str(bundle))
    assert done.returncode == 3, done.stdout + done.stderr  # intact, but unsigned
    assert "intact but NOT AUTHENTICATED: unsigned" in done.stdout
