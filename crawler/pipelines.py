"""Item pipeline: page facts → the `pages` table, through the one writer (CaptureStore)."""

from __future__ import annotations

import json

from crawler.items import PageFacts
from storage.warc import CaptureStore

STORED_LINK_RELS = {"shop", "licence", "other"}  # what assembly reads (shop ↔ licence ↔ listing)


def compact(facts: dict) -> dict:
    """The facts as stored: without the links assembly never reads (listing cards,
    pagination, the platform's own navigation), which are most of a page's facts. A room
    keeps its cards' links: one may be its seller's shop (crawler.extract.assemble)."""
    rels = STORED_LINK_RELS | {"listing"} if facts.get("role") == "room" else STORED_LINK_RELS
    links = [
        lk
        for lk in facts.get("links") or ()
        if lk.get("rel") in rels and not (lk.get("chrome") and lk.get("rel") == "other")
    ]
    return {**facts, "links": links}


class PagePipeline:
    def __init__(self, crawler):
        self.crawler = crawler
        self.store = CaptureStore.for_crawler(crawler)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_item(self, item, spider=None):
        if isinstance(item, PageFacts):
            facts = item.facts
            self.store.add_page(
                {
                    "capture_id": item.capture_id,
                    "run_id": self.store.run_id,
                    "url": item.url,
                    "canonical": facts.get("canonical") or item.url,
                    "role": facts.get("role"),
                    "title": (facts.get("title") or "")[:500],
                    "facts": item.stored or json.dumps(compact(facts), ensure_ascii=False),
                }
            )
            self.crawler.stats.inc_value(f"greenroom/pages/{facts.get('role') or 'other'}")
        return item

    def close_spider(self, spider=None):
        self.store.flush()
