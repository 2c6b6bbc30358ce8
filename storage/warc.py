"""Append-only WARC capture store with a SHA-256 hash chain in the `captures` table.

Every response is written as received (request + response records, gzip, sha256 digests)
to `<db>.captures/*.warc.gz`; screenshots and rendered DOM as `resource` records (a room's
DOM at the room's own URL with `WARC-Profile: DOM_PROFILE`, its screenshot at
`urn:fullPage:<url>` as Webrecorder's crawler names them). Each
`captures` row carries the SHA-256 of the body, of the stored WARC bytes, and a chain
hash over the row before it, so `greenroom verify --db` can show that nothing changed.
"""

from __future__ import annotations

import hashlib
import io
import os
import time
import zlib
from datetime import UTC, datetime
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.utils import Digester
from warcio.warcwriter import GzippingWrapper, WARCWriter

from storage.db import captures_dir, connect, dicts, private_opener, transaction, upsert_rows
from storage.inflate import CHUNK, READ_LIMIT, TooLarge, decode, encodings

GENESIS = "0" * 64
DOM_PROFILE = "urn:greenroom:profile:rendered-dom"  # a DOM serialised by the browser
FLUSH_EVERY = 50  # rows per write transaction
FLUSH_SECONDS = 2.0

# The crawl's ROBOTSTXT_OBEY, as each run records it in its stats (crawler.middlewares.robots);
# a bundle's "how captured" reads it from the runs table (storage.bundle.how_captured).
ROBOTS_STAT = "greenroom/robotstxt/obey"


