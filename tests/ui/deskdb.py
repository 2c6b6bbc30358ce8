"""The case database after a second, unhealthy night: new, resolved and open findings, and
(optionally) a `cases` table, for the desk."""

from __future__ import annotations

import json
from pathlib import Path

from storage.db import connect
from storage.search import index
from tests.ui.casedb import SHOP_B, build

UNHEALTHY = "pages: only 0 pages captured (at least 1 expected)"


def build_desk(db_path: Path, *, cases: bool = True) -> dict:
    ids = build(db_path)
    db = connect(db_path)
    db["runs"].update(
        1, {"finished": "2026-03-01T03:00:00Z", "pages": 5, "errors": 0, "health": "[]"}, alter=True
    )
    db["runs"].insert(
        {
            "id": 2,
            "started": "2026-03-07T01:00:00Z",
            "finished": "2026-03-07T01:05:00Z",
            "status": "finished",
            "pages": 0,
            "errors": 1,
            "health": json.dumps([UNHEALTHY]),
        },
        alter=True,
    )
    f = ids["findings"]
    for check_id in ("listing.medical_claim", "listing.absolute_claim"):  # new last night
        db["findings"].update(f[check_id], {"first_run": 2, "last_run": 2})
    db["findings"].update(f["listing.counterfeit_signal"], {"status": "resolved", "last_run": 2})
    ids["findings"]["shop.contact_missing"] = (
        db["findings"]
        .insert(
            {
                "check_id": "shop.contact_missing",
                "severity": "medium",
                "subject_type": "shop",
                "subject_url": SHOP_B,
                "message": "店铺未公示联系电话或电子邮箱",
                "first_seen": "2026-03-01T02:00:00.000Z",
                "last_seen": "2026-03-07T02:00:00.000Z",
                "status": "open",
                "first_run": 1,
                "last_run": 2,
                "reopened": 0,
            }
        )
        .last_pk
    )
    if cases:
        cases_of(db, ids["findings"])
    else:  # a database from before cases
        for drop in (
            "DROP VIEW IF EXISTS findings_by_case",
            "DROP TABLE IF EXISTS case_history",
            "DROP TABLE IF EXISTS case_findings",
            "DROP TABLE IF EXISTS cases",
        ):
            db.execute(drop)
    index(db)
    db.conn.close()
    return ids


CASE_NAMES = ("2026-甲乙-<b>一照多用</b>", "茶香-降血糖", "旧案")


def cases_of(db, findings: dict) -> None:
    """Three cases as `greenroom case` keeps them: two open, one closed, holding findings
    (the tables are storage.db's schema)."""
    for name, status in zip(CASE_NAMES, ("open", "open", "closed"), strict=True):
        db.execute(
            "INSERT INTO cases (name, status, opened_at, opened_by) VALUES (?, ?, ?, ?)",
            [name, status, "2026-03-07T08:00:00Z", "张三"],
        )
    held = {
        CASE_NAMES[0]: ["shop.licence_shared", "shop.contact_missing"],
        CASE_NAMES[1]: ["listing.medical_claim"],
        CASE_NAMES[2]: ["listing.counterfeit_signal"],
    }
    for name, checks in held.items():
        (case_id,) = db.execute("SELECT id FROM cases WHERE name = ?", [name]).fetchone()
        for check_id in checks:
            db.execute(
                "INSERT INTO case_findings (case_id, finding_id, added_at, added_by) "
                "VALUES (?, ?, ?, ?)",
                [case_id, findings[check_id], "2026-03-07T08:10:00Z", "张三"],
            )
    db.conn.commit()
