"""Cases: an investigator's file of findings, with its append-only, hash-chained history.

A case has a name, a status (open, referred, closed) and findings. Every change is one
`case_history` row (who, when, what), linked to the row before by a chain hash the way
captures are (`storage.warc.chain_hash`), and anchored to the capture chain's head at that
moment. `check_history` re-walks the chain for `greenroom verify --db`. A finding is never
taken out of a case: one resolved on a later night stays there, marked resolved.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from storage.db import transaction
from storage.warc import GENESIS, utcnow

if TYPE_CHECKING:
    from collections.abc import Iterable

    import sqlite_utils

STATUSES = ("open", "referred", "closed")
STATUS_ZH = {"open": "办理中", "referred": "已移送", "closed": "已结案"}
MAX_NAME = 200
MAX_NOTE = 20_000


class CaseError(ValueError):
    """A case command that cannot be done as asked: one line naming the case."""


def chain_hash(prev: str, row: dict) -> str:
    """The link of one history entry: its identity, content, the capture chain head it saw
    and the link before, as one JSON array (free text such as a note cannot fake a field)."""
    parts = [
        prev,
        row["id"],
        row["case_id"],
        row["at"],
        row["actor"],
        row["action"],
        row["detail"],
        row["capture_head"],
        row["capture_hash"],
    ]
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode()).hexdigest()


def _detail(value: dict) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _append(conn, case_id: int, actor: str, action: str, detail: dict) -> dict:
    """Write one history entry, linked to the last one, inside the caller's transaction."""
    actor = (actor or "").strip()
    if not actor or len(actor) > MAX_NAME or not actor.isprintable():
        raise CaseError(f"who does it (--by) {actor[:40]!r}: 1 to {MAX_NAME} printable characters")
    last = conn.execute("SELECT id, chain_hash FROM case_history ORDER BY id DESC LIMIT 1")
    last = last.fetchone()
    head = conn.execute("SELECT id, chain_hash FROM captures ORDER BY id DESC LIMIT 1")
    head = head.fetchone()
    row = {
        "id": (last[0] + 1) if last else 1,
        "case_id": case_id,
        "at": utcnow(),
        "actor": actor,
        "action": action,
        "detail": _detail(detail),
        "capture_head": head[0] if head else None,
        "capture_hash": head[1] if head else GENESIS,
        "prev_hash": last[1] if last else GENESIS,
    }
    row["chain_hash"] = chain_hash(row["prev_hash"], row)
    conn.execute(
        f"INSERT INTO case_history ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
        list(row.values()),
    )
    return row


def _clean_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise CaseError("a case needs a name")
    if len(name) > MAX_NAME or not name.isprintable():
        raise CaseError(f"case name {name[:40]!r}: at most {MAX_NAME} printable characters")
    return name


def get(db: sqlite_utils.Database, name: str) -> dict:
    """The case row by name; CaseError when there is none."""
    rows = db.execute_returning_dicts("SELECT * FROM cases WHERE name = ?", [name])
    if not rows:
        raise CaseError(f"no such case: {name}")
    return rows[0]


def new(db: sqlite_utils.Database, name: str, *, actor: str, note: str | None = None) -> dict:
    """Open a case (and write its first note)."""
    name = _clean_name(name)
    with transaction(db) as conn:
        if conn.execute("SELECT 1 FROM cases WHERE name = ?", [name]).fetchone():
            raise CaseError(f"case {name} already exists")
        at = utcnow()
        cur = conn.execute(
            "INSERT INTO cases (name, status, opened_at, opened_by) VALUES (?, 'open', ?, ?)",
            [name, at, actor],
        )
        case_id = cur.lastrowid
        _append(conn, case_id, actor, "opened", {"name": name})
        if note:
            _append(conn, case_id, actor, "note", {"text": _clean_note(note)})
    return get(db, name)


