"""The bundle's `replay.wacz`, made by Webrecorder's py-wacz (`wacz create`): its CDXJ index
(SURT keys), `pages/pages.jsonl`, `datapackage.json` and `datapackage-digest.json`; and
`validate`, the same library's `wacz validate`.

The pages are the bundle's own list (each finding's subject pages, every room sample) with
their capture time and title; py-wacz matches each to its WARC record by time and URL.
"""

from __future__ import annotations

import contextlib
import io
import json
import zipfile
from pathlib import Path

from wacz.main import main as wacz_main

from storage.evidence.select import closure

PAGES_HEADER = {"format": "json-pages-1.0", "id": "pages", "title": "greenroom evidence"}


class WaczError(RuntimeError):
    """py-wacz could not make or validate the WACZ: one line, with its own last words."""


def _run(args: list[str]) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        try:
            code = wacz_main(args)
        except SystemExit as exc:  # argparse
            code = exc.code if isinstance(exc.code, int) else 1
        except (ValueError, OSError, KeyError, EOFError, zipfile.BadZipFile) as exc:  # bad bytes
            print(f"{type(exc).__name__}: {exc}")
            code = 1
    return code or 0, out.getvalue()


def write_wacz(out: Path, warc: Path, pages: list[dict], *, title: str) -> list[str]:
    """Write `out` from `warc` with `pages` ({url, ts, title, id}) and validate it (`wacz
    validate`); returns the URLs of pages py-wacz found no record for (none when the list
    was made from the WARC)."""
    listing = out.with_name(out.name + ".pages.jsonl")
    lines = [json.dumps(PAGES_HEADER)] + [json.dumps(p, ensure_ascii=False) for p in pages]
    listing.write_text("\n".join(lines) + "\n", encoding="utf-8")
    try:
        code, said = _run(
            ["create", "-o", str(out), "-p", str(listing), "--hash-type", "sha256"]
            + ["--title", title, str(warc)]
        )
    finally:
        listing.unlink(missing_ok=True)
    if code != 0:
        raise WaczError(f"wacz create failed: {_last_line(said)}")
    valid, why = validate(out)  # every bundle's WACZ is checked by the same library
    if not valid:
        raise WaczError(f"wacz validate failed: {why}")
    prefix = "Invalid passed page. We were unable to find a match for "
    return [ln[len(prefix) :] for ln in said.splitlines() if ln.startswith(prefix)]


def wacz_version() -> str:
    from importlib.metadata import version

    return version("wacz")


def validate(path: Path) -> tuple[bool, str]:
    """`wacz validate -f path`: (passed, its last line)."""
    code, said = _run(["validate", "-f", str(path)])
    return code == 0, _last_line(said)


def _last_line(text: str) -> str:
    lines = [ln for ln in text.splitlines() if ln.strip()]
    return lines[-1][:300] if lines else "(no output)"


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
