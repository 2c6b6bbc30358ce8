"""From a demo crawl: export the shop with the XSS name, verify it, check its WARC, open it."""

from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest
from click.testing import CliRunner

from greenroom.cli import cli
from tests.evidence.test_report_browser import ARGS, CHROMIUM


@pytest.fixture(scope="module")
def demo_bundle(crawled_a, tmp_path_factory):
    db = crawled_a.db
    row = db.execute("SELECT url, name FROM shops WHERE name LIKE '%<img%' LIMIT 1").fetchone()
    assert row is not None, "the demo has a shop with an XSS name"
    out = tmp_path_factory.mktemp("demo-bundle") / "shop.zip"
    result = CliRunner().invoke(
        cli, ["export", "--db", str(crawled_a.db_path), "--shop", row[0], "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    return out, row[1]


def test_the_demo_shop_bundle_verifies_and_its_warc_passes_warcio_check(demo_bundle, tmp_path):
    out, _ = demo_bundle
    result = CliRunner().invoke(cli, ["verify", str(out)])
    assert result.exit_code == 3, result.output  # intact, unsigned: no key exists
    assert "intact but NOT AUTHENTICATED: unsigned" in result.output
    warc = tmp_path / "captures.warc.gz"
    warc.write_bytes(zipfile.ZipFile(out).read("warc/captures.warc.gz"))
    check = subprocess.run(
        [sys.executable, "-m", "warcio.cli", "check", str(warc)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert check.returncode == 0, check.stdout


def test_the_demo_xss_shop_name_renders_as_text(demo_bundle, tmp_path):
    sync_playwright = pytest.importorskip("playwright.sync_api").sync_playwright
    out, name = demo_bundle
    zipfile.ZipFile(out).extractall(tmp_path)
    dialogs = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page()
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto((tmp_path / "report.html").as_uri())
        assert page.title() == "证据报告 Evidence report — greenroom"
        assert name in page.locator("body").inner_text()
        assert page.locator("img[src=x]").count() == 0
        browser.close()
    assert dialogs == []