def _clean_note(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise CaseError("the note is empty")
    if len(text) > MAX_NOTE:
        raise CaseError(f"the note is {len(text)} characters; at most {MAX_NOTE}")
    return text


def add(
    db: sqlite_utils.Database,
    name: str,
    *,
    actor: str,
    finding_ids: Iterable[int] = (),
    shop_url: str | None = None,
) -> list[int]:
    """Put findings (by id, or every finding of a shop) in a case; returns the ids added
    (those already in it are left as they are)."""
    from storage.bundle import BundleError, select_findings

    case = get(db, name)
    if case["status"] == "closed":
        raise CaseError(f"case {name} is closed; reopen it first (case status {name} open)")
    try:
        rows = select_findings(db, finding_ids=finding_ids, shop_url=shop_url)
    except BundleError as exc:
        raise CaseError(str(exc)) from None
    with transaction(db) as conn:
        have = {
            r[0]
            for r in conn.execute(
                "SELECT finding_id FROM case_findings WHERE case_id = ?", [case["id"]]
            )
        }
        ids = [r["id"] for r in rows if r["id"] not in have]
        if ids:
            at = utcnow()
            conn.executemany(
                "INSERT INTO case_findings (case_id, finding_id, added_at, added_by) "
                "VALUES (?, ?, ?, ?)",
                [(case["id"], i, at, actor) for i in ids],
            )
            detail = {"findings": ids, **({"shop": shop_url} if shop_url else {})}
            _append(conn, case["id"], actor, "added", detail)
    return ids


def note(db: sqlite_utils.Database, name: str, text: str, *, actor: str) -> dict:
    """Add a note to a case's history."""
    case = get(db, name)
    with transaction(db) as conn:
        return _append(conn, case["id"], actor, "note", {"text": _clean_note(text)})


def set_status(db: sqlite_utils.Database, name: str, status: str, *, actor: str) -> dict:
    """Move a case to open, referred or closed."""
    if status not in STATUSES:
        raise CaseError(f"status {status!r}: give one of {', '.join(STATUSES)}")
    case = get(db, name)
    if case["status"] == status:
        raise CaseError(f"case {name} is already {status}")
    with transaction(db) as conn:
        conn.execute("UPDATE cases SET status = ? WHERE id = ?", [status, case["id"]])
        return _append(conn, case["id"], actor, "status", {"from": case["status"], "to": status})


def exported(db: sqlite_utils.Database, name: str, *, actor: str, detail: dict) -> dict:
    """Record in the case's history that its bundle was exported (file, SHA-256)."""
    case = get(db, name)
    with transaction(db) as conn:
        return _append(conn, case["id"], actor, "exported", detail)


def listing(db: sqlite_utils.Database) -> list[dict]:
    """Every case with its counts of findings, open findings and history entries."""
    return db.execute_returning_dicts(
        "SELECT c.name, c.status, c.opened_at, c.opened_by, "
        "(SELECT count(*) FROM case_findings m WHERE m.case_id = c.id) AS findings, "
        "(SELECT count(*) FROM case_findings m JOIN findings f ON f.id = m.finding_id "
        " WHERE m.case_id = c.id AND f.status = 'open') AS open, "
        "(SELECT max(at) FROM case_history h WHERE h.case_id = c.id) AS last_change "
        "FROM cases c ORDER BY c.id"
    )


def findings_of(db: sqlite_utils.Database, case_id: int) -> list[dict]:
    """A case's findings with their state now; a resolved one names the night (the run)
    that resolved it."""
    rows = db.execute_returning_dicts(
        "SELECT f.id, f.check_id, f.severity, f.subject_type, f.subject_url, f.status, "
        "f.first_seen, f.last_seen, f.resolved_at, f.message, m.added_at, m.added_by, "
        "CASE WHEN f.status = 'resolved' THEN f.last_run END AS resolved_run, "
        "CASE WHEN f.status = 'resolved' THEN substr(coalesce(r.started, f.resolved_at), 1, 10) "
        "END AS resolved_night "
        "FROM case_findings m JOIN findings f ON f.id = m.finding_id "
        "LEFT JOIN runs r ON r.id = f.last_run "
        "WHERE m.case_id = ? ORDER BY f.id",
        [case_id],
    )
    return rows


def history(db: sqlite_utils.Database, case_id: int) -> list[dict]:
    """A case's history, oldest first, each entry with a readable line (`text`)."""
    rows = db.execute_returning_dicts(
        "SELECT id, at, actor, action, detail, chain_hash FROM case_history "
        "WHERE case_id = ? ORDER BY id",
        [case_id],
    )
    for r in rows:
        try:
            r["detail"] = json.loads(r["detail"] or "{}")
        except ValueError:
            r["detail"] = {}
        r["text"] = describe(r["action"], r["detail"])
    return rows


def describe(action: str, detail: dict) -> str:
    """One history entry in the investigator's words."""
    if action == "opened":
        return f"立案：{detail.get('name', '')}"
    if action == "added":
        ids = ", ".join(f"#{i}" for i in detail.get("findings") or [])
        shop = f"（店铺 {detail['shop']}）" if detail.get("shop") else ""
        return f"加入发现 {ids}{shop}"
    if action == "note":
        return f"备注：{detail.get('text', '')}"
    if action == "status":
        before, after = detail.get("from", ""), detail.get("to", "")
        return f"状态：{STATUS_ZH.get(before, before)} → {STATUS_ZH.get(after, after)}"
    if action == "exported":
        return f"导出证据包 {detail.get('file', '')}（SHA-256 {detail.get('sha256', '')}）"
    return f"{action}：{_detail(detail)}"


def show(db: sqlite_utils.Database, name: str) -> dict:
    """A case: its row, its findings (with their state now) and its history."""
    case = get(db, name)
    return {
        "case": case,
        "findings": findings_of(db, case["id"]),
        "history": history(db, case["id"]),
    }


HOLDING_SQL = (
    "SELECT c.id, c.name, c.status, m.added_at, m.added_by FROM case_findings m "
    "JOIN cases c ON c.id = m.case_id WHERE m.finding_id = :finding ORDER BY c.id"
)


def holding(db: sqlite_utils.Database, finding_id: int) -> list[dict]:
    """The cases that hold a finding (the UI's finding page runs the same HOLDING_SQL)."""
    return db.execute_returning_dicts(HOLDING_SQL, {"finding": finding_id})


# verification -------------------------------------------------------------------------------
def check_history(conn: sqlite3.Connection, limit: int = 20) -> tuple[int, list[str]]:
    """Walk `case_history` in id order: each link to the one before, each row against its
    chain hash, its capture anchor against the captures table; then each case's findings
    and status against what its history says. Returns (entries, problems)."""
    try:
        cur = conn.execute(
            "SELECT id, case_id, at, actor, action, detail, capture_head, capture_hash, "
            "prev_hash, chain_hash FROM case_history ORDER BY id"
        )
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc):
            return 0, []  # a database from before cases
        raise
    keys = [d[0] for d in cur.description]
    rows = cur.fetchall()
    problems: list[str] = []
    prev, prev_id = GENESIS, None
    members: dict[int, set[int]] = {}
    status: dict[int, str] = {}
    for values in rows:
        row = dict(zip(keys, values, strict=True))
        where = f"case history entry {row['id']} (case {row['case_id']}, {row['action']})"
        if row["prev_hash"] != prev:
            before = f"entry {prev_id}" if prev_id else "the start of the chain"
            problems.append(
                f"{where}: prev_hash does not link to {before} "
                "(an entry was removed, inserted or reordered)"
            )
        else:
            try:
                link = chain_hash(prev, row)
            except TypeError:
                link = None
            if link != row["chain_hash"]:
                problems.append(f"{where}: its row was changed (chain_hash no longer matches)")
        anchor = problem_with_anchor(conn, row)
        if anchor:
            problems.append(f"{where}: {anchor}")
        prev, prev_id = row["chain_hash"], row["id"]
        try:
            detail = json.loads(row["detail"] or "{}")
        except ValueError:
            detail = {}
        if row["action"] == "opened":
            members.setdefault(row["case_id"], set())
            status[row["case_id"]] = "open"
        elif row["action"] == "added":
            members.setdefault(row["case_id"], set()).update(detail.get("findings") or [])
        elif row["action"] == "status":
            status[row["case_id"]] = detail.get("to")
    problems += _check_cases(conn, members, status)
    return len(rows), problems[:limit]


