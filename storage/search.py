"""Chinese full-text search over listings, shops, rooms and findings (SQLite FTS5).

## How Chinese is indexed

FTS5's `unicode61` tokenizer keeps a run of Han characters as one token (高仿耐克运动鞋 is
one "word"), and its `trigram` tokenizer finds nothing shorter than three characters, yet
most search terms are two (高仿, 原单, 顶级). Custom tokenizers cannot be written in Python,
so the text is split *before* FTS5 sees it, as Lucene's CJK analyzer does:

- every run of CJK characters becomes its overlapping bigrams, then the run's last
  character on its own: 高仿耐克 → `高仿 仿耐 耐克 克`;
- everything else (Latin, digits, codes, phone numbers) is left to `unicode61`, after NFKC
  folding so that full-width ＡＢＣ１２３ and half-width ABC123 are the same.

A query is split the same way into one FTS5 phrase per whitespace-separated word, so a
match is a *substring* match inside the text (高仿耐克 → phrase `高仿 仿耐 耐克`); a
one-character word, or a word ending in one CJK character, becomes a prefix phrase
(`仿*` finds 仿 at any position in a run). Words are AND-ed; results are ranked by BM25
(listing titles weigh 3×, shop names 3×).

## Why bigrams and not jieba (measured: `python bench/query.py --choice`)

On a labelled set of 26 product phrases (`LABELLED` in `bench/query.py`) and 20,000
synthetic listings:

| | bigrams | jieba `cut_for_search` |
| --- | --- | --- |
| recall (a reader says it is a hit) | 1.00 | 0.85 |
| precision (a reader says it is a hit) | 0.77 | 0.89 |
| indexing 20,000 listings | 1.2 s | 12.6 s (+ 1.9 s dictionary load) |
| query (MATCH, ranked, top 50) | 0.4 ms | 0.4 ms |

jieba's segmentation is a better reader (最高仿真 is not 高仿) but it loses terms that its
dictionary cuts differently (高仿 inside 高仿款, 原单 inside 原单货, shop names, new slang), and
a lost hit is worse for an investigator than an extra one that BM25 ranks low. Bigrams need
no dictionary, are deterministic, index ≈ 8× faster and add no dependency.

## Keeping the index in sync

Writers are other processes (the crawl pipeline), whose connections do not have Python
functions registered, so the triggers are plain SQL: every insert, update or delete on a
source table appends its key to `search_queue`. `index(db)` (called at the end of each
analysis, and by `greenroom serve` when the index is missing) drains the queue: a row whose
text changed gets a new FTS row; the old one is orphaned (FTS5 on SQLite < 3.43 cannot
delete from a contentless table by rowid) and dropped by the join through `search_docs`.
When orphans exceed a third of the index, it is rebuilt. `INSERT OR REPLACE` of an unchanged
row (the nightly re-store) costs a hash comparison, nothing more.
"""

from __future__ import annotations

import hashlib
import json
import re
from contextlib import contextmanager
from typing import TYPE_CHECKING

import orjson

from toolkit.text import fold

if TYPE_CHECKING:
    import sqlite_utils

VERSION = 2  # bump when splitting or hashing changes: index() then rebuilds everything

# source table -> (key column, indexed columns, BM25 weights)
SOURCES: dict[str, tuple[str, tuple[str, ...], tuple[float, ...]]] = {
    "listings": ("url", ("title", "description", "claims", "category"), (3.0, 1.0, 1.0, 0.5)),
    "shops": (
        "url",
        ("name", "registered_name", "operator", "uscc", "phones", "emails", "addresses", "permits"),
        (3.0, 3.0, 2.0, 2.0, 1.0, 1.0, 1.0, 1.0),
    ),
    "rooms": ("url", ("title", "host_name", "sellers", "badge"), (3.0, 2.0, 1.0, 0.5)),
    "findings": ("id", ("message", "snippet", "check_id"), (2.0, 1.0, 0.5)),
}

_CJK = (
    "\u2e80-\u2fdf\u3040-\u30ff\u3100-\u312f\u3190-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
    "\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f"
)
_CJK_RUN = re.compile(f"[{_CJK}]+")
_CJK_SPLIT = re.compile(f"([{_CJK}]+)")
_WORDS = re.compile(r"\S+")


