"""Start URLs reach the spider whole: a comma inside a URL (`list.html?cat=670,671`) is part
of it, whether the URLs come from a config (a list) or from `scrapy crawl -a` (a string)."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

from spiders.marketplace import MarketplaceSpider, url_list
from tests.nightly.tinysite import TinySite


def test_a_comma_inside_a_url_does_not_split_it():
    given = "http://s.test/list.html?cat=670,671,672,https://s.test/item/1,http://s.test/"
    assert url_list(given) == [
        "http://s.test/list.html?cat=670,671,672",
        "https://s.test/item/1",
        "http://s.test/",
    ]
    assert url_list(["http://s.test/a?x=1,2", ""]) == ["http://s.test/a?x=1,2"]
    assert url_list(None) == []


def test_the_spider_takes_a_list_or_a_string():
    as_list = MarketplaceSpider(start_urls=["http://s.test/l?cat=1,2"], allowed_domains=["s.test"])
    assert as_list.start_urls == ["http://s.test/l?cat=1,2"]
    assert as_list.allowed_domains == ["s.test"]
    as_text = MarketplaceSpider(start_urls="http://s.test/l?cat=1,2,http://s.test/")
    assert as_text.start_urls == ["http://s.test/l?cat=1,2", "http://s.test/"]


def test_a_config_start_url_with_commas_is_crawled(tmp_path):
    page = "<html><body><h1>列表</h1><p>一页商品列表</p></body></html>"
    site = TinySite({"/list.html?cat=670,671,672": page, "/": page}).start()
    try:
        url = site.url + "list.html?cat=670,671,672"
        cfg = tmp_path / "district.toml"
        cfg.write_text(f'[crawl]\nstart_urls = ["{url}", "{site.url}"]\n', encoding="utf-8")
        db = tmp_path / "c.db"
        done = subprocess.run(
            [sys.executable, "-m", "greenroom.cli", "crawl", "--config", str(cfg), "--db", str(db)],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert "Traceback" not in done.stderr, done.stderr[-2000:]
        assert done.returncode == 0, done.stderr[-2000:]
        captured = {r[0] for r in sqlite3.connect(db).execute("SELECT url FROM captures")}
        assert url in captured, captured
        assert "/list.html?cat=670,671,672" in site.paths(), site.paths()
    finally:
        site.stop()


def test_the_scope_is_the_allowed_domains_and_their_subdomains_asked_once_a_host():
    spider = MarketplaceSpider(start_urls=["http://shop.test/"], allowed_domains=["shop.test"])
    asked = {
        "http://item.shop.test/1": True,
        "https://SHOP.TEST:8080/x?a=1": True,
        "http://user@shop.test/": True,
        "http://evil.test/shop.test": False,
        "http://xshop.test/": False,
        "http://item.shop.test/2": True,  # the host part seen before
    }
    for url, in_scope in asked.items():
        assert spider._in_scope(url) is in_scope, url
    assert spider._scope["item.shop.test"] is True and spider._scope["xshop.test"] is False
