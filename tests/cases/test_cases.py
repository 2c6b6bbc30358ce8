"""`greenroom case`: a file of findings whose history is append-only and hash-chained.

The database is the UI's small one (real captures in a real WARC store, hostile text). A
case is opened, filled, annotated, referred and exported; the bundle verifies; a changed,
removed or forged history row, and a finding slipped in past the history, are found by
`greenroom verify --db`.
"""

from __future__ import annotations

import json
import sqlite3
import zipfile

import lxml.html
import pytest
from click.testing import CliRunner

from greenroom.cli import cli
from storage.bundle import select_findings
from storage.db import connect
from tests.ui.casedb import SHOP_A, build

CASE = "2026-杭市监-017"
NOTE = "群众举报：高仿运动鞋，举报人电话 13812345678 <script>alert(1)</script>"


def run(*args, ok=True):
    result = CliRunner().invoke(cli, [str(a) for a in args], env={"GREENROOM_ACTOR": "王芳"})
    if ok:
        assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "cases.db"
    ids = build(path)
    run("case", "new", CASE, "--db", path, "--note", NOTE)
    run("case", "add", CASE, "--db", path, "--finding", ids["findings"]["listing.medical_claim"])
    run("case", "add", CASE, "--db", path, "--shop", SHOP_A, "--by", "李明")
    run("case", "note", CASE, "已电话联系经营者", "--db", path)
    run("case", "status", CASE, "referred", "--db", path)
    return path, ids


def held(path, ids) -> list[int]:
    """What the case must hold: the medical claim, and every finding of shop A (its
    licence, its listing's counterfeit signal, its room's unverified host)."""
    shop = [r["id"] for r in select_findings(connect(path), shop_url=SHOP_A)]
    return sorted({ids["findings"]["listing.medical_claim"], *shop})


def untrigger(path, table="case_history"):
    """What someone editing the file directly does first: drop the append-only triggers."""
    con = sqlite3.connect(path)
    for (name,) in con.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?", [table]
    ).fetchall():
        con.execute(f"DROP TRIGGER {name}")
    return con


def test_greenroom_help_lists_case():
    assert "case" in run("--help").output.split("Commands:")[1].split()


def test_a_case_holds_its_findings_and_its_history_in_order(db):
    path, ids = db
    shown = json.loads(run("case", "show", CASE, "--db", path, "--format", "json").output)
    assert shown["case"]["status"] == "referred"
    assert [x["id"] for x in shown["findings"]] == held(path, ids)
    assert [(h["actor"], h["action"]) for h in shown["history"]] == [
        ("王芳", "opened"),
        ("王芳", "note"),
        ("王芳", "added"),
        ("李明", "added"),
        ("王芳", "note"),
        ("王芳", "status"),
    ]
    assert shown["history"][1]["detail"]["text"] == NOTE
    assert shown["history"][-1]["text"] == "状态：办理中 → 已移送"
    listed = run("case", "list", "--db", path, "--format", "json").output
    assert json.loads(listed) == [
        {
            "name": CASE,
            "status": "referred",
            "opened_at": shown["case"]["opened_at"],
            "opened_by": "王芳",
            "findings": 4,
            "open": 4,
            "last_change": shown["history"][-1]["at"],
        }
    ]


@pytest.mark.parametrize(
    "args, message",
    [
        (("case", "add", "no-such", "--finding", "1"), "no such case: no-such"),
        (("case", "add", CASE, "--finding", "999"), "no such finding: 999"),
        (("case", "add", CASE, "--finding", "x"), "--finding takes finding ids"),
        (("case", "add", CASE), "give either --finding ID"),
        (("case", "new", CASE), f"case {CASE} already exists"),
        (("case", "new", " "), "a case needs a name"),
        (("case", "note", CASE, "  "), "the note is empty"),
        (("case", "status", CASE, "referred"), f"case {CASE} is already referred"),
        (("case", "note", CASE, "备注", "--by", "王\x1b[2J芳"), "who does it (--by)"),
    ],
)
def test_a_bad_case_command_is_one_line_and_exit_2(db, args, message):
    path, _ = db
    result = run(*args, "--db", path, ok=False)
    assert result.exit_code == 2, result.output
    assert message in result.output and "Traceback" not in result.output


