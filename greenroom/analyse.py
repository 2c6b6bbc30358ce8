"""Stored page facts → assembled shops, listings, rooms → checks → findings. No fetching.

Used after every crawl and by `greenroom check`. Facts extracted by an older version of
crawler.extract are re-extracted from the stored WARC captures first.
"""

from __future__ import annotations

import gc
import json
import sys
import time

import orjson
from sqlite_utils.db import NotFoundError

from checks import runner
from checks.base import Reference
from crawler.extract.assemble import assemble
from crawler.extract.pages import extract
from crawler.extraction import extractor_version
from crawler.items import Page
from crawler.pipelines import compact
from crawler.settings import env_setting
from storage import findings as findings_store
from storage import pages as pages_store
from storage import runs as runs_store
from storage import search
from storage import subjects as subjects_store
from storage.store import Store
from toolkit.parallel import Share, workers_for
from toolkit.progress import display


def _decode(raw: bytes | str) -> dict:
    """Stored facts as a dict: orjson (fast), or json for what only json accepts (NaN)."""
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:
        return json.loads(raw)


def latest_facts(store: Store, *, reextract: bool = False, fresh: set[int] | None = None):
    """The facts of each canonical URL's newest run (all samples of a room), re-extracted
    from the captures when stale. Yields dicts; adds the capture ids re-extracted to
    `fresh`."""
    version = extractor_version()
    db = store.db
    stale, unreadable = [], 0
    for capture_id, raw, run_id in pages_store.latest(db):  # streamed, not held
        facts = _decode(raw)
        if reextract or facts.get("extractor") != version:
            fresh_facts = reextract_page(store, capture_id, facts)
            if fresh_facts is None:
                unreadable += 1
            else:
                facts = fresh_facts
                stale.append((capture_id, facts))
                if fresh is not None:
                    fresh.add(capture_id)
        facts["run_id"] = run_id
        yield facts
    if unreadable:
        print(
            f"[greenroom] {unreadable} pages could not be re-read from their captures; "
            "their stored facts were used",
            file=sys.stderr,
        )
    if stale:
        pages_store.update_facts(
            db,
            [(json.dumps(compact(f), ensure_ascii=False), f.get("role"), cid) for cid, f in stale],
        )


def reextract_page(store: Store, capture_id: int, old: dict) -> dict | None:
    """Extract a page again from its stored capture (the WARC record as received)."""
    if old.get("role") == "licence_image":  # fields again from its stored OCR text, no OCR
        from crawler.licence_images import refresh

        return {**refresh(old), "extractor": extractor_version()}
    try:
        row = store.db["captures"].get(capture_id)
        headers, body = store.read_capture(row)
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
    if old.get("api_sample"):  # a room sample read from its API: the sample's api captures
        page.api_sample, page.body = True, b""
        page.api_responses = _api_answers(store, row, body)
        if page.api_responses is None:
            return None
    facts = extract(page)
    for key in ("capture_id", "redirect_urls", "sample", "fetched_at", "api_responses"):
        if key in old:  # as recorded when the page was taken
            facts[key] = old[key]
    facts["extractor"] = extractor_version()
    return facts


def _api_answers(store: Store, first: dict, body: bytes) -> list[dict] | None:
    """The replayed answers of an API sample: its own capture, then those `about` it."""
    from crawler.room_api import answer_view
    from storage.warc import api_answers_of

    rows = [(first, body)]
    try:
        for row in api_answers_of(store.db.conn, first["id"]):
            rows.append((row, store.read_capture(row)[1]))
    except (OSError, ValueError):
        return None
    return [answer_view(row, data) for row, data in rows]


def analyse(
    store: Store,
    ref: Reference,
    run_id: int | None,
    *,
    reextract: bool = False,
    workers: int | None = None,
    finish_reason: str | None = None,
    watch=None,
) -> dict:
    """Run every check over the stored facts; store findings; return lifecycle counts.

    `workers` > 1 (else GREENROOM_CHECK_WORKERS) shares the checks of a large database with
    forked twins (`toolkit.parallel.Share`), each assembling the subjects itself. `watch`
    makes the live displays of reading and checking (default `toolkit.progress.display`:
    shown on a terminal only)."""
    paused = gc.isenabled()
    gc.disable()  # millions of acyclic subjects: each full collection would walk them all
    try:
        return _analyse(
            store,
            ref,
            run_id,
            reextract=reextract,
            workers=workers,
            finish=finish_reason,
            watch=watch or display,
        )
    finally:
        if paused:
            gc.enable()


