"""Pages: the stored facts of each captured page, read back for analysis and evaluation."""

from __future__ import annotations

from typing import TYPE_CHECKING

from storage.db import transaction

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

# The pages of each canonical URL's newest run, in capture order (the table's own order: the
# facts are not sorted); the facts as bytes, which orjson decodes without a str between
_LATEST = """SELECT p.capture_id, CAST(p.facts AS BLOB), p.run_id FROM pages p
             WHERE COALESCE(p.run_id, 0) = (SELECT MAX(COALESCE(q.run_id, 0)) FROM pages q
                                            WHERE q.canonical = p.canonical)
             ORDER BY p.capture_id"""


def latest(db) -> Iterator[tuple[int, bytes, int | None]]:
    """(capture_id, facts as bytes, run_id) of each canonical URL's newest run, streamed."""
    yield from db.conn.cursor().execute(_LATEST)


def count(db) -> int:
    return db.conn.execute("SELECT count(*) FROM pages").fetchone()[0]


def update_facts(db, rows: Iterable[tuple[str, str | None, int]]) -> None:
    """Write re-extracted facts back: (facts JSON, role, capture_id) rows, one transaction."""
    with transaction(db) as conn:
        conn.executemany("UPDATE pages SET facts = ?, role = ? WHERE capture_id = ?", rows)


def roles(db) -> list[tuple[str, str, str]]:
    """(url, canonical, role) of every stored page, in capture order."""
    return db.execute("SELECT url, canonical, role FROM pages ORDER BY capture_id").fetchall()


def roles_of_run(db, run_id: int) -> list[tuple[str | None, int]]:
    """(role, pages) of one run."""
    return db.execute(
        "SELECT role, COUNT(*) FROM pages WHERE run_id = ? GROUP BY role", [run_id]
    ).fetchall()
