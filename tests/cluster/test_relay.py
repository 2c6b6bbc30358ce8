"""The one writer: ids from Redis, rows merged in id order, dead workers, duplicates, leases."""

from __future__ import annotations

import json

from crawler.cluster import LeasedQueue, Link
from storage.db import connect
from storage.relay import RelayStore, Writer
from storage.verify import verify_db

NS, RUN = "greenroom:test", 1
KEY = b"k" * 32  # the run's relay key (toolkit.redis_trust)


def store(redis_url, tmp_path, worker):
    return RelayStore(
        Link(redis_url, NS, RUN, worker=worker, key=KEY), tmp_path / "db.captures", RUN
    )


def capture(s, url, body=b"<html>x</html>", attempt=0):
    s.attempt = attempt
    cid = s.record_response(url=url, body=body, response_headers={"Content-Type": "text/html"})
    facts = {"capture_id": cid, "url": url}
    s.add_page({"capture_id": cid, "run_id": RUN, "url": url, "facts": json.dumps(facts)})
    return cid


def test_rows_are_written_in_id_order_whoever_pushes_first(redis_url, tmp_path):
    w1, w2 = store(redis_url, tmp_path, "w1"), store(redis_url, tmp_path, "w2")
    db = connect(tmp_path / "db")
    writer = Writer(db, Link(redis_url, NS, RUN, worker="coordinator", key=KEY), RUN)
    a = capture(w1, "http://s/a")
    b = capture(w2, "http://s/b")
    assert (a, b) == (1, 2)
    w2.relay([])
    writer.drain()
    assert db.execute("SELECT COUNT(*) FROM captures").fetchone()[0] == 0  # 1 still pending
    w1.relay([])
    writer.drain()
    rows = db.execute("SELECT id, url FROM captures ORDER BY id").fetchall()
    assert rows == [(1, "http://s/a"), (2, "http://s/b")]
    assert db.execute("SELECT COUNT(*) FROM pages").fetchone()[0] == 2
    w1.close(), w2.close()
    assert verify_db(tmp_path / "db").ok


def test_a_dead_workers_reserved_ids_are_given_up_and_its_late_rows_dropped(redis_url, tmp_path):
    w1, w2 = store(redis_url, tmp_path, "w1"), store(redis_url, tmp_path, "w2")
    db = connect(tmp_path / "db")
    link = Link(redis_url, NS, RUN, worker="coordinator", key=KEY)
    writer = Writer(db, link, RUN)
    capture(w1, "http://s/lost")  # reserved, never pushed: w1 "dies"
    capture(w2, "http://s/kept")
    w2.relay([])
    writer.drain()
    assert db.execute("SELECT COUNT(*) FROM captures").fetchone()[0] == 0
    link.reap("w1")
    writer.drain()
    assert [r[0] for r in db.execute("SELECT url FROM captures")] == ["http://s/kept"]
    w1.relay([])  # it was only slow: its row comes too late and is dropped with its page
    writer.drain()
    assert [r[0] for r in db.execute("SELECT url FROM pages")] == ["http://s/kept"]
    w1.close(), w2.close()
    assert verify_db(tmp_path / "db").ok


def test_a_redone_request_is_not_stored_twice_but_a_retry_is(redis_url, tmp_path):
    w1, w2 = store(redis_url, tmp_path, "w1"), store(redis_url, tmp_path, "w2")
    db = connect(tmp_path / "db")
    writer = Writer(db, Link(redis_url, NS, RUN, worker="coordinator", key=KEY), RUN)
    first = capture(w1, "http://s/a")
    w1.relay([])
    capture(w2, "http://s/a")  # the same request again (its first worker died unacknowledged)
    capture(w2, "http://s/a", attempt=1)  # a retry that got the same answer
    w2.relay([])
    writer.drain()
    ids = [r[0] for r in db.execute("SELECT id FROM captures WHERE url = 'http://s/a'")]
    assert ids == [first, 3]
    pages = db.execute("SELECT capture_id, facts FROM pages ORDER BY capture_id").fetchall()
    assert [p[0] for p in pages] == [first, 3]
    assert json.loads(pages[0][1])["capture_id"] == first
    assert writer.written["duplicates"] == 1


