"""Evidence bundles: `greenroom export` writes one zip per case that anyone can verify offline.

The zip holds `manifest.json` (every file with SHA-256 and size, tool version, export time,
the findings, their captures with the chain hashes, how they were captured),
`warc/captures.warc.gz` (the stored WARC records copied byte for byte: whole gzip members,
so `warcio check` and `warcio index` accept it), `screenshots/<capture>.png`,
`findings.json`, `findings.csv`, `report.html`, `replay.wacz` (the same records as a WACZ
made by Webrecorder's py-wacz, for ReplayWeb.page or pywb), when signed `manifest.sig`
(Ed25519 over `manifest.json`), when a TSA was asked `timestamp.tsr` (RFC 3161 over
`manifest.json`) and the runs' chain-head tokens, `timestamps/run-<id>.tsr`. Everything is
streamed: memory does not grow with the bundle.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import shutil
import unicodedata
import zipfile
from bisect import bisect_right
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from warcio.archiveiterator import ArchiveIterator

from crawler.output import formula_guard
from storage import report as reportmod
from storage import signing
from storage.db import captures_dir, connect
from storage.evidence import timestamp
from storage.evidence.wacz import wacz_version, write_wacz
from storage.warc import chain_hash, read_capture, utcnow
from toolkit.urls import typed_url_keys

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator

    import sqlite_utils

FORMAT = "greenroom-evidence-bundle"
FORMAT_VERSION = 1
MANIFEST, SIGNATURE = "manifest.json", "manifest.sig"
TIMESTAMP = "timestamp.tsr"  # RFC 3161 reply over sha256(manifest.json), when a TSA was used
WARC_PATH = "warc/captures.warc.gz"
WACZ_PATH = "replay.wacz"
CHUNK = 1 << 20
CONTEXT_TEXT_LIMIT = 2_000_000  # characters of a page's text searched for a snippet
FINDING_FIELDS = [
    "id",
    "check_id",
    "severity",
    "subject_type",
    "subject_url",
    "status",
    "first_seen",
    "last_seen",
    "message",
    "snippet",
    "evidence",
]
CAPTURE_FIELDS = [
    "id",
    "kind",
    "about",
    "url",
    "method",
    "fetched_at",
    "http_status",
    "content_type",
    "sha256",
    "size",
    "warc_record_id",
    "record_sha256",
    "prev_hash",
    "chain_hash",
]
IMAGE_EXT = {"image/png": "png", "image/jpeg": "jpg", "image/webp": "webp", "image/gif": "gif"}


class BundleError(ValueError):
    """The export cannot be made from what was asked (unknown finding, shop without findings)."""


class StoreError(RuntimeError):
    """The capture store no longer matches its own hashes: evidence is not exported."""


@dataclass
class ExportResult:
    path: Path
    findings: int
    captures: int
    screenshots: int
    size: int
    sha256: str
    signed_by: str | None
    tsa: str | None = None


# selection ------------------------------------------------------------------------------
def _fold(s: str) -> str:
    return "".join(unicodedata.normalize("NFKC", s or "").split()).casefold()


def _json_list(text: str | None) -> list[str]:
    try:
        value = json.loads(text or "[]")
    except ValueError:
        return [text] if text else []
    if isinstance(value, list):
        return [v if isinstance(v, str) else json.dumps(v, ensure_ascii=False) for v in value]
    return [str(value)]


def _chunks(items: list, n: int = 500) -> Iterator[list]:
    for i in range(0, len(items), n):
        yield items[i : i + n]


def shop_subjects(db: sqlite_utils.Database, shop_url: str) -> set[str]:
    """The shop, its listings (`listings.shop_url`) and the rooms whose sellers mention it."""
    variants = set(typed_url_keys(shop_url))
    subjects = set(variants)
    marks = ",".join("?" * len(variants))
    subjects |= {
        r[0]
        for r in db.execute(f"SELECT url FROM listings WHERE shop_url IN ({marks})", list(variants))
    }
    names = set()
    for row in db.execute(
        f"SELECT name, registered_name, operator FROM shops WHERE url IN ({marks})",
        list(variants),
    ):
        names |= {_fold(v) for v in row if v and _fold(v)}
    for url, sellers in db.execute("SELECT url, sellers FROM rooms"):
        for seller in _json_list(sellers):
            if any(v.rstrip("/") in seller for v in variants) or _fold(seller) in names:
                subjects.add(url)
                break
    return subjects


def select_findings(
    db: sqlite_utils.Database, *, finding_ids: Iterable[int] = (), shop_url: str | None = None
) -> list[dict]:
    """The findings to export, with their evidence capture ids, in id order."""
    sql = (
        "SELECT f.*, (SELECT json_group_array(capture_id) FROM finding_evidence e "
        "WHERE e.finding_id = f.id) AS evidence FROM findings f WHERE "
    )
    ids = sorted({int(i) for i in finding_ids})
    if ids:
        rows = []
        for part in _chunks(ids):
            rows += db.execute_returning_dicts(sql + f"f.id IN ({','.join('?' * len(part))})", part)
        missing = sorted(set(ids) - {r["id"] for r in rows})
        if missing:
            raise BundleError(f"no such finding: {', '.join(map(str, missing))}")
    elif shop_url:
        subjects = sorted(shop_subjects(db, shop_url))
        rows = []
        for part in _chunks(subjects):
            rows += db.execute_returning_dicts(
                sql + f"f.subject_url IN ({','.join('?' * len(part))})", part
            )
        if not rows:
            variants = sorted(set(typed_url_keys(shop_url)))
            known = db.execute(
                f"SELECT 1 FROM shops WHERE url IN ({','.join('?' * len(variants))})", variants
            ).fetchone()
            raise BundleError(
                f"{shop_url}: {'no findings to export' if known else 'no such shop in the database'}"
            )
    else:
        raise BundleError("give --finding ID or --shop URL")
    for r in rows:
        r["evidence"] = sorted(c for c in json.loads(r["evidence"] or "[]") if c is not None)
    return sorted(rows, key=lambda r: r["id"])


def related_captures(db: sqlite_utils.Database, evidence: set[int]) -> dict[int, dict]:
    """Evidence captures, the page each one is `about`, what is `about` those (screenshots,
    rendered DOM, API responses, in turn their screenshots) and the hosts' robots.txt."""
    rows: dict[int, dict] = {}

    def load(ids: Iterable[int]) -> list[dict]:
        got = []
        for part in _chunks(sorted(set(ids) - set(rows))):
            got += db.execute_returning_dicts(
                f"SELECT * FROM captures WHERE id IN ({','.join('?' * len(part))})", part
            )
        for r in got:
            rows[r["id"]] = r
        return got

    found = load(evidence)
    load({r["about"] for r in found if r["about"]})
    frontier = list(rows)
    for _ in range(3):  # page -> dom -> screenshot/api -> (their screenshots)
        children = []
        for part in _chunks(frontier):
            children += [
                r[0]
                for r in db.execute(
                    f"SELECT id FROM captures WHERE about IN ({','.join('?' * len(part))})", part
                )
            ]
        frontier = [c for c in children if c not in rows]
        if not frontier:
            break
        load(frontier)
    latest = max((r["fetched_at"] for r in rows.values()), default="")
    origins = set()
    for r in rows.values():
        parts = urlsplit(r["url"] or "")
        if parts.scheme in ("http", "https") and parts.netloc:
            origins.add(f"{parts.scheme}://{parts.netloc}")
    robots = []
    for origin in sorted(origins):
        row = db.execute(
            "SELECT id FROM captures WHERE url = ? AND kind = 'response' AND fetched_at <= ? "
            "ORDER BY fetched_at DESC LIMIT 1",
            [origin + "/robots.txt", latest],
        ).fetchone()
        if row:
            robots.append(row[0])
    for r in load(robots):
        r["_robots"] = True
    return dict(sorted(rows.items()))


