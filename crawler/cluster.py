"""Workers on a shared Redis frontier: scheduler with leases, cluster-wide politeness, liveness.

greenroom grows onto scrapy-redis (the scheduler queue and the duplicate filter live in
Redis, so any number of crawl processes on any number of machines share one frontier)
rather than a home-made engine. What scrapy-redis lacks, this module adds:

- **Leases.** scrapy-redis pops requests destructively; a worker killed mid-request would
  lose them. `LeasedQueue.pop` moves a request atomically (Lua) from the queue into the
  worker's lease set. `ClusterWorker` acknowledges a lease only once the request is no longer
  in the engine (downloaded, scraped, its items and links handed on) *and* its output has
  been pushed to Redis in the same MULTI/EXEC. `reap` puts the leases of a dead worker (its
  heartbeat key expired, or its process exited) back into the queue.
- **Politeness for the cluster.** `ClusterPoliteness` takes a per-domain slot (a Redis sorted
  set of leases, at most CONCURRENT_REQUESTS_PER_DOMAIN across all workers) and keeps the
  per-domain DOWNLOAD_DELAY on the Redis clock, so N workers are as polite as one.
- **Liveness and the end of a run.** Every worker writes a heartbeat (a key with a TTL and a
  status: idle, started, room samples pending); the coordinator (greenroom.coordinator)
  decides when the run is over and sets `done`; workers then close.
- **Redis restarts.** Every client retries with back-off (GREENROOM_CLUSTER_WAIT_S), so a
  worker waits for Redis to come back and carries on where the frontier left off. A retried
  command may have run once already (Redis executed it, then went down before its reply
  was sent), so what must not happen twice is made safe to repeat: a URL enters the
  duplicate filter and the queue in one script (a retry finds it seen, and queued), and a
  worker gives back, every few seconds, leases and capture ids that Redis holds in its name
  but it does not (`Link.reconcile`): a popped request or a reserved id whose reply was lost.

Settings: GREENROOM_CLUSTER_REDIS (URL), GREENROOM_CLUSTER_NS (key prefix),
GREENROOM_CLUSTER_RUN (run id), GREENROOM_CLUSTER_WORKER (this worker's id),
GREENROOM_CLUSTER_CAPTURES (WARC directory), GREENROOM_CLUSTER_TICK (seconds between
acknowledgements), GREENROOM_CLUSTER_HEARTBEAT_TTL, GREENROOM_CLUSTER_SLOT_TTL,
GREENROOM_CLUSTER_WAIT_S (how long a client waits for Redis).
Stats: greenroom/cluster/leased, greenroom/cluster/acked, greenroom/cluster/polite_wait_s.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import os
import socket
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from scrapy import Request, signals
from scrapy.core.scheduler import BaseScheduler
from scrapy.exceptions import DontCloseSpider, NotConfigured
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.queue import PriorityQueue
from scrapy_redis.scheduler import Scheduler as RedisScheduler

from crawler.room_samples import SAMPLE
from crawler.settings import setting
from storage.relay import RelayStore

logger = logging.getLogger(__name__)

NOT_BEFORE = "greenroom_not_before"  # request meta: epoch seconds before which not to fetch


# Redis ------------------------------------------------------------------------------------
def cluster_url(settings) -> str:
    """The cluster's Redis URL; NotConfigured in a single-process crawl (no cluster)."""
    url = settings.get("GREENROOM_CLUSTER_REDIS")
    if not url:
        raise NotConfigured("GREENROOM_CLUSTER_REDIS is not set: single-process crawl")
    return url


class ClusterOnly:
    """A Scrapy component of a cluster worker only: `cls(crawler)`, or NotConfigured."""

    @classmethod
    def from_crawler(cls, crawler):
        cluster_url(crawler.settings)
        return cls(crawler)


