"""`greenroom export` writes a bundle whose WARC, manifest, findings and WACZ hold up."""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import subprocess
import sys
import zipfile
from importlib.metadata import version
from pathlib import Path

import pytest

from storage.db import captures_dir, connect
from storage.evidence.wacz import validate
from storage.warc import chain_hash
from tests.evidence.conftest import LICENCE, LISTING, MASKED, MOBILE, ROOM, SHOP, UA, XSS
from tests.evidence.helpers import export_shop, run


@pytest.fixture
def bundle(case):
    out = case["dir"] / "case.zip"
    result = export_shop(case, out, "--case", "2026-7", "--exporter", "张三")
    assert result.exit_code == 0, result.output
    return out


def manifest_of(path):
    with zipfile.ZipFile(path) as z:
        return json.loads(z.read("manifest.json"))


def test_export_then_verify_says_intact_but_not_authenticated(bundle):
    result = run("verify", bundle)
    assert result.exit_code == 3, result.output  # no key exists: the export is unsigned
    assert "intact but NOT AUTHENTICATED: unsigned" in result.output


def test_shop_takes_its_own_its_listings_and_its_rooms_findings_only(bundle):
    findings = {f["subject_url"] for f in manifest_of(bundle)["findings"]}
    assert findings == {SHOP, LISTING, ROOM}


def test_finding_ids_select_exactly_those_findings(case):
    out = case["dir"] / "one.zip"
    result = run("export", "--db", case["db"], "--finding", "3", "--finding", "1", "--out", out)
    assert result.exit_code == 0, result.output
    assert [f["id"] for f in manifest_of(out)["findings"]] == [1, 3]


@pytest.mark.parametrize(
    "args, message",
    [
        (["--finding", "99"], "no such finding: 99"),
        (["--shop", "http://127.0.0.1:8000/shop/404"], "no such shop"),
        (["--finding", "x"], "finding ids"),
        ([], "either --finding"),
    ],
)
def test_bad_selections_exit_2_with_one_line(case, args, message):
    result = run("export", "--db", case["db"], *args, "--out", case["dir"] / "x.zip")
    assert result.exit_code == 2
    assert message in result.output and len(result.output.strip().splitlines()) == 1
    assert not (case["dir"] / "x.zip").exists()


def test_manifest_lists_every_file_with_sha256_and_size(bundle):
    manifest = manifest_of(bundle)
    with zipfile.ZipFile(bundle) as z:
        names = set(z.namelist()) - {"manifest.json"}
        listed = {f["path"]: f for f in manifest["files"]}
        assert set(listed) == names
        for name in names:
            data = z.read(name)
            assert listed[name] == {
                "path": name,
                "sha256": hashlib.sha256(data).hexdigest(),
                "size": len(data),
            }
    assert {
        "warc/captures.warc.gz",
        "report.html",
        "findings.json",
        "findings.csv",
        "replay.wacz",
        "screenshots/7.png",
    } <= names


def test_manifest_records_version_time_chain_and_how_captured(case, bundle):
    manifest = manifest_of(bundle)
    assert manifest["tool"] == {"name": "greenroom", "version": version("greenroom")}
    assert manifest["exported_at"].endswith("Z")
    assert manifest["case"] == "2026-7" and manifest["exporter"] == "张三"
    how = manifest["how_captured"]
    assert UA in how["user_agents"] and how["robots_txt_obeyed"] is True
    assert how["robots_txt_captures"] == [case["ids"]["robots"]]
    assert "HeadlessChrome/131" in how["browser"]
    db = connect(case["db"])
    for cap in manifest["captures"]:
        row = db["captures"].get(cap["id"])
        assert cap["chain_hash"] == row["chain_hash"] == chain_hash(row["prev_hash"], row)
    room = next(f for f in manifest["findings"] if f["subject_url"] == ROOM)
    ids = case["ids"]
    assert room["captures"] == [ids["dom"]]
    assert set(room["related_captures"]) == {ids["room"], ids["dom"], ids["screenshot"], ids["api"]}


def test_warc_records_are_the_stored_bytes_and_warcio_accepts_them(case, bundle, tmp_path):
    manifest = manifest_of(bundle)
    warc = tmp_path / "captures.warc.gz"
    warc.write_bytes(zipfile.ZipFile(bundle).read("warc/captures.warc.gz"))
    db = connect(case["db"])
    data = warc.read_bytes()
    for cap in manifest["captures"]:
        row = db["captures"].get(cap["id"])
        with open(captures_dir(case["db"]) / row["warc_file"], "rb") as fh:
            fh.seek(row["warc_offset"])
            stored = fh.read(row["warc_length"])
        at = cap["warc"]["offset"]
        assert data[at : at + cap["warc"]["length"]] == stored
    warcio = [sys.executable, "-m", "warcio.cli"]
    check = subprocess.run(
        [*warcio, "check", str(warc)], capture_output=True, text=True, check=False
    )
    assert check.returncode == 0, check.stdout + check.stderr
    index = subprocess.run(
        [*warcio, "index", str(warc)], capture_output=True, text=True, check=False
    )
    assert index.returncode == 0 and f'"warc-target-uri": "{SHOP}"' in index.stdout


def test_findings_json_and_csv_hold_the_findings_and_their_evidence(case, bundle):
    z = zipfile.ZipFile(bundle)
    rows = json.loads(z.read("findings.json"))
    assert [r["id"] for r in rows] == [1, 2, 3, 4]
    assert rows[0]["evidence"] == [case["ids"]["shop"]] and MOBILE in rows[0]["message"]
    table = list(csv.DictReader(io.StringIO(z.read("findings.csv").decode("utf-8-sig"))))
    assert [r["check_id"] for r in table] == [r["check_id"] for r in rows]


