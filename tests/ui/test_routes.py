"""The UI through Datasette's in-process client: pages, JSON, canned queries, escaping."""

from __future__ import annotations

import asyncio
import hashlib
import io
import zipfile

import pytest
from bs4 import BeautifulSoup

from tests.ui.casedb import (
    FAKE,
    HOSTILE,
    ROOM,
    SHOP_A,
    SHOP_B,
    SHOP_C,
    SHOP_D,
    SUGAR,
    USCC,
    XSS_SHOP,
    XSS_SNIPPET,
    XSS_TITLE,
)


def get(ds, path):
    return asyncio.run(ds.client.get(path))


def soup(response):
    assert response.status_code == 200, response.text[:500]
    return BeautifulSoup(response.text, "html.parser")


def no_injected_markup(html: str):
    """No element or handler from captured content made it into the DOM."""
    doc = BeautifulSoup(html, "html.parser")
    assert not doc.find("img", src="x"), "captured <img> rendered as markup"
    assert not [s for s in doc.find_all("script") if "alert(" in (s.string or "")]
    assert not doc.find(attrs={"onerror": True})


def rows(ds, query, **params):
    qs = "&".join(f"{k}={v}" for k, v in params.items())
    response = get(ds, f"/cases/{query}.json?_shape=array&{qs}")
    assert response.status_code == 200, response.text[:500]
    return response.json()


def test_home_page_has_chinese_title_and_search_box(ds):
    doc = soup(get(ds, "/"))
    assert "greenroom 网络交易合规检查" in doc.get_text()
    assert doc.find("form", action="/-/search").find("input", attrs={"name": "q"})


def test_findings_table_has_chinese_title_facets_and_links_to_finding_pages(ds):
    doc = soup(get(ds, "/cases/findings"))
    assert doc.find("h1").get_text(strip=True) == "发现的问题"
    facets = {f["data-column"] for f in doc.select(".facet-info")}
    assert {"check_id", "severity", "status", "subject_type"} <= facets
    assert doc.find("a", href="/-/finding/1")
    no_injected_markup(get(ds, "/cases/findings").text)


def test_table_metadata_describes_columns_in_chinese(ds):
    meta = get(ds, "/-/metadata.json").json()
    columns = meta["databases"]["cases"]["tables"]["shops"]["columns"]
    assert columns["uscc"] == "统一社会信用代码"


@pytest.mark.parametrize(
    ("q", "table", "expected"),
    [
        ("高仿", "listings", FAKE),
        ("仿", "listings", FAKE),
        ("降血糖", "listings", SUGAR),
        ("A货", "listings", FAKE),
        ("1:1", "listings", FAKE),
        ("茶香小铺", "shops", SHOP_C),
        (USCC, "shops", SHOP_A),
        ("实名认证", "findings", None),
        ("福利", "rooms", ROOM),
    ],
)
def test_search_finds_what_says_so(ds, q, table, expected):
    found = get(ds, f"/-/search?q={q}&table={table}&_json=1").json()["results"][table]
    key = "id" if table == "findings" else "url"
    if expected:
        assert expected in [r[key] for r in found]
    else:
        assert found and all("实名认证" in r["message"] for r in found)


def test_search_ranks_the_counterfeit_listing_first_for_gaofang(ds):
    found = rows(ds, "search_listings", q="高仿")
    assert found[0]["url"] == FAKE
    # 最高仿真 contains the characters but is ranked after the real 高仿 listing
    assert [r["url"] for r in found] == [FAKE, HOSTILE]


def test_search_page_lists_hits_with_escaped_titles(ds):
    response = get(ds, "/-/search?q=运动鞋")
    doc = soup(response)
    hits = [a.get_text() for a in doc.select(".greenroom-hit a")]
    assert XSS_TITLE in hits
    no_injected_markup(response.text)


def test_empty_search_finds_nothing_without_error(ds):
    assert rows(ds, "search_listings", q="") == []
    assert soup(get(ds, "/-/search?q=%22%2A%28")).find("h1")


def test_new_findings_since_a_date(ds):
    found = rows(ds, "new_findings", since="2026-03-05")
    assert {r["subject_url"] for r in found} == {SUGAR, ROOM, HOSTILE}


def test_everything_about_one_uscc(ds):
    found = rows(ds, "by_uscc", uscc=USCC.lower())
    kinds = {(r["kind"], r["url"]) for r in found}
    assert {("店铺", SHOP_A), ("店铺", SHOP_B), ("商品", FAKE), ("商品", HOSTILE)} <= kinds
    assert ("直播间", ROOM) in kinds
    assert {r["check_id"] for r in found if r["kind"] == "发现"} == {
        "listing.counterfeit_signal",
        "shop.licence_shared",
        "listing.absolute_claim",
    }


def test_shared_licences_lists_shops_sharing_a_code_or_a_phone(ds):
    found = {(r["shared"], r["value"]): r for r in rows(ds, "shared_licences")}
    assert set(found) == {("统一社会信用代码", USCC), ("联系电话", "13912345678")}
    assert found[("统一社会信用代码", USCC)]["shops"] == 2
    assert SHOP_B in found[("统一社会信用代码", USCC)]["urls"]
    assert SHOP_D in found[("联系电话", "13912345678")]["urls"]


