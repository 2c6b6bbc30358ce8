"""The bundle's `manifest.json` (every file with SHA-256 and size, the findings, their
captures, how they were captured), the runs' time-stamp tokens, and the zip they go in."""

from __future__ import annotations

import hashlib
import json
import zipfile
from typing import TYPE_CHECKING

from storage import signing
from storage.db import chunks
from storage.evidence import timestamp
from storage.evidence.format import (
    CAPTURE_FIELDS,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    RUN_TIMESTAMPS,
    SIGNATURE,
    STORED_SUFFIXES,
    TIMESTAMP,
    WACZ_PATH,
    WARC_PATH,
    canonical,
    file_sha256,
)
from storage.evidence.select import closure
from storage.evidence.wacz import wacz_version
from storage.warc import ROBOTS_STAT

if TYPE_CHECKING:
    from pathlib import Path


def write_run_timestamps(db, rows: dict[int, dict], out_dir: Path) -> list[dict]:
    """The RFC 3161 tokens over the chain head of each run the captures come from (taken at
    run end, see storage.runs.stamp_run), as `timestamps/run-<id>.tsr`."""
    run_ids = sorted({r["run_id"] for r in rows.values() if r["run_id"] is not None})
    if not run_ids or "timestamp_token" not in db["runs"].columns_dict:
        return []
    stamps = []
    for part in chunks(run_ids):
        for run_id, token, head, capture, tsa in db.execute(
            "SELECT id, timestamp_token, timestamp_head, timestamp_capture, timestamp_tsa "
            f"FROM runs WHERE id IN ({','.join('?' * len(part))}) AND timestamp_token IS NOT NULL",
            part,
        ):
            name = f"{RUN_TIMESTAMPS}/run-{run_id}.tsr"
            (out_dir / RUN_TIMESTAMPS).mkdir(exist_ok=True)
            (out_dir / name).write_bytes(token)
            try:
                attested = timestamp.token_time(token).isoformat().replace("+00:00", "Z")
            except timestamp.TimestampError:
                attested = None  # verify reports the damaged token
            stamps.append(
                {
                    "run": run_id,
                    "file": name,
                    "tsa": tsa,
                    "chain_head": head,
                    "chain_head_capture": capture,
                    "imprint": "sha256 of chain_head (64 hex characters, ASCII)",
                    "time": attested,
                }
            )
    return stamps


def robots_obeyed(obeyed: list[bool], runs: int) -> bool | None:
    """Whether the runs obeyed robots.txt, as they recorded it: False when one did not, True
    when every one did, None when a run recorded nothing (it ran before this was recorded)."""
    if not all(obeyed):
        return False
    return True if obeyed and len(obeyed) == runs else None


def how_captured(db, rows: dict[int, dict], records: list[dict]) -> dict:
    """The manifest's `how_captured`: user agents, browser, robots.txt (as each run recorded
    it), WARC and chain."""
    obeyed: list[bool] = []
    agents = sorted({r["user_agent"] for r in records if r.get("user_agent")})
    browsers = sorted({r["browser"] for r in records if r.get("browser")})
    run_ids = sorted({r["run_id"] for r in rows.values() if r["run_id"] is not None})
    for part in chunks(run_ids):
        for (stats,) in db.execute(
            f"SELECT stats FROM runs WHERE id IN ({','.join('?' * len(part))})", part
        ):
            try:
                values = json.loads(stats or "{}")
            except ValueError:
                continue
            if not isinstance(values, dict):
                continue
            if ROBOTS_STAT in values:
                obeyed.append(bool(values[ROBOTS_STAT]))
            for key, value in values.items():
                if "browser" in key and "version" in key and value:
                    browsers.append(str(value))
    rendered = any(r["kind"] in ("dom", "screenshot") for r in rows.values())
    if rendered and not browsers:
        api_agents = {
            r["user_agent"]
            for r in records
            if r.get("user_agent") and rows[r["capture"]]["kind"] == "api"
        }
        browsers = sorted(
            f"{ua} (User-Agent of its API requests)" for ua in api_agents if "Chrome" in ua
        )
    return {
        "user_agents": agents,
        "robots_txt_obeyed": robots_obeyed(obeyed, len(run_ids)),
        "robots_txt_captures": [r["id"] for r in rows.values() if r.get("_robots")],
        "browser": "; ".join(sorted(set(browsers))) or None,
        "rendered_captures": sum(r["kind"] == "dom" for r in rows.values()),
        "warc": "WARC/1.0, gzip per record, sha256 block and payload digests (warcio)",
        "hash_chain": "chain_hash = sha256(prev_hash, id, url, fetched_at, sha256, "
        "record_sha256 joined by newlines)",
    }


