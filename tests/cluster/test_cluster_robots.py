"""No request reaches a robots.txt-disallowed path, however many wait for robots.txt.

A cluster worker joins a run whose shared queue already holds URLs of the host and pulls
a batch of them before its robots.txt is parsed. Scrapy's own middleware let all but the
first two of such waiters through (crawler.middlewares.robots); these tests make that
moment certain instead of likely: the disallowed URLs are in the queue (or among the
start URLs) before the first worker starts. The demo server's request log is the judge.
"""

from __future__ import annotations

import pytest

from greenroom_demo.site import DemoSite

NO_ROOMS = {"GREENROOM_RENDER_ENABLED": False}  # no Chromium: the race is before any page


@pytest.fixture
def site():
    with DemoSite(rendering="a") as site:
        yield site


def disallowed_paths(site) -> list[str]:
    """What the demo's robots.txt disallows, read from the server."""
    import urllib.request

    with urllib.request.urlopen(site.url + "robots.txt", timeout=10) as resp:
        robots = resp.read().decode()
    found = [
        line.split(":", 1)[1].strip()
        for line in robots.splitlines()
        if line.lower().startswith("disallow:") and line.split(":", 1)[1].strip()
    ]
    assert found == [site.disallowed_prefix]
    return found


def requested_disallowed(site) -> list[str]:
    prefixes = disallowed_paths(site)
    return [path for _, path in site.requests if path.startswith(tuple(prefixes))]


def seed_queue(cfg, redis_url: str, urls: list[str], run_id: int = 1) -> None:
    """Put requests into the run's shared queue the way a worker does (LeasedQueue.push),
    ahead of everything else, before the coordinator starts."""
    from scrapy import Request

    from crawler.cluster import Keys, LeasedQueue, connect, namespace
    from spiders.marketplace import MarketplaceSpider

    spider = MarketplaceSpider(config=cfg.path)
    keys = Keys(namespace(cfg.start_urls), run_id)
    queue = LeasedQueue(connect(redis_url, wait_s=5), spider, keys.queue)
    for url in urls:
        queue.push(Request(url, callback=spider.parse, errback=spider.failed, priority=100))
    assert len(queue) == len(urls)


@pytest.mark.parametrize("workers", [1, 2])
def test_a_worker_starting_on_a_queue_of_disallowed_urls_fetches_none(
    site, redis_url, tmp_path, workers
):
    from greenroom import config as configmod
    from greenroom.run import crawl

    path = site.write_config(tmp_path)
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(f'\n[cluster]\nredis = "{redis_url}"\n')
    cfg = configmod.load(path)
    cfg.max_pages = 25  # the race is over once robots.txt is parsed
    seeded = [f"{site.url}admin/?from=queue-{i}" for i in range(12)]
    seed_queue(cfg, redis_url, seeded)

    result = crawl(cfg, tmp_path / "demo.db", workers=workers, extra_settings=NO_ROOMS)

    assert result["run_id"] == 1  # the run whose queue was seeded
    assert ("GET", "/robots.txt") in site.requests
    assert requested_disallowed(site) == []
    # every seeded request was pulled and refused by robots.txt (not merely left queued)
    assert result["stats"].get("robotstxt/forbidden", 0) >= len(seeded)


def test_one_process_with_many_start_urls_of_a_new_host_fetches_none(site, tmp_path):
    """The same race without Redis: several start URLs of one host wait for its robots.txt."""
    from greenroom import config as configmod
    from greenroom.run import crawl

    starts = [site.url] + [f"{site.url}admin/?from=start-{i}" for i in range(8)]
    cfg = configmod.from_urls(starts)
    cfg.max_pages = 15

    result = crawl(cfg, tmp_path / "one.db", extra_settings=NO_ROOMS)

    assert requested_disallowed(site) == []
    assert result["stats"].get("robotstxt/forbidden", 0) >= 8