def problem_with_anchor(conn: sqlite3.Connection, row: dict) -> str | None:
    """Why an entry's capture anchor is not in the capture chain, or None."""
    if row["capture_head"] is None:
        return None if row["capture_hash"] == GENESIS else "its capture anchor is not a capture"
    found = conn.execute(
        "SELECT chain_hash FROM captures WHERE id = ?", [row["capture_head"]]
    ).fetchone()
    if not found or found[0] != row["capture_hash"]:
        return f"capture {row['capture_head']}, its anchor, no longer has that chain hash"
    return None


def _check_cases(conn, members: dict[int, set[int]], status: dict[int, str]) -> list[str]:
    problems = []
    stored: dict[int, set[int]] = {}
    for case_id, finding_id in conn.execute("SELECT case_id, finding_id FROM case_findings"):
        stored.setdefault(case_id, set()).add(finding_id)
    for case_id, name, now in conn.execute("SELECT id, name, status FROM cases ORDER BY id"):
        if case_id not in status:
            problems.append(f"case {name}: it has no history (added outside greenroom)")
            continue
        have, said = stored.get(case_id, set()), members.get(case_id, set())
        if have != said:
            extra, gone = sorted(have - said), sorted(said - have)
            problems.append(
                f"case {name}: its findings disagree with its history"
                + (f" (not in the history: {extra})" if extra else "")
                + (f" (missing: {gone})" if gone else "")
            )
        if now != status[case_id]:
            problems.append(
                f"case {name}: status {now!r} disagrees with its history ({status[case_id]!r})"
            )
    return problems


