"""Which findings and captures an evidence bundle holds: the findings asked for (or a shop's),
their evidence, the pages those are about, what is about those, and the hosts' robots.txt."""

from __future__ import annotations

import json
import unicodedata
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from storage.db import chunks
from toolkit.urls import typed_url_keys

if TYPE_CHECKING:
    from collections.abc import Iterable

    import sqlite_utils


class BundleError(ValueError):
    """The export cannot be made from what was asked (unknown finding, shop without findings)."""


def _fold(s: str) -> str:
    return "".join(unicodedata.normalize("NFKC", s or "").split()).casefold()


def _json_list(text: str | None) -> list[str]:
    try:
        value = json.loads(text or "[]")
    except ValueError:
        return [text] if text else []
    if isinstance(value, list):
        return [v if isinstance(v, str) else json.dumps(v, ensure_ascii=False) for v in value]
    return [str(value)]


def shop_subjects(db: sqlite_utils.Database, shop_url: str) -> set[str]:
    """The shop, its listings (`listings.shop_url`) and the rooms whose sellers mention it."""
    variants = set(typed_url_keys(shop_url))
    subjects = set(variants)
    marks = ",".join("?" * len(variants))
    subjects |= {
        r[0]
        for r in db.execute(f"SELECT url FROM listings WHERE shop_url IN ({marks})", list(variants))
    }
    names = set()
    for row in db.execute(
        f"SELECT name, registered_name, operator FROM shops WHERE url IN ({marks})",
        list(variants),
    ):
        names |= {_fold(v) for v in row if v and _fold(v)}
    for url, sellers in db.execute("SELECT url, sellers FROM rooms"):
        for seller in _json_list(sellers):
            if any(v.rstrip("/") in seller for v in variants) or _fold(seller) in names:
                subjects.add(url)
                break
    return subjects


def select_findings(
    db: sqlite_utils.Database, *, finding_ids: Iterable[int] = (), shop_url: str | None = None
) -> list[dict]:
    """The findings to export, with their evidence capture ids, in id order."""
    sql = (
        "SELECT f.*, (SELECT json_group_array(capture_id) FROM finding_evidence e "
        "WHERE e.finding_id = f.id) AS evidence FROM findings f WHERE "
    )
    ids = sorted({int(i) for i in finding_ids})
    if ids:
        rows = []
        for part in chunks(ids):
            rows += db.execute_returning_dicts(sql + f"f.id IN ({','.join('?' * len(part))})", part)
        missing = sorted(set(ids) - {r["id"] for r in rows})
        if missing:
            raise BundleError(f"no such finding: {', '.join(map(str, missing))}")
    elif shop_url:
        subjects = sorted(shop_subjects(db, shop_url))
        rows = []
        for part in chunks(subjects):
            rows += db.execute_returning_dicts(
                sql + f"f.subject_url IN ({','.join('?' * len(part))})", part
            )
        if not rows:
            variants = sorted(set(typed_url_keys(shop_url)))
            known = db.execute(
                f"SELECT 1 FROM shops WHERE url IN ({','.join('?' * len(variants))})", variants
            ).fetchone()
            raise BundleError(
                f"{shop_url}: {'no findings to export' if known else 'no such shop in the database'}"
            )
    else:
        raise BundleError("give --finding ID or --shop URL")
    for r in rows:
        r["evidence"] = sorted(c for c in json.loads(r["evidence"] or "[]") if c is not None)
    return sorted(rows, key=lambda r: r["id"])


def related_captures(db: sqlite_utils.Database, evidence: set[int]) -> dict[int, dict]:
    """Evidence captures, the page each one is `about`, what is `about` those (screenshots,
    rendered DOM, API responses, in turn their screenshots) and the hosts' robots.txt."""
    rows: dict[int, dict] = {}

    def load(ids: Iterable[int]) -> list[dict]:
        got = []
        for part in chunks(sorted(set(ids) - set(rows))):
            got += db.execute_returning_dicts(
                f"SELECT * FROM captures WHERE id IN ({','.join('?' * len(part))})", part
            )
        for r in got:
            rows[r["id"]] = r
        return got

    found = load(evidence)
    load({r["about"] for r in found if r["about"]})
    frontier = list(rows)
    for _ in range(3):  # page -> dom -> screenshot/api -> (their screenshots)
        children = []
        for part in chunks(frontier):
            children += [
                r[0]
                for r in db.execute(
                    f"SELECT id FROM captures WHERE about IN ({','.join('?' * len(part))})", part
                )
            ]
        frontier = [c for c in children if c not in rows]
        if not frontier:
            break
        load(frontier)
    latest = max((r["fetched_at"] for r in rows.values()), default="")
    origins = set()
    for r in rows.values():
        parts = urlsplit(r["url"] or "")
        if parts.scheme in ("http", "https") and parts.netloc:
            origins.add(f"{parts.scheme}://{parts.netloc}")
    robots = []
    for origin in sorted(origins):
        row = db.execute(
            "SELECT id FROM captures WHERE url = ? AND kind = 'response' AND fetched_at <= ? "
            "ORDER BY fetched_at DESC LIMIT 1",
            [origin + "/robots.txt", latest],
        ).fetchone()
        if row:
            robots.append(row[0])
    for r in load(robots):
        r["_robots"] = True
    return dict(sorted(rows.items()))


def closure(ids: Iterable[int], rows: dict[int, dict]) -> list[int]:
    """`ids`, their `about` pages and everything about those, among `rows`."""
    children: dict[int, list[int]] = {}
    for r in rows.values():
        if r["about"]:
            children.setdefault(r["about"], []).append(r["id"])
    seen = {i for i in ids if i in rows}
    seen |= {rows[i]["about"] for i in list(seen) if rows[i]["about"] in rows}
    todo = list(seen)
    while todo:
        for c in children.get(todo.pop(), []):
            if c not in seen:
                seen.add(c)
                todo.append(c)
    return sorted(seen)