def test_a_closed_case_takes_no_more_findings_until_reopened(db):
    path, ids = db
    run("case", "status", CASE, "closed", "--db", path)
    room = ids["findings"]["listing.absolute_claim"]
    result = run("case", "add", CASE, "--finding", room, "--db", path, ok=False)
    assert result.exit_code == 2 and "is closed" in result.output
    run("case", "status", CASE, "open", "--db", path)
    assert (
        f"added findings {room}" in run("case", "add", CASE, "--finding", room, "--db", path).output
    )


def test_the_history_cannot_be_edited_through_sqlite(db):
    path, _ = db
    con = sqlite3.connect(path)
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        con.execute("UPDATE case_history SET actor = 'someone' WHERE id = 2")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        con.execute("DELETE FROM case_history WHERE id = 2")
    with pytest.raises(sqlite3.DatabaseError, match="stays in its case"):
        con.execute("DELETE FROM case_findings")


def test_an_intact_history_verifies(db):
    path, _ = db
    out = run("verify", "--db", path).output
    assert "6 captures intact" in out and "6 case-history entries intact" in out


def test_a_tampered_history_row_is_found_and_named(db):
    path, _ = db
    con = untrigger(path)
    con.execute("""UPDATE case_history SET detail = '{"text":"无异常"}' WHERE id = 2""")
    con.commit()
    result = run("verify", "--db", path, ok=False)
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        "case history entry 2 (case 1, note): its row was changed (chain_hash no longer matches)"
    )
    assert "the case history no longer matches" in result.output


def test_a_removed_history_row_breaks_the_next_link(db):
    path, _ = db
    con = untrigger(path)
    con.execute("DELETE FROM case_history WHERE id = 5")
    con.commit()
    result = run("verify", "--db", path, ok=False)
    assert result.exit_code == 1
    assert "case history entry 6 (case 1, status): prev_hash does not link to entry 4" in (
        result.output
    )


def test_a_finding_slipped_into_a_case_past_its_history_is_found(db):
    path, ids = db
    con = sqlite3.connect(path)
    room = ids["findings"]["listing.absolute_claim"]
    con.execute("INSERT INTO case_findings (case_id, finding_id) VALUES (1, ?)", [room])
    con.execute("UPDATE cases SET status = 'closed'")
    con.commit()
    result = run("verify", "--db", path, ok=False)
    assert result.exit_code == 1
    assert (
        f"case {CASE}: its findings disagree with its history (not in the history: [{room}])"
        in (result.output)
    )
    assert f"case {CASE}: status 'closed' disagrees with its history ('referred')" in result.output


def test_a_case_exports_as_one_verified_bundle_with_its_notes_and_history(db, tmp_path):
    path, ids = db
    out = tmp_path / "case017.zip"
    printed = run("case", "export", CASE, "--db", path, "--out", out, "--no-sign").output
    assert "4 findings" in printed
    verdict = run("verify", out, ok=False)
    assert verdict.exit_code == 3 and "intact but NOT AUTHENTICATED" in verdict.output
    with zipfile.ZipFile(out) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        case_file = json.loads(zf.read("case.json"))
        report = lxml.html.fromstring(zf.read("report.html").decode("utf-8"))
    assert manifest["case"] == CASE
    assert sorted(x["id"] for x in manifest["findings"]) == held(path, ids)
    assert "case.json" in {x["path"] for x in manifest["files"]}
    assert case_file["status"] == "referred" and len(case_file["history"]) == 6
    assert report.get_element_by_id("case").text_content() == CASE
    history = [
        " ".join(td.text_content().split())
        for td in report.xpath("//table[@id='case-history']//td[3]")
    ]
    assert history[1].startswith("备注：群众举报：高仿运动鞋，举报人电话 138****5678 <script>")
    assert not report.xpath("//script")  # the note's markup is text, not a script
    assert history[-1].startswith("状态：办理中 → 已移送")
    # the export itself is in the case's history and in the export log
    shown = json.loads(run("case", "show", CASE, "--db", path, "--format", "json").output)
    assert shown["history"][-1]["action"] == "exported"
    assert shown["history"][-1]["detail"]["sha256"] in printed
    log = connect(path).execute("SELECT what, via FROM exports").fetchall()
    assert log == [(f"case {CASE}", "greenroom case export")]
    assert "7 case-history entries intact" in run("verify", "--db", path).output


def test_an_empty_case_does_not_export(tmp_path):
    path = tmp_path / "empty.db"
    build(path)
    run("case", "new", "空案", "--db", path)
    result = run("case", "export", "空案", "--db", path, "--out", tmp_path / "x.zip", ok=False)
    assert result.exit_code == 2 and "holds no findings yet" in result.output
    assert not (tmp_path / "x.zip").exists()
