"""The desk in a real Chromium against a real `greenroom serve`: screenshot, figures equal the
database, and a click on a figure opens exactly the rows it counts."""

from __future__ import annotations

import sqlite3

import pytest

from tests.ui.conftest import has_chromium, serving
from tests.ui.deskdb import UNHEALTHY, build_desk

pytestmark = pytest.mark.skipif(not has_chromium(), reason="no chromium")


@pytest.fixture(scope="module")
def desk_served(tmp_path_factory):
    db_path = tmp_path_factory.mktemp("desk-served") / "cases.db"
    build_desk(db_path)
    with serving(db_path) as base:
        yield base, db_path


def by_check_and_severity(db_path) -> dict[tuple[str, str], int]:
    with sqlite3.connect(db_path) as conn:
        rows = conn.execute(
            "SELECT check_id, severity, COUNT(*) FROM findings WHERE status = 'open' "
            "GROUP BY check_id, severity"
        ).fetchall()
    return {(c, s): n for c, s, n in rows}


def test_the_desk_in_chromium_shows_the_database_figures(desk_served, page, tmp_path):
    base, db_path = desk_served
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(base + "/")
    assert page.locator("h1").inner_text() == "greenroom 网络交易合规检查 · 工作台"
    shot = tmp_path / "desk.png"
    page.screenshot(path=str(shot), full_page=True)
    print(f"\ndesk screenshot: {shot}")
    assert shot.stat().st_size > 20_000  # a drawn page, not a blank one
    shown = {
        (a.get_attribute("data-check"), a.get_attribute("data-severity")): int(a.inner_text())
        for a in page.locator(
            "#open-by-check a.figure[data-severity]:not([data-severity=all])"
        ).all()
    }
    assert shown == by_check_and_severity(db_path)
    with sqlite3.connect(db_path) as conn:
        open_total = conn.execute("SELECT COUNT(*) FROM findings WHERE status='open'").fetchone()[0]
        new = conn.execute("SELECT COUNT(*) FROM findings WHERE first_run = 2").fetchone()[0]
    assert int(page.locator("#open-total").inner_text()) == open_total
    assert int(page.locator("#new-total").inner_text()) == new
    assert page.locator("#runs tr[data-run='2'] .health").inner_text() == f"异常：{UNHEALTHY}"
    assert page.locator("#cases a.case").count() == 2
    box = page.locator("#open-by-check table").bounding_box()
    assert box and box["width"] > 300
    assert page.dialogs == []


@pytest.mark.parametrize("figure", ["#open-total", "#new-total", "#top-shops a.figure >> nth=0"])
def test_a_click_on_a_figure_opens_the_rows_it_counts(desk_served, page, figure):
    base, _ = desk_served
    page.goto(base + "/")
    link = page.locator(figure)
    n = int(link.inner_text())
    link.click()
    page.wait_for_load_state("load")
    assert page.locator("table.rows-and-columns tbody tr").count() == n
    assert page.locator("th[data-column=check_id]").inner_text().startswith("检查项")
