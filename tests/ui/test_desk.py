"""The desk (`greenroom serve`'s front page): every figure equals the database and links to
the rows it counts; Chinese column titles and check titles; cases only when there are cases."""

from __future__ import annotations

import asyncio
import sqlite3
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from checks.registry import catalogue
from tests.ui.casedb import SHOP_A, SHOP_B, XSS_SHOP, served
from tests.ui.deskdb import CASE_NAMES, UNHEALTHY, build_desk


@pytest.fixture(scope="module")
def desk(tmp_path_factory):
    path = tmp_path_factory.mktemp("desk") / "cases.db"
    build_desk(path)
    return path, served(path)


def get(ds, path):
    response = asyncio.run(ds.client.get(path))
    assert response.status_code == 200, response.text[:500]
    return response


def page(ds, path="/"):
    return BeautifulSoup(get(ds, path).text, "html.parser")


def count(path, sql, *params) -> int:
    with sqlite3.connect(path) as conn:
        return conn.execute(sql, params).fetchone()[0]


def rows_behind(ds, href: str) -> int:
    """How many rows the table page a figure links to holds."""
    parts = urlsplit(href)
    data = get(ds, f"{parts.path}.json?{parts.query}&_size=0").json()
    return data["filtered_table_rows_count"]


def test_open_findings_by_check_and_severity_equal_the_database(desk):
    path, ds = desk
    doc = page(ds)
    figures = doc.select("#open-by-check a.figure")
    assert figures
    seen = set()
    for a in figures:
        check, severity = a["data-check"], a["data-severity"]
        sql = "SELECT COUNT(*) FROM findings WHERE status = 'open' AND check_id = ?"
        params = [check] + ([] if severity == "all" else [severity])
        expected = count(path, sql + ("" if severity == "all" else " AND severity = ?"), *params)
        assert int(a.get_text()) == expected == rows_behind(ds, a["href"]), (check, severity)
        seen.add(check)
    assert seen == {
        r[0]
        for r in sqlite3.connect(path).execute(
            "SELECT DISTINCT check_id FROM findings WHERE status = 'open'"
        )
    }
    total = doc.select_one("#open-total")
    expected = count(path, "SELECT COUNT(*) FROM findings WHERE status = 'open'")
    assert int(total.get_text()) == expected == rows_behind(ds, total["href"]) == 5


def test_new_and_resolved_since_the_last_night_equal_the_database(desk):
    path, ds = desk
    doc = page(ds)
    new = doc.select_one("#new-total")
    assert int(new.get_text()) == count(path, "SELECT COUNT(*) FROM findings WHERE first_run = 2")
    assert rows_behind(ds, new["href"]) == 2
    per_check = {a["data-new"]: int(a.get_text()) for a in doc.select("#new-since a.figure")}
    assert per_check == {"listing.medical_claim": 1, "listing.absolute_claim": 1}
    resolved = doc.select_one("#resolved-total")
    assert int(resolved.get_text()) == 1 == rows_behind(ds, resolved["href"])


def test_shops_with_most_open_findings_come_first_and_names_are_text(desk):
    path, ds = desk
    doc = page(ds)
    shops = [(a["data-shop"], int(a.get_text())) for a in doc.select("#top-shops a.figure")]
    assert shops[0] == (SHOP_B, 2)
    assert (SHOP_A, 1) in shops
    for url, n in shops:
        assert n == count(
            path,
            "SELECT COUNT(*) FROM findings_by_shop WHERE shop_url = ? AND status = 'open'",
            url,
        )
    assert XSS_SHOP in doc.select_one("#top-shops").get_text()
    assert not doc.find("img", src="x")
    for a in doc.select("#top-shops a.figure"):
        assert rows_behind(ds, a["href"]) == int(a.get_text())


def test_last_runs_show_their_health(desk):
    _, ds = desk
    doc = page(ds)
    health = {
        tr["data-run"]: tr.select_one(".health").get_text(strip=True)
        for tr in doc.select("#runs tr[data-run]")
    }
    assert health == {"2": f"异常：{UNHEALTHY}", "1": "正常"}


def test_open_cases_are_listed_with_their_findings_when_the_database_has_cases(desk):
    path, ds = desk
    doc = page(ds)
    names = [a.get_text() for a in doc.select("#cases a.case")]
    assert sorted(names) == sorted(CASE_NAMES[:2])  # the closed one is not on the desk
    assert int(doc.select_one("#cases-total").get_text()) == 2
    assert rows_behind(ds, doc.select_one("#cases-total")["href"]) == 2
    for a in doc.select("#cases a.figure"):
        expected = count(
            path,
            "SELECT COUNT(*) FROM case_findings m JOIN cases c ON c.id = m.case_id "
            "WHERE c.name = ?",
            a["data-case"],
        )
        assert int(a.get_text()) == expected == rows_behind(ds, a["href"])
    assert not doc.select_one("#cases b")  # a name is text


def test_a_database_without_cases_says_there_are_none(tmp_path):
    # (the schema now has the cases tables, so serving an older database adds them)
    path = tmp_path / "cases.db"
    build_desk(path, cases=False)
    doc = page(served(path))
    assert "没有进行中的案件" in doc.select_one("#cases").get_text()
    assert doc.select_one("#cases-total").get_text() == "0"
    assert doc.select_one("#open-total")


def test_the_desk_has_the_search_box_and_a_way_to_every_table(desk):
    _, ds = desk
    doc = page(ds)
    assert doc.find("form", action="/-/search").find("input", attrs={"name": "q"})
    assert doc.find("a", href="/cases")
    assert "Powered by" not in doc.get_text()
    crumbs = page(ds, "/cases/findings").select_one("p.crumbs")
    assert crumbs.find("a", href="/").get_text() == "工作台"


def test_table_column_titles_are_chinese_with_the_column_name_on_hover(desk):
    _, ds = desk
    doc = page(ds, "/cases/findings")
    th = doc.select_one("th[data-column=check_id]")
    assert th.get_text(strip=True).startswith("检查项") and th["title"] == "check_id"
    assert doc.select_one("th[data-column=severity]").get_text(strip=True).startswith("严重程度")
    cells = doc.select("td.col-severity span")
    assert {c.get_text() for c in cells} <= {"高", "中", "低"} and cells


def test_the_finding_page_names_each_check_in_chinese(desk):
    path, ds = desk
    rules = {r["id"]: r for r in catalogue()}
    with sqlite3.connect(path) as conn:
        findings = conn.execute("SELECT id, check_id FROM findings").fetchall()
    assert len({c for _, c in findings}) == 6
    for fid, check_id in findings:
        rule = rules[check_id]
        doc = page(ds, f"/-/finding/{fid}")
        assert doc.select_one(".rule-title").get_text() == rule["title"]
        assert doc.select_one(".rule-summary").get_text() == rule["summary_zh"]
        assert doc.select_one(".check-id").get_text() == check_id
