"""A crawl where the OCR engine cannot be imported still completes, and says so."""

from __future__ import annotations

import re

import pytest

from greenroom import config as configmod
from greenroom.cli import print_run_summary
from greenroom.run import crawl
from greenroom_demo.site import DemoSite


@pytest.fixture(scope="module")
def crawled_without_ocr(tmp_path_factory):
    # The crawl runs in a spawned child, which starts from this process's sys.path: a package
    # of the engine's name placed first makes its import fail there, as on a machine without it.
    stub = tmp_path_factory.mktemp("no-ocr")
    (stub / "rapidocr_onnxruntime").mkdir()
    (stub / "rapidocr_onnxruntime" / "__init__.py").write_text(
        'raise ImportError("No module named rapidocr_onnxruntime (test stub)")\n'
    )
    patch = pytest.MonkeyPatch()
    patch.syspath_prepend(str(stub))
    with DemoSite("a") as site:
        data = tmp_path_factory.mktemp("demo-no-ocr")
        path = site.write_config(data)
        # licence pages (depth 0) → their images and, back, their shops (depth 1)
        starts = ", ".join(f'"{site.renderer.abs(site.renderer.licence_url(s))}"' for s in (17, 20))
        text = re.sub(
            r"start_urls = \[.*\]", f"start_urls = [{starts}]\nmax_depth = 1", path.read_text()
        )
        path.write_text(text)
        result = crawl(configmod.load(path), data / "demo.db")
        yield site, result
    patch.undo()


def test_the_crawl_completes_and_keeps_the_images(crawled_without_ocr):
    _site, result = crawled_without_ocr
    assert result["status"] == "finished"
    assert result["stats"]["greenroom/ocr/unavailable"] == 2
    assert "rapidocr" in result["stats"]["greenroom/ocr/unavailable_reason"]


def test_the_summary_says_image_licences_were_not_read(crawled_without_ocr, capsys):
    _site, result = crawled_without_ocr
    print_run_summary(result)
    lines = [ln for ln in capsys.readouterr().out.splitlines() if "image licences" in ln]
    expected = (
        "image licences were not read: install rapidocr-onnxruntime "
        "(pip install 'rapidocr-onnxruntime>=1.4,<2') (2 images kept)"
    )
    assert lines == [expected]


def test_an_image_not_read_counts_as_not_shown(crawled_without_ocr, tmp_path_factory):
    from storage.db import connect

    site, _result = crawled_without_ocr
    db_path = next(tmp_path_factory.getbasetemp().glob("demo-no-ocr*/demo.db"))
    rows = {
        (r["check_id"], r["subject_url"])
        for r in connect(db_path).query("SELECT * FROM findings WHERE status = 'open'")
    }
    assert ("shop.licence_missing", site.shop_url(20)) in rows
    assert ("shop.licence_missing", site.shop_url(17)) in rows
    assert ("shop.uscc_invalid", site.shop_url(17)) not in rows
