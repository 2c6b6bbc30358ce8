"""A real Chromium (Playwright) against a real `greenroom serve`: search, finding, export."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from tests.ui.casedb import FAKE, XSS_SHOP, XSS_SNIPPET, XSS_TITLE, build
from tests.ui.conftest import has_chromium, serving

pytestmark = pytest.mark.skipif(not has_chromium(), reason="no chromium")


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """`greenroom serve` on a free loopback port over a fresh case database."""
    db_path = tmp_path_factory.mktemp("served") / "cases.db"
    ids = build(db_path)
    with serving(db_path) as base:
        yield base, db_path, ids


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
    from greenroom.cli import cli

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
