"""Runs: the `runs` row of a crawl (start, finish, trusted time at the end), what each run did
to each finding (`run_findings`), and reading them back for the summary."""

from __future__ import annotations

import hashlib
import json
import secrets
from pathlib import Path

from storage.evidence import timestamp
from storage.warc import utcnow


def config_hash(path: str | None) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16] if path else ""


def start_run(db, config_path: str | None, start_urls: list[str]) -> int:
    """Insert the `runs` row of a new crawl; return its id."""
    row = {
        "started": utcnow(),
        "config_hash": config_hash(config_path),
        "config_path": str(Path(config_path).resolve()) if config_path else None,
        "start_urls": json.dumps(start_urls),
        "status": "running",
    }
    return db["runs"].insert(row).last_pk


def unfinished_run(db, config_path: str | None, start_urls: list[str]) -> int | None:
    """The id of the last run if it was killed or interrupted with the same config."""
    row = db.execute(
        "SELECT id, status, config_hash, start_urls FROM runs ORDER BY id DESC LIMIT 1"
    ).fetchone()
    if (
        row
        and row[1] in ("running", "interrupted")
        and row[2] == config_hash(config_path)
        and row[3] == json.dumps(start_urls)
    ):
        return row[0]
    return None


EVENTS = """CREATE TABLE IF NOT EXISTS run_findings (
  run_id INTEGER NOT NULL, finding_id INTEGER NOT NULL, event TEXT NOT NULL,
  PRIMARY KEY (run_id, finding_id))"""
KINDS = ("new", "persisting", "reopened", "resolved")


def finding_states(db) -> dict[int, str]:
    """Every finding's status before a run's checks: {finding id: open|resolved}."""
    return dict(db.execute("SELECT id, status FROM findings").fetchall())


def record_events(db, run_id: int, before: dict[int, str]) -> dict[str, dict[str, int]]:
    """What this run did to each finding (`run_findings`: new, persisting, reopened,
    resolved), kept so a past run's summary stays exact after later nights change the
    findings; returns the counts per check."""
    db.execute(EVENTS)
    rows = db.execute(
        "SELECT id, check_id, status, first_run FROM findings WHERE last_run = ? OR first_run = ?",
        [run_id, run_id],
    ).fetchall()
    events, by_check = [], {}
    for fid, check_id, status, first_run in rows:
        if first_run == run_id:
            event = "new"
        elif status == "resolved":
            event = "resolved"
        else:
            event = "reopened" if before.get(fid) == "resolved" else "persisting"
        events.append((run_id, fid, event))
        counts = by_check.setdefault(check_id, dict.fromkeys(KINDS, 0))
        counts[event] += 1
    with db.conn:
        db.conn.execute("DELETE FROM run_findings WHERE run_id = ?", [run_id])
        db.conn.executemany("INSERT INTO run_findings VALUES (?, ?, ?)", events)
    return by_check


def finish_run(
    db,
    run_id: int,
    stats: dict,
    status: str,
    findings: dict | None = None,
    health: list[str] | None = None,
    by_check: dict | None = None,
) -> None:
    """Record the end of a run: counts from the crawl stats and the findings lifecycle."""
    findings = findings or {}
    if "by_check" not in db["runs"].columns_dict:
        db["runs"].add_column("by_check", str)
    errors = sum(v for k, v in stats.items() if k.startswith("greenroom/errors/"))
    db["runs"].update(
        run_id,
        {
            "finished": utcnow(),
            "status": status,
            "pages": stats.get("greenroom/capture/count", 0),
            "errors": errors,
            "bytes": stats.get("greenroom/capture/bytes", 0),
            "rooms_rendered": stats.get("greenroom/render/rendered", 0),
            "findings_new": findings.get("new", 0),
            "findings_persisting": findings.get("persisting", 0),
            "findings_resolved": findings.get("resolved", 0),
            "health": json.dumps(health or [], ensure_ascii=False),
            "by_check": json.dumps(by_check or {}),
            "stats": json.dumps(
                {k: v for k, v in stats.items() if isinstance(v, int | float | str)}, default=str
            ),
        },
    )


def stamp_run(db, run_id: int, tsa_url: str) -> str:
    """Have a time-stamping authority sign the head of the capture hash chain at run end
    (RFC 3161 over sha256 of the head's 64 hex characters); the DER reply goes to
    `runs.timestamp_token`. Returns the attested time; raises TimestampError."""
    for column, kind in (
        ("timestamp_token", bytes),
        ("timestamp_head", str),
        ("timestamp_capture", int),
        ("timestamp_tsa", str),
        ("timestamp_at", str),
    ):
        if column not in db["runs"].columns_dict:
            db["runs"].add_column(column, kind)
    row = db.execute("SELECT id, chain_hash FROM captures ORDER BY id DESC LIMIT 1").fetchone()
    if row is None:
        raise timestamp.TimestampError("no captures: no chain head to time-stamp")
    token = timestamp.request_token(tsa_url, row[1].encode())
    at = timestamp.token_time(token).isoformat().replace("+00:00", "Z")
    db["runs"].update(
        run_id,
        {
            "timestamp_token": token,
            "timestamp_head": row[1],
            "timestamp_capture": row[0],
            "timestamp_tsa": tsa_url,
            "timestamp_at": at,
        },
    )
    return at