def _records_by_capture(records: list[dict]) -> dict[int, list[dict]]:
    keys = ("type", "record_id", "target", "offset", "length", "payload_digest", "block_digest")
    by_capture: dict[int, list[dict]] = {}
    for rec in records:
        by_capture.setdefault(rec["capture"], []).append({k: rec[k] for k in keys})
    return by_capture


def build(
    tmp: Path,
    findings: list[dict],
    rows: dict[int, dict],
    records: list[dict],
    *,
    meta: dict,
    key,
    tsa_url: str | None,
    replay: dict,
) -> dict:
    """The manifest of the files under `tmp`, with its self-digest; signed when `key`."""
    by_capture = _records_by_capture(records)
    files = sorted(str(p.relative_to(tmp)) for p in tmp.rglob("*") if p.is_file())
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "tool": {"name": "greenroom", "version": meta["tool_version"]},
        "exported_at": meta["exported_at"],
        "case": meta["case"],
        "exporter": meta["exporter"],
        "selection": meta["selection"],
        "masked_in_report": meta["masked"],
        "how_captured": meta["how"],
        "findings": [
            {
                "id": f["id"],
                "check_id": f["check_id"],
                "subject_url": f["subject_url"],
                "status": f["status"],
                "captures": f["evidence"],
                "related_captures": closure(f["evidence"], rows),
            }
            for f in findings
        ],
        "captures": [
            {
                **{k: r[k] for k in CAPTURE_FIELDS},
                "warc": {
                    "path": WARC_PATH,
                    "offset": r["bundle_offset"],
                    "length": r["bundle_length"],
                },
                "records": by_capture.get(r["id"], []),
                **({"screenshot": r["screenshot"]} if r.get("screenshot") else {}),
            }
            for r in rows.values()
        ],
        "files": [
            {"path": f, **dict(zip(("sha256", "size"), file_sha256(tmp / f), strict=True))}
            for f in files
        ],
        "signature": None,
        "timestamp": (
            {"file": TIMESTAMP, "tsa": tsa_url, "imprint": "sha256 of manifest.json"}
            if tsa_url
            else None
        ),
        "run_timestamps": meta["run_timestamps"],
        "replay": {"file": WACZ_PATH, "made_by": f"py-wacz {wacz_version()}", **replay},
    }
    if key:
        manifest["signature"] = {
            "algorithm": signing.ALGORITHM,
            "file": SIGNATURE,
            "fingerprint": meta["signature"],
            "public_key": signing.public_pem(key.public_key()).decode(),
        }
    manifest["manifest_sha256"] = hashlib.sha256(canonical(manifest)).hexdigest()
    return manifest


def pack(tmp: Path, part: Path, manifest: dict, *, key, tsa_url: str | None) -> None:
    """The zip: manifest.json first, its signature and time-stamp token, then every file
    it lists (already compressed ones stored as they are)."""
    manifest_bytes = json.dumps(manifest, ensure_ascii=False, indent=2).encode() + b"\n"
    token = timestamp.request_token(tsa_url, manifest_bytes) if tsa_url else None
    with zipfile.ZipFile(part, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as z:
        z.writestr(MANIFEST, manifest_bytes)
        if key:
            z.writestr(SIGNATURE, signing.sign(key, manifest_bytes), zipfile.ZIP_STORED)
        if token:
            z.writestr(TIMESTAMP, token, zipfile.ZIP_STORED)
        for f in (entry["path"] for entry in manifest["files"]):
            stored = f.endswith(STORED_SUFFIXES)
            z.write(tmp / f, f, zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED)
