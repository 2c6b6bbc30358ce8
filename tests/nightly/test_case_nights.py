"""A case across nights: what night 2 resolves stays in the case, marked resolved, with the
night that resolved it; the case then exports and verifies.

Night 1 of the demo is crawled, every open finding is put in one case, and night 2 (shops
and a listing fixed, new violations) is crawled into the same database.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from greenroom.cli import cli
from nightly.conftest import demo_config
from storage import cases
from storage.db import connect

CASE = "2026-杭市监-031"


def run(*args):
    result = CliRunner().invoke(cli, [str(a) for a in args], env={"GREENROOM_ACTOR": "王芳"})
    assert result.exit_code in (0, 3), result.output
    return result


@pytest.fixture(scope="module")
def two_nights(tmp_path_factory):
    from greenroom import config as configmod
    from greenroom.run import crawl
    from greenroom_demo.site import DemoSite

    site = DemoSite(rendering="a").start()
    data = tmp_path_factory.mktemp("case-nights")
    db_path = data / "nights.db"
    try:
        site.night = 1
        crawl(configmod.load(demo_config(site, data)), db_path)
        db = connect(db_path)
        night1 = [r[0] for r in db.execute("SELECT id FROM findings WHERE status = 'open'")]
        cases.new(db, CASE, actor="王芳", note="夜间巡查发现")
        cases.add(db, CASE, actor="王芳", finding_ids=night1)
        db.conn.close()
        site.night = 2
        crawl(configmod.load(demo_config(site, data)), db_path)
    finally:
        site.stop()
    return db_path, night1


def test_a_finding_resolved_on_night_two_stays_in_its_case_marked_resolved(two_nights):
    db_path, night1 = two_nights
    shown = json.loads(run("case", "show", CASE, "--db", db_path, "--format", "json").output)
    assert [f["id"] for f in shown["findings"]] == sorted(night1)
    resolved = [f for f in shown["findings"] if f["status"] == "resolved"]
    assert resolved, "night 2 of the demo fixes shops and a listing"
    run2 = connect(db_path).execute("SELECT started FROM runs WHERE id = 2").fetchone()[0]
    for f in resolved:
        assert (f["resolved_run"], f["resolved_night"]) == (2, run2[:10])
    text = run("case", "show", CASE, "--db", db_path).output
    assert f"resolved run 2, {run2[:10]}" in text
    listed = json.loads(run("case", "list", "--db", db_path, "--format", "json").output)
    assert (listed[0]["findings"], listed[0]["open"]) == (len(night1), len(night1) - len(resolved))


def test_the_case_exports_after_night_two_and_its_report_marks_the_resolved(two_nights, tmp_path):
    import zipfile

    import lxml.html

    db_path, _ = two_nights
    out = tmp_path / "case031.zip"
    run("case", "export", CASE, "--db", db_path, "--out", out, "--no-sign")
    assert "intact" in run("verify", out).output
    with zipfile.ZipFile(out) as zf:
        report = lxml.html.fromstring(zf.read("report.html").decode("utf-8"))
    states = [td.text_content() for td in report.xpath("//table[@id='case-findings']//td[2]")]
    assert any(s.startswith("已解决（第 2 次抓取") for s in states), states
    assert "case-history entries intact" in run("verify", "--db", db_path).output