class _Progress:
    """One stderr line per step of a large analysis (GREENROOM_PROGRESS_MIN pages on, default
    50,000): what was done, how long it took, and the process's CPU time so far."""

    def __init__(self) -> None:
        self.started = self.last = time.monotonic()
        self.on = False

    def __call__(self, what: str) -> None:
        now = time.monotonic()
        if self.on:
            print(
                f"[greenroom] {what} ({now - self.last:.1f} s; {now - self.started:.0f} s in all, "
                f"{time.process_time():.0f} s CPU)",
                file=sys.stderr,
                flush=True,
            )
        self.last = now


class Stale(Exception):
    """Stored facts are stale and this process may not write their fresh ones back."""


def read_whole(facts: dict) -> bool:
    """Whether a page was fetched and read: not an error answer, not a failed extraction."""
    return not facts.get("error") and (facts.get("status") or 200) < 400


class Seen:
    """What later steps need of the pages read: the run of each capture, the canonical
    URLs of the pages of run `run_id` that were read whole (of every page, for a re-check:
    `run_id` None), and the captures whose facts were re-extracted this time."""

    def __init__(self) -> None:
        self.pages = 0
        self.run_of: dict[int, int | None] = {}
        self.this_run: set[str] = set()
        self.fresh: set[int] = set()


def assembled(store: Store, run_id, *, reextract: bool = False, writable: bool = True, shown=None):
    """The assembly of the latest stored facts, and what was `Seen` of the pages read. A
    process that may not write (a twin) raises `Stale` at the first stale page; `shown` (a
    live display) hears of the pages read."""
    seen = Seen()
    version = extractor_version()

    def tap(stream):
        run_of, this_run = seen.run_of, seen.this_run
        for f in stream:
            if not writable and f.get("extractor") != version:
                raise Stale(f.get("url"))
            seen.pages += 1
            if shown is not None and seen.pages % 500 == 0:
                shown.update(seen.pages)
            if f.get("capture_id") is not None:
                run_of[f["capture_id"]] = f.get("run_id")
            if (run_id is None or f.get("run_id") == run_id) and read_whole(f):
                this_run.add(f.get("canonical") or f.get("url"))
            yield f

    if writable:
        stream = latest_facts(store, reextract=reextract, fresh=seen.fresh)
    else:
        stream = _decoded(store.db)
    return assemble(tap(stream)), seen


def _decoded(db):
    """The latest stored facts as stored (no re-extraction), for a process that only reads."""
    for _capture_id, raw, run_id in pages_store.latest(db):
        facts = _decode(raw)
        facts["run_id"] = run_id
        yield facts


def _twin(path, ref: Reference, run_id: int | None, share) -> dict:
    """In a forked twin: assemble the same subjects on a connection of its own, read (not
    record) their price history, and check the chunks it claims."""
    from storage import history

    store = Store.existing(path)  # a connection of its own
    assembly, seen = assembled(store, run_id, writable=False)
    history.attach(store.db, assembly.listings, seen.run_of, run_id, read_only=True)
    return runner.claim(assembly.shops, assembly.listings, assembly.rooms, ref, share)


class _Tally:
    """Subjects checked and findings so far, on a live display (`runner.run`'s `tick`)."""

    def __init__(self, shown) -> None:
        self.shown, self.subjects, self.findings = shown, 0, 0

    def __call__(self, subjects: int, findings: int) -> None:
        self.subjects += subjects
        self.findings += findings
        self.shown.update(self.subjects, 发现=self.findings)