def split_text(text: str | None, known: dict[str, str] | None = None) -> str:
    """The text as FTS5 should see it: CJK runs as bigrams + the run's last character.
    `known`: runs split before (run -> its split), used and added to."""
    if not text:
        return ""
    parts = _CJK_SPLIT.split(fold(text))
    for i in range(1, len(parts), 2):  # the odd parts are the CJK runs
        run = parts[i]
        split = known.get(run) if known is not None else None
        if split is None:
            grams = " ".join(map(str.__add__, run, run[1:]))
            split = f" {grams} {run[-1]} " if grams else f" {run} "
            if known is not None:
                if len(known) >= _KNOWN_RUNS_MAX:
                    known.clear()
                known[run] = split
        parts[i] = split
    return "".join(parts)


# Findings' messages are written by the checks from a few templates, so their runs repeat:
# those of the findings table are split once (a miss costs ≈ 1 µs, which listings' and
# shops' mostly one-off runs would pay for nothing).
_KNOWN_RUNS: dict[str, dict[str, str]] = {"findings": {}}
_KNOWN_RUNS_MAX = 100_000  # runs kept per table (≈ 20 MB); then it starts again


def _phrase(word: str) -> str:
    """One query word as an FTS5 phrase (prefix phrase when it ends in one CJK char)."""
    parts: list[str] = []
    prefix = False
    pieces = [(m.start(), m.end()) for m in _CJK_RUN.finditer(word)]
    pos = 0
    for start, end in pieces:
        parts.append(word[pos:start])
        run = word[start:end]
        grams = [run[i : i + 2] for i in range(len(run) - 1)]
        at_end = end == len(word) or not word[end:].strip(" ")
        if at_end:
            if len(run) == 1:
                grams = [run]
                prefix = True
        else:
            grams.append(run[-1])  # the document's run ends here too
        parts.append(" " + " ".join(grams) + " ")
        pos = end
    parts.append(word[pos:])
    text = " ".join("".join(parts).split())
    if not re.search(r"\w", text):
        return ""
    return '"' + text.replace('"', '""') + '"' + ("*" if prefix else "")


def match_expression(q: str | None) -> str:
    """An FTS5 MATCH expression for a user's query: each word a phrase, all AND-ed.

    An empty or punctuation-only query gives `""`, which matches nothing."""
    q = fold(q)
    phrases = [p for p in (_phrase(w) for w in _WORDS.findall(q)) if p]
    return " AND ".join(phrases) if phrases else '""'


def _doc_text(table: str, value) -> str:
    if value is None:
        return ""
    if isinstance(value, str) and value[:1] == "[":
        try:
            items = orjson.loads(value)
        except orjson.JSONDecodeError:
            items = None
        if isinstance(items, list):
            value = " ; ".join(str(x) for x in items)
    return split_text(str(value), _KNOWN_RUNS.get(table))


def _digest(values) -> str:
    return hashlib.sha1(orjson.dumps(values, default=str)).hexdigest()


def _fts(table: str) -> str:
    return f"search_{table}"


def _create(db: sqlite_utils.Database, only: tuple[str, ...] | None = None) -> set[str]:
    """Create what is missing; return the source tables whose FTS table had to be created."""
    conn = db.conn
    conn.execute(
        "CREATE TABLE IF NOT EXISTS search_docs (id INTEGER PRIMARY KEY AUTOINCREMENT, "
        "tbl TEXT NOT NULL, "
        "key NOT NULL, hash TEXT, UNIQUE (tbl, key))"
    )
    conn.execute("CREATE TABLE IF NOT EXISTS search_queue (tbl TEXT NOT NULL, key)")
    conn.execute(
        "CREATE TABLE IF NOT EXISTS search_meta (tbl TEXT PRIMARY KEY, version INTEGER, "
        "fts_rows INTEGER DEFAULT 0)"
    )
    versions = dict(conn.execute("SELECT tbl, version FROM search_meta").fetchall())
    existing = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    fresh = set()
    for table, (key, cols, weights) in SOURCES.items():
        if table not in existing or table not in (only or SOURCES):
            continue
        fts = _fts(table)
        if fts in existing and versions.get(table) != VERSION:
            conn.execute(f"DROP TABLE {fts}")
            existing.discard(fts)
        if fts not in existing:
            conn.execute(
                f"CREATE VIRTUAL TABLE {fts} USING fts5({', '.join(cols)}, content='', "
                "tokenize='unicode61 remove_diacritics 2')"
            )
            conn.execute(
                f"INSERT INTO {fts}({fts}, rank) VALUES ('rank', 'bm25({', '.join(map(str, weights))})')"
            )
            fresh.add(table)
        for event, ref in (("INSERT", "new"), ("DELETE", "old")):
            conn.execute(
                f"CREATE TRIGGER IF NOT EXISTS search_{table}_{event.lower()} AFTER {event} "
                f"ON {table} BEGIN INSERT INTO search_queue (tbl, key) "
                f"VALUES ('{table}', {ref}.{key}); END"
            )
        changed = " OR ".join(f"old.{c} IS NOT new.{c}" for c in (key, *cols))
        conn.execute(
            f"CREATE TRIGGER IF NOT EXISTS search_{table}_update AFTER UPDATE ON {table} "
            f"WHEN {changed} BEGIN INSERT INTO search_queue (tbl, key) "
            f"VALUES ('{table}', old.{key}), ('{table}', new.{key}); END"
        )
    return fresh


