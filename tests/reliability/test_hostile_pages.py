"""Hostile pages: every case ends in a recorded crawl error or a best-effort page.

One crawl of `hostile_site.HostileSite` per session (conftest.hostile); each case below
names a route and what the database must show for it afterwards.
"""

from __future__ import annotations

import json
import zipfile
from dataclasses import dataclass

import pytest

from tests.reliability.conftest import run_greenroom
from tests.reliability.hostile_site import (
    BIDI,
    VALID_USCC,
    XSS_IMG,
    XSS_SCRIPT,
)

PAGE = "page"  # captured, and a best-effort `pages` row with its facts
CAPTURED = "captured"  # captured as evidence, no page facts (not HTML, or a refresh hop)
LOOP = "loop"  # captured, and one `redirect` crawl error naming the loop among its URLs


@dataclass(frozen=True)
class Case:
    name: str
    path: str
    expect: str  # PAGE, CAPTURED, LOOP or "error:<kind>" (a crawl_errors row of that kind)
    note: str = ""  # a part of the error's message (LOOP: "<what> loop: <another hop>")

    def __str__(self) -> str:
        return self.name


CASES = [
    Case("truncated-html", "/truncated", PAGE),
    Case("big-body-declared", "/big", "error:fetch", "max size"),
    Case("big-body-chunked", "/big-chunked", "error:fetch", "DownloadCancelledError"),
    Case("binary-as-text-html", "/binary", PAGE),
    Case("charset-header-wrong", "/charset-wrong", PAGE),
    Case("charset-header-unknown", "/charset-unknown", PAGE),
    Case("charset-meta-unknown", "/charset-meta-unknown", PAGE),
    Case("mixed-encodings", "/mixed-encodings", PAGE),
    Case("nesting-10000-levels", "/deep", PAGE),
    Case("nesting-unclosed", "/deep-unclosed", PAGE),
    Case("links-100000", "/many-links", PAGE),
    Case("meta-refresh-loop", "/refresh-a", LOOP, "meta refresh loop: /refresh-b"),
    Case("meta-refresh-self", "/refresh-self", PAGE),
    Case("redirect-loop", "/redirect-loop", LOOP, "redirect loop: /redirect-loop-b"),
    Case("redirect-self", "/redirect-self", LOOP, "redirect loop: /redirect-self"),
    Case("redirect-chain-over-limit", "/chain/0", "error:redirect", "/chain/10"),
    Case("slow-loris-body", "/slow-loris", "error:timeout", "longer than 5.0 seconds"),
    Case("slow-loris-headers", "/slow-headers", "error:timeout", "longer than 5.0 seconds"),
    Case("reset-mid-body", "/reset", "error:fetch", "DataLoss"),
    Case("reset-before-headers", "/reset-before-headers", "error:fetch", "Connection"),
    Case("empty-200", "/empty", PAGE),
    Case("empty-200-no-type", "/empty-no-type", CAPTURED),
    Case("whitespace-only", "/whitespace", PAGE),
    Case("gzip-bomb", "/gzip-bomb", "error:size", "DOWNLOAD_MAXSIZE"),
    Case("gzip-broken", "/gzip-broken", PAGE),
    Case("jsonld-invalid", "/jsonld-invalid", PAGE),
    Case("jsonld-enormous", "/jsonld-enormous", PAGE),
    Case("jsonld-nested-100000", "/jsonld-deep", PAGE),
    Case("microdata-cycles", "/microdata-cycle", PAGE),
    Case("xss-shop", "/shop/xss", PAGE),
    Case("xss-listing", "/item/xss", PAGE),
    Case("control-and-bidi", "/shop/bidi", PAGE),
    Case("long-field-values", "/shop/long", PAGE),
    Case("fullwidth-uscc-and-phone", "/shop/fullwidth", PAGE),
]
CASES += [
    Case(f"http-{code}-burst", f"/err/{code}/", "error:http")
    for code in (400, 401, 403, 404, 410, 418, 429, 451, 500, 502, 503, 504)
]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_page_case(hostile, case: Case):
    if case.path.endswith("/"):  # a burst: every URL under the prefix answered that status
        urls = [p for p in hostile.site.routes if p.startswith(case.path)]
    else:
        urls = [case.path]
    for path in urls:
        pages, errors = hostile.pages(path), hostile.errors(path)
        if case.expect == PAGE:
            assert pages, f"{path}: no page row; errors: {errors}"
            assert json.loads(pages[0]["facts"])["url"].endswith(path)
            assert hostile.captures(path)[0]["sha256"]
        elif case.expect == CAPTURED:
            assert hostile.captures(path), f"{path}: not captured"
            assert not errors
        elif case.expect == LOOP:  # recorded once, under whichever hop closed the loop
            assert hostile.captures(path), f"{path}: not captured"
            what, other = case.note.split(": ", 1)
            hops = {path, other}
            rows = [e for p in sorted(hops) for e in hostile.errors(p)]
            assert [e["kind"] for e in rows] == ["redirect"], rows
            message = rows[0]["message"]
            assert message.startswith(what + ": "), message
            assert {hostile.path(u) for u in message.split(": ", 1)[1].split(" -> ")} == hops
        else:
            kind = case.expect.split(":", 1)[1]
            assert [e["kind"] for e in errors] == [kind], f"{path}: {errors}"
            assert case.note in errors[0]["message"], errors[0]["message"]
            assert not pages