def test_repeat_offenders_are_reopened_findings_or_shops_with_several_checks(ds):
    found = {r["subject"]: r for r in rows(ds, "repeat_offenders")}
    assert set(found) == {SHOP_A, SHOP_C}
    assert found[SHOP_C]["reopened"] == 1
    assert found[SHOP_A]["checks"] == 2


def test_rooms_by_operator(ds):
    assert [r["url"] for r in rows(ds, "rooms_by_operator", operator="杭州甲乙贸易有限公司")] == [
        ROOM
    ]
    assert rows(ds, "rooms_by_operator", operator="无此经营者") == []


def test_finding_page_shows_rule_basis_snippet_capture_and_screenshot(ds, ui_db):
    fid = ui_db[1]["findings"]["room.host_unverified"]
    response = get(ds, f"/-/finding/{fid}")
    doc = soup(response)
    assert doc.select_one(".check-id").get_text() == "room.host_unverified"
    basis = doc.select_one(".basis").get_text()
    assert "网络直播营销管理办法" in basis or "检查目录不可用" in basis
    assert doc.select_one(".snippet").get_text() == XSS_SNIPPET
    assert len(doc.select_one(".captures .sha").get_text()) == 64
    assert doc.select_one(".fetched-at").get_text().startswith("20")
    img = doc.select_one("img.screenshot")
    assert img["src"] == f"/-/capture/{ui_db[1]['captures']['shot']}"
    assert doc.select_one("a.shop")["href"].startswith("/cases/shops/")
    assert doc.select_one("a.raw")["href"] == f"/-/capture/{ui_db[1]['captures']['room']}"
    no_injected_markup(response.text)


@pytest.mark.parametrize("check_id", ["shop.licence_shared", "listing.absolute_claim"])
def test_finding_pages_render_hostile_content_as_text(ds, ui_db, check_id):
    response = get(ds, f"/-/finding/{ui_db[1]['findings'][check_id]}")
    text = soup(response).get_text()
    assert XSS_SHOP in text or XSS_TITLE in text
    no_injected_markup(response.text)


@pytest.mark.parametrize(
    "path",
    [
        "/cases/shops",
        "/cases/listings",
        "/cases/shops/" + "http~3A~2F~2F127~2E0~2E0~2E1~2Fshop~2Fa",
        "/cases/by_uscc?uscc=" + USCC,
        "/cases/findings_by_shop",
    ],
)
def test_datasette_pages_escape_captured_content(ds, path):
    response = get(ds, path)
    assert response.status_code == 200
    no_injected_markup(response.text)


def test_unknown_finding_is_404(ds):
    assert get(ds, "/-/finding/99999").status_code == 404


def test_screenshot_is_served_inline_as_png_with_nosniff(ds, ui_db):
    response = get(ds, f"/-/capture/{ui_db[1]['captures']['shot']}")
    assert response.status_code == 200
    assert response.headers["content-type"] == "image/png"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.content.startswith(b"\x89PNG")


def test_raw_html_capture_is_a_text_attachment_that_never_runs(ds, ui_db, tmp_path):
    cid = ui_db[1]["captures"]["hostile"]
    response = get(ds, f"/-/capture/{cid}")
    assert response.headers["content-type"].startswith("text/plain")
    assert response.headers["content-disposition"].startswith("attachment")
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "sandbox" in response.headers["content-security-policy"]
    assert response.content == b"<script>alert('raw')</script>"
    row = get(ds, f"/cases/captures/{cid}.json?_shape=array").json()[0]
    assert hashlib.sha256(response.content).hexdigest() == row["sha256"]


def test_warc_record_download_matches_its_stored_hash(ds, ui_db):
    cid = ui_db[1]["captures"]["fake"]
    response = get(ds, f"/-/capture/{cid}/warc")
    row = get(ds, f"/cases/captures/{cid}.json?_shape=array").json()[0]
    assert hashlib.sha256(response.content).hexdigest() == row["record_sha256"]


def test_bundle_download_is_the_export_zip_and_verifies(ds, ui_db, tmp_path):
    pytest.importorskip("storage.bundle")
    fid = ui_db[1]["findings"]["listing.counterfeit_signal"]
    response = get(ds, f"/-/finding/{fid}/bundle.zip")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/zip"
    assert "attachment" in response.headers["content-disposition"]
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert "manifest.json" in names
    verify = pytest.importorskip("storage.verify")
    path = tmp_path / "b.zip"
    path.write_bytes(response.content)
    verdict = verify.verify_bundle(path)
    assert verdict.ok, verdict.problems


def test_ui_cannot_write(ds):
    response = get(ds, "/cases.json?sql=DELETE+FROM+findings")
    assert response.status_code != 200 or "error" in response.text.lower()
    assert len(get(ds, "/cases/findings.json?_shape=array").json()) == 5


def test_menu_links_to_search(ds):
    doc = soup(get(ds, "/cases/findings"))
    assert doc.find("a", href="/-/search", string="全文搜索")


def test_canned_query_columns_have_chinese_titles_with_the_name_on_hover(ds):
    page = soup(get(ds, "/cases/by_uscc?uscc=" + USCC))
    heads = {
        th["title"]: th.get_text(strip=True) for th in page.select("table.rows-and-columns th")
    }
    assert heads, "the query shows a table"
    named = [name for name, label in heads.items() if label != name]
    assert named, heads  # columns with a Chinese title show it, the column name on hover
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in heads[n]) for n in named)