def connect(url: str, wait_s: float = 600.0):
    """A Redis client that waits (retries with back-off, up to `wait_s`) while Redis is down
    or loading its data after a restart."""
    import redis
    from redis.backoff import ExponentialBackoff
    from redis.exceptions import BusyLoadingError
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeoutError
    from redis.retry import Retry

    retries = max(1, int(wait_s / 1.0))  # back-off caps at 1 s a try
    return redis.Redis.from_url(
        url,
        retry=Retry(ExponentialBackoff(cap=1.0, base=0.05), retries),
        retry_on_error=[RedisConnectionError, RedisTimeoutError, BusyLoadingError],
        socket_timeout=30,
        socket_connect_timeout=5,
        health_check_interval=15,
    )


def namespace(start_urls: list[str]) -> str:
    """The key prefix of a crawl: every process reading the same config finds the same one."""
    digest = hashlib.sha1(json.dumps(sorted(start_urls)).encode()).hexdigest()[:12]
    return f"greenroom:{digest}"


@dataclass(frozen=True)
class Keys:
    """The Redis keys of one run: `<ns>:run` names the active run; the rest are per run."""

    ns: str
    run_id: int

    def _k(self, *parts) -> str:
        return ":".join([self.ns, str(self.run_id), *map(str, parts)])

    @property
    def run(self) -> str:  # hash: id, captures, started (the active run of this namespace)
        return f"{self.ns}:run"

    queue = property(lambda self: self._k("requests"))  # zset: score -priority, pickled request
    dupefilter = property(lambda self: self._k("dupefilter"))  # set of fingerprints
    epoch = property(lambda self: self._k("epoch"))  # counter: requests popped, ever
    ids = property(lambda self: self._k("ids"))  # counter: the last capture id handed out
    pending = property(lambda self: self._k("pending"))  # zset: capture ids not yet pushed
    workers = property(lambda self: self._k("workers"))  # set: workers that joined the run
    done = property(lambda self: self._k("done"))  # string: why the run is over ("" = not)
    stats = property(lambda self: self._k("stats"))  # hash: worker -> last stats snapshot

    def lease(self, worker: str) -> str:  # zset: the worker's in-flight requests
        return self._k("lease", worker)

    def pend(self, worker: str) -> str:  # set: capture ids the worker reserved, not pushed
        return self._k("pend", worker)

    def msgs(self, worker: str) -> str:  # list: captures, pages, errors for the writer
        return self._k("msgs", worker)

    def alive(self, worker: str) -> str:  # string with TTL: the worker's heartbeat
        return self._k("alive", worker)

    def slot(self, name: str) -> str:  # zset: politeness slots of one domain
        return f"{self.ns}:slot:{name}"

    def slot_next(self, name: str) -> str:  # string: the domain's next allowed start (ms)
        return f"{self.ns}:slotnext:{name}"

    def pattern(self) -> str:
        return self._k("*")


POP = """
local r = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #r == 0 then return false end
redis.call('ZREM', KEYS[1], r[1])
redis.call('ZADD', KEYS[2], r[2], r[1])
redis.call('INCR', KEYS[3])
return r[1]
"""

RESERVE = """
local id = redis.call('INCR', KEYS[1])
redis.call('ZADD', KEYS[2], id, id)
redis.call('SADD', KEYS[3], id)
return id
"""

ENQUEUE = """
if ARGV[1] ~= '' and redis.call('SADD', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[3])
return 1
"""

RECONCILE = """
local n = 0
for i = 1, #ARGV do
  local score = redis.call('ZSCORE', KEYS[1], ARGV[i])
  if score then
    redis.call('ZREM', KEYS[1], ARGV[i])
    redis.call('ZADD', KEYS[2], score, ARGV[i])
    n = n + 1
  end
end
return n
"""

BOUND = """
local p = redis.call('ZRANGE', KEYS[1], 0, 0)
if #p > 0 then return tonumber(p[1]) end
return tonumber(redis.call('GET', KEYS[2]) or '0') + 1
"""

