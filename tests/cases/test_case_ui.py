"""Cases in `greenroom serve`: the cases list, a case's findings, the cases on a finding page.

All read-only, in Chinese, with a hostile case name escaped.
"""

from __future__ import annotations

import asyncio
from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup

from storage import cases
from storage.db import connect
from tests.ui.casedb import build, served

CASE = "2026-杭市监-017"
XSS_CASE = "<img src=x onerror=alert(1)>案"


@pytest.fixture(scope="module")
def desk(tmp_path_factory):
    path = tmp_path_factory.mktemp("caseui") / "desk.db"
    ids = build(path)["findings"]
    db = connect(path)
    cases.new(db, CASE, actor="王芳")
    cases.add(db, CASE, actor="王芳", finding_ids=[ids["listing.medical_claim"]])
    cases.new(db, XSS_CASE, actor="李明")
    cases.add(db, XSS_CASE, actor="李明", finding_ids=[ids["listing.medical_claim"]])
    cases.add(db, XSS_CASE, actor="李明", finding_ids=[ids["listing.counterfeit_signal"]])
    cases.set_status(db, XSS_CASE, "referred", actor="李明")
    db.conn.close()
    return served(path), ids


def get(ds, path):
    response = asyncio.run(ds.client.get(path))
    assert response.status_code == 200, response.text[:500]
    return response


def no_injected_markup(html: str):
    doc = BeautifulSoup(html, "html.parser")
    assert not doc.find("img", src="x") and not doc.find(attrs={"onerror": True})


def test_the_cases_table_lists_every_case_with_a_link_to_its_findings(desk):
    ds, _ = desk
    response = get(ds, "/desk/cases")
    doc = BeautifulSoup(response.text, "html.parser")
    assert doc.find("h1").get_text(strip=True) == "案件"
    links = {a.get_text(): a["href"] for a in doc.select("td.col-name a")}
    assert set(links) == {CASE, XSS_CASE}
    assert links[CASE] == "/desk/findings_by_case?case_name=" + quote(CASE, safe="")
    no_injected_markup(response.text)


def test_a_cases_findings_are_listed_with_their_state(desk):
    ds, ids = desk
    url = "/desk/findings_by_case.json?_shape=array&_sort=id&case_name=" + quote(XSS_CASE)
    rows = get(ds, url).json()
    expected = sorted([ids["listing.counterfeit_signal"], ids["listing.medical_claim"]])
    assert [(r["case_name"], r["case_status"], r["id"], r["status"]) for r in rows] == [
        (XSS_CASE, "referred", fid, "open") for fid in expected
    ]
    page = get(ds, "/desk/findings_by_case?case_name=" + quote(XSS_CASE))
    assert "案件中的问题" in page.text
    no_injected_markup(page.text)


def test_the_finding_page_names_the_cases_that_hold_it(desk):
    ds, ids = desk
    response = get(ds, f"/-/finding/{ids['listing.medical_claim']}")
    doc = BeautifulSoup(response.text, "html.parser")
    held = [li.get_text(" ", strip=True) for li in doc.select("ul.cases li")]
    assert len(held) == 2
    assert held[0].startswith(f"{CASE} （办理中）"), held
    assert held[1].startswith(XSS_CASE) and "已移送" in held[1] and "李明" in held[1]
    no_injected_markup(response.text)
    alone = get(ds, f"/-/finding/{ids['room.host_unverified']}")
    assert "尚未加入任何案件" in alone.text


def test_cases_are_read_only_in_the_ui(desk):
    ds, _ = desk
    response = asyncio.run(
        ds.client.post("/desk/-/query", data={"sql": "DELETE FROM cases"})  # no writes served
    )
    assert response.status_code in (400, 403, 405)
