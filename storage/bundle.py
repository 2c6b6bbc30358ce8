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

import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from storage import report as reportmod
from storage import signing
from storage.db import chunks
from storage.evidence import manifest as manifestmod
from storage.evidence.findings import _csv_cell, write_findings
from storage.evidence.format import (
    CASE,
    REPORT,
    SCREENSHOTS,
    WACZ_PATH,
    WARC_PATH,
    canonical,
    file_sha256,
)
from storage.evidence.manifest import how_captured, write_run_timestamps
from storage.evidence.report import page_text, report_data, subject_name
from storage.evidence.select import BundleError, related_captures, select_findings
from storage.evidence.wacz import replay_pages, write_wacz
from storage.evidence.warc import StoreError, copy_records, index_records
from storage.store import Store
from storage.warc import utcnow

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

__all__ = [  # besides `export`, what callers and tests import from here
    "BundleError",
    "StoreError",
    "_csv_cell",
    "canonical",
    "page_text",
    "related_captures",
    "select_findings",
]


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


def _version() -> str:
    from importlib.metadata import version

    return version("greenroom")  # what `greenroom --version` says


# export -------------------------------------------------------------------------------------
def export(
    db: str | Path | Store,
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
    rules: dict[str, dict] | None = None,
) -> ExportResult:
    """Write the evidence bundle of some findings (or of a shop) to `out`; see module doc.

    `progress`, when given, is called with the name of each of the `EXPORT_STEPS` steps done.
    `rules`: check id → catalogue entry, for the report's rule and legal basis (the
    application passes `checks.registry.rules()`; storage imports no check)."""
    given = db if isinstance(db, Store) else None
    db_path, out = Path(db), Path(out)
    if not db_path.is_file():
        raise FileNotFoundError(f"{db_path}: no such database")
    key = signing.load_private_key(sign_key) if sign_key else None
    if not out.parent.is_dir():
        raise BundleError(f"{out.parent}: no such directory")
    store = given or Store(db_path)
    db = store.db
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
                store,
                work,
                part,
                findings,
                rows,
                key=key,
                mask=mask,
                tsa_url=tsa_url,
                rules=rules,
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
        if given is None:
            store.close()
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
    store: Store, tmp: Path, part: Path, findings, rows, *, key, mask, tsa_url, meta, step, rules
) -> None:
    """Each member by its writer, in order: WARC, WACZ, findings, case, time-stamps, report,
    manifest, zip."""
    exported_at, db = utcnow(), store.db
    (tmp / "warc").mkdir()
    (tmp / SCREENSHOTS).mkdir()
    warc = tmp / WARC_PATH
    copy_records(store, rows, warc)
    step(f"{len(rows)} 条采集记录已复制")
    records = index_records(warc, rows, tmp / SCREENSHOTS)
    how = how_captured(db, rows, records)
    titles = {
        r[0]: r[1]
        for part_ids in chunks(list(rows))
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
        (tmp / CASE).write_text(
            json.dumps(meta["case_file"], ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
    run_stamps = write_run_timestamps(db, rows, tmp)
    step("WACZ 与发现清单")
    meta = {
        **meta,
        "exported_at": exported_at,
        "tool_version": _version(),
        "captures_count": len(rows),
        "signature": signing.fingerprint(key.public_key()) if key else None,
        "how": how,
        "tsa": tsa_url,
        "run_timestamps": run_stamps,
    }
    html = reportmod.render(report_data(store, findings, rows, mask=mask, meta=meta, rules=rules))
    (tmp / REPORT).write_text(html, encoding="utf-8")
    step("报告")
    manifest = manifestmod.build(
        tmp,
        findings,
        rows,
        records,
        meta={**meta, "masked": mask},
        key=key,
        tsa_url=tsa_url,
        replay={"pages": len(pages) - len(unmatched), "pages_without_record": unmatched},
    )
    step("清单与签名")
    manifestmod.pack(tmp, part, manifest, key=key, tsa_url=tsa_url)
    step("打包")