REAP = """
local n = redis.call('ZCARD', KEYS[2])
if n > 0 then
  redis.call('ZUNIONSTORE', KEYS[1], 2, KEYS[1], KEYS[2], 'AGGREGATE', 'MIN')
  redis.call('DEL', KEYS[2])
end
local ids = redis.call('SMEMBERS', KEYS[4])
for _, id in ipairs(ids) do redis.call('ZREM', KEYS[3], id) end
redis.call('DEL', KEYS[4], KEYS[5])
return {n, #ids}
"""

ACQUIRE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local limit, ttl, delay = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= limit then
  local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return math.max(5, math.min(50, tonumber(first[2]) - now))
end
if delay > 0 then
  local nxt = tonumber(redis.call('GET', KEYS[2]) or '0')
  if nxt > now then return nxt - now end
  redis.call('SET', KEYS[2], now + delay, 'PX', delay + 60000)
end
redis.call('ZADD', KEYS[1], now + ttl, ARGV[4])
redis.call('PEXPIRE', KEYS[1], ttl + 60000)
return 0
"""


class Link:
    """One process's handle on a run in Redis: client, keys, scripts, worker id."""

    def __init__(
        self,
        url: str,
        ns: str,
        run_id: int,
        worker: str = "",
        wait_s: float = 600.0,
        key: bytes | None = None,
    ):
        self.url, self.worker, self.key = url, worker, key  # key: the run's relay key
        self.server = connect(url, wait_s)
        self.keys = Keys(ns, int(run_id))
        self._pop = self.server.register_script(POP)
        self._enqueue = self.server.register_script(ENQUEUE)
        self._reconcile = self.server.register_script(RECONCILE)
        self._reserve = self.server.register_script(RESERVE)
        self._bound = self.server.register_script(BOUND)
        self._reap = self.server.register_script(REAP)
        self._acquire = self.server.register_script(ACQUIRE)

    @classmethod
    def from_settings(cls, settings) -> Link:
        url = cluster_url(settings)
        return cls(
            url,
            settings.get("GREENROOM_CLUSTER_NS"),
            settings.getint("GREENROOM_CLUSTER_RUN"),
            settings.get("GREENROOM_CLUSTER_WORKER") or worker_id(),
            setting(settings, "GREENROOM_CLUSTER_WAIT_S"),
            bytes.fromhex(settings.get("GREENROOM_CLUSTER_KEY") or "") or None,
        )

    @classmethod
    def for_crawler(cls, crawler) -> Link:
        link = getattr(crawler, "greenroom_link", None)
        if link is None:
            link = crawler.greenroom_link = cls.from_settings(crawler.settings)
        return link

    # leases and ids ---------------------------------------------------------------------
    def pop(self) -> bytes | None:
        k = self.keys
        return self._pop(keys=[k.queue, k.lease(self.worker), k.epoch])

    def enqueue(self, data: bytes, score: float, fingerprint: str = "") -> bool:
        """Queue a request unless its fingerprint was seen: both in one step, so a worker
        killed in between loses no URL, and a retried call cannot drop it as 'seen'."""
        k = self.keys
        return bool(self._enqueue(keys=[k.dupefilter, k.queue], args=[fingerprint, score, data]))

    def reconcile(self, leased: set[bytes], reserved: set[int] | None) -> tuple[int, int]:
        """Give back what Redis holds in this worker's name that the worker does not know
        of: leases (to the queue) and reserved capture ids (abandoned; None: this worker
        does not reserve ids). Call only when no pop or reserve is under way, i.e. from the
        reactor thread."""
        k = self.keys
        pipe = self.server.pipeline(transaction=False)
        pipe.zrange(k.lease(self.worker), 0, -1).smembers(k.pend(self.worker))
        in_leases, in_pend = pipe.execute()
        stray = [d for d in in_leases if d not in leased]
        lost = [int(i) for i in in_pend if reserved is not None and int(i) not in reserved]
        requeued = 0
        if stray:
            requeued = int(self._reconcile(keys=[k.lease(self.worker), k.queue], args=stray))
        if lost:
            pipe = self.server.pipeline(transaction=True)
            pipe.zrem(k.pending, *lost).srem(k.pend(self.worker), *lost)
            pipe.execute()
        return requeued, len(lost)

    def refuse(self, data: bytes) -> None:
        """Drop a leased request that could not be decoded (it is not greenroom's)."""
        self.server.zrem(self.keys.lease(self.worker), data)

    def reserve_id(self) -> int:
        k = self.keys
        return int(self._reserve(keys=[k.ids, k.pending, k.pend(self.worker)]))

    def bound(self) -> int:
        """Every capture id below this one is pushed to a message list or abandoned."""
        return int(self._bound(keys=[self.keys.pending, self.keys.ids]))

    def reap(self, worker: str) -> tuple[int, int]:
        """Return a dead worker's leases to the queue, give up its reserved capture ids."""
        k = self.keys
        keys = [k.queue, k.lease(worker), k.pending, k.pend(worker), k.alive(worker)]
        requeued, abandoned = self._reap(keys=keys)
        return int(requeued), int(abandoned)

    def push(
        self, messages: list[bytes], ids: list[int], acks: list[bytes], queued: list = ()
    ) -> None:
        """Hand messages to the writer, release their capture ids, acknowledge leases and
        queue what waited for them ((data, score, fingerprint), as `enqueue`): one
        transaction, so a lease is never acknowledged before its output is in Redis, and
        what follows it is queued exactly when it is."""
        k = self.keys
        from toolkit.redis_trust import seal

        if messages and not self.key:
            raise RuntimeError("no relay key: a worker's messages would be refused")
        pipe = self.server.pipeline(transaction=True)
        if messages:
            pipe.sadd(k.workers, self.worker)  # the writer reads the lists of these workers
            key = k.msgs(self.worker)
            pipe.rpush(key, *(seal(self.key, key, m) for m in messages))
        if ids:
            pipe.zrem(k.pending, *ids)
            pipe.srem(k.pend(self.worker), *ids)
        if acks:
            pipe.zrem(k.lease(self.worker), *acks)
        for data, score, fingerprint in queued:
            self._enqueue(
                keys=[k.dupefilter, k.queue], args=[fingerprint, score, data], client=pipe
            )
        pipe.execute()

    # liveness ---------------------------------------------------------------------------
    def heartbeat(self, status: dict, ttl: float, stats: dict | None = None) -> None:
        k = self.keys
        pipe = self.server.pipeline(transaction=False)
        pipe.sadd(k.workers, self.worker)
        pipe.set(k.alive(self.worker), json.dumps(status), px=int(ttl * 1000))
        if stats is not None:
            pipe.hset(k.stats, self.worker, json.dumps(stats, default=str))
        pipe.execute()

    def done(self) -> str:
        value = self.server.get(self.keys.done)
        return value.decode() if value else ""

    # politeness -------------------------------------------------------------------------
    def acquire(self, slot: str, token: str, limit: int, ttl_ms: int, delay_ms: int) -> int:
        """0 when a slot of `slot` is ours; otherwise milliseconds to wait before trying again."""
        k = self.keys
        keys = [k.slot(slot), k.slot_next(slot)]
        return int(self._acquire(keys=keys, args=[limit, ttl_ms, delay_ms, token]))

    def release(self, slot: str, token: str) -> None:
        self.server.zrem(self.keys.slot(slot), token)


