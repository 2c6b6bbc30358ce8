"""A page's room sample waits for the page's acknowledgement, and a room's sample is queued
once a run: the coordinator or a worker killed mid-page never leaves two sample series of
one room running side by side (their counters would read as a fall)."""

from __future__ import annotations

from types import SimpleNamespace

from scrapy import Request, Spider
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from crawler.cluster import ClusterScheduler, HeldOutput, once_key
from crawler.room_samples import sample_request

ROOM = "http://s/live/12"


def worker(redis_url, name: str):
    crawler = get_crawler(
        Spider,
        {
            "GREENROOM_CLUSTER_REDIS": redis_url,
            "GREENROOM_CLUSTER_NS": "greenroom:held",
            "GREENROOM_CLUSTER_RUN": 1,
            "GREENROOM_CLUSTER_WORKER": name,
        },
    )
    spider = Spider(name="t")
    scheduler = ClusterScheduler.from_crawler(crawler)
    scheduler.open(spider)
    crawler.engine = SimpleNamespace(_slot=SimpleNamespace(scheduler=scheduler))
    return crawler, scheduler


def first_sample(about: int) -> Request:
    info = {"room": ROOM, "k": 1, "of": 3, "interval": 1, "timeout": 5, "about": about}
    return sample_request(info)


def queued(scheduler) -> list[str]:
    server, key = scheduler.link.server, scheduler.link.keys.queue
    return [scheduler.queue._decode_request(d).url for d in server.zrange(key, 0, -1)]


def test_a_page_s_room_sample_is_queued_with_the_page_s_ack_and_lost_with_its_worker(redis_url):
    crawler, scheduler = worker(redis_url, "w1")
    scheduler.link.server.delete(*scheduler.link.server.keys("greenroom:held:*") or ["-"])
    scheduler.enqueue_request(Request(ROOM))
    page = scheduler.next_request()
    held = HeldOutput.from_crawler(crawler)
    response = HtmlResponse(ROOM, body=b"<html></html>", request=page)
    link = Request("http://s/shop/1")
    out = list(held.process_spider_output(response, [link, first_sample(139)]))
    assert out == [link]  # a followed link goes on at once; the sample is held
    assert queued(scheduler) == []
    assert scheduler.link.reap("w1") == (1, 0)  # killed: the page goes back, no sample
    assert queued(scheduler) == [ROOM]

    crawler, scheduler = worker(redis_url, "w2")  # the page fetched again
    page = scheduler.next_request()
    response = HtmlResponse(ROOM, body=b"<html></html>", request=page)
    assert (
        list(HeldOutput.from_crawler(crawler).process_spider_output(response, [first_sample(391)]))
        == []
    )
    acks, follows = scheduler.queue.finished(active=set())
    scheduler.link.push([], [], acks, follows)
    assert queued(scheduler) == [ROOM]
    assert scheduler.next_request().meta["greenroom_sample"]["about"] == 391
    # the same sample made again (a page redone after its sample went out) is refused
    assert not scheduler.enqueue_request(first_sample(139))
    assert queued(scheduler) == []


def test_each_request_of_a_sample_has_its_own_key_and_other_requests_none():
    render = first_sample(1)
    info = {**render.meta["greenroom_sample"], "k": 2, "answers": []}
    api0 = Request("http://s/api/rooms/12", meta={"greenroom_sample": info})
    keys = {once_key(render), once_key(api0)}
    info["answers"].append({"capture_id": 5})
    keys.add(once_key(api0))
    assert len(keys) == 3 and all(k.startswith("sample:") for k in keys)
    assert once_key(Request(ROOM)) == ""
