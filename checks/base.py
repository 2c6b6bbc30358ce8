"""Finding and the subject views (Shop, Listing, Room) that checks read.

Views are assembled from stored page facts by crawler.extract.assemble; checks never
see HTML. Every fact carries the page and capture it came from, so a finding can cite it.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Disclosure:
    """One thing a page shows: `label` as written (or its source, e.g. `jsonld:legalName`)."""

    label: str
    value: str
    url: str = ""
    capture_id: int | None = None


@dataclass(slots=True)
class Price:
    """A price shown on a listing. kind: `offered` (to pay) or `original` (原价/划线价/专柜价)."""

    kind: str
    value: float
    label: str = ""


@dataclass(slots=True)
class Pair:
    """A label and its value as a page lays them out: a table row, a column under its
    header, a dt and its dd. Cells of one table row share `row`."""

    label: str
    value: str
    row: int = 0


@dataclass(slots=True)
class Listing:
    url: str
    title: str = ""
    description: str = ""
    claims: list[str] = field(default_factory=list)  # selling points, badges, bullet claims
    text: str = ""  # the listing's own visible text (no platform header/footer)
    # other people's words on the listing's page (reviews, Q&A): not the listing's claims,
    # but public all the same (a buyer's data exposed in a review or a 成交记录)
    others_text: str = ""
    breadcrumb: list[str] = field(default_factory=list)
    category: str = ""  # JSON-LD/microdata category, if any
    prices: list[Price] = field(default_factory=list)
    shop_url: str | None = None
    captures: list[int] = field(default_factory=list)
    price_history: list[tuple[str, float]] = field(default_factory=list)  # (night, lowest offered)
    pairs: list[Pair] = field(default_factory=list)  # table rows, columns, dt/dd (spec, service)

    @property
    def offered_price(self) -> float | None:
        """The lowest price offered (券后价, 到手价, ranges: the lowest counts)."""
        offered = [p.value for p in self.prices if p.kind == "offered"]
        return min(offered) if offered else None


@dataclass(slots=True)
class Shop:
    url: str  # canonical URL of the shop's home page
    name: str = ""  # the shop's display name
    registered_names: list[Disclosure] = field(default_factory=list)  # 名称/企业名称 on a licence
    usccs: list[Disclosure] = field(default_factory=list)  # 统一社会信用代码 as shown
    operators: list[Disclosure] = field(default_factory=list)  # 经营者, footer ©, legalName
    legal_reps: list[Disclosure] = field(default_factory=list)  # 法定代表人 (a person)
    exemptions: list[Disclosure] = field(default_factory=list)  # statements of exemption
    phones: list[Disclosure] = field(default_factory=list)
    emails: list[Disclosure] = field(default_factory=list)
    addresses: list[Disclosure] = field(default_factory=list)
    permits: list[Disclosure] = field(default_factory=list)  # label = permit kind
    filings: list[Disclosure] = field(default_factory=list)  # 备案 instead of a permit
    licence_images: list[Disclosure] = field(default_factory=list)  # value = image URL
    listings: list[Listing] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)  # the shop's own pages
    captures: list[int] = field(default_factory=list)
    # its own licence/about links that were not read: (url, reason), reason one of
    # `not fetched`, `robots`, `error`, `off-site`, `page limit` (greenroom.analyse.why_unread)
    unread: list[tuple[str, str]] = field(default_factory=list)


@dataclass(slots=True)
class RoomSample:
    taken_at: str  # ISO 8601 UTC
    counters: dict[str, float] = field(default_factory=dict)  # online, viewers, likes, sold
    capture_id: int | None = None


@dataclass(slots=True)
class Room:
    url: str
    title: str = ""
    host_name: str = ""
    host_verification: Disclosure | None = None  # the text about real-name verification
    host_verified: bool | None = None  # None: nothing shown
    sellers: list[Disclosure] = field(default_factory=list)  # shops/operators named or linked
    products: list[dict] = field(default_factory=list)  # {"title", "price", "url"}
    notices: list[str] = field(default_factory=list)
    text: str = ""
    badge: Disclosure | None = None  # the 绿色直播间 badge as shown
    samples: list[RoomSample] = field(default_factory=list)
    captures: list[int] = field(default_factory=list)
    pairs: list[Pair] = field(default_factory=list)  # table rows, columns, dt/dd


@dataclass(slots=True)
class Finding:
    """What a check yields; the runner adds check id, severity and subject type."""

    subject_url: str
    message: str  # Chinese: what was seen, where, which rule
    captures: list[int] = field(default_factory=list)
    snippet: str = ""  # the quoted evidence
    # set by the runner when a check of absence (`ABSENCE = True`) fires on a subject some of
    # whose pages were not read: not a finding but an unjudged subject, with the reasons
    unjudged: str = ""


@dataclass
class Reference:
    """Reference data the checks read: brands.csv, green_registry.csv, today's date."""

    brands: list[dict] = field(default_factory=list)  # brand, aliases (list), reference_price
    green_registry: dict[str, dict] = field(default_factory=dict)  # room_url -> entry
    today: str = ""  # ISO date of the run
