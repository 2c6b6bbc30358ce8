"""Offline verification: an evidence bundle against its manifest, or a database's hash chain.

`verify_bundle` needs nothing but the zip (and, to check who signed it, a public key). It
never extracts: members are streamed and hashed; hostile zips (absolute or `..` paths,
links, encrypted or oversized members, zip bombs, truncated files, a manifest that is not
JSON) raise `BundleRefused` with one line. `verify_db` walks the `captures` chain and
re-hashes every stored WARC record, then the case history's chain (storage.cases).
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import sqlite3
import tempfile
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from storage import signing
from storage.cases import check_history
from storage.db import open_read_only
from storage.evidence import timestamp
from storage.evidence.format import (
    CHUNK,
    FINDINGS_JSON,
    FORMAT,
    MANIFEST,
    REQUIRED,
    SIGNATURE,
    TIMESTAMP,
    WARC_PATH,
    canonical,
    copy_hashed,
)
from storage.store import Store
from storage.warc import GENESIS, chain_hash

MAX_MEMBERS = 200_000
MAX_MEMBER_BYTES = 4 << 30  # 4 GiB uncompressed per member
MAX_TOTAL_BYTES = 16 << 30
MAX_RATIO = 200  # uncompressed/compressed, for members above RATIO_FLOOR
RATIO_FLOOR = 1 << 20
# A manifest lists at most MAX_MEMBERS files (about 200 bytes each) and their captures:
# 64 MiB is several times that, and parses in well under a gigabyte.
MAX_MANIFEST_BYTES = 64 << 20
MAX_MANIFEST_DEPTH = 16  # the format nests 4 deep (manifest, list, entry, list)
MAX_SIGNATURE_BYTES = 4096
MAX_TOKEN_BYTES = 1 << 20
NO_TSA = (
    "trusted time: none — no time-stamping authority (TSA) was used; the capture times "
    "are the crawler's own clock"
)
READ_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError)
_DRIVE = re.compile(r"^[A-Za-z]:")


class BundleRefused(ValueError):
    """A zip that is not safe or not readable as a bundle: one line, nothing extracted."""


@dataclass
class Verdict:
    """The outcome: `ok`, one line per problem (each naming a file or capture), a summary."""

    ok: bool
    problems: list[str] = field(default_factory=list)
    summary: str = ""
    authenticated: bool = True  # a bundle: signed by a key the investigator trusts
    notes: list[str] = field(default_factory=list)  # trusted time: what it attests, or none


# bundle ---------------------------------------------------------------------------------
def unsafe_name(info: zipfile.ZipInfo) -> str | None:
    """Why a member's name or type is refused (zip slip, links, encryption), or None."""
    name = info.orig_filename
    if not name or "\x00" in name:
        return "empty or NUL in its name"
    if name.startswith(("/", "\\")) or _DRIVE.match(name):
        return "absolute path"
    if "\\" in name:
        return "backslash in its path"
    if ".." in name.split("/"):
        return "'..' in its path"
    if (info.external_attr >> 16) & 0o170000 == 0o120000:
        return "symbolic link"
    if info.flag_bits & 0x1:
        return "encrypted member"
    return None


def check_members(
    path: Path, infos: list[zipfile.ZipInfo], *, max_member: int, max_total: int, max_ratio: float
) -> None:
    """Refuse the zip before reading any member: names, counts, sizes, ratios."""
    if len(infos) > MAX_MEMBERS:
        raise BundleRefused(f"{path}: {len(infos)} members; refusing more than {MAX_MEMBERS}")
    seen, total = set(), 0
    for info in infos:
        why = unsafe_name(info)
        if why:
            raise BundleRefused(f"{path}: refusing member {info.orig_filename!r}: {why}")
        if info.filename in seen:
            raise BundleRefused(f"{path}: member {info.filename} appears twice")
        seen.add(info.filename)
        if info.file_size > max_member:
            raise BundleRefused(
                f"{path}: member {info.filename} would expand to {info.file_size} bytes, over "
                f"the {max_member}-byte limit (zip bomb?); stopped"
            )
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_FLOOR and ratio > max_ratio:
            raise BundleRefused(
                f"{path}: member {info.filename} expands {ratio:.0f}-fold (zip bomb?); stopped"
            )
        total += info.file_size
        if total > max_total:
            raise BundleRefused(
                f"{path}: members would expand to over {max_total} bytes (zip bomb?); stopped"
            )