def worker_id() -> str:
    return f"{socket.gethostname()}-{os.getpid()}"


# scheduler --------------------------------------------------------------------------------
class LeasedQueue(PriorityQueue):
    """scrapy-redis's priority queue whose pop leases the request instead of dropping it."""

    def __init__(self, server, spider, key, serializer=None, link: Link | None = None):
        from crawler import request_json

        super().__init__(server, spider, key, serializer or request_json)
        self.link = link
        self.leases: list[tuple[object, bytes]] = []  # (request, its bytes in the lease set)
        self.follows: dict[int, list[tuple]] = {}  # id(leased request) -> queued at its ack

    def pop(self, timeout=0):
        from crawler import request_json

        while data := self.link.pop():
            try:
                request = self._decode_request(data)
            except (request_json.RequestRefused, ValueError, TypeError, KeyError) as exc:
                self.link.refuse(data)  # never fetched, never queued again
                logger.warning("refused a queued request: %s", str(exc).splitlines()[0][:200])
                continue
            self.leases.append((request, data))
            return request
        return None

    def hold(self, after, entry: tuple) -> bool:
        """Queue `entry` ((data, score, fingerprint)) when leased request `after` is
        acknowledged; False when `after` is not a lease of this worker."""
        if not any(request is after for request, _ in self.leases):
            return False
        self.follows.setdefault(id(after), []).append(entry)
        return True

    def finished(self, active: set) -> tuple[list[bytes], list[tuple]]:
        """(the leases whose requests the engine no longer holds, what waited for them),
        both forgotten here."""
        done = [(r, d) for r, d in self.leases if r not in active]
        if not done:
            return [], []
        self.leases = [(r, d) for r, d in self.leases if r in active]
        follows = [e for r, _ in done for e in self.follows.pop(id(r), [])]
        return [d for _, d in done], follows


