"""The SQLite database: schema, connection settings and queries shared by CLI and UI."""

from __future__ import annotations

import os
import sqlite3
from contextlib import contextmanager
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING

import sqlite_utils

if TYPE_CHECKING:
    from collections.abc import Iterator

SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
  id INTEGER PRIMARY KEY, started TEXT, finished TEXT, config_hash TEXT, config_path TEXT,
  start_urls TEXT,
  pages INTEGER DEFAULT 0, errors INTEGER DEFAULT 0, bytes INTEGER DEFAULT 0,
  rooms_rendered INTEGER DEFAULT 0, findings_new INTEGER DEFAULT 0,
  findings_persisting INTEGER DEFAULT 0, findings_resolved INTEGER DEFAULT 0,
  status TEXT, health TEXT, stats TEXT
);
CREATE TABLE IF NOT EXISTS exports (
  id INTEGER PRIMARY KEY, exported_at TEXT, actor TEXT, what TEXT, via TEXT,
  sha256 TEXT, bytes INTEGER
);
CREATE TABLE IF NOT EXISTS captures (
  id INTEGER PRIMARY KEY, run_id INTEGER, kind TEXT, about INTEGER,
  url TEXT, method TEXT, fetched_at TEXT, http_status INTEGER, content_type TEXT,
  sha256 TEXT, size INTEGER, warc_file TEXT, warc_offset INTEGER, warc_length INTEGER,
  warc_record_id TEXT, record_sha256 TEXT, prev_hash TEXT, chain_hash TEXT
);
CREATE INDEX IF NOT EXISTS captures_url ON captures(url);
CREATE TABLE IF NOT EXISTS pages (
  capture_id INTEGER PRIMARY KEY REFERENCES captures(id), run_id INTEGER,
  url TEXT, canonical TEXT, role TEXT, title TEXT, facts TEXT
);
CREATE INDEX IF NOT EXISTS pages_canonical ON pages(canonical);
CREATE TABLE IF NOT EXISTS crawl_errors (
  id INTEGER PRIMARY KEY, run_id INTEGER, url TEXT, at TEXT, kind TEXT, message TEXT
);
-- links the crawl did not follow, and why: robots (robots.txt said no), off-site (outside
-- allowed_domains); a shop whose licence page is one of them is unjudged, not a finding
CREATE TABLE IF NOT EXISTS unfetched (
  run_id INTEGER, url TEXT, reason TEXT, at TEXT, PRIMARY KEY (run_id, url)
);
-- (check, subject) pairs a check could not judge: `reasons` names the unread pages, `reason`
-- is the first one's kind (not_fetched|robots|error|off_site|page_limit|price_unknown)
CREATE TABLE IF NOT EXISTS unjudged (
  check_id TEXT NOT NULL, subject_url TEXT NOT NULL, reasons TEXT, run_id INTEGER, reason TEXT,
  PRIMARY KEY (check_id, subject_url)
);
CREATE TABLE IF NOT EXISTS findings (
  id INTEGER PRIMARY KEY, check_id TEXT NOT NULL, severity TEXT, subject_type TEXT,
  subject_url TEXT NOT NULL, message TEXT, snippet TEXT, first_seen TEXT, last_seen TEXT,
  status TEXT, first_run INTEGER, last_run INTEGER, resolved_at TEXT, reopened INTEGER DEFAULT 0,
  UNIQUE (check_id, subject_url)
);
CREATE TABLE IF NOT EXISTS finding_evidence (
  finding_id INTEGER REFERENCES findings(id), capture_id INTEGER REFERENCES captures(id),
  PRIMARY KEY (finding_id, capture_id)
);
CREATE TABLE IF NOT EXISTS shops (
  url TEXT PRIMARY KEY, name TEXT, registered_name TEXT, uscc TEXT, operator TEXT,
  phones TEXT, emails TEXT, addresses TEXT, permits TEXT, listings INTEGER, last_run INTEGER
);
CREATE TABLE IF NOT EXISTS listings (
  url TEXT PRIMARY KEY, shop_url TEXT, title TEXT, category TEXT, price REAL,
  description TEXT, claims TEXT, last_run INTEGER
);
CREATE TABLE IF NOT EXISTS rooms (
  url TEXT PRIMARY KEY, title TEXT, host_name TEXT, host_verified INTEGER, sellers TEXT,
  badge TEXT, samples INTEGER, last_run INTEGER
);
CREATE TABLE IF NOT EXISTS subjects_seen (
  run_id INTEGER, subject_url TEXT, PRIMARY KEY (run_id, subject_url)
);
-- cases: an investigator's file of findings. `case_history` is its record (who did what,
-- when), append-only and hash-chained like captures, each entry anchored to the capture
-- chain's head at the time (storage.cases; checked by `greenroom verify --db`)
CREATE TABLE IF NOT EXISTS cases (
  id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, status TEXT NOT NULL DEFAULT 'open',
  opened_at TEXT, opened_by TEXT
);
CREATE TABLE IF NOT EXISTS case_findings (
  case_id INTEGER NOT NULL REFERENCES cases(id),
  finding_id INTEGER NOT NULL REFERENCES findings(id),
  added_at TEXT, added_by TEXT, PRIMARY KEY (case_id, finding_id)
);
CREATE INDEX IF NOT EXISTS case_findings_finding ON case_findings(finding_id);
CREATE TABLE IF NOT EXISTS case_history (
  id INTEGER PRIMARY KEY, case_id INTEGER NOT NULL REFERENCES cases(id), at TEXT, actor TEXT,
  action TEXT, detail TEXT, capture_head INTEGER, capture_hash TEXT, prev_hash TEXT,
  chain_hash TEXT
);
CREATE TRIGGER IF NOT EXISTS case_history_no_update BEFORE UPDATE ON case_history
BEGIN SELECT RAISE(ABORT, 'case_history is append-only'); END;
CREATE TRIGGER IF NOT EXISTS case_history_no_delete BEFORE DELETE ON case_history
BEGIN SELECT RAISE(ABORT, 'case_history is append-only'); END;
CREATE TRIGGER IF NOT EXISTS case_findings_no_delete BEFORE DELETE ON case_findings
BEGIN SELECT RAISE(ABORT, 'a finding stays in its case'); END;
CREATE VIEW IF NOT EXISTS findings_by_case AS
  SELECT c.name AS case_name, c.status AS case_status, f.id, f.check_id, f.severity,
         f.subject_type, f.subject_url, f.status,
         CASE WHEN f.status = 'resolved' THEN f.last_run END AS resolved_run, f.resolved_at,
         f.message, m.added_at, m.added_by
    FROM case_findings m JOIN cases c ON c.id = m.case_id JOIN findings f ON f.id = m.finding_id;
