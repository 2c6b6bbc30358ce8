"""The bundle's `report.html`: each finding with its rule, the context of its snippet in the
captured page, its subject's name and its captures; captured text masked when asked."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from storage import report as reportmod
from storage.evidence.format import CAPTURE_FIELDS, WARC_PATH
from storage.evidence.select import closure

if TYPE_CHECKING:
    import sqlite_utils

    from storage.store import Store

CONTEXT_TEXT_LIMIT = 2_000_000  # characters of a page's text searched for a snippet


def page_text(store: Store, row: dict) -> str:
    """The visible text of a captured page: from its page facts, else decoded from the WARC."""
    facts = store.db.execute("SELECT facts FROM pages WHERE capture_id = ?", [row["id"]]).fetchone()
    if facts and facts[0]:
        try:
            text = json.loads(facts[0]).get("text")
            if text:
                return text[:CONTEXT_TEXT_LIMIT]
        except (ValueError, AttributeError):
            pass
    if not (row["content_type"] or "").startswith(("text/", "application/json")):
        return ""
    try:
        headers, body = store.read_capture(row)
    except (OSError, ValueError):  # gone, or inflating past the cap (storage.inflate)
        return ""
    try:
        from toolkit.charset import decode

        text, _ = decode(body[: CONTEXT_TEXT_LIMIT * 2], headers)
    except Exception:  # noqa: BLE001 - fall back to a lenient decode
        text = body[: CONTEXT_TEXT_LIMIT * 2].decode("utf-8", "replace")
    if "html" in (row["content_type"] or ""):
        import lxml.html

        try:
            root = lxml.html.fromstring(text)
            for bad in root.xpath("//script|//style"):
                bad.drop_tree()
            text = " ".join(root.text_content().split())
        except (ValueError, lxml.etree.ParserError):
            pass
    return text[:CONTEXT_TEXT_LIMIT]


def report_data(store: Store, findings, rows, *, mask, meta, rules=None) -> dict:
    """The dict `report.html` is rendered from; captured text masked when asked. `rules`:
    check id → its catalogue entry (`checks.registry.catalogue`, given by the caller)."""
    m = reportmod.mask if mask else (lambda s: s or "")
    rules = rules or {}
    out = []
    for f in findings:
        ids = closure(f["evidence"], rows)
        context = None
        for cid in f["evidence"]:
            if cid in rows and f.get("snippet"):
                found = reportmod.in_context(page_text(store, rows[cid]), f["snippet"])
                if found:
                    masked = m("".join(found))  # mask keeps the length: split where it was
                    a, b = len(found[0]), len(found[0]) + len(found[1])
                    context = (masked[:a], masked[a:b], masked[b:])
                    break
        rule = rules.get(f["check_id"], {})
        name = subject_name(store.db, f["subject_type"], f["subject_url"])
        out.append(
            {
                **{
                    k: f[k]
                    for k in (
                        "id",
                        "check_id",
                        "severity",
                        "subject_type",
                        "status",
                        "first_seen",
                        "last_seen",
                    )
                },
                "subject_name": m(name),
                "subject_url": m(f["subject_url"]),
                "message": m(f["message"]),
                "snippet": m(f.get("snippet")),
                "context": context,
                "rule": rule.get("rule") or rule.get("summary") or "（规则说明不可用）",
                "why": rule.get("why") or "",
                "basis": rule.get("basis") or "（未登记）",
                "captures": [
                    _capture_view(rows[i], m) for i in ids if rows[i]["kind"] != "screenshot"
                ],
                "screenshots": [
                    _capture_view(rows[i], m)
                    for i in ids
                    if rows[i]["kind"] == "screenshot" and rows[i].get("screenshot")
                ],
            }
        )
    return {**meta, "selection": m(meta["selection"]), "findings": out, "masked": mask}


def subject_name(db: sqlite_utils.Database, subject_type: str, url: str) -> str:
    """The shop's name, the listing's or the room's title, as extracted (untrusted text)."""
    tables = {
        "shop": ("shops", "name"),
        "listing": ("listings", "title"),
        "room": ("rooms", "title"),
    }
    table, column = tables.get(subject_type, (None, None))
    if not table:
        return ""
    row = db.execute(f"SELECT {column} FROM {table} WHERE url = ?", [url]).fetchone()
    return (row[0] or "") if row else ""


def _capture_view(row: dict, m) -> dict:
    view = {k: row[k] for k in CAPTURE_FIELDS}
    view["url"] = m(row["url"])
    view["warc"] = {
        "path": WARC_PATH,
        "offset": row["bundle_offset"],
        "length": row["bundle_length"],
    }
    view["path"] = row.get("screenshot")
    return view