_SUPPORT = [
    # indexes and a view the canned queries and facets need
    "CREATE INDEX IF NOT EXISTS findings_first_seen ON findings(first_seen)",
    "CREATE INDEX IF NOT EXISTS findings_subject ON findings(subject_url)",
    "CREATE INDEX IF NOT EXISTS findings_check ON findings(check_id)",
    "CREATE INDEX IF NOT EXISTS finding_evidence_capture ON finding_evidence(capture_id)",
    "CREATE INDEX IF NOT EXISTS shops_uscc ON shops(uscc)",
    "CREATE INDEX IF NOT EXISTS listings_shop ON listings(shop_url)",
    "CREATE INDEX IF NOT EXISTS captures_about ON captures(about)",
    (
        "CREATE TABLE IF NOT EXISTS shop_phones (phone TEXT NOT NULL, shop_url TEXT NOT NULL, "
        "PRIMARY KEY (phone, shop_url)) WITHOUT ROWID"
    ),
    "CREATE INDEX IF NOT EXISTS shop_phones_shop ON shop_phones(shop_url)",
    """CREATE VIEW IF NOT EXISTS findings_by_shop AS
       SELECT f.id, f.check_id, f.severity, f.status, f.subject_type, f.subject_url,
              CASE f.subject_type WHEN 'shop' THEN f.subject_url
                   WHEN 'listing' THEN (SELECT l.shop_url FROM listings l
                                        WHERE l.url = f.subject_url) END AS shop_url,
              f.message, f.first_seen, f.last_seen, f.reopened
       FROM findings f""",
]


DERIVED = {
    # shops sharing a 统一社会信用代码 or a phone: one licence lent to many shops
    "shared_contacts": """
        WITH dup AS (SELECT uscc FROM shops WHERE uscc > '' GROUP BY uscc HAVING count(*) > 1)
        SELECT '统一社会信用代码' AS shared, s.uscc AS value, count(*) AS shops,
               group_concat(coalesce(s.name, s.url), ' | ') AS names,
               count(DISTINCT coalesce(s.registered_name, s.operator, s.name)) AS operators,
               json_group_array(s.url) AS urls
          FROM dup JOIN shops s ON s.uscc = dup.uscc GROUP BY s.uscc
        UNION ALL
        SELECT '联系电话', p.phone, count(*), group_concat(coalesce(s.name, s.url), ' | '),
               count(DISTINCT coalesce(s.registered_name, s.operator, s.name)),
               json_group_array(s.url)
          FROM (SELECT phone FROM shop_phones GROUP BY phone HAVING count(*) > 1) dup
          JOIN shop_phones p ON p.phone = dup.phone JOIN shops s ON s.url = p.shop_url
         GROUP BY p.phone""",
    # per shop (a listing's findings count for its shop): reopened, or several checks
    "offenders": """
        WITH fs AS (
          SELECT f.check_id, f.reopened, f.status,
                 CASE WHEN f.subject_type = 'listing' THEN coalesce(
                   (SELECT l.shop_url FROM listings l WHERE l.url = f.subject_url),
                   f.subject_url) ELSE f.subject_url END AS subject
          FROM findings f)
        SELECT subject, count(*) AS findings, count(DISTINCT check_id) AS checks,
               sum(reopened) AS reopened, sum(status = 'open') AS open,
               group_concat(DISTINCT check_id) AS check_ids
          FROM fs GROUP BY subject
        HAVING count(DISTINCT check_id) >= 2 OR sum(reopened) > 0""",
}


def _refresh_derived(db: sqlite_utils.Database) -> None:
    """Recompute the small summary tables behind the canned queries (whole-table scans
    that would be too slow per request at a million listings)."""
    conn = db.conn
    for name, sql in DERIVED.items():
        conn.execute(f"DROP TABLE IF EXISTS {name}")
        conn.execute(f"CREATE TABLE {name} AS {sql}")
    conn.execute("CREATE INDEX offenders_rank ON offenders(reopened DESC, checks DESC)")