"""


# the captures table's columns, in its order (relay inserts them; bundles list most of them)
CAPTURE_COLUMNS = (
    "id",
    "run_id",
    "kind",
    "about",
    "url",
    "method",
    "fetched_at",
    "http_status",
    "content_type",
    "sha256",
    "size",
    "warc_file",
    "warc_offset",
    "warc_length",
    "warc_record_id",
    "record_sha256",
    "prev_hash",
    "chain_hash",
)
PRIVATE = 0o640  # databases, WARC files, bundles: owner and the greenroom group only


def private_opener(path: str, flags: int) -> int:
    """`open(..., opener=private_opener)`: a new file is made with mode 0640, not 0644."""
    return os.open(path, flags, PRIVATE)


def read_only(path: str | Path) -> bool:
    """True for a database that cannot be written here: the file, or its directory (where
    SQLite makes -wal, -shm and journal files), is read-only (a forensic copy, a ro mount)."""
    path = Path(path)
    return path.exists() and not (
        os.access(path, os.W_OK) and os.access(path.parent.resolve(), os.W_OK)
    )


def open_read_only(path: str | Path) -> sqlite3.Connection:
    """A read-only connection that makes no file and changes nothing: `mode=ro` (it still
    reads a -wal beside the database), else, where no -shm can be made, `immutable=1`."""
    uri = Path(path).resolve().as_uri()
    for params in ("mode=ro", "mode=ro&immutable=1"):
        conn = sqlite3.connect(f"{uri}?{params}", uri=True, timeout=30, isolation_level=None)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.OperationalError:
            conn.close()
            continue
        return conn
    raise sqlite3.OperationalError(f"{path}: unable to open the database read-only")


def connect(path: str | Path, *, create: bool = True) -> sqlite_utils.Database:
    """Open (and create) the greenroom database in WAL mode with the schema in place; a
    database that cannot be written here is opened read-only as it is (no schema change)."""
    path = Path(path)
    if not create and not path.exists():
        raise FileNotFoundError(f"{path}: no such database")
    if read_only(path):
        return sqlite_utils.Database(open_read_only(path))
    if not path.exists():  # SQLite gives its -wal and -shm files the database's mode
        with open(path, "ab", opener=private_opener):
            pass
    conn = sqlite3.connect(str(path), timeout=30, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA foreign_keys=OFF")
    # 64 MiB of page cache (the default is 2 MiB): a check over a million listings writes
    # B-trees that no longer fit, and every spilled page is written to the WAL again
    conn.execute("PRAGMA cache_size=-65536")
    conn.executescript(SCHEMA)
    _add_missing_columns(conn)
    return sqlite_utils.Database(conn)


# Columns added after a table was first released: added to older databases on open.
ADDED_COLUMNS = {"runs": {"config_path": "TEXT"}, "unjudged": {"reason": "TEXT"}}


def _add_missing_columns(conn: sqlite3.Connection) -> None:
    for table, columns in ADDED_COLUMNS.items():
        have = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
        for name, decl in columns.items():
            if name not in have:
                conn.execute(f"ALTER TABLE {table} ADD COLUMN {name} {decl}")


@contextmanager
def transaction(db: sqlite_utils.Database, *, immediate: bool = True):
    """One explicit write transaction (the connection is in autocommit mode); `immediate`
    takes the database's write lock at once (not needed for TEMP tables alone)."""
    conn = db.conn
    conn.execute("BEGIN IMMEDIATE" if immediate else "BEGIN")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def upsert_rows(conn, table: str, rows: list[dict]) -> None:
    """INSERT OR REPLACE many rows of the same keys with one executemany."""
    if rows:
        cols = list(rows[0])
        conn.executemany(
            f"INSERT OR REPLACE INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
            list(map(itemgetter(*cols), rows)) if len(cols) > 1 else [(r[cols[0]],) for r in rows],
        )


