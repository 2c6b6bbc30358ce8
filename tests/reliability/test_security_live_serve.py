"""Security: `greenroom serve` on a database a nightly crawl is writing shows it whole.

A first crawl makes the database; `greenroom serve` opens it; a second crawl of the same
site (a real `greenroom crawl`, slowed by `delay_s`) writes into it while the UI is asked,
again and again, what it holds. Every answer is a 200 with rows (never "database disk image
is malformed"), and the UI shows the running crawl's own run, not the stale file.
"""

from __future__ import annotations

import http.client
import json
import subprocess
import time

import pytest

from tests.nightly.tinysite import TinySite
from tests.reliability.conftest import GREENROOM, ROOT, run_greenroom, serving, write_config

PAGES = 30
SQL = "select (select max(id) from runs) as run, (select count(*) from captures) as captures"


def site_pages() -> dict[str, str]:
    links = "".join(f'<a href="/item/{n}">商品 {n}</a>' for n in range(1, PAGES + 1))
    pages = {"/": f"<html><body><h1>店铺首页</h1>{links}</body></html>"}
    for n in range(1, PAGES + 1):
        pages[f"/item/{n}"] = (
            f"<html><body><h1>明前龙井 {n} 号</h1><p>价格：￥{100 + n}.00</p>"
            "<p>规格：250g 罐装，产地浙江杭州。</p></body></html>"
        )
    return pages


@pytest.fixture
def site():
    site = TinySite(site_pages()).start()
    yield site
    site.stop()


def ask(port: int, name: str) -> tuple[int, list]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", f"/{name}.json?sql={SQL.replace(' ', '+')}&_shape=array")
    resp = conn.getresponse()
    body = resp.read()
    return resp.status, json.loads(body) if resp.status == 200 else [body[:300]]


def test_serve_answers_whole_rows_while_a_crawl_writes(site, tmp_path):
    db = tmp_path / "night.db"
    cfg = write_config(tmp_path, site.url, delay_s=0.15, concurrency_per_domain=1)
    first = run_greenroom("crawl", "--config", cfg, "--db", str(db), timeout=120)
    assert first.returncode == 0, first.stderr[-2000:]
    with serving(db) as port:
        crawl = subprocess.Popen(
            [*GREENROOM, "crawl", "--config", cfg, "--db", str(db)],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        answers = []
        while crawl.poll() is None:
            answers.append(ask(port, db.stem))
            time.sleep(0.2)
        assert crawl.returncode == 0, crawl.stderr.read()[-2000:]
        answers.append(ask(port, db.stem))
    assert len(answers) >= 5, answers  # asked throughout the crawl, not once
    bad = [a for a in answers if a[0] != 200 or not a[1]]
    assert bad == []
    assert answers[-1][1][0]["run"] == 2, answers[-1]  # the UI shows the crawl's own run
    during = {a[1][0]["captures"] for a in answers[:-1]}
    assert len(during) > 1, during  # rows appear as the crawl commits them, no stale file
