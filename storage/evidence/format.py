"""The evidence bundle's format, written once: its members, which are required, their columns.

`storage.bundle` writes what is listed here and `storage.verify` checks it; a new member is
one `Member` line and its writer in `storage/evidence/`.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from storage.db import CAPTURE_COLUMNS
from storage.findings import FINDING_COLUMNS

if TYPE_CHECKING:
    from pathlib import Path

FORMAT = "greenroom-evidence-bundle"
FORMAT_VERSION = 1
CHUNK = 1 << 20  # bytes read at a time: nothing is held whole in memory

MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
TIMESTAMP = "timestamp.tsr"  # RFC 3161 reply over sha256(manifest.json), when a TSA was used
WARC_PATH = "warc/captures.warc.gz"
WACZ_PATH = "replay.wacz"
FINDINGS_JSON = "findings.json"
FINDINGS_CSV = "findings.csv"
REPORT = "report.html"
CASE = "case.json"
SCREENSHOTS = "screenshots"  # screenshots/<capture>.<ext>
RUN_TIMESTAMPS = "timestamps"  # timestamps/run-<id>.tsr


@dataclass(frozen=True)
class Member:
    """One file of the bundle: its path (a folder ends in /), whether every bundle has it,
    what it holds."""

    path: str
    required: bool
    what: str


MEMBERS = (
    Member(MANIFEST, True, "every file with SHA-256 and size; findings; captures; how captured"),
    Member(SIGNATURE, False, "Ed25519 signature over manifest.json, when signed"),
    Member(TIMESTAMP, False, "RFC 3161 token over manifest.json, when a TSA was asked"),
    Member(WARC_PATH, True, "the stored WARC records, byte for byte"),
    Member(WACZ_PATH, True, "the same records as a WACZ, for replay"),
    Member(FINDINGS_JSON, True, "the findings (FINDING_FIELDS)"),
    Member(FINDINGS_CSV, True, "the findings (FINDING_FIELDS), UTF-8 with BOM"),
    Member(REPORT, True, "the report a reader opens"),
    Member(CASE, False, "the case file: notes and history, when exported as a case"),
    Member(SCREENSHOTS + "/", False, "screenshot captures as image files"),
    Member(RUN_TIMESTAMPS + "/", False, "the runs' RFC 3161 chain-head tokens"),
)
REQUIRED = tuple(m.path for m in MEMBERS if m.required)

FINDING_FIELDS = FINDING_COLUMNS  # findings.json and findings.csv
# manifest.json: a capture's row, without where this database keeps it
CAPTURE_FIELDS = [
    c for c in CAPTURE_COLUMNS if c not in ("run_id", "warc_file", "warc_offset", "warc_length")
]
# written as they are (already compressed); everything else is deflated
STORED_SUFFIXES = (".gz", ".wacz", ".png", ".jpg", ".webp", ".gif")
IMAGE_EXT = {"image/png": "png", "image/jpeg": "jpg", "image/webp": "webp", "image/gif": "gif"}


def canonical(manifest: dict) -> bytes:
    """The bytes the manifest's self-digest is taken over (all keys but `manifest_sha256`)."""
    body = {k: v for k, v in manifest.items() if k != "manifest_sha256"}
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def copy_hashed(src, dst, length: int) -> str | None:
    """Copy `length` bytes from `src` to `dst` in chunks; their SHA-256 (hex), or None when
    `src` ends first."""
    digest, left = hashlib.sha256(), length
    while left:
        data = src.read(min(CHUNK, left))
        if not data:
            return None
        digest.update(data)
        dst.write(data)
        left -= len(data)
    return digest.hexdigest()


def file_sha256(path: Path) -> tuple[str, int]:
    """SHA-256 (hex) and size of a file, streamed."""
    h, size = hashlib.sha256(), 0
    with open(path, "rb") as fh:
        while data := fh.read(CHUNK):
            h.update(data)
            size += len(data)
    return h.hexdigest(), size
