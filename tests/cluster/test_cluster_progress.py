"""`crawl --workers 2` at a terminal shows the same kind of live display as one process:
pages of max_pages, the roles read, and the cluster's workers and queue."""

from __future__ import annotations

from tests.nightly.test_progress import PAGES, in_terminal, last
from tests.nightly.tinysite import TinySite, write_config


def test_a_cluster_crawl_on_a_terminal_shows_pages_roles_workers_and_queue(tmp_path, redis_url):
    with TinySite(PAGES) as site:
        config = write_config(tmp_path, site.url, max_pages=40)
        with open(config, "a", encoding="utf-8") as fh:
            fh.write(f'\n[cluster]\nredis = "{redis_url}"\n')
        out = in_terminal(
            "crawl", "--config", config, "--db", str(tmp_path / "c.db"), "--workers", "2"
        )
    shown = last(
        r"抓取 .*?(\d+)/40 .*?页/秒.*?店铺 \d+ · 商品 \d+ · 直播间 \d+ · 进程 (\d) · 排队 \d+", out
    )
    assert 0 < int(shown.group(1)) <= 40
    assert shown.group(2) in ("0", "1", "2")
    assert " · workers " not in out  # no plain lines on a terminal