class CachedDupeFilter(RFPDupeFilter):
    """scrapy-redis's duplicate filter with a local memory of what this worker already
    found seen: a page repeats the same navigation links, and each would otherwise cost a
    Redis round trip. The set in Redis stays the authority; the memory is bounded."""

    MAX_LOCAL = 1_000_000

    def __init__(self, server, key, debug=False):
        super().__init__(server, key, debug)
        self.local: set[str] = set()

    def seen_here(self, fp: str) -> bool:
        """True when this worker already found `fp` seen; remembers it otherwise."""
        if fp in self.local:
            return True
        if len(self.local) >= self.MAX_LOCAL:
            self.local.clear()
        self.local.add(fp)
        return False

    def request_seen(self, request):
        fp = self.request_fingerprint(request)
        return self.seen_here(fp) or self.server.sadd(self.key, fp) == 0


class ClusterScheduler(RedisScheduler, BaseScheduler):
    """scrapy-redis's scheduler on this run's keys, with leases and a retrying client."""

    @classmethod
    def from_crawler(cls, crawler):
        link = Link.for_crawler(crawler)
        scheduler = cls(
            server=link.server,
            persist=True,
            queue_key=link.keys.queue,
            queue_cls="crawler.cluster.LeasedQueue",
            dupefilter=CachedDupeFilter(link.server, key=link.keys.dupefilter),
            dupefilter_key=link.keys.dupefilter,
        )
        scheduler.stats = crawler.stats
        scheduler.link = link
        return scheduler

    def open(self, spider):
        self.spider = spider
        self.queue = LeasedQueue(self.server, spider, self.queue_key, link=self.link)
        if len(self.queue):
            logger.info("joining a run with %d requests queued", len(self.queue))

    def enqueue_request(self, request):
        fp = once_key(request)
        if not fp and not request.dont_filter:
            fp = self.df.request_fingerprint(request)
            if self.df.seen_here(fp):
                self.df.log(request, self.spider)
                return False
        # the duplicate filter and the queue in one step (Link.enqueue)
        if not self.link.enqueue(self.queue._encode_request(request), -request.priority, fp):
            self.df.log(request, self.spider)
            return False
        if self.stats:
            self.stats.inc_value("scheduler/enqueued/redis")
        return True

    def enqueue_after(self, after, request) -> bool:
        """Queue `request` in the same transaction that acknowledges leased request
        `after` (False when `after` is not this worker's lease: queue it yourself)."""
        entry = (self.queue._encode_request(request), -request.priority, once_key(request))
        if not self.queue.hold(after, entry):
            return False
        if self.stats:
            self.stats.inc_value("scheduler/enqueued/redis")
        return True

    def next_request(self):
        request = self.queue.pop()
        if request is not None and self.stats:
            self.stats.inc_value("greenroom/cluster/leased")
        return request

    def close(self, reason):
        pass  # the frontier belongs to the run, not to this worker


