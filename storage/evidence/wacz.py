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
