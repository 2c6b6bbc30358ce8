"""Price history: each listing's lowest offered price per run (one nightly run = one night).

`price_history` holds one row per (listing, run): the listing's canonical URL, the run, the
night (the run's start date), the lowest price offered that night and the capture it was
read from. `record()` writes a night in one transaction; `recent()` reads, for every
listing at once, the last nights before a given run with one query.

Example:
    history.record(db, [("http://127.0.0.1:8000/item/104", 8, 158.0, 412)])
    history.recent(db, {"http://127.0.0.1:8000/item/104": 8})  # the 7 nights before run 8
"""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING, NamedTuple, Protocol

from storage.db import transaction

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sqlite_utils import Database


class Listing(Protocol):
    """What the history reads and fills of a listing (checks.base.Listing is one)."""

    url: str
    captures: list[int]
    prices: list
    price_history: list[tuple[str, float]]

    @property
    def offered_price(self) -> float | None: ...


NIGHTS = 7  # 规范促销行为暂行规定: the 7 days before the promotion

SCHEMA = """
CREATE TABLE IF NOT EXISTS price_history (
  listing_url TEXT NOT NULL, run_id INTEGER NOT NULL, night TEXT, price REAL NOT NULL,
  capture_id INTEGER, PRIMARY KEY (listing_url, run_id)
) WITHOUT ROWID;
"""

# For each listing in `_history_current`: the rows before its current run, from the
# `:last`-th earlier run on (at most `:last` + 1 rows), read as one range of the primary key.
# CROSS JOIN keeps the listings as the outer loop, so the whole history is never scanned.
_RECENT = """
SELECT h.listing_url, h.run_id, h.night, h.price, h.capture_id
FROM _history_current c
CROSS JOIN price_history h
  ON h.listing_url = c.url AND h.run_id < c.run_id
 AND h.run_id >= COALESCE(
       (SELECT x.run_id FROM price_history x WHERE x.listing_url = c.url AND x.run_id < c.run_id
        ORDER BY x.run_id DESC LIMIT 1 OFFSET :last), -1)
ORDER BY c.rowid, h.run_id
"""


class Night(NamedTuple):
    """One night of a listing's history."""

    run_id: int
    night: str  # the run's start date (ISO), or the run id when the run has no row
    price: float  # the lowest price offered that night
    capture_id: int | None

    @property
    def label(self) -> str:
        """How a finding's message names the night: run, date and capture."""
        where = f"，存证 #{self.capture_id}" if self.capture_id is not None else ""
        return f"第 {self.run_id} 次巡查（{self.night}{where}）"


def ensure(db: Database) -> None:
    """Create the price_history table if it is missing."""
    db.conn.executescript(SCHEMA)


def nights_of(db: Database, run_ids: Iterable[int]) -> dict[int, str]:
    """The night of each run: its start date, or the run id when the run has no row."""
    wanted = sorted(set(run_ids))
    started: dict[int, str] = {}
    for i in range(0, len(wanted), 500):
        chunk = wanted[i : i + 500]
        marks = ",".join("?" * len(chunk))
        sql = f"SELECT id, started FROM runs WHERE id IN ({marks})"
        started.update({rid: (s or "")[:10] for rid, s in db.execute(sql, chunk).fetchall()})
    return {rid: started.get(rid) or str(rid) for rid in wanted}


def recorded_runs(db: Database, rows: Iterable[tuple[str, int, float, int | None]]) -> set[int]:
    """The runs of `rows` whose nights are in `price_history`. A run's nights are recorded
    in one transaction, so one listing of each run tells (a primary-key lookup)."""
    ensure(db)
    one_of: dict[int, str] = {}
    for url, run, _price, _capture in rows:
        one_of.setdefault(run, url)
    sql = "SELECT 1 FROM price_history WHERE listing_url = ? AND run_id = ?"
    return {run for run, url in one_of.items() if db.execute(sql, [url, run]).fetchone()}


