"""Security: whoever can write to the cluster's Redis cannot run code on a worker, steer a
request, or put anything into the evidence chain; Redis without a password is refused.

A real redis-server on loopback (with a password, as greenroom requires), real SQLite.
"""

from __future__ import annotations

import json
import os
import pickle

import pytest
from scrapy import Request

from crawler.cluster import Keys, LeasedQueue, Link, connect
from crawler.rooms import sample_request
from greenroom import config as configmod
from greenroom.child import spider_kwargs
from spiders.marketplace import MarketplaceSpider
from storage.db import connect as connect_db
from storage.relay import RelayStore, Writer
from storage.verify import verify_db
from tests.cluster.conftest import free_port
from tests.reliability.conftest import run_greenroom, write_config
from toolkit.redis_trust import seal

NS, RUN, KEY = "greenroom:sec", 1, b"the run's relay key, 32 bytes..."


class Planted:
    """Unpickling this creates a file: proof that a queued pickle was run."""

    def __init__(self, path):
        self.path = path

    def __reduce__(self):
        return (open, (str(self.path), "w"))


def forged_capture(cid: int, url: str) -> dict:
    return {
        "id": cid,
        "run_id": RUN,
        "kind": "response",
        "url": url,
        "method": "GET",
        "fetched_at": "2026-12-01T01:30:00.000Z",
        "http_status": 200,
        "sha256": "0" * 64,
        "warc_file": "forged.warc.gz",
        "warc_offset": 0,
        "warc_length": 1,
        "record_sha256": "0" * 64,
    }


def test_a_forged_relay_message_reaches_no_capture(redis_url, tmp_path):
    db = connect_db(tmp_path / "db")
    coordinator = Link(redis_url, NS, RUN, worker="coordinator", key=KEY)
    writer = Writer(db, coordinator, RUN)
    honest = RelayStore(
        Link(redis_url, NS, RUN, worker="w1", key=KEY), tmp_path / "db.captures", RUN
    )
    cid = honest.record_response(
        url="http://127.0.0.1/shop/1", body=b"<html>ok</html>", response_headers={}
    )
    honest.relay([])
    server, keys = coordinator.server, coordinator.keys
    evil = keys.msgs("evil")
    server.sadd(keys.workers, "evil")  # a list the writer reads, as a worker's
    unsigned = json.dumps({"c": forged_capture(cid + 1, "http://127.0.0.1/forged-a")})
    wrong_key = seal(
        b"x" * 32, evil, json.dumps({"c": forged_capture(cid + 2, "http://f/b")}).encode()
    )
    stolen = seal(KEY, keys.msgs("w1"), json.dumps({"e": {"run_id": RUN, "url": "x"}}).encode())
    server.rpush(evil, unsigned.encode(), wrong_key, stolen)  # stolen: signed for another list
    server.rpush(keys.msgs("w1"), json.dumps({"c": forged_capture(cid + 3, "http://f/c")}))
    writer.drain()
    urls = [r[0] for r in db.execute("SELECT url FROM captures ORDER BY id")]
    assert urls == ["http://127.0.0.1/shop/1"]
    assert db.execute("SELECT COUNT(*) FROM crawl_errors").fetchone()[0] == 0
    assert writer.written["refused"] == 4
    assert server.llen(evil) == 0  # consumed, so they cannot stall the merge
    honest.close()
    assert verify_db(tmp_path / "db").ok


def _queue(redis_url, config):
    spider = MarketplaceSpider(**spider_kwargs(configmod.load(config)))
    link = Link(redis_url, NS, RUN, worker="w1", key=KEY)
    return LeasedQueue(link.server, spider, Keys(NS, RUN).queue, link=link), link, spider


def test_a_pickled_request_in_the_queue_is_refused_not_run(redis_url, tmp_path):
    config = write_config(tmp_path, "http://127.0.0.1:9/")
    queue, link, _ = _queue(redis_url, config)
    planted = tmp_path / "pwned"
    link.enqueue(pickle.dumps(Planted(planted), protocol=4), 0)
    assert queue.pop() is None
    assert not planted.exists(), "a queued pickle was unpickled on the worker"
    assert connect(redis_url).zcard(link.keys.lease("w1")) == 0  # dropped, not leased


