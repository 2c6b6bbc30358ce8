"""Stored page facts → assembled shops, listings, rooms → checks → findings. No fetching.

Used after every crawl and by `greenroom check`. Facts extracted by an older version of
crawler.extract are re-extracted from the stored WARC captures first.
"""

from __future__ import annotations

import gc
import hashlib
import json
import sys
from functools import cache
from pathlib import Path

import orjson
from sqlite_utils.db import NotFoundError

from checks import runner
from checks.base import Reference
from crawler.extract.assemble import assemble
from crawler.extract.pages import extract
from crawler.items import Page
from crawler.parallel import workers_for
from crawler.pipelines import compact
from storage import findings as findings_store
from storage import search
from storage.db import transaction, upsert_rows
from storage.warc import read_capture


@cache
def extractor_version() -> str:
    """A hash of the extraction code and vocabularies: facts from another version are stale."""
    root = Path(__file__).parent / "extract"
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".txt", ".csv", ".json"):
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _decode(raw: str) -> dict:
    """Stored facts as a dict: orjson (fast), or json for what only json accepts (NaN)."""
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:
        return json.loads(raw)


def latest_facts(db, db_path, *, reextract: bool = False):
    """The facts of each canonical URL's newest run (all samples of a room), re-extracted
    from the captures when stale. Yields dicts; also returns nothing else."""
    version = extractor_version()
    sql = """SELECT p.capture_id, p.facts, p.run_id FROM pages p
             JOIN (SELECT canonical, MAX(COALESCE(run_id, 0)) AS r FROM pages GROUP BY canonical) n
             ON n.canonical = p.canonical AND COALESCE(p.run_id, 0) = n.r ORDER BY p.capture_id"""
    stale, unreadable = [], 0
    for capture_id, raw, run_id in db.conn.cursor().execute(sql):  # streamed, not held
        facts = _decode(raw)
        if reextract or facts.get("extractor") != version:
            fresh = reextract_page(db, db_path, capture_id, facts)
            if fresh is None:
                unreadable += 1
            else:
                facts = fresh
                stale.append((capture_id, facts))
        facts["run_id"] = run_id
        yield facts
    if unreadable:
        print(
            f"[greenroom] {unreadable} pages could not be re-read from their captures; "
            "their stored facts were used",
            file=sys.stderr,
        )
    if stale:
        with transaction(db) as conn:
            conn.executemany(
                "UPDATE pages SET facts = ?, role = ? WHERE capture_id = ?",
                [
                    (json.dumps(compact(f), ensure_ascii=False), f.get("role"), cid)
                    for cid, f in stale
                ],
            )


def reextract_page(db, db_path, capture_id: int, old: dict) -> dict | None:
    """Extract a page again from its stored capture (the WARC record as received)."""
    if old.get("role") == "licence_image":  # fields again from its stored OCR text, no OCR
        from crawler.licence_images import refresh

        return {**refresh(old), "extractor": extractor_version()}
    try:
        row = db["captures"].get(capture_id)
        headers, body = read_capture(db_path, row)
    except (NotFoundError, OSError, ValueError):
        return None  # the capture is gone or unreadable: keep the facts stored with it
    page = Page(
        url=old.get("url") or row["url"],
        body=body,
        headers=headers,
        status=row["http_status"] or 200,
        capture_id=capture_id,
        fetched_at=row["fetched_at"],
        rendered=row["kind"] == "dom",
        sample=old.get("sample"),
        redirect_urls=old.get("redirect_urls", []),
    )
    facts = extract(page)
    for key in ("capture_id", "redirect_urls", "sample", "fetched_at", "api_responses"):
        if key in old:  # as recorded when the page was taken
            facts[key] = old[key]
    facts["extractor"] = extractor_version()
    return facts


def analyse(db, db_path, ref: Reference, run_id: int | None, *, reextract: bool = False) -> dict:
    """Run every check over the stored facts; store findings; return lifecycle counts."""
    paused = gc.isenabled()
    gc.disable()  # millions of acyclic subjects: each full collection would walk them all
    try:
        return _analyse(db, db_path, ref, run_id, reextract=reextract)
    finally:
        if paused:
            gc.enable()


