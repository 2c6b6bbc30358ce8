"""What flows through the crawl: a captured Page and the facts extracted from it."""

from __future__ import annotations

from dataclasses import dataclass, field

# Request meta: same-shape pages in a row before this one (crawler.middlewares.bounds cuts
# the chain; a room's browser samples carry it on).
CHAIN = "greenroom_chain"


@dataclass
class Page:
    """One response as captured: what every extractor takes (never a Scrapy Response).

    `greenroom check` rebuilds Pages from stored WARC records, so extraction gives the
    same facts during a crawl and when re-run over stored captures.
    """

    url: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)  # lower-case names
    status: int = 200
    capture_id: int | None = None
    fetched_at: str = ""  # ISO 8601 UTC
    rendered: bool = False  # DOM serialised by a browser (a room sample)
    sample: int | None = None  # room sample number, 1-based, for rendered rooms
    api_responses: list[dict] = field(default_factory=list)  # JSON the page loaded
    redirect_urls: list[str] = field(default_factory=list)  # URLs that redirected here
    api_sample: bool = False  # a room sample read from its JSON API, not rendered


@dataclass
class PageFacts:
    """The facts of one page: the item the spider yields and the pipeline stores."""

    capture_id: int | None
    url: str
    facts: dict  # JSON-serialisable, see crawler.extract.pages.extract
    stored: str | None = None  # the facts as the `pages` table stores them, when encoded