def update_changed(conn, table: str, rows: list[dict], key: str = "url", keep=()) -> None:
    """Insert new rows and update those whose values changed; an unchanged row is not
    written, so its triggers (the search queue) do not fire. Columns in `keep` keep their
    stored value where the new one is NULL."""
    if rows:
        cols = list(rows[0])
        sets = ", ".join(
            f"{c} = coalesce(excluded.{c}, {c})" if c in keep else f"{c} = excluded.{c}"
            for c in cols
            if c != key
        )
        changed = " OR ".join(
            f"{c} IS NOT excluded.{c}" for c in cols if c != key and c not in keep
        )
        changed += "".join(
            f" OR (excluded.{c} IS NOT NULL AND {c} IS NOT excluded.{c})" for c in cols if c in keep
        )
        conn.executemany(
            f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))}) "
            f"ON CONFLICT({key}) DO UPDATE SET {sets} WHERE {changed}",
            list(map(itemgetter(*cols), rows)),
        )


def captures_dir(db_path: str | Path) -> Path:
    """Where the WARC files and screenshots of a database live: `<db>.captures/` beside it."""
    p = Path(db_path)
    return p.with_name(p.name + ".captures")


def chunks(items: list, n: int = 500) -> Iterator[list]:
    """`items` in slices of `n`: SQLite caps the `?` of one statement."""
    for i in range(0, len(items), n):
        yield items[i : i + n]


def dicts(conn, sql: str, params=()) -> list[dict]:
    """The rows of a query as dicts, on a sqlite3 connection or a sqlite-utils Database."""
    cur = conn.execute(sql, params)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def checkpoint(conn) -> None:
    """Fold the WAL into the database file (sqlite3.OperationalError while a writer holds it)."""
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def tune_reader(conn) -> None:
    """A reading connection's page cache: 32 MiB (FTS doclists of common terms)."""
    conn.execute("PRAGMA cache_size = -32768")