def once_key(request) -> str:
    """The key under which a room sample's request is queued once a run ('' for any other
    request): sample k's render, or step j of its API replay. A request redone because its
    worker died makes these again; the run's filter drops the second, so one room's samples
    never run side by side (its counters would be read out of order)."""
    info = request.meta.get(SAMPLE)
    if not info:
        return ""
    what = "render" if request.meta.get("playwright") else f"api{len(info.get('answers') or [])}"
    key = f"{info['room']}#{info['k']}#{what}".encode()
    return "sample:" + hashlib.sha1(key).hexdigest()


class HeldOutput(ClusterOnly):
    """Spider middleware of a worker: a request the spider makes with `dont_filter` (a
    room's first sample, say) is queued with the acknowledgement of the page's lease, as
    the page's captures are. A worker killed before then loses it with the page, which is
    fetched again and makes it again: never twice, never before the capture it refers to."""

    def __init__(self, crawler):
        self.crawler = crawler

    def _held(self, response, item) -> bool:
        if not isinstance(item, Request) or not item.dont_filter:
            return False
        scheduler = scheduler_of(self.crawler)
        return scheduler is not None and scheduler.enqueue_after(response.request, item)

    def process_spider_output(self, response, result, spider=None):
        for item in result:
            if not self._held(response, item):
                yield item

    async def process_spider_output_async(self, response, result, spider=None):
        async for item in result:
            if not self._held(response, item):
                yield item


