"""Session fixtures: the demo marketplace served on loopback, crawled once per rendering."""

from __future__ import annotations

import os
import shutil

import pytest

from storage.db import connect


@pytest.fixture(scope="session", autouse=True)
def _own_key_dir(tmp_path_factory):
    """No test signs with, or trusts, the keys of whoever runs the suite."""
    os.environ["GREENROOM_KEY_DIR"] = str(tmp_path_factory.mktemp("keys"))
    os.environ.pop("GREENROOM_TRUSTED_KEYS", None)


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory):
    """The tests' own redis-server (tests/cluster/conftest.py), one for the session."""
    from tests.cluster.conftest import RedisServer

    # make test installs redis-server: its absence is a failure, not a skip
    assert shutil.which("redis-server"), "redis-server missing: apt-get install -y redis-server"
    server = RedisServer(tmp_path_factory.mktemp("redis")).start()
    yield server
    server.stop()


@pytest.fixture
def redis_url(redis_server):
    """The session's Redis, emptied for this test."""
    redis_server.client().flushall()
    return redis_server.url


class Crawled:
    """A finished demo crawl: the site (still serving), its database and labels."""

    def __init__(self, site, db_path, result, labels):
        self.site, self.db_path, self.result, self.labels = site, db_path, result, labels
        self.requests = list(site.requests)  # what this crawl asked for (others may follow)

    @property
    def db(self):
        return connect(self.db_path)

    def findings(self, check_id=None):
        rows = self.db.query("SELECT * FROM findings WHERE status = 'open' ORDER BY id")
        return [r for r in rows if check_id is None or r["check_id"] == check_id]


def _crawl_demo(tmp_path_factory, rendering: str) -> Crawled:
    from greenroom import config as configmod
    from greenroom.run import crawl
    from greenroom_demo.site import DemoSite

    site = DemoSite(rendering=rendering, faults=True).start()
    data = tmp_path_factory.mktemp(f"demo-{rendering}")
    cfg = configmod.load(site.write_config(data))
    cfg.max_pages = 0  # unbounded: the trap guards alone must keep the crawl finite
    labels = site.labels()
    db_path = data / "demo.db"
    result = crawl(cfg, db_path)
    return Crawled(site, db_path, result, labels)


def _crawled(rendering: str, doc: str = ""):
    """A session fixture `crawled_<rendering>`: the demo crawled once, its site served until
    the session ends."""

    def fixture(tmp_path_factory):
        crawled = _crawl_demo(tmp_path_factory, rendering)
        yield crawled
        crawled.site.stop()

    fixture.__doc__ = doc or f"Rendering {rendering} crawled once."
    return pytest.fixture(fixture, scope="session", name=f"crawled_{rendering}")


crawled_a = _crawled("a")
crawled_b = _crawled("b")
crawled_c = _crawled("c")
crawled_e = _crawled("e", "Rendering e: written like real platforms' pages from the labels alone.")
crawled_f = _crawled(
    "f",
    "Rendering f: the returns, food-waste, buyer-data and shared-licence cases in tables and "
    "feeds, written from the labels alone.",
)
crawled_g = _crawled(
    "g", "Rendering g: the same cases as badges, two-column lists, marquees and boxes."
)


@pytest.fixture(scope="session")
def crawled_then_stopped(tmp_path_factory):
    """A crawl of rendering a whose site has stopped serving: nothing can be fetched."""
    crawled = _crawl_demo(tmp_path_factory, "a")
    crawled.site.stop()
    return crawled
