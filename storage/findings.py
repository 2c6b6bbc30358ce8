"""Findings: upsert on (check_id, subject_url), resolve what no longer fires, and queries."""

from __future__ import annotations

import json
from dataclasses import dataclass

from storage.warc import utcnow


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


def apply(db, outcomes: list[Outcome], run_id: int | None, checked: set[str]) -> dict:
    """Store one evaluation: new, persisting, reopened; resolve open findings whose subject
    was checked this time (in `checked`) and no longer fires. Returns the counts."""
    now = utcnow()
    counts = {"new": 0, "persisting": 0, "reopened": 0, "resolved": 0}
    existing = {
        (r[1], r[2]): (r[0], r[3])
        for r in db.execute("SELECT id, check_id, subject_url, status FROM findings")
    }
    fired: set[tuple[str, str]] = set()
    with db.conn:
        for o in outcomes:
            key = (o.check_id, o.subject_url)
            if key in fired:
                continue
            fired.add(key)
            row = {
                "severity": o.severity,
                "subject_type": o.subject_type,
                "message": o.message,
                "snippet": o.snippet,
                "last_seen": now,
                "last_run": run_id,
                "status": "open",
            }
            if key in existing:
                fid, status = existing[key]
                if status == "resolved":
                    counts["reopened"] += 1
                    db.execute(
                        "UPDATE findings SET reopened = reopened + 1, resolved_at = NULL "
                        "WHERE id = ?",
                        [fid],
                    )
                else:
                    counts["persisting"] += 1
                db["findings"].update(fid, row)
            else:
                counts["new"] += 1
                row.update(
                    check_id=o.check_id, subject_url=o.subject_url, first_seen=now, first_run=run_id
                )
                fid = db["findings"].insert(row).last_pk
            db["finding_evidence"].insert_all(
                [{"finding_id": fid, "capture_id": c} for c in o.captures if c is not None],
                ignore=True,
            )
        for key, (fid, status) in existing.items():
            if status == "open" and key not in fired and key[1] in checked:
                db["findings"].update(
                    fid, {"status": "resolved", "resolved_at": now, "last_run": run_id}
                )
                counts["resolved"] += 1
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