# the worker's side of the run -------------------------------------------------------------
class ClusterWorker(ClusterOnly):
    """Extension: acknowledges finished leases with their output, beats, closes when done.

    Every GREENROOM_CLUSTER_TICK seconds: the relay store pushes what it buffered together
    with the acknowledgements of leases whose requests left the engine; the heartbeat says
    whether this worker is idle; the engine is nudged to pull from the shared queue (Scrapy
    polls a scheduler only every few seconds when idle). The spider stays open while the
    run is not `done`.
    """

    def __init__(self, crawler):
        self.crawler = crawler
        self.link = Link.for_crawler(crawler)
        settings = crawler.settings
        self.tick_s = setting(settings, "GREENROOM_CLUSTER_TICK")
        self.ttl = setting(settings, "GREENROOM_CLUSTER_HEARTBEAT_TTL")
        self.loop = None
        self.ticks = 0
        self.closing = False
        crawler.signals.connect(self.opened, signal=signals.spider_opened)
        crawler.signals.connect(self.idle, signal=signals.spider_idle)
        crawler.signals.connect(self.closed, signal=signals.spider_closed)

    def opened(self, spider=None):
        from twisted.internet import task

        self._durable_room_samples()
        # stats at once: a worker killed before its first report still counts as one that joined
        self.link.heartbeat(self.status(), self.ttl, _plain(self.crawler.stats.get_stats()))
        self.loop = task.LoopingCall(self.tick)
        self.loop.start(self.tick_s, now=False)

    def _durable_room_samples(self) -> None:
        """Room sample k+1 waits in the shared queue (leased, so it survives this worker)
        with a not-before time, instead of in this process's timer (crawler.rooms)."""
        for mw in self._downloader_middlewares():
            sampler = getattr(mw, "sampler", None)
            if sampler is not None and hasattr(sampler, "send_later"):
                sampler.send_later = self.send_later

    def send_later(self, request, delay: float, after=None) -> None:
        """RoomSampler.send_later for a worker: sample k+1 goes to the shared queue with a
        not-before time, in the transaction that acknowledges sample k (`after`). So a
        worker killed before it is due does not lose it, and a sample k redone because
        its worker died before acknowledging it never runs beside sample k+1 (the room's
        counters would be read out of order)."""
        request.meta[NOT_BEFORE] = time.time() + delay
        scheduler = self._scheduler()
        if after is not None and scheduler is not None and scheduler.enqueue_after(after, request):
            return
        engine = self.crawler.engine
        if engine is not None and engine.running:
            engine.crawl(request)

    def _downloader_middlewares(self) -> list:
        engine = self.crawler.engine
        downloader = getattr(engine, "downloader", None)
        return list(getattr(getattr(downloader, "middleware", None), "middlewares", ()))

    def _engine_slot(self):
        return engine_slot(self.crawler)

    def _scheduler(self):
        return scheduler_of(self.crawler)

    def status(self) -> dict:
        engine = self.crawler.engine
        slot = self._engine_slot()
        idle = bool(slot) and not slot.inprogress and engine.scraper.slot.is_idle()
        idle = idle and not engine.downloader.active
        started = getattr(engine, "_start", None) is None
        scheduler = self._scheduler()
        leases = len(scheduler.queue.leases) if scheduler is not None else 0
        return {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "idle": idle and started and not leases,
            "started": started,
            "leases": leases,
            "at": time.time(),
        }

    def tick(self) -> None:
        slot, scheduler = self._engine_slot(), self._scheduler()
        if slot is None or scheduler is None:
            return
        acks, follows = scheduler.queue.finished(set(slot.inprogress))
        store = getattr(self.crawler, "greenroom_store", None)
        if store is not None and hasattr(store, "relay"):
            store.relay(acks, follows)
        elif acks:
            self.link.push([], [], acks, follows)
        self.crawler.stats.inc_value("greenroom/cluster/acked", len(acks))
        self.ticks += 1
        stats = None
        if self.ticks % max(1, int(2 / self.tick_s)) == 0:  # stats every ~2 s
            self.reconcile(scheduler, store)
            stats = _plain(self.crawler.stats.get_stats())
        self.link.heartbeat(self.status(), self.ttl, stats)
        reason = self.link.done()
        if reason and reason != "finished" and not self.closing:
            # a bound was reached (max_pages, max_runtime): close now
            self.closing = True
            _close_spider(self.crawler, reason)
            return
        if not self.crawler.engine.needs_backout():
            slot.nextcall.schedule()

    def reconcile(self, scheduler, store) -> None:
        """Give back leases and capture ids that Redis holds for this worker but it does
        not: the replies of a pop or a reserve lost to a Redis restart (Link.reconcile)."""
        leased = {data for _, data in scheduler.queue.leases}
        reserved = set(store._ids) if hasattr(store, "_ids") else None
        requeued, abandoned = self.link.reconcile(leased, reserved)
        if requeued or abandoned:
            logger.warning(
                "gave back %d leases and %d capture ids this worker did not hold "
                "(replies lost to a Redis restart)",
                requeued,
                abandoned,
            )
            self.crawler.stats.inc_value("greenroom/cluster/reconciled", requeued + abandoned)

    def idle(self, spider=None):
        if not self.link.done():
            raise DontCloseSpider("the run is not over: other workers may add requests")

    def closed(self, spider=None, reason=None):
        if self.loop and self.loop.running:
            self.loop.stop()
        scheduler = self._scheduler()
        store = getattr(self.crawler, "greenroom_store", None)
        if store is not None and hasattr(store, "relay"):
            store.relay([])  # what is left; unacknowledged leases are reaped when we are gone
        self.link.heartbeat(
            {**self.status(), "closed": reason}, self.ttl, _plain(self.crawler.stats.get_stats())
        )
        if scheduler is not None and reason != "finished":
            self.link.reap(self.link.worker)  # give back in-flight requests at once