def last_config_path(db) -> str | None:
    """The config file of the database's last crawl that recorded one."""
    row = db.execute(
        "SELECT config_path FROM runs WHERE config_path IS NOT NULL ORDER BY id DESC LIMIT 1"
    ).fetchone()
    return row[0] if row else None


def get(db, run_id: int | None = None) -> dict | None:
    """The `runs` row of `run_id` (default: the last run), or None."""
    run = db.execute(
        "SELECT * FROM runs WHERE id = ?"
        if run_id
        else "SELECT * FROM runs ORDER BY id DESC LIMIT 1",
        [run_id] if run_id else [],
    ).fetchone()
    if run is None:
        return None
    cols = [d[0] for d in db.execute("SELECT * FROM runs LIMIT 0").description]
    return dict(zip(cols, run, strict=True))


def findings_by_event(db, run_id: int) -> dict[str, list[dict]]:
    """The findings a run made new, resolved and reopened (`run_findings`); for a run from
    before that table, the findings' current state (nothing reopened)."""
    if _has_events(db, run_id):
        return {e: _by_event(db, run_id, e) for e in ("new", "resolved", "reopened")}
    new = [
        dict(r)
        for r in db.query(
            "SELECT * FROM findings WHERE status = 'open' AND first_run = ? ORDER BY check_id",
            [run_id],
        )
    ]
    resolved = [
        dict(r)
        for r in db.query(
            "SELECT * FROM findings WHERE status = 'resolved' AND last_run = ? ORDER BY check_id",
            [run_id],
        )
    ]
    return {"new": new, "resolved": resolved, "reopened": []}


def _has_events(db, run_id: int) -> bool:
    if "run_findings" not in db.table_names():
        return False
    return bool(
        db.execute("SELECT 1 FROM run_findings WHERE run_id = ? LIMIT 1", [run_id]).fetchone()
    )


def _by_event(db, run_id: int, event: str) -> list[dict]:
    sql = """SELECT f.* FROM findings f JOIN run_findings e ON e.finding_id = f.id
             WHERE e.run_id = ? AND e.event = ? ORDER BY f.check_id, f.subject_url"""
    return [dict(r) for r in db.query(sql, [run_id, event])]


def history(db, upto: int, runs: int = 30) -> list[dict]:
    """The last `runs` runs up to `upto`, oldest first: per check, new and resolved findings.

    From each run's `by_check` (written by finish_run); for older runs without it, new
    findings are counted from `findings.first_run` and resolved ones are unknown."""
    has_by_check = "by_check" in db["runs"].columns_dict
    rows = db.execute(
        "SELECT id, started, findings_new, findings_resolved"
        + (", by_check" if has_by_check else ", NULL")
        + " FROM runs WHERE id <= ? ORDER BY id DESC LIMIT ?",
        [upto, runs],
    ).fetchall()
    out = []
    for rid, started, new, resolved, raw in reversed(rows):
        per_check = json.loads(raw) if raw else None
        if per_check is None:
            per_check = {
                c: {"new": n, "resolved": 0}
                for c, n in db.execute(
                    "SELECT check_id, COUNT(*) FROM findings WHERE first_run = ? GROUP BY check_id",
                    [rid],
                )
            }
        out.append(
            {
                "id": rid,
                "started": started,
                "findings_new": new or 0,
                "findings_resolved": resolved or 0,
                "by_check": per_check,
            }
        )
    return out


def crawl_errors(db) -> list[tuple[str, str, str]]:
    """(url, kind, message) of every crawl error, oldest first."""
    return db.execute("SELECT url, kind, message FROM crawl_errors ORDER BY id").fetchall()


def unfetched(db) -> list[tuple[str, str]]:
    """(url, reason) of every URL a crawl chose not to fetch, oldest first."""
    return db.execute("SELECT url, reason FROM unfetched ORDER BY at").fetchall()


def last_stats(db) -> dict:
    """The crawl stats the last run recorded ({} when none or not JSON)."""
    row = db.execute("SELECT stats FROM runs ORDER BY id DESC LIMIT 1").fetchone()
    try:
        stats = json.loads(row[0]) if row and row[0] else {}
    except ValueError:
        return {}
    return stats if isinstance(stats, dict) else {}


KEY_TABLE = "CREATE TABLE IF NOT EXISTS relay_keys (run_id INTEGER PRIMARY KEY, key TEXT NOT NULL)"


def relay_key(db, run_id: int) -> bytes:
    """A cluster run's random relay key, kept in `relay_keys`: made on first use."""
    db.execute(KEY_TABLE)
    row = db.execute("SELECT key FROM relay_keys WHERE run_id = ?", [run_id]).fetchone()
    if row:
        return bytes.fromhex(row[0])
    key = secrets.token_bytes(32)
    with db.conn:
        db.execute("INSERT INTO relay_keys (run_id, key) VALUES (?, ?)", [run_id, key.hex()])
    return key