def _analyse(
    store: Store, ref: Reference, run_id, *, reextract: bool, workers, finish=None, watch=display
) -> dict:
    db, step = store.db, _Progress()
    pages = pages_store.count(db)
    step.on = pages >= env_setting("GREENROOM_PROGRESS_MIN")
    if reextract:
        workers = 1
    else:
        wanted = env_setting("GREENROOM_CHECK_WORKERS") if workers is None else workers
        workers = workers_for(pages, wanted, env_setting("GREENROOM_PARALLEL_MIN"))
    share = None
    if workers > 1:  # twins, forked before this process holds anything large
        share = Share(workers)
        share.fork(lambda: _twin(store.path, ref, run_id, share))
        print(f"[greenroom] checking in {workers} worker processes", file=sys.stderr)
    with watch("读取页面", total=pages, unit="页") as shown:
        assembly, seen = assembled(store, run_id, reextract=reextract, shown=shown)
        shown.update(seen.pages, total=seen.pages)  # the newest page of each URL, as read
    from storage import history  # price history: record this night, read the 7 before

    step(
        f"assembled {seen.pages:,} pages: {len(assembly.shops):,} shops, "
        f"{len(assembly.listings):,} listings, {len(assembly.rooms):,} rooms"
    )
    history.attach(db, assembly.listings, seen.run_of, run_id, fresh=seen.fresh)
    rows = subject_rows(assembly, run_id)
    step("price history read, subject rows made")
    store_subjects(db, rows)
    del rows
    step("subjects stored")
    stored = search.index(db, tables=("shops", "listings", "rooms"), derived=False)
    step(f"search index: {sum(stored.values()):,} rows (re)indexed")
    why_unread(db, assembly.shops, finish)
    subjects_n = len(assembly.shops) + len(assembly.listings) + len(assembly.rooms)
    with watch("检查", total=subjects_n, unit="个对象") as shown:
        results, errors = runner.run(
            assembly.shops,
            assembly.listings,
            assembly.rooms,
            ref,
            share=share,
            tick=_Tally(shown) if shown.live else None,
        )
        found = sum(1 for _m, f in results if not f.unjudged)
        shown.update(subjects_n, 发现=found, 错误=len(errors))
    unjudged = [(module.ID, f.subject_url, f.unjudged) for module, f in results if f.unjudged]
    results = [(module, f) for module, f in results if not f.unjudged]
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
    step(f"checks run: {len(outcomes):,} findings")
    # Checked this time: every page read whole in this run (all pages, for a re-check). A
    # finding on a page read again that is no longer a subject (a closed shop's notice, a
    # page extraction now reads as a listing, not a room) no longer fires and is resolved;
    # one whose page was not reached or answered an error keeps its status.
    checked = seen.this_run if run_id is not None else None
    counts = findings_store.apply(
        db, outcomes, run_id, checked, unjudged={(c, u) for c, u, _r in unjudged}
    )
    store_unjudged(db, unjudged, run_id)
    counts["unjudged"] = _per_check(unjudged)
    step("findings stored")
    # Chinese full-text search over the findings just stored; the canned queries' tables
    search.index(db, derived=True if any(stored.values()) else None)
    step("findings indexed")
    counts["errors"] = errors
    counts["subjects"] = {
        "shops": len(assembly.shops),
        "listings": len(assembly.listings),
        # listings whose price the pages read do not show (drawn by script: [crawl] render_listings)
        "unpriced": sum(1 for x in assembly.listings if x.offered_price is None),
        "rooms": len(assembly.rooms),
    }
    return counts


def why_unread(db, shops, finish_reason: str | None = None) -> None:
    """Give each shop's unread pages the crawl's reason: `error` (HTTP 404 …) from the crawl
    errors, `robots` or `off-site` from the links not followed, `page limit` when the run
    stopped at max_pages before them, else `not fetched`."""
    urls = {url for shop in shops for url, _r in shop.unread}
    if not urls:
        return
    reasons: dict[str, str] = {}
    for url, kind, message in runs_store.crawl_errors(db):
        if url in urls:
            reasons[url] = f"error: {message}" if kind == "http" else f"error: {kind}"
    for url, reason in runs_store.unfetched(db):
        if url in urls:
            reasons[url] = reason
    if finish_reason is None:  # a re-check: how the last crawl ended
        finish_reason = runs_store.last_stats(db).get("finish_reason")
    limited = finish_reason in _LIMITS
    for shop in shops:
        shop.unread = [
            (url, reasons.get(url) or ("page limit" if limited else reason))
            for url, reason in shop.unread
        ]


_LIMITS = ("closespider_pagecount", "closespider_timeout")


def store_unjudged(db, unjudged: list[tuple[str, str, str]], run_id) -> None:
    """The unjudged (check, subject) pairs of this analysis, in place of the last one's."""
    findings_store.store_unjudged(
        db, [(c, u, r, run_id, runner.reason_kind(r)) for c, u, r in unjudged]
    )


def _per_check(unjudged) -> dict[str, int]:
    out: dict[str, int] = {}
    for check_id, _u, _r in unjudged:
        out[check_id] = out.get(check_id, 0) + 1
    return out


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
                "claims": json.dumps(x.claims, ensure_ascii=False) if x.claims else "[]",
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
    """Write `subject_rows()` to the shops, listings and rooms tables: only rows that changed
    (a re-check leaves `last_run`, the last crawl that saw the subject, as it was)."""
    subjects_store.store(db, rows)