def _refresh_phones(db: sqlite_utils.Database, urls: list[str] | None) -> None:
    """`shop_phones`: one row per (phone, shop), so shared phones are an index lookup."""
    conn = db.conn
    if urls is None:
        conn.execute("DELETE FROM shop_phones")
        rows = conn.execute("SELECT url, phones FROM shops")
    else:
        rows = []
        for i in range(0, len(urls), 500):
            part = urls[i : i + 500]
            marks = ",".join("?" * len(part))
            conn.execute(f"DELETE FROM shop_phones WHERE shop_url IN ({marks})", part)
            rows += conn.execute(
                f"SELECT url, phones FROM shops WHERE url IN ({marks})", part
            ).fetchall()
    pairs = []
    for url, phones in rows:
        try:
            values = json.loads(phones) if phones else []
        except ValueError:
            values = [phones]
        for p in values if isinstance(values, list) else [values]:
            norm = re.sub(r"[\s\-()（）]", "", fold(str(p)))
            if norm:
                pairs.append((norm, url))
    conn.executemany("INSERT OR IGNORE INTO shop_phones (phone, shop_url) VALUES (?, ?)", pairs)


def _index_rows(db: sqlite_utils.Database, table: str, rows, *, fresh: bool = False) -> int:
    """(Re)index source rows given as tuples (key, *cols); returns FTS rows written."""
    conn = db.conn
    fts = _fts(table)
    _key, cols, _w = SOURCES[table]
    written = 0
    batch = []
    last = conn.execute("SELECT max(id) FROM search_docs").fetchone()[0] or 0
    next_id = max(last, _sequence(conn)) + 1
    for key, h, doc in _prepared(table, rows):
        if not fresh:  # else nothing of this table is indexed: no old entry to look up
            old = conn.execute(
                "SELECT id, hash FROM search_docs WHERE tbl = ? AND key = ?", (table, key)
            ).fetchone()
            if old and old[1] == h:
                continue
            if old:
                conn.execute("DELETE FROM search_docs WHERE id = ?", (old[0],))
        batch.append((next_id, table, key, h, doc))
        next_id += 1
        written += 1
        if len(batch) >= 5000:
            _flush(conn, fts, cols, batch)
    _flush(conn, fts, cols, batch)
    return written


def _sequence(conn) -> int:
    """The last id AUTOINCREMENT handed out: ids of dropped documents are never reused (the
    contentless FTS tables keep their rows)."""
    if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'").fetchone():
        return 0
    row = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'search_docs'").fetchone()
    return row[0] if row else 0


def _prepared(table: str, rows):
    """(key, hash, split texts) of each row (key, *cols)."""
    for row in rows:
        yield row[0], _digest(row[1:]), [_doc_text(table, v) for v in row[1:]]


def _flush(conn, fts, cols, texts) -> None:
    if texts:
        conn.executemany(
            "INSERT INTO search_docs (id, tbl, key, hash) VALUES (?, ?, ?, ?)",
            [t[:4] for t in texts],
        )
        marks = ", ".join("?" * (len(cols) + 1))
        conn.executemany(
            f"INSERT INTO {fts} (rowid, {', '.join(cols)}) VALUES ({marks})",
            [(t[0], *t[4]) for t in texts],
        )
        texts.clear()


