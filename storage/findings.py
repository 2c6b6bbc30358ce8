"""Findings: upsert on (check_id, subject_url), resolve what no longer fires, and queries."""

from __future__ import annotations

import json
from dataclasses import dataclass

from storage.db import dicts, transaction
from storage.warc import utcnow

# a finding as listed and exported: its row, then its evidence capture ids
FINDING_COLUMNS = [
    "id",
    "check_id",
    "severity",
    "subject_type",
    "subject_url",
    "status",
    "first_seen",
    "last_seen",
    "message",
    "snippet",
    "evidence",
]
LISTED_COLUMNS = [c for c in FINDING_COLUMNS if c != "snippet"]  # `greenroom findings`


@dataclass
class Outcome:
    """One check result ready to store."""

    check_id: str
    severity: str
    subject_type: str
    subject_url: str
    message: str
    snippet: str
    captures: list[int]


def apply(
    db,
    outcomes: list[Outcome],
    run_id: int | None,
    checked: set[str] | None,
    unjudged: set[tuple[str, str]] = frozenset(),
) -> dict:
    """Store one evaluation: new, persisting, reopened; resolve open findings whose subject
    was checked this time (in `checked`; None: every subject, stored or not) and no longer
    fires. Findings of subjects not checked this time (not reached tonight) keep their
    status and last_seen, and so do the (check, subject) pairs `unjudged` (a page that could
    show what the check looks for was not read). A re-check
    (`run_id` None) keeps each finding's `last_run`, the last crawl that saw it. Returns the
    counts."""
    now = utcnow()
    counts = {"new": 0, "persisting": 0, "reopened": 0, "resolved": 0}
    existing = {
        (r[1], r[2]): (r[0], r[3])
        for r in db.execute("SELECT id, check_id, subject_url, status FROM findings")
    }
    next_id = (db.execute("SELECT MAX(id) FROM findings").fetchone()[0] or 0) + 1
    inserts, updates, reopen, evidence = [], [], [], []
    fired: set[tuple[str, str]] = set()
    for o in outcomes:
        key = (o.check_id, o.subject_url)
        if key in fired:
            continue
        fired.add(key)
        if key in existing:
            fid, status = existing[key]
            if checked is not None and o.subject_url not in checked:
                continue  # not crawled this run: seen by an earlier night, left as it was
            if status == "resolved":
                counts["reopened"] += 1
                reopen.append((fid,))
            else:
                counts["persisting"] += 1
            updates.append((o.severity, o.message, o.snippet, now, run_id, fid))
        else:
            fid, next_id = next_id, next_id + 1
            counts["new"] += 1
            inserts.append(
                (
                    fid,
                    o.check_id,
                    o.severity,
                    o.subject_type,
                    o.subject_url,
                    o.message,
                    o.snippet,
                    now,
                    now,
                    "open",
                    run_id,
                    run_id,
                )
            )
        evidence.extend((fid, c) for c in o.captures if c is not None)
    resolve = [
        (now, run_id, fid)
        for key, (fid, status) in existing.items()
        if status == "open"
        and key not in fired
        and key not in unjudged
        and (checked is None or key[1] in checked)
    ]
    counts["resolved"] = len(resolve)
    with transaction(db):
        db.conn.executemany(
            "INSERT INTO findings (id, check_id, severity, subject_type, subject_url, message, "
            "snippet, first_seen, last_seen, status, first_run, last_run) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            inserts,
        )
        db.conn.executemany(
            "UPDATE findings SET severity = ?, message = ?, snippet = ?, last_seen = ?, "
            "last_run = coalesce(?, last_run), status = 'open' WHERE id = ?",
            updates,
        )
        db.conn.executemany(
            "UPDATE findings SET reopened = reopened + 1, resolved_at = NULL WHERE id = ?", reopen
        )
        db.conn.executemany(
            "UPDATE findings SET status = 'resolved', resolved_at = ?, "
            "last_run = coalesce(?, last_run) WHERE id = ?",
            resolve,
        )
        db.conn.executemany(
            "INSERT OR IGNORE INTO finding_evidence (finding_id, capture_id) VALUES (?, ?)",
            evidence,
        )
    return counts


def query(
    db, *, check: str | None = None, status: str | None = None, since: str | None = None
) -> list[dict]:
    """Findings with their evidence capture ids, newest first; filters as in the CLI."""
    where, args = [], []
    if check:
        where.append("check_id = ?")
        args.append(check)
    if status:
        where.append("status = ?")
        args.append(status)
    if since:
        where.append("first_seen >= ?")
        args.append(since)
    sql = (
        "SELECT f.*, (SELECT json_group_array(capture_id) FROM finding_evidence e "
        "WHERE e.finding_id = f.id) AS evidence FROM findings f"
        + (" WHERE " + " AND ".join(where) if where else "")
        + " ORDER BY f.id"
    )
    rows = [dict(r) for r in db.query(sql, args)]
    for r in rows:
        r["evidence"] = sorted(json.loads(r["evidence"] or "[]"))
    return rows


def count_open(db) -> int:
    return db.execute("SELECT COUNT(*) FROM findings WHERE status = 'open'").fetchone()[0]


def get(conn, finding_id: int) -> dict | None:
    """One finding's row, or None."""
    rows = dicts(conn, "SELECT * FROM findings WHERE id = ?", [finding_id])
    return rows[0] if rows else None


def evidence(conn, finding_id: int) -> list[dict]:
    """The capture rows a finding gives as its evidence, in id order."""
    return dicts(
        conn,
        "SELECT c.* FROM finding_evidence e JOIN captures c ON c.id = e.capture_id "
        "WHERE e.finding_id = ? ORDER BY c.id",
        [finding_id],
    )


def screenshots(conn, capture_ids: list[int]) -> list[dict]:
    """The screenshots among, of, and beside (same `about`) the given captures, in id order."""
    if not capture_ids:
        return []
    marks = ", ".join("?" * len(capture_ids))
    return dicts(
        conn,
        f"SELECT * FROM captures WHERE kind = 'screenshot' AND (id IN ({marks}) "
        f"OR about IN ({marks}) OR about IN (SELECT about FROM captures "
        f"WHERE id IN ({marks}) AND about IS NOT NULL)) ORDER BY id",
        list(capture_ids) * 3,
    )


def store_unjudged(db, rows: list[tuple]) -> None:
    """The unjudged (check_id, subject_url, reasons, run_id, reason) rows of an analysis, in
    place of the last one's."""
    with transaction(db) as conn:
        conn.execute("DELETE FROM unjudged")
        conn.executemany(
            "INSERT OR REPLACE INTO unjudged (check_id, subject_url, reasons, run_id, reason) "
            "VALUES (?, ?, ?, ?, ?)",
            rows,
        )


def unjudged(db) -> list[tuple[str, str]]:
    """(check_id, reasons) of each subject the last analysis could not judge."""
    return db.execute("SELECT check_id, reasons FROM unjudged").fetchall()