def utcnow() -> str:
    """ISO 8601 UTC with milliseconds, e.g. 2026-11-29T03:15:00.123Z."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def chain_hash(prev: str, row: dict) -> str:
    """The link of one capture in the chain: its identity, content and the link before."""
    parts = [
        prev,
        str(row["id"]),
        row["url"],
        row["fetched_at"],
        row["sha256"],
        row["record_sha256"],
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


class _Gzip(GzippingWrapper):
    """warcio's gzip member at zlib's default level (6), not 9: half the CPU of a capture on
    real pages for 1 % more bytes (bench/throughput.py)."""

    def __init__(self, out) -> None:
        super().__init__(out)
        self.compressor = zlib.compressobj(6, zlib.DEFLATED, zlib.MAX_WBITS + 16)


class Sha256WARCWriter(WARCWriter):
    """warcio's writer with `sha256:` block and payload digests (warcio's own hook)."""

    @staticmethod
    def _create_digester():
        return Digester("sha256")

    def _write_warc_record(self, out, record):
        if not self.gzip:
            return super()._write_warc_record(out, record)
        self.gzip = False  # one gzip member per record, as warcio writes it, at level 6
        try:
            return super()._write_warc_record(_Gzip(out), record)
        finally:
            self.gzip = True


class CaptureStore:
    """Writes captures for one crawl process; the one writer of the `captures` table."""

    def __init__(self, db_path: str | Path, run_id: int | None = None):
        self.db_path = Path(db_path)
        self.db = connect(self.db_path)
        self.run_id = run_id
        self.dir = captures_dir(self.db_path)
        self.dir.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        self.warc_name = f"{stamp}-{os.getpid()}.warc.gz"
        self._fh = open(self.dir / self.warc_name, "ab", opener=private_opener)  # noqa: SIM115
        self._buf = io.BytesIO()  # records are built here, hashed, then appended to the file
        self._writer = Sha256WARCWriter(self._buf, gzip=True)
        last = self.db.execute("SELECT id, chain_hash FROM captures ORDER BY id DESC LIMIT 1")
        row = last.fetchone()
        self._next_id = (row[0] + 1) if row else 1
        self._prev = row[1] if row else GENESIS
        self._pending: list[dict] = []
        self._pages: list[dict] = []  # page facts waiting for the next write transaction
        self._errors: list[dict] = []
        self._unfetched: list[dict] = []
        self._last_flush = time.monotonic()
        self.bytes_written = 0

    @classmethod
    def for_crawler(cls, crawler) -> CaptureStore:
        """The store shared by all components of one crawl (GREENROOM_DB, GREENROOM_RUN_ID)."""
        store = getattr(crawler, "greenroom_store", None)
        if store is None:
            settings = crawler.settings
            backend = settings.get("GREENROOM_STORE_CLASS")
            if (
                backend
            ):  # another writer backend, e.g. crawler.cluster.WorkerStore (cluster workers)
                from scrapy.utils.misc import load_object

                store = load_object(backend).from_settings(settings)
            else:
                run_id = settings.getint("GREENROOM_RUN_ID") or None
                store = cls(settings.get("GREENROOM_DB"), run_id)
            crawler.greenroom_store = store
            from scrapy import signals

            crawler.signals.connect(store._closed, signal=signals.spider_closed)
        return store

    def _closed(self, spider=None, reason=None) -> None:
        self.close()

    def record_response(
        self,
        *,
        url: str,
        method: str = "GET",
        request_headers: dict | None = None,
        status: int = 200,
        response_headers: dict | None = None,
        body: bytes = b"",
        kind: str = "response",
        about: int | None = None,
        fetched_at: str | None = None,
    ) -> int:
        """Write a request and a response record as received; return the capture id."""
        fetched_at = fetched_at or utcnow()
        warc_date = fetched_at.replace("Z", "").split(".")[0] + "Z"
        req_path = url.split("://", 1)[-1].split("/", 1)[-1] if "://" in url else url
        req_head = StatusAndHeaders(
            f"{method} /{req_path} HTTP/1.1",
            list((request_headers or {}).items()),
            is_http_request=True,
        )
        resp_head = StatusAndHeaders(
            f"{status} {_reason(status)}",
            list((response_headers or {}).items()),
            protocol="HTTP/1.1",
        )
        response = self._writer.create_warc_record(
            url,
            "response",
            payload=io.BytesIO(body),
            http_headers=resp_head,
            warc_headers_dict={"WARC-Date": warc_date},
        )
        request = self._writer.create_warc_record(
            url,
            "request",
            payload=io.BytesIO(b""),
            http_headers=req_head,
            warc_headers_dict={"WARC-Date": warc_date},
        )
        record_id = response.rec_headers.get_header("WARC-Record-ID")
        request.rec_headers.add_header("WARC-Concurrent-To", record_id)
        ctype = (response_headers or {}).get("Content-Type") or (response_headers or {}).get(
            "content-type", ""
        )
        return self._write(
            [response, request],
            url=url,
            method=method,
            status=status,
            ctype=ctype,
            body=body,
            kind=kind,
            about=about,
            fetched_at=fetched_at,
            record_id=record_id,
        )

    def record_resource(
        self,
        *,
        url: str,
        content_type: str,
        data: bytes,
        kind: str,
        about: int | None = None,
        fetched_at: str | None = None,
        target: str | None = None,
        warc_headers: dict | None = None,
    ) -> int:
        """Write a `resource` record (screenshot, rendered DOM); return the capture id.
        Its WARC-Target-URI is `target` (default `urn:greenroom:<kind>:<url>`)."""
        fetched_at = fetched_at or utcnow()
        warc_date = fetched_at.replace("Z", "").split(".")[0] + "Z"
        record = self._writer.create_warc_record(
            target or f"urn:greenroom:{kind}:{url}",
            "resource",
            payload=io.BytesIO(data),
            warc_content_type=content_type,
            warc_headers_dict={"WARC-Date": warc_date, **(warc_headers or {})},
        )
        record_id = record.rec_headers.get_header("WARC-Record-ID")
        return self._write(
            [record],
            url=url,
            method="",
            status=0,
            ctype=content_type,
            body=data,
            kind=kind,
            about=about,
            fetched_at=fetched_at,
            record_id=record_id,
        )

    def _write(
        self, records, *, url, method, status, ctype, body, kind, about, fetched_at, record_id
    ) -> int:
        self._buf.seek(0)
        self._buf.truncate()
        for record in records:
            self._writer.write_record(record)
        data = self._buf.getvalue()
        offset = self._fh.tell()
        self._fh.write(data)
        self._fh.flush()
        length = len(data)
        self.bytes_written += length
        row = {
            "id": None,  # assigned by _commit_row
            "run_id": self.run_id,
            "kind": kind,
            "about": about,
            "url": url,
            "method": method,
            "fetched_at": fetched_at,
            "http_status": status,
            "content_type": ctype,
            "sha256": hashlib.sha256(body).hexdigest(),
            "size": len(body),
            "warc_file": self.warc_name,
            "warc_offset": offset,
            "warc_length": length,
            "warc_record_id": record_id,
            "record_sha256": hashlib.sha256(data).hexdigest(),
        }
        return self._commit_row(row)

    def _commit_row(self, row: dict) -> int:
        """Give a written record its id and chain link; queue its row. Writer backends that
        hand rows to another process override this (storage.relay.RelayStore)."""
        row["id"] = self._next_id
        row["prev_hash"] = self._prev
        row["chain_hash"] = chain_hash(self._prev, row)
        self._prev = row["chain_hash"]
        self._next_id += 1
        self._pending.append(row)
        if len(self._pending) >= FLUSH_EVERY or time.monotonic() - self._last_flush > FLUSH_SECONDS:
            self.flush()
        return row["id"]

    def add_page(self, row: dict) -> None:
        """Queue one `pages` row (page facts); written with the next batch of captures."""
        self._pages.append(row)
        if len(self._pages) >= FLUSH_EVERY:
            self.flush()

    def record_error(self, url: str, kind: str, message: str) -> None:
        """Record a page that could not be fetched or rendered (a crawl error)."""
        self._errors.append(
            {"run_id": self.run_id, "url": url, "at": utcnow(), "kind": kind, "message": message}
        )

    def record_unfetched(self, url: str, reason: str) -> None:
        """Record a link not followed, and why (`robots`, `off-site`): not a crawl error."""
        self._unfetched.append(
            {"run_id": self.run_id, "url": url, "reason": reason, "at": utcnow()}
        )

    def flush(self) -> None:
        """Commit pending rows in one transaction (WARC bytes are already on disk)."""
        if self._pending or self._pages or self._errors or self._unfetched:
            with transaction(self.db) as conn:
                upsert_rows(conn, "captures", self._pending)
                upsert_rows(conn, "pages", self._pages)
                upsert_rows(conn, "crawl_errors", self._errors)
                upsert_rows(conn, "unfetched", self._unfetched)
            self._pending, self._pages, self._errors, self._unfetched = [], [], [], []
        self._last_flush = time.monotonic()

    def close(self) -> None:
        if self._fh.closed:
            return
        self.flush()
        self._fh.close()
        self.db.conn.close()


def _reason(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


def last_id(db) -> int:
    """The highest capture id (0 for none)."""
    return db.execute("SELECT COALESCE(MAX(id), 0) FROM captures").fetchone()[0]


def responses_of_run(db, run_id: int) -> int:
    """How many pages (responses) one run captured."""
    return db.execute(
        "SELECT COUNT(*) FROM captures WHERE run_id = ? AND kind = 'response'", [run_id]
    ).fetchone()[0]


def replayable(db, run_id: int, statuses) -> dict[str, int]:
    """URL → the last response of the run with one of `statuses` (what a resumed run need
    not fetch again)."""
    rows = db.execute(
        "SELECT url, MAX(id) FROM captures WHERE run_id = ? AND kind = 'response' "
        f"AND http_status IN ({','.join(map(str, map(int, statuses)))}) GROUP BY url",
        [run_id],
    ).fetchall()
    return dict(rows)


def api_answers_of(conn, capture_id: int) -> list[dict]:
    """The `api` captures about one capture (an API sample's later answers), in order."""
    return dicts(
        conn, "SELECT * FROM captures WHERE about = ? AND kind = 'api' ORDER BY id", [capture_id]
    )


def capture(conn, capture_id: int) -> dict | None:
    """One capture's row, or None."""
    rows = dicts(conn, "SELECT * FROM captures WHERE id = ?", [capture_id])
    return rows[0] if rows else None


def read_capture(
    db_path: str | Path, row: dict, *, raw: bool = False, limit: int = READ_LIMIT
) -> tuple[dict, bytes]:
    """The (headers, body) of a stored capture: the body as received with `raw`, else
    decoded from its content-encoding. Both are read in bounded chunks; a body past
    `limit` raises TooLarge (a ValueError), whatever it claims."""
    path = captures_dir(db_path) / row["warc_file"]
    with open(path, "rb") as fh:
        fh.seek(row["warc_offset"])
        data = fh.read(min(row["warc_length"], limit + 1024 * 1024))
    for record in ArchiveIterator(io.BytesIO(data)):
        if record.rec_type in ("response", "resource"):
            headers = {}
            if record.http_headers:
                headers = {k.lower(): v for k, v in record.http_headers.headers}
            else:
                headers = {"content-type": record.rec_headers.get_header("Content-Type") or ""}
            body = bytearray()
            while chunk := record.raw_stream.read(CHUNK):
                body += chunk
                if len(body) > limit:
                    raise TooLarge(f"capture {row['id']}: body past {limit} bytes")
            if raw:
                return headers, bytes(body)
            codings = encodings(headers) if record.http_headers else []
            return headers, decode(bytes(body), codings, limit)
    raise ValueError(f"capture {row['id']}: no response record at {path}:{row['warc_offset']}")
