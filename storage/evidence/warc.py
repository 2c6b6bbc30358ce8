"""The bundle's `warc/captures.warc.gz`: the stored WARC records copied byte for byte (whole
gzip members), checked against their hashes on the way, then indexed in one pass."""

from __future__ import annotations

import os
import shutil
from bisect import bisect_right
from typing import TYPE_CHECKING

from warcio.archiveiterator import ArchiveIterator

from storage.evidence.format import CHUNK, IMAGE_EXT, SCREENSHOTS, copy_hashed
from storage.warc import chain_hash

if TYPE_CHECKING:
    from pathlib import Path

    from storage.store import Store


class StoreError(RuntimeError):
    """The capture store no longer matches its own hashes: evidence is not exported."""


def copy_records(store: Store, rows: dict[int, dict], out: Path) -> None:
    """Append each capture's stored WARC bytes to `out`, checking record_sha256 and the
    chain link on the way; set `bundle_offset`/`bundle_length` on each row."""
    handles: dict[str, object] = {}
    try:
        with open(out, "wb") as dst:
            for row in rows.values():
                name = row["warc_file"] or ""
                try:
                    path = store.warc_file(name)
                except ValueError as exc:
                    raise StoreError(f"capture {row['id']}: {exc}") from None
                if name not in handles:
                    try:
                        handles[name] = open(path, "rb")  # noqa: SIM115 - closed below
                    except FileNotFoundError:
                        raise StoreError(f"capture {row['id']}: {path} is missing") from None
                src = handles[name]
                src.seek(row["warc_offset"])
                row["bundle_offset"] = dst.tell()
                digest = copy_hashed(src, dst, row["warc_length"])
                row["bundle_length"] = dst.tell() - row["bundle_offset"]
                if digest is None or digest != row["record_sha256"]:
                    raise StoreError(
                        f"capture {row['id']}: the stored WARC bytes in {path} at "
                        f"{row['warc_offset']} no longer match their SHA-256; "
                        "run `greenroom verify --db` (nothing exported)"
                    )
                if chain_hash(row["prev_hash"], row) != row["chain_hash"]:
                    raise StoreError(
                        f"capture {row['id']}: its row no longer matches its chain hash; "
                        "run `greenroom verify --db` (nothing exported)"
                    )
    finally:
        for fh in handles.values():
            fh.close()


def index_records(warc: Path, rows: dict[int, dict], shots_dir: Path) -> list[dict]:
    """One pass over the bundle's WARC: each record's headers, its capture, the screenshots
    written out as files; returns the records (small dicts, no payloads)."""
    starts = sorted((r["bundle_offset"], r["id"]) for r in rows.values())
    offsets = [s for s, _ in starts]
    records = []
    with open(warc, "rb") as fh:
        it = ArchiveIterator(fh)
        for record in it:
            pending = shots_dir / ".pending"
            if record.rec_type == "resource":  # maybe a screenshot: keep its payload
                with open(pending, "wb") as out:
                    shutil.copyfileobj(record.raw_stream, out, CHUNK)
            else:
                while record.raw_stream.read(CHUNK):
                    pass
            offset, length = it.get_record_offset(), it.get_record_length()
            capture = rows[starts[bisect_right(offsets, offset) - 1][1]]
            h = record.rec_headers
            rec = {
                "capture": capture["id"],
                "type": record.rec_type,
                "offset": offset,
                "length": length,
                "record_id": h.get_header("WARC-Record-ID"),
                "target": h.get_header("WARC-Target-URI"),
                "date": h.get_header("WARC-Date"),
                "payload_digest": h.get_header("WARC-Payload-Digest"),
                "block_digest": h.get_header("WARC-Block-Digest"),
                "mime": h.get_header("Content-Type"),
                "status": None,
                "user_agent": None,
            }
            if record.http_headers is not None:
                if record.rec_type == "request":
                    rec["user_agent"] = record.http_headers.get_header("User-Agent")
                else:
                    rec["status"] = record.http_headers.get_statuscode()
                    rec["mime"] = record.http_headers.get_header("Content-Type") or ""
            for name in ("WARC-Browser", "WARC-User-Agent"):
                if h.get_header(name):
                    rec["browser"] = h.get_header(name)
            if capture["kind"] == "screenshot" and record.rec_type == "resource":
                ext = IMAGE_EXT.get((capture["content_type"] or "").split(";")[0].strip(), "bin")
                capture["screenshot"] = f"{SCREENSHOTS}/{capture['id']}.{ext}"
                os.replace(pending, shots_dir / f"{capture['id']}.{ext}")
            pending.unlink(missing_ok=True)
            records.append(rec)
    return records