def test_crawl_finishes_within_its_limit(hostile):
    assert hostile.result["status"] == "finished"  # within CRAWL_LIMIT_S: the fixture's timeout
    captured = {hostile.path(r["url"]) for r in hostile.rows("SELECT url FROM captures")}
    errored = {hostile.path(r["url"]) for r in hostile.rows("SELECT url FROM crawl_errors")}
    missing = set(hostile.site.routes) - captured - errored
    assert not missing, f"neither captured nor recorded as errors: {sorted(missing)}"


def test_no_traceback_in_the_crawl_output(hostile):
    assert "Traceback" not in hostile.stderr
    assert "Traceback" not in hostile.stdout


def test_bounded_loops_and_chains(hostile):
    chain = hostile.rows("SELECT url FROM captures WHERE url LIKE '%/chain/%'")
    assert len(chain) <= 11  # REDIRECT_MAX_TIMES (10) hops after the first
    for path in ("/refresh-a", "/refresh-b", "/redirect-self"):
        assert len(hostile.captures(path)) <= 11
    assert not [p for p in hostile.site.requests if "elsewhere" in p]


def test_big_bodies_are_not_stored_past_the_size_limit(hostile):
    sizes = [r["size"] for r in hostile.rows("SELECT size FROM captures")]
    assert max(sizes) <= 2 * 1024 * 1024
    # a compressed body that inflates past the limit is not stored (issue 18 #4): it is a
    # `size` crawl error that names the limit
    assert hostile.captures("/gzip-bomb") == []
    (error,) = hostile.rows(
        "SELECT kind, message FROM crawl_errors WHERE url = ?", hostile.site.url + "gzip-bomb"
    )
    assert error["kind"] == "size" and "DOWNLOAD_MAXSIZE" in error["message"]


def test_fullwidth_valid_uscc_does_not_fire_uscc_invalid(hostile):
    url = hostile.site.url + "shop/fullwidth"
    fired = {
        r["check_id"]
        for r in hostile.rows("SELECT check_id FROM findings WHERE subject_url = ?", url)
    }
    assert "shop.uscc_invalid" not in fired
    assert "shop.contact_missing" not in fired  # the full-width phone number counts
    facts = json.loads(hostile.pages("/shop/fullwidth")[0]["facts"])
    assert VALID_USCC in json.dumps(facts, ensure_ascii=False)


def test_long_values_are_kept_in_the_capture(hostile):
    (capture,) = hostile.captures("/shop/long")
    assert capture["size"] == len(hostile.site.routes["/shop/long"].body)


RAW = (XSS_SCRIPT, XSS_IMG, "<svg onload")


def _raw_markup(text: str) -> list[str]:
    return [r for r in RAW if r in text]


def test_summary_html_escapes_captured_text(hostile, tmp_path):
    messages = " ".join(r["message"] for r in hostile.rows("SELECT message FROM findings"))
    assert XSS_SCRIPT in messages  # the payload did reach a finding, as text
    out = tmp_path / "summary.html"
    done = run_greenroom("summary", "--db", str(hostile.db_path), "--html", str(out))
    assert done.returncode in (0, 1), done.stderr
    assert "Traceback" not in done.stderr
    assert not _raw_markup(out.read_text(encoding="utf-8"))


def test_summary_text_carries_no_terminal_escapes(hostile):
    done = run_greenroom("summary", "--db", str(hostile.db_path))
    assert "\x1b" not in done.stdout and BIDI not in done.stdout


def test_bundle_report_escapes_captured_text(hostile, tmp_path):
    url = hostile.site.url + "item/xss"
    (fid,) = [r["id"] for r in hostile.rows("SELECT id FROM findings WHERE subject_url = ?", url)][
        :1
    ]
    out = tmp_path / "xss.zip"
    done = run_greenroom(
        "export", "--db", str(hostile.db_path), "--finding", str(fid), "--out", str(out)
    )
    assert done.returncode == 0, done.stderr
    with zipfile.ZipFile(out) as zf:
        report = zf.read("report.html").decode("utf-8")
    assert not _raw_markup(report)
    assert "gr-xss" in report  # shown, escaped


def test_store_and_hash_chain_verify_after_the_hostile_crawl(hostile):
    done = run_greenroom("verify", "--db", str(hostile.db_path))
    assert done.returncode == 0, done.stdout + done.stderr
