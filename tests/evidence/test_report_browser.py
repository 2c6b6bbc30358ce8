"""report.html opened in the real Chromium: captured content shows as text and runs nothing,
numbers are masked, the screenshot loads from inside the bundle, nothing goes to the network."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from crawler.browser import BROWSER_ARGS
from tests.evidence.conftest import MASKED, MOBILE, XSS
from tests.evidence.helpers import export_shop

CHROMIUM = "/usr/bin/chromium"
ARGS = BROWSER_ARGS  # the crawl's own flags

pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists() and not shutil.which("chromium"), reason="no chromium"
)


@pytest.fixture
def opened(case, tmp_path):
    sync_playwright = pytest.importorskip("playwright.sync_api").sync_playwright
    out = tmp_path / "case.zip"
    result = export_shop(case, out)
    assert result.exit_code == 0, result.output
    unpacked = tmp_path / "unpacked"
    zipfile.ZipFile(out).extractall(unpacked)
    events = {"dialogs": [], "requests": [], "errors": []}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page()
        page.on("dialog", lambda d: (events["dialogs"].append(d.message), d.dismiss()))
        page.on("request", lambda r: events["requests"].append(r.url))
        page.on("pageerror", lambda e: events["errors"].append(str(e)))
        page.goto((unpacked / "report.html").as_uri())
        page.wait_for_load_state("load")
        yield page, events
        browser.close()


def test_the_xss_shop_name_renders_as_text_and_runs_nothing(opened):
    page, events = opened
    assert page.title() == "证据报告 Evidence report — greenroom"
    assert events["dialogs"] == [] and events["errors"] == []
    assert page.locator("img[src=x]").count() == 0 and page.locator("script").count() == 0
    assert XSS in page.locator("#finding-1 .message").inner_text()


def test_numbers_show_masked(opened):
    page, _ = opened
    text = page.locator("body").inner_text()
    assert MASKED in text and MOBILE not in text
    assert "3301**********1234" in text


def test_the_screenshot_loads_from_inside_the_bundle(opened):
    page, events = opened
    shots = page.eval_on_selector_all(
        "img.screenshot", "els => els.map(e => [e.getAttribute('src'), e.naturalWidth])"
    )
    assert shots == [["screenshots/7.png", 64]]
    assert all(url.startswith("file://") for url in events["requests"])


def test_the_subject_name_is_shown_as_text(opened):
    page, _ = opened
    assert page.locator("#finding-1 .subject-name").inner_text() == XSS
