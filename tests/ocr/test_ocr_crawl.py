"""End to end: the demo's image-only licences are fetched, captured, read and checked."""

from __future__ import annotations

import json
import shutil
import sqlite3

import pytest

from greenroom_demo import catalog
from storage.db import captures_dir, connect
from storage.warc import read_capture

READ = (17, 20, 28)  # image-only licences showing name and code (17: an invalid code)
NOT_READ = (25, 26)  # an unreadable photo, a blank form


@pytest.fixture(params=["a", "b"])
def crawled(request):
    return request.getfixturevalue(f"crawled_{request.param}")


def open_findings(crawled, check_id: str, sid: int) -> list[dict]:
    url = crawled.site.shop_url(sid)
    return [f for f in crawled.findings(check_id) if f["subject_url"] == url]


@pytest.mark.parametrize("sid", READ)
def test_licence_missing_does_not_fire_when_the_image_shows_name_and_code(crawled, sid):
    assert open_findings(crawled, "shop.licence_missing", sid) == []


@pytest.mark.parametrize("sid", NOT_READ)
def test_a_blank_or_unreadable_image_still_counts_as_not_shown(crawled, sid):
    (finding,) = open_findings(crawled, "shop.licence_missing", sid)
    assert "营业执照仅以图片形式展示" in finding["message"]
    assert "未能读取其文字" in finding["message"]


def test_uscc_invalid_fires_for_the_code_read_from_an_image_and_says_so(crawled):
    code = catalog.SHOP_BY_ID[17].licence.uscc
    (finding,) = open_findings(crawled, "shop.uscc_invalid", 17)
    assert f"“{code}” 校验位错误" in finding["message"]
    assert "该代码系从营业执照图片中识别" in finding["message"]
    db = crawled.db
    rows = db.execute(
        "SELECT c.kind, c.content_type FROM finding_evidence e JOIN captures c "
        "ON c.id = e.capture_id WHERE e.finding_id = ?",
        [finding["id"]],
    ).fetchall()
    assert ("response", "image/png") in rows, rows


def test_the_registered_name_read_from_an_image_is_the_shops(crawled):
    row = crawled.db.execute(
        "SELECT registered_name, uscc FROM shops WHERE url = ?", [crawled.site.shop_url(20)]
    ).fetchone()
    licence = catalog.SHOP_BY_ID[20].licence
    assert row == (licence.name, licence.uscc)


def test_ocr_text_and_engine_are_kept_as_a_capture_about_the_image(crawled):
    db = crawled.db
    rows = list(db.query("SELECT * FROM captures WHERE kind = 'ocr' ORDER BY id"))
    assert len(rows) >= len(READ) + len(NOT_READ)
    for row in rows:
        image = db["captures"].get(row["about"])
        assert image["kind"] == "response" and image["content_type"] == "image/png"
        assert image["url"] == row["url"]
    texts = {}
    for row in rows:
        _headers, body = read_capture(crawled.db_path, row)
        data = json.loads(body)
        assert data["engine"].startswith("rapidocr-onnxruntime 1.")
        texts[row["url"]] = data["text"]
    image_20 = next(u for u in texts if u.rstrip("/").endswith(("licence/20.png", "zz/20.png")))
    assert catalog.SHOP_BY_ID[20].licence.name in texts[image_20]


def test_the_evidence_bundle_of_a_finding_on_an_image_carries_its_ocr_text(crawled):
    from storage.bundle import related_captures

    (finding,) = open_findings(crawled, "shop.uscc_invalid", 17)
    db = crawled.db
    evidence = {r[0] for r in db.execute(
        "SELECT capture_id FROM finding_evidence WHERE finding_id = ?", [finding["id"]]
    )}  # fmt: skip
    kinds = {r["kind"] for r in related_captures(db, evidence).values()}
    assert "ocr" in kinds


def test_a_recheck_after_an_extraction_change_keeps_what_images_showed(crawled, tmp_path):
    from greenroom.analyse import analyse
    from greenroom.run import reference_for

    db_path = tmp_path / "copy.db"
    with sqlite3.connect(crawled.db_path) as src, sqlite3.connect(db_path) as dst:
        src.backup(dst)  # the pages and captures still in the write-ahead log too
    shutil.copytree(captures_dir(crawled.db_path), captures_dir(db_path))
    db = connect(db_path)
    analyse(db, db_path, reference_for(None), None, reextract=True)
    open_urls = {
        (r["check_id"], r["subject_url"])
        for r in db.query("SELECT * FROM findings WHERE status = 'open'")
    }
    site = crawled.site
    assert ("shop.licence_missing", site.shop_url(20)) not in open_urls
    assert ("shop.uscc_invalid", site.shop_url(17)) in open_urls
    assert ("shop.licence_missing", site.shop_url(26)) in open_urls
