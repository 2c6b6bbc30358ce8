"""Subjects: the assembled shops, listings and rooms tables, written by analysis and read back."""

from __future__ import annotations

import json

from storage.db import transaction, update_changed


def store(db, rows: dict[str, list[dict]]) -> None:
    """Write rows of the shops, listings and rooms tables: only rows that changed (a
    re-check leaves `last_run`, the last crawl that saw the subject, as it was)."""
    with transaction(db) as conn:
        for table, of_table in rows.items():
            update_changed(conn, table, of_table, keep=("last_run",))


def shop_of_listings(db) -> dict[str, str]:
    """Listing URL → its shop's URL."""
    if "listings" not in db.table_names():
        return {}
    return dict(db.execute("SELECT url, shop_url FROM listings WHERE shop_url IS NOT NULL"))


def listing_prices(db) -> list[tuple[str, float | None]]:
    """(url, price) of every listing."""
    return db.execute("SELECT url, price FROM listings").fetchall()


def shop_of(conn, subject_type: str | None, url: str) -> str | None:
    """The shop a subject belongs to: itself, a listing's `shop_url`, or the first of a
    room's sellers that names a stored shop (by URL, name, operator or registered name)."""
    if subject_type == "shop":
        return url
    if subject_type == "listing":
        row = conn.execute("SELECT shop_url FROM listings WHERE url = ?", [url]).fetchone()
        return row[0] if row and row[0] else None
    if subject_type == "room":
        row = conn.execute("SELECT sellers FROM rooms WHERE url = ?", [url]).fetchone()
        try:
            sellers = json.loads(row[0] or "[]") if row else []
        except ValueError:
            sellers = []
        for s in sellers:
            found = conn.execute(
                "SELECT url FROM shops WHERE url = ? OR name = ? OR operator = ? "
                "OR registered_name = ? LIMIT 1",
                [s] * 4,
            ).fetchone()
            if found:
                return found[0]
    return None
