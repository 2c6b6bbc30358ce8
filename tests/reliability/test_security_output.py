"""Security: what greenroom hands out is safe to open: personal numbers masked however they
are written, and CSV that a spreadsheet shows as text, never runs."""

from __future__ import annotations

import csv
import io
import sqlite3

import pytest

from storage.report import mask
from tests.evidence.conftest import build_case
from tests.reliability.conftest import run_greenroom


@pytest.mark.parametrize(
    "text, expected",
    [
        ("手机１３８００００１２３４", "手机１３８****１２３４"),
        ("电话 138.1234.5678", "电话 138.****.5678"),
        ("１３８－１２３４－５６７８", "１３８－****－５６７８"),
        ("＋８６　１３８　１２３４　５６７８", "＋８６　１３８　****　５６７８"),
        ("身份证 ３３０１０６１９９００１０１１２３Ｘ", "身份证 ３３０１**********１２３Ｘ"),
    ],
)
def test_masking_catches_full_width_digits_and_separators(text, expected):
    assert mask(text) == expected


def test_findings_csv_guards_formulas_and_starts_with_a_bom(tmp_path):
    db = tmp_path / "case.db"
    build_case(db)
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE findings SET message = ? WHERE id = 1", ['=HYPERLINK("http://x")'])
        conn.execute("UPDATE findings SET message = ? WHERE id = 2", ["@SUM(A1)"])
        conn.execute("UPDATE findings SET message = ? WHERE id = 3", ["-2+3"])
    done = run_greenroom("findings", "--db", str(db), "--format", "csv")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("\ufeffid,")
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(done.stdout.lstrip("\ufeff")))}
    assert rows["1"]["message"] == '\'=HYPERLINK("http://x")'
    assert rows["2"]["message"] == "'@SUM(A1)"
    assert rows["3"]["message"] == "'-2+3"