@contextmanager
def _transaction(conn):
    """One explicit transaction (greenroom connections are in autocommit mode)."""
    if conn.in_transaction:
        yield
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def index(
    db: sqlite_utils.Database,
    *,
    rebuild: bool = False,
    tables: tuple[str, ...] | None = None,
    derived: bool | None = None,
) -> dict[str, int]:
    """Create or refresh the search index, its triggers and the canned queries' indexes.

    Idempotent and incremental: only rows queued by the triggers since the last call are
    read again. Returns {table: FTS rows written}. Call it after each analysis:

        from storage.search import index
        index(db)

    `tables` limits the refresh to some source tables; `derived` refreshes the canned
    queries' summary tables always (True), never (False) or when their sources changed;
    """
    conn = db.conn
    counts: dict[str, int] = {}
    only = tables
    with _transaction(conn):
        if rebuild:
            for table in SOURCES:
                conn.execute(f"DROP TABLE IF EXISTS {_fts(table)}")
            conn.execute("DROP TABLE IF EXISTS search_docs")
            conn.execute("DROP TABLE IF EXISTS search_queue")
            conn.execute("DROP TABLE IF EXISTS search_meta")
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        queued = (
            "search_queue" in tables
            and conn.execute(
                "SELECT 1 FROM search_queue WHERE tbl IN ('shops', 'listings', 'findings') LIMIT 1"
            ).fetchone()
        )
        fresh = _create(db, only)
        for sql in _SUPPORT:
            if "shops" in sql and "shops" not in tables:
                continue
            conn.execute(sql)
        for table, (key, cols, _w) in SOURCES.items():
            if table not in tables or table not in (only or SOURCES):
                continue
            meta = conn.execute(
                "SELECT fts_rows FROM search_meta WHERE tbl = ?", (table,)
            ).fetchone()
            live = conn.execute("SELECT count(*) FROM search_docs WHERE tbl = ?", (table,))
            live = live.fetchone()[0]
            if meta and table not in fresh and meta[0] > 1000 and meta[0] > 1.5 * live:
                # too many orphans: start this table again
                conn.execute(f"DROP TABLE {_fts(table)}")
                conn.execute("DELETE FROM search_docs WHERE tbl = ?", (table,))
                fresh |= _create(db, only)
            select = f"SELECT {key}, {', '.join(cols)} FROM {table}"
            if table in fresh:
                conn.execute("DELETE FROM search_docs WHERE tbl = ?", (table,))
                conn.execute("DELETE FROM search_queue WHERE tbl = ?", (table,))
                written = _index_rows(db, table, db.conn.cursor().execute(select), fresh=True)
                fts_rows = written
                if table == "shops":
                    _refresh_phones(db, None)
            else:
                keys = [
                    r[0]
                    for r in conn.execute(
                        "SELECT DISTINCT key FROM search_queue WHERE tbl = ?", (table,)
                    )
                ]
                conn.execute("DELETE FROM search_queue WHERE tbl = ?", (table,))
                rows = []
                for i in range(0, len(keys), 500):
                    part = keys[i : i + 500]
                    marks = ",".join("?" * len(part))
                    found = conn.execute(f"{select} WHERE {key} IN ({marks})", part).fetchall()
                    rows += found
                    gone = set(part) - {r[0] for r in found}
                    for k in gone:
                        conn.execute(
                            "DELETE FROM search_docs WHERE tbl = ? AND key = ?", (table, k)
                        )
                written = _index_rows(db, table, rows)
                fts_rows = (meta[0] if meta else 0) + written
                if table == "shops" and keys:
                    _refresh_phones(db, keys)
            conn.execute(
                "INSERT OR REPLACE INTO search_meta (tbl, version, fts_rows) VALUES (?, ?, ?)",
                (table, VERSION, fts_rows),
            )
            counts[table] = written
        if {"shops", "listings", "findings"} <= tables:
            names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
            changed = any(counts.get(t) for t in ("shops", "listings", "findings"))
            if derived is None:
                derived = bool(changed or queued or not set(DERIVED) <= names)
            if derived:
                _refresh_derived(db)
    return counts


def search_sql(table: str, *, match: str = "cjk_match(:q)", limit: str = "50") -> str:
    """The SQL of a ranked search over one source table (used by search() and the UI).

    The best FTS rows are picked first and only they are joined to their source rows: the
    join is then as cheap for a term found 100,000 times as for one found twice."""
    if table not in SOURCES:
        raise ValueError(f"cannot search {table!r}: one of {', '.join(SOURCES)}")
    key = SOURCES[table][0]
    fts = _fts(table)
    return (
        f"SELECT t.*, s.rank AS rank FROM (SELECT rowid, rank FROM {fts} "
        f"WHERE {fts} MATCH {match} ORDER BY rank LIMIT {limit} + 20) s "
        f"JOIN search_docs d ON d.id = s.rowid "
        f"JOIN {table} t ON t.{key} = d.key ORDER BY s.rank LIMIT {limit}"
    )


def register(conn) -> None:
    """Register `cjk_match(q)` (the query splitter) on a sqlite3 connection."""
    conn.create_function("cjk_match", 1, match_expression, deterministic=True)


def search(db: sqlite_utils.Database, q: str, table: str = "listings", limit: int = 50) -> list:
    """Rows of `table` (listings, shops, rooms, findings) matching `q`, best first.

    Each row is a dict of the table's columns plus `rank` (BM25, lower is better).
    """
    sql = search_sql(table, match=":match", limit=":limit")
    return [dict(r) for r in db.query(sql, {"match": match_expression(q), "limit": int(limit)})]


def is_indexed(db: sqlite_utils.Database) -> bool:
    """True when every source table present has its FTS table."""
    names = {r[0] for r in db.conn.execute("SELECT name FROM sqlite_master")}
    return all(_fts(t) in names for t in SOURCES if t in names) and "search_docs" in names
