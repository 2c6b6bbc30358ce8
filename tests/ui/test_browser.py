"""A real Chromium (Playwright) against a real `greenroom serve`: search, finding, export."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.ui.casedb import FAKE, XSS_SHOP, XSS_SNIPPET, XSS_TITLE, build

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists() and not shutil.which("chromium"), reason="no chromium"
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """`greenroom serve` on a free loopback port over a fresh case database."""
    db_path = tmp_path_factory.mktemp("served") / "cases.db"
    ids = build(db_path)
    port = free_port()
    cmd = [sys.executable, "-c", "from crawler.cli import main; main()"]
    proc = subprocess.Popen(
        [*cmd, "serve", "--db", str(db_path), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            if proc.poll() is not None:
                pytest.fail(f"greenroom serve exited: {proc.stdout.read()}")
            time.sleep(0.2)
    else:
        proc.kill()
        pytest.fail("greenroom serve did not start")
    yield f"http://127.0.0.1:{port}", db_path, ids
    proc.terminate()
    out, _ = proc.communicate(timeout=10)
    assert "127.0.0.1" in out and "read-only" in out


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    page.dialogs = []  # any alert() from captured content lands here
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    yield page
    context.close()


def test_search_gaofang_finds_the_counterfeit_listing(served, page):
    base, _, _ = served
    page.goto(base + "/")
    page.fill("input[name=q]", "高仿")
    page.press("input[name=q]", "Enter")
    page.wait_for_url("**/-/search?q=*")
    hits = page.locator("[data-table=listings] .greenroom-hit a")
    assert "高仿耐克运动鞋 超A货" in hits.all_inner_texts()
    assert page.locator(f"[data-table=listings] .greenroom-hit small:text-is('{FAKE}')").count()
    assert page.dialogs == []


def test_finding_page_shows_rule_snippet_and_screenshot(served, page):
    base, _, ids = served
    page.goto(f"{base}/-/finding/{ids['findings']['room.host_unverified']}")
    assert page.locator(".check-id").inner_text() == "room.host_unverified"
    assert page.locator(".basis").is_visible()
    snippet = page.locator(".snippet")
    assert snippet.is_visible() and snippet.inner_text() == XSS_SNIPPET
    shot = page.locator("img.screenshot")
    shot.wait_for(state="visible")
    assert shot.evaluate("img => img.complete && img.naturalWidth") == 40
    assert page.dialogs == []


def test_export_downloads_a_bundle_that_greenroom_verify_accepts(served, page, tmp_path):
    pytest.importorskip("storage.bundle")
    base, _, ids = served
    page.goto(f"{base}/-/finding/{ids['findings']['listing.counterfeit_signal']}")
    with page.expect_download() as info:
        page.click("a.export")
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    assert path.name.endswith(".zip") and path.stat().st_size > 0
    from crawler.cli import cli

    if "verify" in cli.commands:
        result = CliRunner().invoke(cli, ["verify", str(path)])
        assert result.exit_code == 3, result.output  # intact; unsigned, as no key exists
        assert "intact" in result.output


@pytest.mark.parametrize(
    "path",
    [
        "/-/search?q=运动鞋",
        "/-/search?q=img",
        "/cases/shops",
        "/cases/listings",
        "/cases/findings",
        "/cases/shared_licences",
        "/-/finding/4",
        "/-/finding/5",
    ],
)
def test_captured_markup_renders_as_text_in_the_browser(served, page, path):
    base, _, _ = served
    page.goto(base + path)
    page.wait_for_load_state("load")
    body = page.locator("body").inner_text()
    assert XSS_SHOP in body or XSS_TITLE in body
    assert page.dialogs == []
    assert page.locator("img[src=x]").count() == 0


def test_raw_html_capture_does_not_execute(served, page):
    base, _, ids = served
    response = page.request.get(f"{base}/-/capture/{ids['captures']['hostile']}")
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["content-type"].startswith("text/plain")
    assert "attachment" in response.headers["content-disposition"]
