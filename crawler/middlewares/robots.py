"""robots.txt obeyed by every request that waits for it, not only by the first one.

Scrapy's RobotsTxtMiddleware (2.13 and later) fetches a host's robots.txt on the first
request to it and keeps a Deferred that later requests await until it is parsed. They
await it through `maybe_deferred_to_future`, i.e. `Deferred.asFuture`, which *consumes*
the Deferred's result: the first waiter gets the parser, every later one gets None, which
the middleware reads as "no robots.txt": allowed. So the second and later requests that
arrive while robots.txt is in flight skip it.

One process crawling from a single start URL rarely shows it (its first page must be
parsed before it knows a second URL of the host). A cluster worker does: it joins a run
whose shared queue already holds many URLs of the host (the demo's `/admin/` among them),
pulls up to CONCURRENT_REQUESTS of them at once, and all but two passed unchecked.
A page linking to many URLs of a host not seen before does the same in one process.

This subclass gives every waiter a Deferred of its own, chained to the pending one, so
each gets the parser. Everything else (stats, signals, errors) is Scrapy's.

Example (crawler.settings):
    DOWNLOADER_MIDDLEWARES = {
        "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
        "crawler.middlewares.robots.RobotsTxtMiddleware": 100,
    }
Settings: Scrapy's (ROBOTSTXT_OBEY, ROBOTSTXT_USER_AGENT, ROBOTSTXT_PARSER).
Stats: Scrapy's (robotstxt/request_count, robotstxt/forbidden, …); greenroom/robotstxt/obey,
the run's ROBOTSTXT_OBEY (True or False), which the run row keeps and a bundle's "how
captured" reports.
"""

from __future__ import annotations

from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware as ScrapyRobotsTxt
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred

from storage.warc import ROBOTS_STAT


class RobotsTxtMiddleware(ScrapyRobotsTxt):
    """Scrapy's robots.txt middleware; every request that waits for robots.txt gets it."""

    def __init__(self, crawler):
        # recorded before Scrapy's NotConfigured when ROBOTSTXT_OBEY is off
        crawler.stats.set_value(ROBOTS_STAT, crawler.settings.getbool("ROBOTSTXT_OBEY"))
        super().__init__(crawler)

    async def robot_parser(self, request):
        pending = self._parsers.get(urlparse_cached(request).netloc)
        if not isinstance(pending, Deferred):  # parsed, failed, or the first request
            return await super().robot_parser(request)
        return await maybe_deferred_to_future(_follower(pending))


def _follower(pending: Deferred) -> Deferred:
    """A new Deferred firing with `pending`'s result, which stays for the next follower."""
    mine: Deferred = Deferred()

    def forward(result):
        mine.callback(result)
        return result

    pending.addCallback(forward)
    return mine