def engine_slot(crawler):
    engine = crawler.engine
    return getattr(engine, "_slot", None) or getattr(engine, "slot", None)


def scheduler_of(crawler):
    return getattr(engine_slot(crawler), "scheduler", None)


def _close_spider(crawler, reason: str) -> None:
    engine = crawler.engine
    if hasattr(engine, "close_spider_async"):  # Scrapy >= 2.14
        from scrapy.utils.defer import deferred_from_coro

        deferred_from_coro(engine.close_spider_async(reason=reason))
    else:
        engine.close_spider(crawler.spider, reason)


def _plain(stats: dict) -> dict:
    return {k: v for k, v in stats.items() if isinstance(v, int | float | str)}


# politeness -------------------------------------------------------------------------------
class ClusterPoliteness(ClusterOnly):
    """Downloader middleware: per-domain concurrency and delay for the cluster as a whole.

    Before a request goes to the downloader it takes one of CONCURRENT_REQUESTS_PER_DOMAIN
    slots of its domain (download_slot, else host) in Redis, no sooner than DOWNLOAD_DELAY
    after the domain's last start by any worker; the slot is given back with the response
    or the error, or expires after GREENROOM_CLUSTER_SLOT_TTL seconds (a killed worker).
    Requests with a not-before time (room samples) wait for it first. A response's retry
    count is handed to the relay store for the capture middleware's record of it.

    Example (set by greenroom.coordinator for workers):
        DOWNLOADER_MIDDLEWARES = {"crawler.cluster.ClusterPoliteness": 960}
    """

    def __init__(self, crawler):
        settings = crawler.settings
        self.crawler = crawler
        self.link = Link.for_crawler(crawler)
        self.limit = max(1, settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN") or 8)
        self.delay_ms = int(1000 * setting(settings, "GREENROOM_CLUSTER_DELAY"))
        self.ttl_ms = int(1000 * setting(settings, "GREENROOM_CLUSTER_SLOT_TTL"))
        self.seq = 0

    async def process_request(self, request, spider=None):
        not_before = request.meta.get(NOT_BEFORE)
        if not_before and not_before > time.time():
            await asyncio.sleep(not_before - time.time())
        name = request.meta.get("download_slot") or urlsplit(request.url).hostname or ""
        self.seq += 1
        token = f"{self.link.worker}:{self.seq}"
        waited = 0.0
        while True:
            wait_ms = self.link.acquire(name, token, self.limit, self.ttl_ms, self.delay_ms)
            if not wait_ms:
                break
            waited += wait_ms / 1000
            await asyncio.sleep(wait_ms / 1000)
        if waited:
            self.crawler.stats.inc_value("greenroom/cluster/polite_wait_s", round(waited, 3))
        request.meta["_greenroom_slot"] = (name, token)

    def _release(self, request) -> None:
        held = request.meta.pop("_greenroom_slot", None)
        if held:
            self.link.release(*held)

    def process_response(self, request, response, spider=None):
        self._release(request)
        # The capture middleware (next, at 950) records this response: tell the relay store
        # which attempt it is, so the writer can tell a retry from a redelivered request.
        store = getattr(self.crawler, "greenroom_store", None)
        if store is not None:
            store.attempt = request.meta.get("retry_times", 0)
        return response

    def process_exception(self, request, exception, spider=None):
        self._release(request)


class WorkerStore(RelayStore):
    """A worker's relay store on the run's Redis link: the crawl's capture store in a
    cluster worker (GREENROOM_STORE_CLASS, set by the coordinator)."""

    @classmethod
    def from_settings(cls, settings) -> WorkerStore:
        return cls(
            Link.from_settings(settings),
            settings.get("GREENROOM_CLUSTER_CAPTURES"),
            settings.getint("GREENROOM_CLUSTER_RUN"),
        )
