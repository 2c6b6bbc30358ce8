"""Link-trap guards that name no site: URL shapes, chains of same-shape pages, caps.

A URL's *shape* is its host and path with digits and random-looking tokens folded, plus
its query keys. Calendars (`?month=2026-12` → next month …) and session trails (a fresh
token in every link) are chains of pages of one shape, each linking to the next: the
chain is cut after GREENROOM_BOUNDS_MAX_CHAIN pages. Pagination of real size stays well
under it; listing pages reached from an index start a new chain.

Settings: GREENROOM_BOUNDS_ENABLED, GREENROOM_BOUNDS_MAX_CHAIN,
GREENROOM_BOUNDS_MAX_PER_SHAPE (0: no cap). Stats: greenroom/bounds/dropped/<reason>.
"""

from __future__ import annotations

import re
from collections import Counter
from urllib.parse import parse_qsl, urlsplit

from scrapy import Request
from scrapy.exceptions import NotConfigured

from crawler.items import CHAIN

_TOKEN = re.compile(r"[A-Za-z0-9_\-]{12,}|\d+")


def url_shape(url: str) -> str:
    """`http://h/cal/2026/12?sid=…` → `h/cal/0/0?sid`: folded path and query keys."""
    parts = urlsplit(url)
    path = _TOKEN.sub(lambda m: "0" if m.group().isdigit() else "*", parts.path)
    keys = sorted({k for k, _ in parse_qsl(parts.query, keep_blank_values=True)})
    return f"{parts.hostname}{path}?{'&'.join(keys)}"


class BoundsMiddleware:
    def __init__(self, crawler):
        settings = crawler.settings
        if not settings.getbool("GREENROOM_BOUNDS_ENABLED"):
            raise NotConfigured("GREENROOM_BOUNDS_ENABLED is off")
        self.crawler = crawler
        self.max_chain = settings.getint("GREENROOM_BOUNDS_MAX_CHAIN")
        self.max_per_shape = settings.getint("GREENROOM_BOUNDS_MAX_PER_SHAPE")
        self.per_shape: Counter[str] = Counter()

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_spider_output(self, response, result, spider=None):
        parent_shape = url_shape(response.url)
        parent_chain = response.meta.get(CHAIN, 0)
        for item in result:
            if isinstance(item, Request) and not item.meta.get("playwright"):
                shape = url_shape(item.url)
                chain = parent_chain + 1 if shape == parent_shape else 0
                if self.max_chain and chain > self.max_chain:
                    self._drop("chain")
                    continue
                if self.max_per_shape and self.per_shape[shape] >= self.max_per_shape:
                    self._drop("per_shape")
                    continue
                self.per_shape[shape] += 1
                item.meta[CHAIN] = chain
            yield item

    async def process_spider_output_async(self, response, result, spider=None):
        async for item in result:
            for out in self.process_spider_output(response, [item], spider):
                yield out

    def _drop(self, reason: str) -> None:
        self.crawler.stats.inc_value(f"greenroom/bounds/dropped/{reason}")
