"""The demo's subjects (shops, listings, rooms) as plain data, and how they change by night."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

LAST_SCHEDULED_NIGHT = 8


@dataclass(frozen=True)
class Licence:
    """What a shop's licence shows; `name`/`uscc` None means that line is not shown."""

    name: str | None
    uscc: str | None
    legal_rep: str = ""
    address: str = ""
    kind: str = "有限责任公司（自然人投资或控股）"
    founded: str = "2018-05-16"
    scope: str = ""
    where: str = "page"  # page: a separate licence page | home: on the home page | image
    scan: str = "clean"  # its image: clean | rough | blank | unreadable (demo.licence_images)


@dataclass(frozen=True)
class Shop:
    sid: int
    slug: str
    name: str
    operator: str | None = None  # 经营者 as written on the home page
    licence: Licence | None = None
    footer: str | None = None  # shop footer © name (default: operator)
    legal_name: str | None = None  # structured-data legalName (default: operator)
    phones: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    address: str | None = None
    extras: tuple[tuple[str, str], ...] = ()  # other label/value lines (QQ, WeChat, ICP …)
    permits: tuple[tuple[str, str], ...] = ()  # (kind, number): permits and filings
    exempt: str | None = None  # statement that the seller need not register
    style: int = 0  # disclosure markup: 0 table, 1 dl, 2 list, 3 running text
    structured: bool = False  # JSON-LD (rendering a) / microdata (rendering b)
    licence_image: bool = False  # show a licence scan beside the text too
    encoding: str = "utf-8"  # see render_base.ENCODINGS
    old_url: bool = False  # directory links go through a 301 from an old URL
    unreachable_from: int | None = None  # night from which its pages answer 503
    fires: tuple[str, ...] = ()
    near_miss: tuple[str, ...] = ()
    note: str = ""
    n2: dict = field(default_factory=dict, compare=False)  # overrides from night 2 on

    @property
    def shown_footer(self) -> str | None:
        return self.footer or self.operator

    @property
    def shown_legal_name(self) -> str | None:
        return self.legal_name or self.operator


@dataclass(frozen=True)
class Listing:
    lid: int
    sid: int
    cat: str
    title: str
    price: float
    high: float | None = None  # price range upper bound (¥59-¥99)
    coupon: tuple[str, float] | None = None  # (券后价/到手价, value): offered
    original: tuple[str, float] | None = None  # (原价/划线价/专柜价, value)
    desc: str = ""
    claims: tuple[str, ...] = ()
    service: str | None = None  # returns policy line; None: the category default
    reviews: tuple[tuple[str, str], ...] = ()
    schedule: tuple[tuple[float, float | None], ...] = ()  # per night: (price, original)
    structured: bool = False
    go_link: bool = False  # linked through a 302 redirect
    fires: tuple[str, ...] = ()
    near_miss: tuple[str, ...] = ()
    note: str = ""
    n2: dict = field(default_factory=dict, compare=False)

    def prices_at(self, night: int) -> tuple[float, tuple[str, float] | None]:
        """The shown price and the shown original price (label, value) on `night`."""
        if not self.schedule:
            return self.price, self.original
        price, original = self.schedule[min(night, LAST_SCHEDULED_NIGHT) - 1]
        label = self.original[0] if self.original else "划线价"
        return price, (label, original) if original is not None else None

    def offered_at(self, night: int) -> float:
        """The lowest price to pay on `night` (range low end, coupon)."""
        price, _ = self.prices_at(night)
        return min(price, self.coupon[1]) if self.coupon else price


@dataclass(frozen=True)
class Counter:
    """A room counter: value = base + step * k (k = API requests so far this night)."""

    key: str  # online | viewers | likes | sold
    base: int
    step: int
    fmt: str  # comma | wan | w | wanplus | plain

    def value(self, k: int) -> int:
        return max(self.base + self.step * k, 0)

    def shown(self, k: int) -> str:
        v = self.value(k)
        if self.fmt == "wan":
            return f"{v / 10000:.1f}万"
        if self.fmt == "w":
            return f"{v / 10000:.1f}w"
        if self.fmt == "wanplus":
            return "10万+" if v >= 100000 else f"{v:,}"
        if self.fmt == "comma":
            return f"{v:,}"
        return str(v)


@dataclass(frozen=True)
class Room:
    rid: int
    slug: str
    title: str
    host: str
    verification: str | None  # text about real-name verification, None: nothing shown
    seller_sid: int | None = None  # the shop linked as seller
    seller_text: str | None = None  # an operator named in text (no link)
    products: tuple[tuple[str, float, int | None], ...] = ()  # (title, price, listing id)
    counters: tuple[Counter, ...] = ()
    badge: str | None = None  # img | text
    notices: tuple[str, ...] = ()
    registry: str | None = None  # green registry entry: valid | expired | today
    fault: str | None = None  # api500 | script | hang (only with faults=True)
    fires: tuple[str, ...] = ()
    near_miss: tuple[str, ...] = ()
    note: str = ""
    n2: dict = field(default_factory=dict, compare=False)


def at_night(subject, night: int):
    """The subject as shown on `night` (night 1 is the base state)."""
    return replace(subject, **subject.n2) if night >= 2 and subject.n2 else subject