def closure(ids: Iterable[int], rows: dict[int, dict]) -> list[int]:
    """`ids`, their `about` pages and everything about those, among `rows`."""
    children: dict[int, list[int]] = {}
    for r in rows.values():
        if r["about"]:
            children.setdefault(r["about"], []).append(r["id"])
    seen = {i for i in ids if i in rows}
    seen |= {rows[i]["about"] for i in list(seen) if rows[i]["about"] in rows}
    todo = list(seen)
    while todo:
        for c in children.get(todo.pop(), []):
            if c not in seen:
                seen.add(c)
                todo.append(c)
    return sorted(seen)


# WARC copy and index --------------------------------------------------------------------
def copy_records(db_path: Path, rows: dict[int, dict], out: Path) -> None:
    """Append each capture's stored WARC bytes to `out`, checking record_sha256 and the
    chain link on the way; set `bundle_offset`/`bundle_length` on each row."""
    store = captures_dir(db_path)
    handles: dict[str, object] = {}
    try:
        with open(out, "wb") as dst:
            for row in rows.values():
                name = row["warc_file"] or ""
                if not name or "/" in name or "\\" in name or name.startswith("."):
                    raise StoreError(f"capture {row['id']}: bad WARC file name {name!r}")
                if name not in handles:
                    try:
                        handles[name] = open(store / name, "rb")  # noqa: SIM115 - closed below
                    except FileNotFoundError:
                        raise StoreError(
                            f"capture {row['id']}: {store / name} is missing"
                        ) from None
                src = handles[name]
                src.seek(row["warc_offset"])
                left, digest = row["warc_length"], hashlib.sha256()
                row["bundle_offset"] = dst.tell()
                while left:
                    data = src.read(min(CHUNK, left))
                    if not data:
                        break
                    digest.update(data)
                    dst.write(data)
                    left -= len(data)
                row["bundle_length"] = dst.tell() - row["bundle_offset"]
                if left or digest.hexdigest() != row["record_sha256"]:
                    raise StoreError(
                        f"capture {row['id']}: the stored WARC bytes in {store / name} at "
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
                capture["screenshot"] = f"screenshots/{capture['id']}.{ext}"
                os.replace(pending, shots_dir / f"{capture['id']}.{ext}")
            pending.unlink(missing_ok=True)
            records.append(rec)
    return records


# WACZ pages ----------------------------------------------------------------------------------
def replay_pages(findings: list[dict], rows: dict[int, dict], records: list[dict], titles) -> list:
    """The pages a reader opens in replay: each finding's subject pages (its evidence and the
    pages they are about) and every room sample, each at the capture time and URL of its
    WARC record, with its title (`titles`: by capture id, then by URL). A sample is listed
    at its document as the browser loaded it (its scripts draw the room from the recorded
    data), else at its rendered DOM."""
    wanted = {i for f in findings for i in closure(f["evidence"], rows)}
    samples = {i: i for i, r in rows.items() if r["kind"] == "dom"}
    for i, r in rows.items():
        dom = rows.get(r["about"]) if r["kind"] == "asset" else None
        own = dom and dom["kind"] == "dom" and r["url"] == dom["url"]
        if own and samples[dom["id"]] == dom["id"] and "html" in (r["content_type"] or ""):
            samples[dom["id"]] = i  # the sample's own document
    listed = {page: dom for dom, page in samples.items()}
    wanted = (wanted - set(samples)) | set(listed)
    pages: dict[tuple, dict] = {}
    for rec in records:
        cid = rec["capture"]
        if cid not in wanted or rec["type"] not in ("response", "resource"):
            continue
        kind = rows[cid]["kind"]
        if kind not in ("response", "dom", "asset") or kind == "asset" and cid not in listed:
            continue  # an iframe's document is no page of its own
        key = (rec["date"], rec["target"])
        if not key[1].startswith("http") or "html" not in (rec["mime"] or "") or key in pages:
            continue
        title = titles.get(listed.get(cid, cid)) or titles.get(rec["target"]) or rec["target"]
        pages[key] = {"id": str(cid), "url": rec["target"], "ts": rec["date"], "title": title}
    return list(pages.values())


def _file_digest(path: Path) -> dict:
    h, size = hashlib.sha256(), 0
    with open(path, "rb") as fh:
        while data := fh.read(CHUNK):
            h.update(data)
            size += len(data)
    return {"hash": f"sha256:{h.hexdigest()}", "bytes": size}


def _bytes_digest(data: bytes) -> dict:
    return {"hash": f"sha256:{hashlib.sha256(data).hexdigest()}", "bytes": len(data)}


def file_sha256(path: Path) -> tuple[str, int]:
    d = _file_digest(path)
    return d["hash"].removeprefix("sha256:"), d["bytes"]


# findings files and report ------------------------------------------------------------------
def _csv_cell(value) -> str:
    if isinstance(value, list | dict):
        value = json.dumps(value, ensure_ascii=False)
    return formula_guard("" if value is None else str(value))


def write_findings(findings: list[dict], out_dir: Path) -> None:
    rows = [{k: f.get(k) for k in FINDING_FIELDS} for f in findings]
    (out_dir / "findings.json").write_text(
        json.dumps(rows, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    with open(out_dir / "findings.csv", "w", newline="", encoding="utf-8-sig") as fh:
        writer = csv.writer(fh)
        writer.writerow(FINDING_FIELDS)
        for r in rows:
            writer.writerow([_csv_cell(r[k]) for k in FINDING_FIELDS])


def _rules() -> dict[str, dict]:
    try:
        from checks.registry import catalogue

        return {c["id"]: c for c in catalogue()}
    except Exception:  # noqa: BLE001 - the report still shows the finding without its rule text
        return {}


def page_text(db: sqlite_utils.Database, db_path: Path, row: dict) -> str:
    """The visible text of a captured page: from its page facts, else decoded from the WARC."""
    facts = db.execute("SELECT facts FROM pages WHERE capture_id = ?", [row["id"]]).fetchone()
    if facts and facts[0]:
        try:
            text = json.loads(facts[0]).get("text")
            if text:
                return text[:CONTEXT_TEXT_LIMIT]
        except (ValueError, AttributeError):
            pass
    if not (row["content_type"] or "").startswith(("text/", "application/json")):
        return ""
    try:
        headers, body = read_capture(db_path, row)
    except (OSError, ValueError):  # gone, or inflating past the cap (storage.inflate)
        return ""
    try:
        from crawler.extract.text import decode

        text, _ = decode(body[: CONTEXT_TEXT_LIMIT * 2], headers)
    except Exception:  # noqa: BLE001 - fall back to a lenient decode
        text = body[: CONTEXT_TEXT_LIMIT * 2].decode("utf-8", "replace")
    if "html" in (row["content_type"] or ""):
        import lxml.html

        try:
            root = lxml.html.fromstring(text)
            for bad in root.xpath("//script|//style"):
                bad.drop_tree()
            text = " ".join(root.text_content().split())
        except (ValueError, lxml.etree.ParserError):
            pass
    return text[:CONTEXT_TEXT_LIMIT]


def report_data(db, db_path, findings, rows, *, mask, meta) -> dict:
    """The dict `report.html` is rendered from; captured text masked when asked."""
    m = reportmod.mask if mask else (lambda s: s or "")
    rules = _rules()
    out = []
    for f in findings:
        ids = closure(f["evidence"], rows)
        context = None
        for cid in f["evidence"]:
            if cid in rows and f.get("snippet"):
                found = reportmod.in_context(page_text(db, db_path, rows[cid]), f["snippet"])
                if found:
                    masked = m("".join(found))  # mask keeps the length: split where it was
                    a, b = len(found[0]), len(found[0]) + len(found[1])
                    context = (masked[:a], masked[a:b], masked[b:])
                    break
        rule = rules.get(f["check_id"], {})
        name = subject_name(db, f["subject_type"], f["subject_url"])
        out.append(
            {
                **{
                    k: f[k]
                    for k in (
                        "id",
                        "check_id",
                        "severity",
                        "subject_type",
                        "status",
                        "first_seen",
                        "last_seen",
                    )
                },
                "subject_name": m(name),
                "subject_url": m(f["subject_url"]),
                "message": m(f["message"]),
                "snippet": m(f.get("snippet")),
                "context": context,
                "rule": (
                    f"{rule['title']}：{rule['summary_zh']}"
                    if rule.get("title")
                    else rule.get("summary") or "（规则说明不可用）"
                ),
                "basis": rule.get("basis") or "（未登记）",
                "captures": [
                    _capture_view(rows[i], m) for i in ids if rows[i]["kind"] != "screenshot"
                ],
                "screenshots": [
                    _capture_view(rows[i], m)
                    for i in ids
                    if rows[i]["kind"] == "screenshot" and rows[i].get("screenshot")
                ],
            }
        )
    return {**meta, "selection": m(meta["selection"]), "findings": out, "masked": mask}


def subject_name(db: sqlite_utils.Database, subject_type: str, url: str) -> str:
    """The shop's name, the listing's or the room's title, as extracted (untrusted text)."""
    tables = {
        "shop": ("shops", "name"),
        "listing": ("listings", "title"),
        "room": ("rooms", "title"),
    }
    table, column = tables.get(subject_type, (None, None))
    if not table:
        return ""
    row = db.execute(f"SELECT {column} FROM {table} WHERE url = ?", [url]).fetchone()
    return (row[0] or "") if row else ""


def _capture_view(row: dict, m) -> dict:
    view = {k: row[k] for k in CAPTURE_FIELDS}
    view["url"] = m(row["url"])
    view["warc"] = {
        "path": WARC_PATH,
        "offset": row["bundle_offset"],
        "length": row["bundle_length"],
    }
    view["path"] = row.get("screenshot")
    return view


# trusted time -------------------------------------------------------------------------------
def write_run_timestamps(db, rows: dict[int, dict], out_dir: Path) -> list[dict]:
    """The RFC 3161 tokens over the chain head of each run the captures come from (taken at
    run end, see greenroom.runs.stamp_run), as `timestamps/run-<id>.tsr`."""
    run_ids = sorted({r["run_id"] for r in rows.values() if r["run_id"] is not None})
    if not run_ids or "timestamp_token" not in db["runs"].columns_dict:
        return []
    stamps = []
    for part in _chunks(run_ids):
        for run_id, token, head, capture, tsa in db.execute(
            "SELECT id, timestamp_token, timestamp_head, timestamp_capture, timestamp_tsa "
            f"FROM runs WHERE id IN ({','.join('?' * len(part))}) AND timestamp_token IS NOT NULL",
            part,
        ):
            name = f"timestamps/run-{run_id}.tsr"
            (out_dir / "timestamps").mkdir(exist_ok=True)
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


# manifest -----------------------------------------------------------------------------------
def canonical(manifest: dict) -> bytes:
    """The bytes the manifest's self-digest is taken over (all keys but `manifest_sha256`)."""
    body = {k: v for k, v in manifest.items() if k != "manifest_sha256"}
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def how_captured(db, rows: dict[int, dict], records: list[dict]) -> dict:
    from crawler import settings as crawl_settings

    agents = sorted({r["user_agent"] for r in records if r.get("user_agent")})
    browsers = sorted({r["browser"] for r in records if r.get("browser")})
    run_ids = sorted({r["run_id"] for r in rows.values() if r["run_id"] is not None})
    for part in _chunks(run_ids):
        for (stats,) in db.execute(
            f"SELECT stats FROM runs WHERE id IN ({','.join('?' * len(part))})", part
        ):
            try:
                values = json.loads(stats or "{}")
            except ValueError:
                continue
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
        "robots_txt_obeyed": bool(getattr(crawl_settings, "ROBOTSTXT_OBEY", True)),
        "robots_txt_captures": [r["id"] for r in rows.values() if r.get("_robots")],
        "browser": "; ".join(sorted(set(browsers))) or None,
        "rendered_captures": sum(r["kind"] == "dom" for r in rows.values()),
        "warc": "WARC/1.0, gzip per record, sha256 block and payload digests (warcio)",
        "hash_chain": "chain_hash = sha256(prev_hash, id, url, fetched_at, sha256, "
        "record_sha256 joined by newlines)",
    }


def _version() -> str:
    from crawler import __version__

    return __version__


# export -------------------------------------------------------------------------------------
def export(
    db_path: str | Path,
    out: str | Path,
    *,
    finding_ids: Iterable[int] = (),
    shop_url: str | None = None,
    sign_key: str | Path | None = None,
    mask: bool = True,
    case: str | None = None,
    exporter: str | None = None,
    case_file: dict | None = None,
    tsa_url: str | None = None,
    progress: Callable[[str], None] | None = None,
) -> ExportResult:
    """Write the evidence bundle of some findings (or of a shop) to `out`; see module doc.

    `progress`, when given, is called with the name of each of the `EXPORT_STEPS` steps done."""
    db_path, out = Path(db_path), Path(out)
    if not db_path.is_file():
        raise FileNotFoundError(f"{db_path}: no such database")
    key = signing.load_private_key(sign_key) if sign_key else None
    if not out.parent.is_dir():
        raise BundleError(f"{out.parent}: no such directory")
    db = connect(db_path)
    try:
        findings = select_findings(db, finding_ids=finding_ids, shop_url=shop_url)
        evidence = {c for f in findings for c in f["evidence"]}
        rows = related_captures(db, evidence)
        missing = sorted(evidence - set(rows))
        if missing:
            raise StoreError(f"evidence capture {missing[0]} is not in the captures table")
        _remove_stale_parts(out)
        part = out.with_name(f".{out.name}.{os.getpid()}.part")
        work = out.with_name(f".{out.name}.{os.getpid()}.d")  # beside it: a kill leaves
        try:  # nothing in /tmp, and the next export removes it
            work.mkdir()
            _build(
                db,
                db_path,
                work,
                part,
                findings,
                rows,
                key=key,
                mask=mask,
                tsa_url=tsa_url,
                step=progress or (lambda _what: None),
                meta={
                    "case": case,
                    "case_file": case_file,  # storage.cases: notes and history, case.json
                    "exporter": exporter,
                    "selection": (
                        f"shop {shop_url} {subject_name(db, 'shop', shop_url)}"
                        if shop_url
                        else "findings " + ", ".join(str(f["id"]) for f in findings)
                    ),
                },
            )
            os.chmod(part, 0o640)  # evidence: owner and the greenroom group only
            os.replace(part, out)
        finally:
            part.unlink(missing_ok=True)
            shutil.rmtree(work, ignore_errors=True)
    finally:
        db.conn.close()
    digest, size = file_sha256(out)
    return ExportResult(
        path=out,
        findings=len(findings),
        captures=len(rows),
        screenshots=sum(1 for r in rows.values() if r.get("screenshot")),
        size=size,
        sha256=digest,
        signed_by=signing.fingerprint(key.public_key()) if key else None,
        tsa=tsa_url,
    )


def _remove_stale_parts(out: Path) -> None:
    """Half-written bundles and working folders an export killed mid-way left beside `out`
    (`.<name>.<pid>.part`, `.<name>.<pid>.d`, whose pid is gone)."""
    prefix = f".{out.name}."
    for left in out.parent.iterdir():
        pid, dot, suffix = left.name[len(prefix) :].partition(".")
        if not (left.name.startswith(prefix) and dot and suffix in ("part", "d")):
            continue
        if pid.isdigit() and not _alive(int(pid)):
            if left.is_dir():
                shutil.rmtree(left, ignore_errors=True)
            else:
                left.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


EXPORT_STEPS = 5  # the steps `export(progress=…)` reports


def _build(
    db, db_path, tmp: Path, part: Path, findings, rows, *, key, mask, tsa_url, meta, step
) -> None:
    exported_at = utcnow()
    (tmp / "warc").mkdir()
    (tmp / "screenshots").mkdir()
    warc = tmp / WARC_PATH
    copy_records(db_path, rows, warc)
    step(f"{len(rows)} 条采集记录已复制")
    records = index_records(warc, rows, tmp / "screenshots")
    how = how_captured(db, rows, records)
    titles = {
        r[0]: r[1]
        for part_ids in _chunks(list(rows))
        for r in db.execute(
            f"SELECT capture_id, title FROM pages WHERE capture_id IN "
            f"({','.join('?' * len(part_ids))})",
            part_ids,
        )
    }
    titles.update(
        {f["subject_url"]: subject_name(db, f["subject_type"], f["subject_url"]) for f in findings}
    )
    pages = replay_pages(findings, rows, records, titles)
    unmatched = write_wacz(
        tmp / WACZ_PATH,
        warc,
        pages,
        title=f"greenroom evidence: {meta['case'] or meta['selection']}"[:200],
    )
    write_findings(findings, tmp)
    if meta.get("case_file"):
        (tmp / "case.json").write_text(
            json.dumps(meta["case_file"], ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
    run_stamps = write_run_timestamps(db, rows, tmp)
    step("WACZ 与发现清单")
    fingerprint = signing.fingerprint(key.public_key()) if key else None
    html = reportmod.render(
        report_data(
            db,
            db_path,
            findings,
            rows,
            mask=mask,
            meta={
                **meta,
                "exported_at": exported_at,
                "tool_version": _version(),
                "captures_count": len(rows),
                "signature": fingerprint,
                "how": how,
                "tsa": tsa_url,
                "run_timestamps": run_stamps,
            },
        )
    )
    (tmp / "report.html").write_text(html, encoding="utf-8")
    step("报告")

    by_capture: dict[int, list[dict]] = {}
    for rec in records:
        by_capture.setdefault(rec["capture"], []).append(
            {
                k: rec[k]
                for k in (
                    "type",
                    "record_id",
                    "target",
                    "offset",
                    "length",
                    "payload_digest",
                    "block_digest",
                )
            }
        )
    files = sorted(str(p.relative_to(tmp)) for p in tmp.rglob("*") if p.is_file())
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "tool": {"name": "greenroom", "version": _version()},
        "exported_at": exported_at,
        "case": meta["case"],
        "exporter": meta["exporter"],
        "selection": meta["selection"],
        "masked_in_report": mask,
        "how_captured": how,
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
        "run_timestamps": run_stamps,
        "replay": {
            "file": WACZ_PATH,
            "made_by": f"py-wacz {wacz_version()}",
            "pages": len(pages) - len(unmatched),
            "pages_without_record": unmatched,
        },
    }
    if key:
        manifest["signature"] = {
            "algorithm": signing.ALGORITHM,
            "file": SIGNATURE,
            "fingerprint": fingerprint,
            "public_key": signing.public_pem(key.public_key()).decode(),
        }
    manifest["manifest_sha256"] = hashlib.sha256(canonical(manifest)).hexdigest()
    step("清单与签名")
    manifest_bytes = json.dumps(manifest, ensure_ascii=False, indent=2).encode() + b"\n"
    token = timestamp.request_token(tsa_url, manifest_bytes) if tsa_url else None
    with zipfile.ZipFile(part, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as z:
        z.writestr(MANIFEST, manifest_bytes)
        if key:
            z.writestr(SIGNATURE, signing.sign(key, manifest_bytes), zipfile.ZIP_STORED)
        if token:
            z.writestr(TIMESTAMP, token, zipfile.ZIP_STORED)
        for f in files:
            stored = f.endswith((".gz", ".wacz", ".png", ".jpg", ".webp", ".gif"))
            z.write(tmp / f, f, zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED)
    step("打包")