@pytest.mark.parametrize(
    "edit",
    [
        {"meta": {"proxy": "http://127.0.0.1:1/"}},
        {"_class": "os.system"},
        {"callback": "__init__"},
        {"url": "file:///etc/passwd"},
        {"meta": {"playwright_page_init_callback": "os.system"}},
        {"meta": {"playwright": True, "playwright_context_kwargs": {"proxy": {"server": "x"}}}},
        {"meta": {"greenroom_capture": {"kind": "api", "about": 1, "url": "http://x.test/"}}},
    ],
    ids=["proxy", "class", "callback", "file-url", "init-callback", "browser-proxy", "capture"],
)
def test_a_queued_request_with_fields_greenroom_never_sets_is_refused(redis_url, tmp_path, edit):
    config = write_config(tmp_path, "http://127.0.0.1:9/")
    queue, link, spider = _queue(redis_url, config)
    good = json.loads(queue._encode_request(Request("http://127.0.0.1:9/a", callback=spider.parse)))
    bad = {**good, **edit}
    link.enqueue(json.dumps(bad).encode(), 0)
    assert queue.pop() is None


def test_greenroom_own_requests_travel_through_the_queue(redis_url, tmp_path):
    config = write_config(tmp_path, "http://127.0.0.1:9/")
    queue, _, spider = _queue(redis_url, config)
    plain = Request("http://127.0.0.1:9/商品?id=1", callback=spider.parse, errback=spider.failed)
    plain.meta.update(depth=2, redirect_urls=["http://127.0.0.1:9/x"], _greenroom_slot=("a", "b"))
    info = {"room": "http://127.0.0.1:9/live/1", "k": 1, "of": 2, "interval": 3, "timeout": 20}
    room = sample_request(info, callback=spider.parse)
    for request in (plain, room):
        queue.push(request)
        back = queue.pop()
        assert back.url == request.url and back.callback == request.callback
        assert back.meta.get("depth") == request.meta.get("depth")
        assert back.meta.get("playwright") == request.meta.get("playwright")
        assert "_greenroom_slot" not in back.meta  # in-flight state is not queued
        assert back.headers == request.headers and back.body == request.body


def test_redis_without_a_password_is_refused_in_one_line(tmp_path):
    config = write_config(tmp_path, "http://127.0.0.1:9/")
    with open(config, "a", encoding="utf-8") as fh:
        fh.write(f'[cluster]\nredis = "redis://127.0.0.1:{free_port()}/0"\n')
    for args in (
        ("crawl", "--config", config, "--db", str(tmp_path / "x.db")),
        ("worker", "--config", config),
    ):
        done = run_greenroom(*args, timeout=60)
        assert done.returncode == 2, done.stderr
        assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
        assert "has no password" in done.stderr and f"{config}:4:" in done.stderr


def test_a_redis_password_is_never_printed(tmp_path):
    config = write_config(tmp_path, "http://127.0.0.1:9/")
    (tmp_path / "relay.secret").write_text("s", encoding="utf-8")
    with open(config, "a", encoding="utf-8") as fh:
        fh.write(
            f'[cluster]\nredis = "redis://:Sekr1t-pw@127.0.0.1:{free_port()}/0"\n'
            'secret_file = "relay.secret"\n'
        )
    env = {**os.environ, "GREENROOM_CLUSTER_WAIT_S": "1"}
    for args in (
        ("crawl", "--config", config, "--db", str(tmp_path / "x.db")),
        ("worker", "--config", config),
    ):
        done = run_greenroom(*args, timeout=60, env=env)
        assert done.returncode == 2, done.stderr
        assert "cannot reach Redis at redis://:***@127.0.0.1" in done.stderr
        assert "Sekr1t-pw" not in done.stdout + done.stderr