def _analyse(db, db_path, ref: Reference, run_id: int | None, *, reextract: bool) -> dict:
    seen: list[dict] = []  # what later steps need of each page, not the whole facts

    def tap(stream):
        for f in stream:
            seen.append(
                {
                    "capture_id": f.get("capture_id"),
                    "run_id": f.get("run_id"),
                    "canonical": f.get("canonical") or f.get("url"),
                }
            )
            yield f

    assembly = assemble(tap(latest_facts(db, db_path, reextract=reextract)))
    from storage import history  # price history: record this night, read the 7 before

    history.attach(db, assembly.listings, seen, run_id)
    # With GREENROOM_CHECK_WORKERS > 1 the checks run in forked workers, which split the
    # search texts first, while this process stores the subjects and indexes them:
    # neither depends on the other's results. In one process, each is done once, in turn.
    rows = subject_rows(assembly, run_id)
    workers = workers_for(sum(map(len, (assembly.shops, assembly.listings, assembly.rooms))))
    also = [search.texts_job(rows)] if workers > 1 else []
    running = runner.start(
        assembly.shops, assembly.listings, assembly.rooms, ref, workers=workers, also=also
    )
    if workers > 1:
        print(f"[greenroom] checking in {workers} worker processes", file=sys.stderr)
    store_subjects(db, rows)
    del rows
    texts = running.also(0) if also else None
    stored = search.index(db, tables=("shops", "listings", "rooms"), derived=False, texts=texts)
    del texts
    results, errors = running.result()
    del running
    outcomes = [
        findings_store.Outcome(
            check_id=module.ID,
            severity=module.SEVERITY,
            subject_type=module.SUBJECT,
            subject_url=f.subject_url,
            message=f.message,
            snippet=f.snippet,
            captures=f.captures,
        )
        for module, f in results
    ]
    del results
    # Subjects checked this time: those whose pages came from this run (all, for a re-check).
    this_run = {f["canonical"] for f in seen if run_id is None or f["run_id"] == run_id}
    seen.clear()
    subjects = [s.url for s in (*assembly.shops, *assembly.listings, *assembly.rooms)]
    checked = {u for u in subjects if u in this_run} if run_id is not None else set(subjects)
    counts = findings_store.apply(db, outcomes, run_id, checked)
    # Chinese full-text search over the findings just stored; the canned queries' tables
    search.index(db, derived=True if any(stored.values()) else None)
    counts["errors"] = errors
    counts["subjects"] = {
        "shops": len(assembly.shops),
        "listings": len(assembly.listings),
        "rooms": len(assembly.rooms),
    }
    return counts


def subject_rows(assembly, run_id) -> dict[str, list[dict]]:
    """The assembled shops, listings and rooms as rows of their tables, for queries and
    the UI."""

    def first(ds):
        return ds[0].value if ds else None

    def values(ds):
        return json.dumps(sorted({d.value for d in ds}), ensure_ascii=False)

    return {
        "shops": [
            {
                "url": s.url,
                "name": s.name,
                "registered_name": first(s.registered_names),
                "uscc": first(s.usccs),
                "operator": first(s.operators),
                "phones": values(s.phones),
                "emails": values(s.emails),
                "addresses": values(s.addresses),
                "permits": values(s.permits),
                "listings": len(s.listings),
                "last_run": run_id,
            }
            for s in assembly.shops
        ],
        "listings": [
            {
                "url": x.url,
                "shop_url": x.shop_url,
                "title": x.title,
                "category": x.category or " > ".join(x.breadcrumb),
                "price": x.offered_price,
                "description": x.description,
                "claims": json.dumps(x.claims, ensure_ascii=False),
                "last_run": run_id,
            }
            for x in assembly.listings
        ],
        "rooms": [
            {
                "url": r.url,
                "title": r.title,
                "host_name": r.host_name,
                "host_verified": r.host_verified,
                "sellers": values(r.sellers),
                "badge": r.badge.value if r.badge else None,
                "samples": len(r.samples),
                "last_run": run_id,
            }
            for r in assembly.rooms
        ],
    }


def store_subjects(db, rows: dict[str, list[dict]]) -> None:
    """Write `subject_rows()` to the shops, listings and rooms tables."""
    with transaction(db) as conn:
        for table, of_table in rows.items():
            upsert_rows(conn, table, of_table)