def test_csv_cells_never_start_a_formula():
    from storage.bundle import _csv_cell

    assert _csv_cell('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    assert _csv_cell("店铺") == "店铺"


def test_report_escapes_captured_content_and_masks_numbers(bundle):
    html = zipfile.ZipFile(bundle).read("report.html").decode()
    assert XSS not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert MOBILE not in html and MASKED in html
    assert "3301**********1234" in html and "<mark>" in html
    assert "未签名" in html and "<script" not in html


def test_report_names_each_rule_in_chinese(bundle):
    from checks.registry import catalogue

    html = zipfile.ZipFile(bundle).read("report.html").decode()
    checks = {f["check_id"] for f in manifest_of(bundle)["findings"]}
    rules = {c["id"]: c for c in catalogue()}
    for check_id in checks:
        assert f"{rules[check_id]['title']}：{rules[check_id]['summary_zh']}" in html
        assert rules[check_id]["summary"] not in html  # not the English line


def test_report_shows_each_rule_with_the_text_of_greenroom_checks_id(bundle):
    """The rule line and "why it matters" of a finding in report.html are what
    `greenroom checks ID` prints for its check."""
    from markupsafe import escape  # as the report's template escapes

    html = zipfile.ZipFile(bundle).read("report.html").decode()
    for check_id in {f["check_id"] for f in manifest_of(bundle)["findings"]}:
        doc = run("checks", check_id).output
        rule = doc.splitlines()[1]
        why = doc.split("## Why it matters\n", 1)[1].split("\n## ", 1)[0].strip()
        assert f"<td>{escape(rule)}</td>" in html
        assert f'<td class="why">{escape(why)}</td>' in html


def test_no_mask_keeps_the_numbers(case):
    out = case["dir"] / "plain.zip"
    assert (
        run("export", "--db", case["db"], "--finding", "4", "--no-mask", "--out", out).exit_code
        == 0
    )
    html = zipfile.ZipFile(out).read("report.html").decode()
    assert MOBILE in html and "330106199001011234" in html


def test_wacz_is_made_by_py_wacz_validates_and_lists_the_subject_pages(bundle, tmp_path):
    wacz = tmp_path / "replay.wacz"
    wacz.write_bytes(zipfile.ZipFile(bundle).read("replay.wacz"))
    assert validate(wacz) == (True, "Validation succeeded, the passed WACZ is valid")
    inner = zipfile.ZipFile(wacz)
    names = set(inner.namelist())
    assert {
        "archive/captures.warc.gz",
        "indexes/index.cdx.gz",
        "indexes/index.idx",
        "pages/pages.jsonl",
        "datapackage.json",
        "datapackage-digest.json",
    } <= names
    package = json.loads(inner.read("datapackage.json"))
    assert package["software"].startswith("py-wacz")
    for res in package["resources"]:
        data = inner.read(res["path"])
        assert res["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
    assert inner.read("archive/captures.warc.gz") == zipfile.ZipFile(bundle).read(
        "warc/captures.warc.gz"
    )
    cdx = gzip.decompress(inner.read("indexes/index.cdx.gz")).decode().splitlines()
    assert any(line.startswith("1,0,0,127:8000)/shop/7 ") for line in cdx)  # SURT keys
    pages = [json.loads(x) for x in inner.read("pages/pages.jsonl").decode().splitlines()]
    assert pages[0]["format"] == "json-pages-1.0"
    by_url = {p["url"]: p for p in pages[1:]}
    assert {SHOP, LICENCE, LISTING, ROOM} <= set(by_url)  # subject pages and the room sample
    assert by_url[SHOP]["title"] == XSS and by_url[ROOM]["title"] == "直播间"
    assert by_url[LISTING]["title"] == "国家级 最佳 龙井茶"
    assert all(p["ts"].endswith("Z") for p in pages[1:])
    replay = manifest_of(bundle)["replay"]
    assert replay["pages"] == len(pages) - 1 and replay["pages_without_record"] == []


def test_a_tampered_store_is_not_exported(case):
    db = connect(case["db"])
    row = db["captures"].get(case["ids"]["shop"])
    path = captures_dir(case["db"]) / row["warc_file"]
    data = bytearray(path.read_bytes())
    data[row["warc_offset"] + 40] ^= 1
    path.write_bytes(bytes(data))
    out = case["dir"] / "t.zip"
    result = export_shop(case, out)
    assert result.exit_code == 1 and "capture 2" in result.output
    assert not out.exists() and not list(Path(case["dir"]).glob(".t.zip*"))


def test_the_report_shows_provenance_and_how_to_verify_and_replay(bundle):
    html = zipfile.ZipFile(bundle).read("report.html").decode()
    manifest = manifest_of(bundle)
    shop = next(c for c in manifest["captures"] if c["url"] == SHOP)
    assert f"位置 position #{shop['id']}：{shop['chain_hash']}" in html
    assert shop["fetched_at"] in html
    assert "未使用可信时间戳服务（TSA）" in html  # no TSA: said, not faked
    how = html[html.index('id="how-to"') :]
    assert "greenroom verify" in how and "ReplayWeb.page" in how and "wb-manager add" in how


def test_a_wacz_whose_archive_was_changed_fails_validation(bundle, tmp_path):
    # the check every export runs on its own WACZ (storage.evidence.wacz.write_wacz) can fail
    wacz, broken = tmp_path / "replay.wacz", tmp_path / "broken.wacz"
    wacz.write_bytes(zipfile.ZipFile(bundle).read("replay.wacz"))
    with zipfile.ZipFile(wacz) as src, zipfile.ZipFile(broken, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "archive/captures.warc.gz":
                data = data[:-64] + bytes(64)
            dst.writestr(item, data)
    ok, said = validate(broken)
    assert not ok, said
