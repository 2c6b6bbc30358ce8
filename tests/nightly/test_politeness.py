"""Politeness and bounds, seen from the server: robots.txt, the agency's User-Agent,
per-domain concurrency and delay from the config, and max_runtime_s closing the run."""

from __future__ import annotations

import itertools
from urllib.parse import unquote

import pytest

from greenroom import config as configmod
from greenroom.run import crawl
from nightly.tinysite import TinySite, page, write_config
from storage.db import connect

AGENT = "SHAMR-greenroom/0.1"
CONTACT = "网络监管处 021-64220000 wangjian@scjgj.sh.gov.cn"


def market(n: int) -> dict[str, str]:
    links = "".join(f"<li><a href=/p/{i}>商品 {i}</a></li>" for i in range(n))
    pages = {"/": page("首页", f"<ul>{links}</ul><a href=/private/orders>订单</a>")}
    pages.update(
        {f"/p/{i}": page(f"商品 {i}", "<p>售价 ¥10</p><a href=/>首页</a>") for i in range(n)}
    )
    pages["/private/orders"] = page("订单", "<p>不应抓取</p>")
    return pages


@pytest.fixture(scope="module")
def polite(tmp_path_factory):
    """One crawl with user_agent, contact, concurrency_per_domain = 2 and delay_s = 0.2."""
    tmp = tmp_path_factory.mktemp("polite")
    with TinySite(market(24), robots="User-agent: *\nDisallow: /private/\n", delay_s=0.05) as site:
        cfg = configmod.load(
            write_config(
                tmp,
                site.url,
                user_agent=AGENT,
                contact=CONTACT,
                concurrency_per_domain=2,
                delay_s=0.2,
            )
        )
        result = crawl(cfg, tmp / "polite.db")
    return site, result


def test_robots_txt_is_fetched_first_and_obeyed(polite):
    site, _ = polite
    assert site.paths()[0] == "/robots.txt"
    assert not [p for p in site.paths() if p.startswith("/private/")]


def test_every_request_names_the_agency_and_its_contact(polite):
    site, _ = polite
    agents = {r["agent"] for r in site.requests}
    [agent] = agents
    assert agent.isascii()  # an HTTP header: non-ASCII is percent-encoded UTF-8
    assert unquote(agent) == f"{AGENT} (+{CONTACT})"


def test_no_more_requests_in_flight_than_concurrency_per_domain(polite):
    site, result = polite
    assert result["stats"]["greenroom/capture/count"] == 26  # robots.txt, home, 24 pages
    assert site.max_in_flight <= 2


def test_requests_are_spaced_by_at_least_the_configured_delay(polite):
    site, _ = polite
    starts = sorted(r["start"] for r in site.requests if r["path"] != "/robots.txt")
    gaps = [b - a for a, b in itertools.pairwise(starts)]
    # Scrapy randomises the delay between 0.5× and 1.5× of DOWNLOAD_DELAY.
    assert min(gaps) >= 0.2 * 0.5 - 0.02, gaps


def test_max_runtime_closes_the_run_cleanly_and_the_next_night_starts_afresh(tmp_path):
    with TinySite(market(400), delay_s=0.3) as site:
        config = write_config(tmp_path, site.url, max_runtime_s=2, concurrency_per_domain=2)
        cfg = configmod.load(config)
        first = crawl(cfg, tmp_path / "n.db")
        second = crawl(cfg, tmp_path / "n.db")
    assert first["stats"]["finish_reason"] == "closespider_timeout"
    assert first["status"] == "finished" and first["health"] == []
    assert 0 < first["stats"]["greenroom/capture/count"] < 402
    runs = list(connect(tmp_path / "n.db").query("SELECT id, status FROM runs"))
    assert [(r["id"], r["status"]) for r in runs] == [(1, "finished"), (2, "finished")]
    assert second["run_id"] == 2
