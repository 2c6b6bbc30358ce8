"""Findings across nights: new, persisting, resolved only when re-crawled, reopened.

The demo is crawled three times into one database: night 1, night 2 (shops and a listing
fixed, new violations, shop 8 answering 503), then night 1 again. Expectations come from
the demo's labels, for the checks the crawler gets exactly right on night 1 (extraction is
tuned elsewhere; the lifecycle is what is tested here).
"""

from __future__ import annotations

import json

import pytest


def fired(labels) -> set[tuple[str, str]]:
    return {(c, x["subject_url"]) for x in labels for c in x["fires"]}


def unreachable(labels) -> set[str]:
    return {x["subject_url"] for x in labels if not x["reachable"]}


def opened(table) -> set[tuple[str, str]]:
    return {k for k, r in table.items() if r["status"] == "open"}


@pytest.fixture(scope="module")
def exact(nights) -> set[str]:
    """Checks whose night-1 findings equal night 1's labels: no miss, no false alarm."""
    found, truth = opened(nights.tables[0]), fired(nights.labels[0])
    checks = {c for c, _ in found | truth}
    return {c for c in checks if {k for k in found if k[0] == c} == {k for k in truth if k[0] == c}}


@pytest.fixture(scope="module")
def night2(nights, exact):
    """What night 2 must do, per the labels, within the exactly-right checks."""
    one, two = fired(nights.labels[0]), fired(nights.labels[1])
    gone = unreachable(nights.labels[1])

    def scoped(keys):
        return {k for k in keys if k[0] in exact}

    return {
        "new": scoped(two - one),
        "resolved": scoped({k for k in one - two if k[1] not in gone}),
        "persisting": scoped({k for k in one & two if k[1] not in gone}),
        "unreached": scoped({k for k in one if k[1] in gone}),
    }


def by_check(nights, run_id: int) -> dict:
    raw = nights.db.execute("SELECT by_check FROM runs WHERE id = ?", [run_id]).fetchone()[0]
    return json.loads(raw)


def test_night_two_changes_are_mostly_within_the_exactly_right_checks(night2, exact):
    assert len(exact) >= 8, exact
    assert all(night2.values()), night2
    assert len(night2["new"]) + len(night2["resolved"]) >= 5, night2


def test_night_two_counts_new_persisting_and_resolved_exactly(nights, exact, night2):
    gone = unreachable(nights.labels[1])
    per_check = by_check(nights, 2)
    everything = {k: r for k, r in nights.tables[1].items() if k[0] in exact}
    for kind, keys in lifecycle(everything).items():  # the run row agrees with the table
        assert sum(per_check.get(c, {}).get(kind, 0) for c in exact) == len(keys), kind
    reached = {k: r for k, r in everything.items() if k[1] not in gone}
    for kind, keys in lifecycle(reached).items():
        assert keys == night2[kind], (
            kind,
            sorted(keys - night2[kind]),
            sorted(night2[kind] - keys),
        )


def lifecycle(table: dict) -> dict[str, set]:
    """What run 2 did to these findings, read from their rows."""
    return {
        "new": {k for k, r in table.items() if r["first_run"] == 2},
        "resolved": {
            k for k, r in table.items() if r["status"] == "resolved" and r["last_run"] == 2
        },
        "persisting": {
            k
            for k, r in table.items()
            if r["status"] == "open" and r["first_run"] == 1 and r["last_run"] == 2
        },
    }


@pytest.mark.parametrize(
    "kind, status, first_run, last_run",
    [
        ("new", "open", 2, 2),
        ("resolved", "resolved", 1, 2),
        ("persisting", "open", 1, 2),
        (
            "unreached",
            "open",
            1,
            1,
        ),  # shop 8 answered 503: not crawled, so neither resolved nor seen again
    ],
)
def test_night_two_rows(nights, night2, kind, status, first_run, last_run):
    table = nights.tables[1]
    for key in night2[kind]:
        r = table[key]
        assert (r["status"], r["first_run"], r["last_run"]) == (status, first_run, last_run), key
        if kind == "resolved":
            assert r["resolved_at"] >= r["last_seen"]


def test_unreachable_shop_8_keeps_every_finding_open(nights, night2):
    gone = unreachable(nights.labels[1])
    before = {k: r for k, r in nights.tables[0].items() if k[1] in gone}
    assert before and night2["unreached"] <= set(before)
    for key in before:
        assert nights.tables[1][key]["status"] == "open", key


def test_unreachable_shop_8_findings_are_not_seen_again(nights, night2):
    gone = unreachable(nights.labels[1])
    assert any(u.endswith("/shop/8") for u in gone)
    before = {k: r for k, r in nights.tables[0].items() if k[1] in gone}
    assert before and night2["unreached"] <= set(before)
    for key, r in before.items():
        assert nights.tables[1][key]["status"] == "open", key
        assert nights.tables[1][key]["last_seen"] == r["last_seen"], key


def test_night_one_again_reopens_what_night_two_resolved(nights, night2):
    table = nights.tables[2]
    for key in night2["resolved"]:  # fixed on night 2, broken again: the same row, reopened
        r = table[key]
        assert (r["status"], r["first_run"], r["last_run"], r["reopened"]) == ("open", 1, 3, 1)
        assert r["id"] == nights.tables[1][key]["id"] and r["resolved_at"] is None
    for key in night2["new"]:  # new on night 2, gone on night 3: resolved in run 3
        r = table[key]
        assert (r["status"], r["first_run"], r["last_run"]) == ("resolved", 2, 3), key
    for key in night2["unreached"]:  # shop 8 reachable again: seen again, still open
        assert (table[key]["status"], table[key]["last_run"]) == ("open", 3), key
    assert nights.results[2]["findings"]["reopened"] >= len(night2["resolved"])


def test_each_runs_counts_agree_with_its_row_and_the_findings(nights):
    for run_id, result in enumerate(nights.results, 1):
        counts, per_check = result["findings"], by_check(nights, run_id)
        run = next(nights.db.query("SELECT * FROM runs WHERE id = ?", [run_id]))
        assert run["status"] == "finished"
        assert (run["findings_new"], run["findings_resolved"]) == (
            counts["new"],
            counts["resolved"],
        )
        for kind in ("new", "persisting", "reopened", "resolved"):
            assert counts[kind] == sum(v[kind] for v in per_check.values()), (run_id, kind)


def test_one_finding_per_check_and_subject(nights):
    keys = [(r["check_id"], r["subject_url"]) for r in nights.db.query("SELECT * FROM findings")]
    assert len(keys) == len(set(keys))


def test_a_recheck_after_the_nights_keeps_each_findings_runs_and_status(nights, tmp_path):
    import sqlite3

    from click.testing import CliRunner

    from greenroom.cli import cli
    from storage.db import connect

    copy = tmp_path / "recheck.db"
    with sqlite3.connect(nights.db_path) as src, sqlite3.connect(copy) as dst:
        src.backup(dst)
    result = CliRunner().invoke(cli, ["check", "--db", str(copy)])
    assert result.exit_code == 0, result.output
    assert "0 new" in result.output and "0 resolved" in result.output, result.output
    after = {
        (r["check_id"], r["subject_url"]): r for r in connect(copy).query("SELECT * FROM findings")
    }
    before = nights.tables[2]
    assert after.keys() == before.keys()
    for key, r in before.items():  # no crawl ran: the last crawl that saw each one stands
        got = after[key]
        assert (got["status"], got["first_run"], got["last_run"]) == (
            r["status"],
            r["first_run"],
            r["last_run"],
        ), key
