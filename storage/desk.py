"""The desk's figures: what an investigator sees first on `greenroom serve`'s front page.

One plain function over a sqlite3 connection (the UI runs it in Datasette's read-only
connection): open findings by check and severity, what the last run found new, the shops
with most open findings, the last runs and their health, and open cases when a `cases`
table exists.
"""

from __future__ import annotations

import json
import sqlite3

SEVERITIES = ("high", "medium", "low")


def _tables(conn: sqlite3.Connection) -> set[str]:
    return {
        r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")
    }


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in conn.execute(f"PRAGMA table_info([{table}])")]


def open_by_check(conn: sqlite3.Connection) -> list[dict]:
    """Per check: open findings of each severity and in all, the most first."""
    out: dict[str, dict] = {}
    for check_id, severity, n in conn.execute(
        "SELECT check_id, severity, COUNT(*) FROM findings WHERE status = 'open' "
        "GROUP BY check_id, severity"
    ):
        row = out.setdefault(
            check_id, {"check_id": check_id, "total": 0, **dict.fromkeys(SEVERITIES, 0)}
        )
        row[severity if severity in SEVERITIES else "low"] += n
        row["total"] += n
    return sorted(out.values(), key=lambda r: (-r["total"], r["check_id"]))


def last_run(conn: sqlite3.Connection) -> dict | None:
    cur = conn.execute("SELECT * FROM runs ORDER BY id DESC LIMIT 1")
    row = cur.fetchone()
    return dict(zip([d[0] for d in cur.description], row, strict=True)) if row else None


def new_in_run(conn: sqlite3.Connection, run_id: int) -> list[dict]:
    """Per check: the findings first seen in run `run_id` (the last night's new ones)."""
    return [
        {"check_id": c, "new": n}
        for c, n in conn.execute(
            "SELECT check_id, COUNT(*) FROM findings WHERE first_run = ? "
            "GROUP BY check_id ORDER BY COUNT(*) DESC, check_id",
            [run_id],
        )
    ]


def resolved_in_run(conn: sqlite3.Connection, run_id: int) -> int:
    return conn.execute(
        "SELECT COUNT(*) FROM findings WHERE status = 'resolved' AND last_run = ?", [run_id]
    ).fetchone()[0]


def top_shops(conn: sqlite3.Connection, limit: int = 10) -> list[dict]:
    """The shops with most open findings (a listing's count under its shop), with names."""
    if "findings_by_shop" not in _tables(conn):
        return []
    rows = conn.execute(
        "SELECT f.shop_url, COUNT(*) AS n, COUNT(DISTINCT f.check_id) AS checks, "
        "(SELECT s.name FROM shops s WHERE s.url = f.shop_url) AS name "
        "FROM findings_by_shop f WHERE f.status = 'open' AND f.shop_url IS NOT NULL "
        "GROUP BY f.shop_url ORDER BY n DESC, f.shop_url LIMIT ?",
        [limit],
    )
    return [{"shop_url": u, "open": n, "checks": c, "name": name} for u, n, c, name in rows]


def recent_runs(conn: sqlite3.Connection, limit: int = 5) -> list[dict]:
    """The last runs, newest first, each with its health as a list of problems."""
    cur = conn.execute("SELECT * FROM runs ORDER BY id DESC LIMIT ?", [limit])
    cols = [d[0] for d in cur.description]
    out = []
    for raw in cur.fetchall():
        run = dict(zip(cols, raw, strict=True))
        try:
            problems = json.loads(run.get("health") or "[]")
        except ValueError:
            problems = [str(run.get("health"))]
        run["problems"] = problems if isinstance(problems, list) else [str(problems)]
        out.append(run)
    return out


def open_cases(conn: sqlite3.Connection, limit: int = 20) -> dict | None:
    """Open cases when the database has a `cases` table (`greenroom case`): {rows, total,
    by_status, by_case}, each row with its findings (`case_findings`) counted; else None."""
    tables = _tables(conn)
    if "cases" not in tables:
        return None
    cols = _columns(conn, "cases")
    where = "WHERE c.status = 'open'" if "status" in cols else ""
    held = "case_findings" in tables and "id" in cols
    count = "(SELECT COUNT(*) FROM case_findings m WHERE m.case_id = c.id)" if held else "NULL"
    cur = conn.execute(
        f"SELECT c.rowid AS _rowid, c.*, {count} AS _findings FROM cases c {where} "
        "ORDER BY c.rowid DESC LIMIT ?",
        [limit],
    )
    names = [d[0] for d in cur.description]
    rows = [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
    for r in rows:
        r["_pk"] = r.get("id", r["_rowid"])
        r["_label"] = r.get("name") or f"案件 {r['_pk']}"
    total = conn.execute(f"SELECT COUNT(*) FROM cases c {where}").fetchone()[0]
    return {
        "rows": rows,
        "total": total,
        "by_status": "status" in cols,
        "by_case": "findings_by_case" in tables and "name" in cols,
    }


def desk(conn: sqlite3.Connection) -> dict:
    """Every figure of the front page, as plain data."""
    run = last_run(conn) if "runs" in _tables(conn) else None
    return {
        "open_by_check": open_by_check(conn),
        "open_total": conn.execute(
            "SELECT COUNT(*) FROM findings WHERE status = 'open'"
        ).fetchone()[0],
        "last_run": run,
        "new": new_in_run(conn, run["id"]) if run else [],
        "resolved": resolved_in_run(conn, run["id"]) if run else 0,
        "shops": top_shops(conn),
        "runs": recent_runs(conn) if run else [],
        "cases": open_cases(conn),
    }
