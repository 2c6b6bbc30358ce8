"""Run health: monitors over the run's stats; an unhealthy run exits 1 and the summary says why."""

from __future__ import annotations

import pytest

from greenroom import health
from nightly.conftest import run_greenroom, start_greenroom, wait_for_captures
from nightly.tinysite import TinySite, page, write_config
from storage.db import connect


@pytest.mark.parametrize(
    "stats, expected",
    [
        ({"greenroom/capture/count": 400, "greenroom/errors/http": 2}, []),
        ({"greenroom/capture/count": 0}, ["pages: only 0 pages captured (at least 1 expected)"]),
        (
            {"greenroom/capture/count": 0, "greenroom/errors/fetch": 2},
            ["pages: only 0 pages captured (at least 1 expected); crawl errors: 2 fetch"],
        ),
        (
            {"greenroom/capture/count": 10, "greenroom/errors/http": 3},
            ["errors: error rate 30% (3 of 10 pages) above 20%"],
        ),
        (
            {"greenroom/capture/count": 50, "greenroom/render/detected": 4},
            ["rooms: 4 rooms found, none rendered"],
        ),
        (
            {
                "greenroom/capture/count": 50,
                "greenroom/render/detected": 4,
                "greenroom/render/rendered": 4,
            },
            [],
        ),
        (
            {
                "greenroom/capture/count": 50,
                "greenroom/reference_missing/brands": "b.csv: file not found",
            },
            [
                "reference: reference file unusable, shipped default used instead: brands (b.csv: file not found)"
            ],
        ),
    ],
)
def test_monitors(stats, expected):
    assert health.assess(stats) == expected


def test_thresholds_come_from_settings():
    limits = health.limits_from({"GREENROOM_HEALTH_MIN_PAGES": 500})
    assert health.assess({"greenroom/capture/count": 400}, limits) == [
        "pages: only 400 pages captured (at least 500 expected)"
    ]


def test_the_demo_night_is_healthy(nights):
    assert [r["health"] for r in nights.results] == [[], [], []]


def test_an_unreachable_site_is_an_unhealthy_run_exit_1_one_line(tmp_path):
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    db = tmp_path / "down.db"
    done = run_greenroom("crawl", f"http://127.0.0.1:{port}/", "--db", str(db))
    assert done.returncode == 1
    errors = [ln for ln in done.stderr.splitlines() if ln.startswith("greenroom:")]
    assert errors == [
        (
            "greenroom: run 1 is unhealthy: pages: only 0 pages captured (at least 1 expected); "
            "crawl errors: 1 fetch"
        )
    ], done.stderr
    summary = run_greenroom("summary", "--db", str(db))
    assert summary.returncode == 0
    assert "运行健康：异常：pages: only 0 pages captured" in summary.stdout
    row = next(connect(db).query("SELECT status, health FROM runs"))
    assert row["status"] == "finished" and "only 0 pages" in row["health"]


def test_a_missing_reference_file_exits_2_naming_it_and_touches_nothing(tmp_path):
    config = write_config(tmp_path, "http://127.0.0.1:9/", reference={"brands": "brands.csv"})
    db = tmp_path / "x.db"
    done = run_greenroom("crawl", "--config", config, "--db", str(db))
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "config.toml:" in lines[0] and "brands.csv" in lines[0], lines
    assert not db.exists()


def test_a_reference_file_removed_during_the_night_makes_the_run_unhealthy(tmp_path):
    links = "".join(f"<a href=/p/{i}>商品 {i}</a>" for i in range(60))
    pages = {"/": page("首页", links), **{f"/p/{i}": page(f"商品 {i}", "¥10") for i in range(60)}}
    brands = tmp_path / "brands.csv"
    brands.write_text("brand,aliases,reference_price\n蔻驰,COACH,1200\n", encoding="utf-8")
    with TinySite(pages, delay_s=0.1) as site:
        config = write_config(
            tmp_path, site.url, concurrency_per_domain=1, reference={"brands": "brands.csv"}
        )
        db = tmp_path / "n.db"
        proc = start_greenroom("crawl", "--config", config, "--db", str(db))
        wait_for_captures(proc, db, 1)
        brands.unlink()
        _out, err = proc.communicate(timeout=120)
    assert proc.returncode == 1
    assert err.strip().splitlines()[-1].startswith("greenroom: run 1 is unhealthy: reference: ")
    assert "brands.csv: file not found" in err
    summary = run_greenroom("summary", "--db", str(db))
    assert "reference file unusable" in summary.stdout