# export -------------------------------------------------------------------------------------
def export(
    db_path: str | Path,
    name: str,
    out: str | Path,
    *,
    actor: str,
    sign_key=None,
    mask: bool = True,
    tsa_url: str | None = None,
    rules: dict[str, dict] | None = None,
):
    """One evidence bundle of every finding of a case (`storage.bundle.export`), its notes
    and history in report.html and case.json; the export is then written to the case's
    history and to the `exports` log. `rules`: as `storage.bundle.export` takes them."""
    from storage import bundle, exports
    from storage.db import connect

    db = connect(db_path, create=False)
    try:
        shown = show(db, name)
    finally:
        db.conn.close()
    ids = [f["id"] for f in shown["findings"]]
    if not ids:
        raise CaseError(f"case {name} holds no findings yet (case add {name} --finding ID)")
    result = bundle.export(
        db_path,
        out,
        finding_ids=ids,
        sign_key=sign_key,
        mask=mask,
        case=name,
        exporter=actor,
        tsa_url=tsa_url,
        rules=rules,
        case_file=case_file(shown, mask=mask),
    )
    detail = {"file": result.path.name, "sha256": result.sha256, "findings": result.findings}
    db = connect(db_path)
    try:
        exported(db, name, actor=actor, detail=detail)
    finally:
        db.conn.close()
    exports.record(
        db_path,
        actor=actor,
        what=f"case {name}",
        via="greenroom case export",
        sha256=result.sha256,
        size=result.size,
    )
    return result


def case_file(shown: dict, *, mask: bool = True) -> dict:
    """What a bundle carries of its case: status, findings' state, notes and history (mobile
    and ID numbers in notes masked, as the report masks captured text)."""
    from storage.report import mask as hide

    m = hide if mask else (lambda s: s)
    c = shown["case"]
    keep = ("id", "check_id", "status", "resolved_run", "resolved_night", "added_at", "added_by")
    return {
        "name": c["name"],
        "status": c["status"],
        "status_zh": STATUS_ZH.get(c["status"], c["status"]),
        "opened_at": c["opened_at"],
        "opened_by": c["opened_by"],
        "findings": [{k: f[k] for k in keep} for f in shown["findings"]],
        "history": [
            {
                **{k: h[k] for k in ("id", "at", "actor", "action", "chain_hash")},
                "text": m(h["text"]),
            }
            for h in shown["history"]
        ],
    }