def read_member(zf: zipfile.ZipFile, name: str, limit: int) -> bytes:
    info = zf.getinfo(name)
    if info.file_size > limit:
        raise BundleRefused(f"{name}: {info.file_size} bytes, over the {limit}-byte limit")
    with zf.open(info) as fh:
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise BundleRefused(f"{name}: over the {limit}-byte limit")
    return data


def hash_member(zf: zipfile.ZipFile, name: str) -> tuple[str, int]:
    """SHA-256 and size of a member, streamed (zipfile stops at the declared size and
    checks the CRC-32)."""
    digest, size = hashlib.sha256(), 0
    with zf.open(name) as fh:
        while data := fh.read(CHUNK):
            digest.update(data)
            size += len(data)
    return digest.hexdigest(), size


def verify_bundle(
    path: str | Path,
    pubkey: str | Path | None = None,
    *,
    trusted: dict[str, str] | None = None,
    tsa_certs: list | None = None,
    max_member: int = MAX_MEMBER_BYTES,
    max_total: int = MAX_TOTAL_BYTES,
    max_ratio: float = MAX_RATIO,
) -> Verdict:
    """Check every file of a bundle against its manifest, the manifest against the WARC
    records and its own digest, and the signature. It is authenticated only when signed by
    `pubkey` or by a key in `trusted` (fingerprint -> whose), never by a key the bundle
    brings along. Its RFC 3161 tokens are checked against `tsa_certs` (their imprints
    always); `notes` say what time they attest, or that there is none."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no such file")
    try:
        zf = zipfile.ZipFile(path)
    except READ_ERRORS as exc:
        raise BundleRefused(f"{path}: not a readable zip (truncated or damaged: {exc})") from None
    with zf:
        infos = zf.infolist()
        check_members(path, infos, max_member=max_member, max_total=max_total, max_ratio=max_ratio)
        names = {i.filename for i in infos}
        if MANIFEST not in names:
            raise BundleRefused(f"{path}: manifest.json is missing (removed, or not a bundle)")
        try:
            manifest_bytes = read_member(zf, MANIFEST, MAX_MANIFEST_BYTES)
        except READ_ERRORS as exc:
            raise BundleRefused(f"{path}: manifest.json is unreadable (altered: {exc})") from None
        try:
            _check_depth(path, manifest_bytes)
            manifest = json.loads(manifest_bytes.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise BundleRefused(f"{path}: manifest.json is not JSON ({exc})") from None
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise BundleRefused(f"{path}: manifest.json is not a greenroom bundle manifest")
        files = _listed_files(path, manifest)
        problems: list[str] = []
        if manifest.get("manifest_sha256") != hashlib.sha256(canonical(manifest)).hexdigest():
            problems.append("altered: manifest.json (its content no longer matches its digest)")
        problems += [
            f"manifest.json: {name} is not listed (every bundle has it)"
            for name in REQUIRED
            if name != MANIFEST and name not in files
        ]
        hashes = _check_files(zf, names, files, manifest, problems)
        if WARC_PATH in names and WARC_PATH in files:
            _check_warc(zf, manifest, problems)
        _check_captures(manifest, files, hashes, problems)
        _check_findings(zf, names, manifest, problems)
        fp = _check_signature(zf, names, manifest, manifest_bytes, pubkey, problems)
        notes = _check_timestamps(zf, names, manifest, manifest_bytes, tsa_certs, problems)
    n_find, n_capt = len(manifest.get("findings") or []), len(manifest.get("captures") or [])
    if problems:
        return Verdict(
            False, problems, f"{path}: NOT intact: {len(problems)} problem(s) found", notes=notes
        )
    counts = f"{len(files)} files, {n_find} findings, {n_capt} captures"
    whose = (trusted or {}).get(fp or "")
    if pubkey or whose:
        how = f"checked against {pubkey}" if pubkey else f"trusted key of {whose}"
        return Verdict(True, [], f"{path}: intact: {counts}; signed by {fp} ({how})", notes=notes)
    why = f"signed by an unknown key {fp}" if fp else "unsigned"
    return Verdict(
        True,
        [],
        f"{path}: intact but NOT AUTHENTICATED: {why} ({counts}; to authenticate it, "
        "pass --pubkey or list the signer's key in a trusted-keys file)",
        authenticated=False,
        notes=notes,
    )


_BRACKETS = re.compile(rb'[\[\]{}]|"(?:[^"\\]|\\.)*"')


def _check_depth(path: Path, data: bytes) -> None:
    """Refuse JSON nested deeper than the format ever is, before parsing it (the parser
    and canonical() recurse: a few KB of `[` would hit Python's recursion limit)."""
    depth = 0
    for m in _BRACKETS.finditer(data):
        c = m.group()[:1]
        if c in b"[{":
            depth += 1
            if depth > MAX_MANIFEST_DEPTH:
                raise BundleRefused(
                    f"{path}: manifest.json is nested more than {MAX_MANIFEST_DEPTH} deep; "
                    "refusing it (not a greenroom manifest)"
                )
        elif c in b"]}":
            depth -= 1


def _listed_files(path: Path, manifest: dict) -> dict[str, dict]:
    files = manifest.get("files")
    ok = isinstance(files, list) and all(
        isinstance(f, dict)
        and isinstance(f.get("path"), str)
        and isinstance(f.get("sha256"), str)
        and isinstance(f.get("size"), int)
        for f in files
    )
    if not ok:
        raise BundleRefused(f"{path}: manifest.json has no valid `files` list")
    return {f["path"]: f for f in files}


def _check_files(zf, names, files, manifest, problems) -> dict[str, str]:
    """Added, removed and altered files; returns the actual SHA-256 of each listed file."""
    hashes: dict[str, str] = {}
    signed = bool(manifest.get("signature"))
    for name in sorted(names - set(files) - {MANIFEST}):
        if name == SIGNATURE and signed or name == TIMESTAMP and manifest.get("timestamp"):
            continue
        why = " (the manifest says the bundle is unsigned)" if name == SIGNATURE else ""
        problems.append(f"added: {name}{why}")
    for name, entry in sorted(files.items()):
        if name not in names:
            problems.append(f"removed: {name}")
            continue
        try:
            digest, size = hash_member(zf, name)
        except READ_ERRORS as exc:
            problems.append(f"altered: {name} (unreadable: {exc})")
            continue
        hashes[name] = digest
        if digest != entry["sha256"] or size != entry["size"]:
            problems.append(f"altered: {name} (SHA-256 differs from manifest.json)")
    return hashes


def _check_warc(zf, manifest: dict, problems: list[str]) -> None:
    """Each capture's bytes in the bundle WARC against record_sha256, its payload against
    sha256, the WARC's own digests, record ids; and that no bytes are unaccounted for."""
    captures = [c for c in manifest.get("captures") or [] if isinstance(c, dict)]
    captures.sort(key=lambda c: (c.get("warc") or {}).get("offset", -1))
    pos = 0
    try:
        with zf.open(WARC_PATH) as fh:
            for cap in captures:
                where = cap.get("warc") or {}
                offset, length = where.get("offset"), where.get("length")
                if not isinstance(offset, int) or not isinstance(length, int) or offset < pos:
                    problems.append(f"manifest.json: capture {cap.get('id')}: bad WARC position")
                    continue
                if offset > pos:
                    _skip(fh, offset - pos)
                    problems.append(
                        f"{WARC_PATH}: {offset - pos} bytes at {pos} belong to no listed capture"
                    )
                pos = offset + length
                _check_blob(fh, cap, length, problems)
            rest = 0
            while data := fh.read(CHUNK):
                rest += len(data)
            if rest:
                problems.append(f"{WARC_PATH}: {rest} bytes after the last listed capture")
    except READ_ERRORS as exc:
        problems.append(f"altered: {WARC_PATH} (unreadable: {exc})")


def _skip(fh, n: int) -> None:
    while n > 0:
        data = fh.read(min(CHUNK, n))
        if not data:
            return
        n -= len(data)


def _check_blob(fh, cap: dict, length: int, problems: list[str]) -> None:
    cid, label = cap.get("id"), f"{WARC_PATH}: capture {cap.get('id')}"
    with tempfile.SpooledTemporaryFile(max_size=8 << 20) as blob:
        digest = copy_hashed(fh, blob, length)
        if digest is None or digest != cap.get("record_sha256"):
            problems.append(f"{label}: its WARC bytes differ from record_sha256 in manifest.json")
            return
        blob.seek(0)
        main, ids = None, []
        try:
            it = ArchiveIterator(blob, check_digests=True)
            for record in it:
                payload = hashlib.sha256()
                while data := record.raw_stream.read(CHUNK):
                    payload.update(data)
                ids.append(record.rec_headers.get_header("WARC-Record-ID"))
                if record.digest_checker.passed is False:
                    problems.append(
                        f"{label}: WARC digest check failed: "
                        + "; ".join(record.digest_checker.problems)
                    )
                if main is None and record.rec_type in ("response", "resource"):
                    main = (record, payload.hexdigest())
        except (ArchiveLoadFailed, *READ_ERRORS) as exc:
            problems.append(f"{label}: WARC record unreadable ({exc})")
            return
    if main is None:
        problems.append(f"{label}: no response or resource record")
        return
    record, payload = main
    if payload != cap.get("sha256"):
        problems.append(f"manifest.json: capture {cid}: sha256 disagrees with the WARC payload")
    if record.rec_headers.get_header("WARC-Record-ID") != cap.get("warc_record_id"):
        problems.append(f"manifest.json: capture {cid}: warc_record_id disagrees with the WARC")
    target = record.rec_headers.get_header("WARC-Target-URI") or ""
    if target != cap.get("url") and not target.endswith(":" + str(cap.get("url"))):
        problems.append(f"manifest.json: capture {cid}: url disagrees with the WARC target URI")
    listed = [r.get("record_id") for r in cap.get("records") or [] if isinstance(r, dict)]
    if listed and listed != ids:
        problems.append(f"manifest.json: capture {cid}: record ids disagree with the WARC")


def _check_captures(manifest: dict, files: dict, hashes: dict, problems: list[str]) -> None:
    for cap in manifest.get("captures") or []:
        if not isinstance(cap, dict):
            problems.append("manifest.json: a capture entry is not an object")
            continue
        try:
            link = chain_hash(cap["prev_hash"], cap)
        except (KeyError, TypeError):
            link = None
        if link != cap.get("chain_hash"):
            problems.append(
                f"manifest.json: capture {cap.get('id')}: chain_hash does not match "
                "its id, url, fetched_at, sha256, record_sha256 and prev_hash"
            )
        shot = cap.get("screenshot")
        if shot:
            if shot not in files:
                problems.append(
                    f"manifest.json: capture {cap.get('id')}: screenshot {shot} is not listed"
                )
            elif files[shot]["sha256"] != cap.get("sha256"):
                problems.append(
                    f"manifest.json: capture {cap.get('id')}: screenshot {shot} "
                    "disagrees with the capture's sha256"
                )


def _check_findings(zf, names, manifest: dict, problems: list[str]) -> None:
    ids = {c.get("id") for c in manifest.get("captures") or [] if isinstance(c, dict)}
    listed = {}
    for f in manifest.get("findings") or []:
        if not isinstance(f, dict):
            problems.append("manifest.json: a finding entry is not an object")
            continue
        listed[f.get("id")] = sorted(f.get("captures") or [])
        missing = [c for c in f.get("captures") or [] if c not in ids]
        if missing:
            problems.append(
                f"manifest.json: finding {f.get('id')}: captures {missing} are not in the bundle"
            )
    if FINDINGS_JSON not in names:
        return
    try:
        rows = json.loads(read_member(zf, FINDINGS_JSON, MAX_MANIFEST_BYTES))
        shown = {r["id"]: sorted(r.get("evidence") or []) for r in rows}
    except (*READ_ERRORS, KeyError, TypeError, BundleRefused):
        return  # already reported as altered by the file check
    if shown != listed:
        problems.append(f"{FINDINGS_JSON}: its findings or evidence disagree with manifest.json")


def _check_signature(zf, names, manifest, manifest_bytes, pubkey, problems) -> str | None:
    """The fingerprint of the key that made the signature, when it verifies; else None.
    The key embedded in the manifest only says which key signed; it proves nothing."""
    block = manifest.get("signature")
    if not block:
        if pubkey:
            problems.append(f"{SIGNATURE}: the bundle is not signed, but --pubkey was given")
        return None
    if SIGNATURE not in names:
        problems.append(f"removed: {SIGNATURE}")
        return None
    try:
        signature = read_member(zf, SIGNATURE, MAX_SIGNATURE_BYTES)
    except (*READ_ERRORS, BundleRefused) as exc:
        problems.append(f"altered: {SIGNATURE} (unreadable: {exc})")
        return None
    if pubkey:
        key = signing.load_public_key(pubkey)
    else:
        try:
            key = signing.public_key_from_pem(
                block.get("public_key") if isinstance(block, dict) else ""
            )
        except (ValueError, TypeError, AttributeError):
            problems.append("manifest.json: its signature public key is not an Ed25519 key")
            return None
    fp = signing.fingerprint(key)
    if not signing.verify_signature(key, manifest_bytes, signature):
        problems.append(
            f"{SIGNATURE}: the signature of manifest.json does not verify with key {fp}"
        )
        return None
    return fp


def _check_timestamps(zf, names, manifest, manifest_bytes, roots, problems) -> list[str]:
    """The manifest's token and the runs' chain-head tokens: one line each, a note or a
    problem. Without `roots` the imprint is still checked, the signer is not."""
    block = manifest.get("timestamp")
    if not isinstance(block, dict):
        notes = [NO_TSA]
    elif TIMESTAMP not in names:
        problems.append(f"removed: {TIMESTAMP}")
        notes = []
    else:
        notes = []
        try:
            token = read_member(zf, TIMESTAMP, MAX_TOKEN_BYTES)
        except (*READ_ERRORS, BundleRefused) as exc:
            problems.append(f"altered: {TIMESTAMP} (unreadable: {exc})")
            token = None
        if token is not None:
            line = _check_token(token, manifest_bytes, roots, problems, TIMESTAMP)
            if line:
                notes.append(f"trusted time: manifest.json {line} (TSA {block.get('tsa')})")
    captures = {c.get("id"): c for c in manifest.get("captures") or [] if isinstance(c, dict)}
    for stamp in manifest.get("run_timestamps") or []:
        if not isinstance(stamp, dict) or stamp.get("file") not in names:
            problems.append("manifest.json: a run time-stamp entry names no file in the bundle")
            continue
        head = str(stamp.get("chain_head") or "")
        try:
            token = read_member(zf, stamp["file"], MAX_TOKEN_BYTES)
        except (*READ_ERRORS, BundleRefused):
            continue  # reported by the file check
        line = _check_token(token, head.encode(), roots, problems, stamp["file"])
        if line:
            notes.append(
                f"trusted time: run {stamp.get('run')} chain head {head[:16]}… (capture "
                f"{stamp.get('chain_head_capture')}) {line}"
            )
        cap = captures.get(stamp.get("chain_head_capture"))
        if cap is not None and cap.get("chain_hash") != head:
            problems.append(
                f"{stamp['file']}: capture {cap.get('id')} is not the chain head it attests"
            )
    return notes


def _check_token(token: bytes, data: bytes, roots, problems: list[str], name: str) -> str:
    try:
        if roots:
            when = timestamp.check_token(token, data, roots)
            return f"time-stamped at {_iso(when)} (RFC 3161, checked against --tsa-cert)"
        response = timestamp.parse(token)
        if response.tst_info.message_imprint.message != hashlib.sha256(data).digest():
            raise timestamp.TimestampError(
                "the token is for other content (its message imprint differs)"
            )
        when = response.tst_info.gen_time
    except timestamp.TimestampError as exc:
        problems.append(f"{name}: {exc}")
        return ""
    return f"time-stamped at {_iso(when)} (signer NOT checked: give --tsa-cert)"


def _iso(when) -> str:
    return when.isoformat().replace("+00:00", "Z")


# database ---------------------------------------------------------------------------------
def verify_db(db_path: str | Path, *, limit: int = 20) -> Verdict:
    """Walk the captures in id order: each link to the one before, each row against its
    chain hash, each stored WARC record against record_sha256 and its body against sha256.
    Problems are listed first-broken first (at most `limit`)."""
    db_path = Path(db_path)
    if not db_path.is_file():
        raise FileNotFoundError(f"{db_path}: no such database")
    store = Store(db_path).captures  # its connection is never opened: read-only below
    conn = open_read_only(db_path)  # never writes, even a -shm: a forensic copy verifies
    conn.row_factory = sqlite3.Row
    problems: list[str] = []
    broken = count = 0
    prev, prev_id = GENESIS, None
    handles: dict[str, object] = {}
    try:
        for row in conn.execute("SELECT * FROM captures ORDER BY id"):
            count += 1
            problem = _check_row(dict(row), prev, prev_id, store, handles)
            if problem:
                broken += 1
                if len(problems) < limit:
                    problems.append(problem)
            prev, prev_id = row["chain_hash"], row["id"]
        entries, case_problems = check_history(conn, limit)
    except sqlite3.DatabaseError as exc:
        raise BundleRefused(f"{db_path}: not a readable greenroom database ({exc})") from None
    finally:
        for fh in handles.values():
            fh.close()
        conn.close()
    cases = f"; {entries} case-history entries intact" if entries else ""
    if broken:
        more = f" ({broken - len(problems)} more not listed)" if broken > len(problems) else ""
        return Verdict(
            False,
            problems + case_problems,
            f"{db_path}: {broken} of {count} captures no longer "
            f"match; first broken: capture {_id_of(problems[0])}"
            f"{more}",
        )
    if case_problems:
        return Verdict(
            False,
            case_problems,
            f"{db_path}: {count} captures intact, but the case history no longer matches "
            f"({len(case_problems)} problem(s)); first: {case_problems[0]}",
        )
    return Verdict(True, [], f"{db_path}: {count} captures intact; chain head {prev}{cases}")


def _id_of(problem: str) -> str:
    m = re.match(r"capture (\d+)", problem)
    return m.group(1) if m else "?"


def _check_row(row: dict, prev: str, prev_id, store: Path, handles: dict) -> str | None:
    cid, where = row["id"], f"capture {row['id']} ({row['url']})"
    if row["prev_hash"] != prev:
        before = f"capture {prev_id}" if prev_id else "the start of the chain"
        return (
            f"{where}: prev_hash does not link to {before} "
            "(a capture was removed, inserted or reordered)"
        )
    try:
        link = chain_hash(prev, row)
    except TypeError:
        link = None
    if link != row["chain_hash"]:
        return f"{where}: its row was changed (chain_hash no longer matches)"
    name = row["warc_file"] or ""
    if not name or "/" in name or "\\" in name:
        return f"capture {cid}: bad WARC file name {name!r}"
    if name not in handles:
        try:
            handles[name] = open(store / name, "rb")  # noqa: SIM115 - closed by verify_db
        except OSError:
            return f"capture {cid}: WARC file {store / name} is missing"
    fh = handles[name]
    fh.seek(row["warc_offset"])
    data = fh.read(row["warc_length"])
    if len(data) != row["warc_length"] or hashlib.sha256(data).hexdigest() != row["record_sha256"]:
        return (
            f"{where}: WARC bytes in {store / name} at offset {row['warc_offset']} were "
            "changed (record_sha256 no longer matches)"
        )
    try:
        for record in ArchiveIterator(io.BytesIO(data)):
            if record.rec_type in ("response", "resource"):
                body = hashlib.sha256(record.raw_stream.read()).hexdigest()
                if body != row["sha256"]:
                    return f"{where}: its body no longer matches sha256"
                return None
    except (ArchiveLoadFailed, *READ_ERRORS) as exc:
        return f"{where}: WARC record unreadable ({exc})"
    return f"{where}: no response or resource record in the WARC bytes"