def record(db: Database, rows: Iterable[tuple[str, int, float, int | None]]) -> int:
    """Store (listing_url, run_id, lowest offered price, capture_id) rows in one transaction;
    a row already stored for the same listing and run is replaced. Returns the row count."""
    rows = list(rows)
    if not rows:
        return 0
    ensure(db)
    nights = nights_of(db, (r[1] for r in rows))
    with transaction(db) as conn:  # a row stored already with the same values is not rewritten
        conn.executemany(
            "INSERT INTO price_history (listing_url, run_id, night, price, capture_id) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (listing_url, run_id) DO UPDATE SET "
            "night = excluded.night, price = excluded.price, capture_id = excluded.capture_id "
            "WHERE night IS NOT excluded.night OR price IS NOT excluded.price "
            "OR capture_id IS NOT excluded.capture_id",
            ((url, run, nights[run], price, cap) for url, run, price, cap in rows),
        )
    return len(rows)


def recent(db: Database, current: dict[str, int], nights: int = NIGHTS) -> dict[str, list[Night]]:
    """For each listing URL → its current run id: the last `nights` nights stored before
    that run, oldest first. Listings with no earlier night are left out."""
    ensure(db)
    oldest = db.execute("SELECT MIN(run_id) FROM price_history").fetchone()[0]
    if oldest is None or not current or oldest >= max(current.values()):
        return {}  # no night stored before any listing's run (a database's first night)
    db.execute("CREATE TEMP TABLE IF NOT EXISTS _history_current (url TEXT PRIMARY KEY, run_id)")
    out: dict[str, list[Night]] = {}
    with transaction(db, immediate=False) as conn:  # writes the TEMP table only
        conn.execute("DELETE FROM _history_current")
        conn.executemany("INSERT OR REPLACE INTO _history_current VALUES (?, ?)", current.items())
        collecting = gc.isenabled()
        gc.disable()  # millions of small acyclic tuples: cyclic GC passes would dominate
        try:
            for url, run, night, price, capture in conn.execute(_RECENT, {"last": nights - 1}):
                out.setdefault(url, []).append(Night(run, night, price, capture))
        finally:
            if collecting:
                gc.enable()
        conn.execute("DELETE FROM _history_current")
    return out


def attach(
    db: Database,
    listings: Iterable[Listing],
    run_of: dict[int, int | None],
    run_id: int | None,
    *,
    read_only: bool = False,
    fresh: set[int] | None = None,
) -> None:
    """Record the night of run `run_id` for every listing seen in it, then fill
    `price_history` — the nights before the run it was last seen in, oldest first, as
    (label, price) — of each listing that shows an original price (原价/划线价: the listings
    a check reads it for). `run_of`: the run of each capture id read. `read_only`: only fill
    (a process that checks beside the one that records).

    A re-check (`run_id` None) records again the nights of the listings whose capture was
    re-extracted (`fresh`: capture ids; None: of every listing), and of every listing of a
    run that has no night recorded at all; the others were recorded from the same facts."""
    listings = list(listings)
    current: dict[str, int] = {}
    rows = []
    for listing in listings:
        seen = [(run_of[c], c) for c in listing.captures if run_of.get(c) is not None]
        if not seen:
            continue
        run, capture = max(seen)
        price = listing.offered_price
        if price is not None and (run_id is None or run == run_id):
            rows.append(((listing.url, run, price, capture), listing.captures))
        if any(p.kind == "original" for p in listing.prices):
            current[listing.url] = run
    if run_id is None and fresh is not None:  # a re-check
        recorded = recorded_runs(db, [r for r, _ in rows])
        rows = [r for r, caps in rows if r[1] not in recorded or not fresh.isdisjoint(caps)]
    else:
        rows = [r for r, _ in rows]
    if not read_only:
        record(db, rows)
    found = recent(db, current) if current else {}
    for listing in listings:
        if listing.url in found:
            listing.price_history = [(n.label, n.price) for n in found[listing.url]]