def test_a_popped_request_is_leased_until_acknowledged_or_reaped(redis_url):
    from scrapy import Request, Spider

    link = Link(redis_url, NS, RUN, worker="w1", key=KEY)
    queue = LeasedQueue(link.server, Spider(name="t"), link.keys.queue, link=link)
    queue.push(Request("http://s/a"))
    request = queue.pop()
    assert request.url == "http://s/a"
    assert link.server.zcard(link.keys.queue) == 0
    assert link.server.zcard(link.keys.lease("w1")) == 1
    assert link.reap("w1") == (1, 0)
    assert link.server.zcard(link.keys.queue) == 1
    queue.leases.clear()  # a reaped worker's process is gone with its leases
    request = queue.pop()
    assert queue.finished(active={request}) == ([], [])
    acks, follows = queue.finished(active=set())
    link.push([], [], acks, follows)
    assert link.server.zcard(link.keys.lease("w1")) == 0


def test_a_held_request_is_queued_with_the_ack_of_its_lease_and_lost_with_the_worker(
    redis_url,
):
    """Room sample k+1 waits for sample k's acknowledgement: a worker killed before it
    (its lease reaped, sample k redone) queued nothing, so k and k+1 never run side by side."""
    from scrapy import Request, Spider

    link = Link(redis_url, NS, RUN, worker="w3", key=KEY)
    queue = LeasedQueue(link.server, Spider(name="t"), link.keys.queue, link=link)
    queue.push(Request("http://s/room#1"))
    sample = queue.pop()
    assert not queue.hold(Request("http://s/elsewhere"), (b"x", 0, ""))  # not a lease here
    nxt = (queue._encode_request(Request("http://s/room#2")), -10, "sample:2")
    assert queue.hold(sample, nxt)
    assert link.server.zcard(link.keys.queue) == 0  # held, not queued
    assert link.reap("w3") == (1, 0)  # killed: sample 1 goes back, sample 2 was never queued
    assert [queue._decode_request(d).url for d in link.server.zrange(link.keys.queue, 0, -1)] == [
        "http://s/room#1"
    ]
    queue.leases.clear()
    queue.follows.clear()
    sample = queue.pop()
    assert queue.hold(sample, nxt)
    acks, follows = queue.finished(active=set())
    link.push([], [], acks, follows)
    assert link.server.zcard(link.keys.lease("w3")) == 0
    queued = [queue._decode_request(d).url for d in link.server.zrange(link.keys.queue, 0, -1)]
    assert queued == ["http://s/room#2"]
    link.push([], [], [], [nxt])  # queued once a run: the same sample again is refused
    assert link.server.zcard(link.keys.queue) == 1


def test_politeness_slots_hold_for_all_workers(redis_url):
    w1 = Link(redis_url, NS, RUN, worker="w1", key=KEY)
    w2 = Link(redis_url, NS, RUN, worker="w2", key=KEY)
    assert w1.acquire("s", "w1:1", 2, 60_000, 0) == 0
    assert w2.acquire("s", "w2:1", 2, 60_000, 0) == 0
    assert w2.acquire("s", "w2:2", 2, 60_000, 0) > 0  # the domain's two slots are taken
    w1.release("s", "w1:1")
    assert w2.acquire("s", "w2:2", 2, 60_000, 0) == 0
    assert w1.acquire("d", "w1:3", 8, 60_000, 500) == 0
    assert w2.acquire("d", "w2:3", 8, 60_000, 500) > 0  # the delay holds across workers


def test_messages_are_written_once_when_the_trim_after_a_commit_is_lost(redis_url, tmp_path):
    """The coordinator killed between its commit and the trim of the lists (or a trim whose
    reply Redis lost, sent again): a new writer consumes nothing twice."""
    w1 = store(redis_url, tmp_path, "w1")
    db = connect(tmp_path / "db")
    link = Link(redis_url, NS, RUN, worker="coordinator", key=KEY)
    capture(w1, "http://s/a")
    w1.record_error("http://s/gone", "http", "HTTP 404")
    capture(w1, "http://s/b")
    w1.relay([])
    key = link.keys.msgs("w1")
    sent = link.server.lrange(key, 0, -1)
    Writer(db, link, RUN).drain()
    counts = [db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in TABLES]
    assert counts == [2, 2, 1]
    # the state of a kill after the commit: the lists as they were, nothing trimmed
    link.server.delete(key, f"{key}:trimmed")
    link.server.rpush(key, *sent)
    capture(w1, "http://s/c")  # and the run goes on
    w1.relay([])
    writer = Writer(db, link, RUN)  # the same command again
    writer.drain()
    writer.drain()
    counts = [db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in TABLES]
    assert counts == [3, 3, 1]
    assert link.server.llen(key) == 0
    w1.close()
    assert verify_db(tmp_path / "db").ok


TABLES = ("captures", "pages", "crawl_errors")
