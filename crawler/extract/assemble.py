"""Assembly: page facts → Shop/Listing/Room views across pages, platform boilerplate removed."""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from checks.base import Disclosure, Listing, Pair, Price, Room, RoomSample, Shop
from crawler.extract.text import fold
from toolkit.urls import url_identity

SHOP_FIELDS = {
    "registered_name": "registered_names",
    "uscc": "usccs",
    "operator": "operators",
    "legal_rep": "legal_reps",
    "exempt": "exemptions",
    "phone": "phones",
    "email": "emails",
    "address": "addresses",
    "permit": "permits",
    "filing": "filings",
    "licence_image": "licence_images",
}
_ATTACH_RELS = ("licence", "other", "shop")
_BACK_RELS = ("licence", "shop")
_MAX_FALLBACK_LINKS = 30


@dataclass
class Assembly:
    """The subjects the checks read, built from every stored page's facts."""

    shops: list[Shop] = field(default_factory=list)
    listings: list[Listing] = field(default_factory=list)
    rooms: list[Room] = field(default_factory=list)
    boilerplate: set[tuple[str, str]] = field(default_factory=set)  # (key, folded value)


@dataclass
class _Page:
    """What assembly keeps of a non-listing page (no text, no prices)."""

    key: str
    role: str
    url: str
    capture_id: int | None
    fetched_at: str
    title: str
    shop_name: str
    disclosures: list[dict]
    links: list[tuple[str, str, bool]]  # (canonical url, rel, chrome)
    by_contacts: bool = False  # taken for a shop by its contacts alone (pages._role)
    drawn_unread: bool = False  # what its scripts draw was not read (a merchant's page)


def _key(facts: dict) -> str:
    return url_identity(facts.get("url") or facts.get("canonical") or "")


def _newer(old, facts: dict) -> bool:
    return old is None or (facts.get("fetched_at") or "") >= (old.fetched_at or "")


def _listing(facts: dict, key: str) -> Listing:
    return Listing(
        url=key,
        title=facts.get("title") or "",
        description=facts.get("description") or "",
        claims=list(facts.get("claims") or []),
        text=facts.get("text") or "",
        others_text=facts.get("others_text") or "",
        breadcrumb=list(facts.get("breadcrumb") or []),
        category=facts.get("category") or "",
        prices=[
            Price(kind=p.get("kind", "offered"), value=float(p["value"]), label=p.get("label", ""))
            for p in facts.get("prices") or []
            if isinstance(p.get("value"), int | float)
        ],
        captures=[facts["capture_id"]] if facts.get("capture_id") is not None else [],
        pairs=_pairs(facts),
    )


def _pairs(facts: dict) -> list[Pair]:
    return [
        Pair(str(p.get("label") or ""), str(p.get("value") or ""), int(p.get("row") or 0))
        for p in facts.get("pairs") or []
        if isinstance(p, dict)
    ]


def assemble(facts: Iterable[dict]) -> Assembly:
    """Shops with their licence pages and listings, and rooms with their samples, in one pass."""
    paused = gc.isenabled()
    gc.disable()  # millions of small acyclic objects: cyclic collection would rescan them all
    try:
        return _assemble(facts)
    finally:
        if paused:
            gc.enable()


def _assemble(facts: Iterable[dict]) -> Assembly:
    read = _Pages()
    read.read(facts)
    shops = {k: p for k, p in read.pages.items() if p.role == "shop"}
    owners = _owners(read, shops)
    listing_shop = _listing_shops(read, shops, owners)
    _licences_linking_back(read, shops, owners)
    boilerplate = _boilerplate(read.pages, owners, len(shops))
    _drop_platform_only(shops, owners, boilerplate)
    shop_views = _shop_views(read, shops, owners, boilerplate)
    for lkey, listing in read.listings.items():
        target = listing_shop.get(lkey)
        listing.shop_url = target
        if target in shop_views:
            shop_views[target].listings.append(listing)
    # A room whose page is a script shell and whose every render failed (crawl errors) was
    # not seen: it is not judged tonight, as a page not reached is not.
    rooms = [
        _room(key, samples, shop_views)
        for key, samples in read.room_facts.items()
        if _seen(samples)
    ]
    return Assembly(
        shops=list(shop_views.values()),
        listings=list(read.listings.values()),
        rooms=rooms,
        boilerplate=boilerplate,
    )


class _Pages:
    """One pass over the stored page facts: the newest facts of each URL, by role, and the
    other URLs (canonical, redirects) each is known by."""

    def __init__(self) -> None:
        self.alias: dict[str, str] = {}
        self.pages: dict[str, _Page] = {}
        self.listings: dict[str, Listing] = {}
        # key -> (fetched_at, shop links, fallback links, licences)
        self.listing_meta: dict[str, tuple] = {}
        self.room_facts: dict[str, list[dict]] = defaultdict(list)
        # image url -> facts read from it by OCR (crawler.licence_images)
        self.images: dict[str, dict] = {}
        # A rendered page is a room sample when it reads as a room, or its shell was taken
        # for one; any other page drawn by script (a shop, listing or licence of a
        # single-page app) is that page as a viewer sees it, in place of the empty shell it
        # was served as.
        self.shells: set[str] = set()  # keys whose static shell gave way to what it drew

    def resolve(self, url: str) -> str:
        return self.alias.get(url, url)

    def read(self, facts: Iterable[dict]) -> None:
        drawn: list[dict] = []  # drawn before its shell was read (captures come shell first)
        for f in facts:
            key = _key(f)
            if not key:
                continue
            self._known_as(f, key)
            role = f.get("role") or "other"
            if role == "licence_image":
                if (f.get("fetched_at") or "") >= (
                    self.images.get(key, {}).get("fetched_at") or ""
                ):
                    self.images[key] = f
            elif role == "room":
                self.room_facts[key].append(f)
            elif not f.get("rendered"):
                self.take(f, key, role)
            elif key in self.room_facts or key in self.pages or key in self.listings:
                self.take_drawn(f, key)  # its shell is known: no facts held back
            else:
                drawn.append(f)
        for f in drawn:
            self.take_drawn(f, _key(f))

    def _known_as(self, f: dict, key: str) -> None:
        url = f.get("url")
        for other in (f.get("canonical"), *(f.get("redirect_urls") or ())):
            if other and other != url:  # (the URL itself is the key)
                self.alias.setdefault(url_identity(other), key)
        self.alias[key] = key

    def take(self, f: dict, key: str, role: str) -> None:
        """A shop, licence, listing or other page (the newest facts of a URL win)."""
        if role == "listing":
            self._take_listing(f, key)
        elif _newer(self.pages.get(key), f):
            self.pages[key] = _page(f, key, role)

    def _take_listing(self, f: dict, key: str) -> None:
        old = self.listing_meta.get(key)
        if old is None or (f.get("fetched_at") or "") >= old[0]:
            listing = _listing(f, key)
            if key in self.listings:
                listing.captures = self.listings[key].captures + listing.captures
            self.listings[key] = listing
            self.listing_meta[key] = _listing_links(f)
        elif f.get("capture_id") is not None:
            self.listings[key].captures.append(f["capture_id"])

    def take_drawn(self, f: dict, key: str) -> None:
        if key in self.room_facts:
            self.room_facts[key].append(f)
            return
        if key not in self.shells:
            self.shells.add(key)
            self.pages.pop(key, None)
        self.take(f, key, f.get("role") or "other")


def _page(f: dict, key: str, role: str) -> _Page:
    # a shop's links of every kind find its own pages (_owners); of any other page only its
    # shop and licence links are asked about, and a real page has hundreds of others to key
    rels = _ATTACH_RELS if role == "shop" else _BACK_RELS
    return _Page(
        key=key,
        role=role,
        url=f.get("url") or key,
        capture_id=f.get("capture_id"),
        fetched_at=f.get("fetched_at") or "",
        title=f.get("title") or "",
        shop_name=f.get("shop_name") or "",
        disclosures=[d for d in f.get("disclosures") or [] if d.get("value")],
        links=[
            (url_identity(lk["url"]), lk.get("rel") or "other", bool(lk.get("chrome")))
            for lk in f.get("links") or []
            if lk.get("rel") in rels and lk.get("url")
        ],
        by_contacts=bool(f.get("shop_by_contacts")),
        drawn_unread=bool(f.get("drawn_unread")),
    )


def _owners(read: _Pages, shops: dict[str, _Page]) -> dict[str, set[str]]:
    """Page key -> the shops it belongs to: each shop itself, and the licence and own pages
    that a few shops (not the whole platform) link to."""
    pages = read.pages
    owners: dict[str, set[str]] = defaultdict(set)
    linkers: dict[str, set[str]] = defaultdict(set)  # page key -> shops linking it
    link_chrome: dict[tuple[str, str], bool] = {}
    for skey, shop in shops.items():
        owners[skey].add(skey)
        for url, _rel, chrome in shop.links:
            target = read.resolve(url)
            if target != skey and target in pages:
                linkers[target].add(skey)
                link_chrome[(skey, target)] = link_chrome.get((skey, target), True) and chrome
    limit = max(3, len(shops) // 3)
    for target, by in linkers.items():
        page = pages[target]
        if page.role == "shop" or len(by) > limit:
            continue
        for skey in by:
            own = not link_chrome[(skey, target)] or len(by) == 1
            if (
                page.role == "licence"
                and own
                or page.role == "other"
                and not link_chrome[(skey, target)]
                and _own(page)
            ):
                owners[target].add(skey)
    return owners


def _listing_shops(read: _Pages, shops: dict, owners: dict) -> dict[str, str | None]:
    """Listing key -> its shop; licence pages reached only from a listing go to its shop."""
    listing_shop: dict[str, str | None] = {}
    for lkey, (_at, shop_links, fallback, licences) in read.listing_meta.items():
        target = _pick_shop([read.resolve(u) for u in shop_links], shops)
        if target is None and fallback:
            found = {read.resolve(u) for u in fallback} & shops.keys()
            target = found.pop() if len(found) == 1 else None
        listing_shop[lkey] = target or (read.resolve(shop_links[0]) if shop_links else None)
        if target:
            for u in licences:
                page = read.pages.get(read.resolve(u))
                if page and page.role == "licence" and not owners.get(page.key):
                    owners[page.key].add(target)
    return listing_shop


def _licences_linking_back(read: _Pages, shops: dict, owners: dict) -> None:
    """A licence page no shop claimed belongs to the shop it links back to."""
    for page in read.pages.values():
        if page.role == "licence" and not owners.get(page.key):
            back = [read.resolve(u) for u, rel, _c in page.links if rel == "shop"]
            target = _pick_shop(back, shops)
            if target:
                owners[page.key].add(target)


def _shop_views(read: _Pages, shops: dict, owners: dict, boilerplate: set) -> dict[str, Shop]:
    shop_pages: dict[str, list[_Page]] = defaultdict(list)
    for pkey, by in owners.items():
        for skey in by:
            shop_pages[skey].append(read.pages[pkey])
    views: dict[str, Shop] = {}
    for skey, home in shops.items():
        members = sorted(shop_pages[skey], key=lambda p: (p.key != skey, p.key))
        views[skey] = _shop(home, members, boilerplate, read.images)
        views[skey].unread = _unread(members, read.pages, read.listings, read.resolve)
    return views


def _unread(members: list[_Page], pages: dict, listings: dict, resolve) -> list[tuple]:
    """The shop's own licence links (not the platform's chrome) to pages that were not read:
    (url, "not fetched"); greenroom.analyse.why_unread gives the crawl's own reason."""
    out: dict[str, str] = {}
    for page in members:
        if page.drawn_unread and not any(rel == "licence" for _u, rel, _c in page.links):
            out.setdefault(page.url, "not fetched")  # its script-drawn parts, as a viewer sees it
        for url, rel, chrome in page.links:
            target = resolve(url)
            if rel == "licence" and not chrome and target not in pages and target not in listings:
                out.setdefault(url, "not fetched")
    return sorted(out.items())


def _drop_platform_only(shops: dict, owners: dict, boilerplate: set) -> None:
    """Pages taken for shops by their contacts alone, every one the platform's: not shops."""
    dropped = {
        key
        for key, page in shops.items()
        if page.by_contacts
        and all((d["key"], fold(str(d["value"]))) in boilerplate for d in page.disclosures)
    }
    for key in dropped:
        del shops[key]
    if dropped:
        for by in owners.values():
            by -= dropped


def _listing_links(f: dict) -> tuple:
    shop_links, licences = [], []
    links = f.get("links") or ()
    for lk in links:
        rel = lk.get("rel")
        if rel == "shop" and lk.get("url"):
            shop_links.append((bool(lk.get("chrome")), url_identity(lk["url"])))
        elif rel == "licence" and lk.get("url") and not lk.get("chrome"):  # (not the site's)
            licences.append(url_identity(lk["url"]))
    shop_links.sort(key=lambda x: x[0])  # links in the page's own content first
    ordered = [u for _c, u in shop_links]
    fallback = []
    if not ordered:  # a seller link without shop wording: any link to a page that is a shop
        for lk in links:
            if lk.get("rel") == "other" and not lk.get("chrome") and lk.get("url"):
                fallback.append(url_identity(lk["url"]))
                if len(fallback) >= _MAX_FALLBACK_LINKS:
                    break
    return (f.get("fetched_at") or "", ordered, fallback, licences)


def _pick_shop(candidates: list[str], shops: dict) -> str | None:
    for url in candidates:
        if url in shops:
            return url
    return None


def _own(page: _Page) -> bool:
    return any(not d.get("chrome") for d in page.disclosures)


def _boilerplate(pages: dict, owners: dict, n_shops: int) -> set[tuple[str, str]]:
    """(key, value) shown on the pages of many shops, or in chrome beyond one shop: platform's."""
    shops_showing: dict[tuple, set] = defaultdict(set)
    chrome_shops: dict[tuple, set] = defaultdict(set)
    unowned: set = set()
    for page in pages.values():
        by = owners.get(page.key)
        for d in page.disclosures:
            k = (d["key"], fold(str(d["value"])))
            if by:
                shops_showing[k].update(by)
                if d.get("chrome"):
                    chrome_shops[k].update(by)
            else:
                unowned.add(k)
    limit = max(3, n_shops // 3)
    out = {k for k, by in shops_showing.items() if len(by) > limit}
    for k in chrome_shops:
        if len(shops_showing[k]) >= 2 or k in unowned:
            out.add(k)
    return out


def _shop(home: _Page, members: list[_Page], boilerplate: set, images: dict | None = None) -> Shop:
    shop = Shop(url=home.key)
    found: dict[str, list[tuple[bool, Disclosure]]] = defaultdict(list)
    seen = set()
    for page in members:
        shop.pages.append(page.key)
        if page.capture_id is not None and page.capture_id not in shop.captures:
            shop.captures.append(page.capture_id)
        for d in page.disclosures:
            key = d.get("key")
            value = str(d["value"])
            k = (key, fold(value))
            if key not in SHOP_FIELDS and key != "shop_name" or k in boilerplate or k in seen:
                continue
            seen.add(k)
            disc = Disclosure(
                label=d.get("label", ""), value=value, url=page.url, capture_id=page.capture_id
            )
            found[key].append((bool(d.get("chrome")), disc))
    _read_from_images(found, images or {})
    for key, items in found.items():
        own = [disc for chrome, disc in items if not chrome]
        chosen = own or [disc for _c, disc in items]  # chrome only when nothing else says it
        if key == "shop_name":
            shop.name = chosen[0].value
        else:
            getattr(shop, SHOP_FIELDS[key]).extend(chosen)
    shop.name = shop.name or home.shop_name or home.title
    return shop


def _read_from_images(found: dict, images: dict) -> None:
    """Fields read by OCR from the shop's own licence images, for the fields its pages do
    not show as text; labelled `图片识别:…` and citing the image's capture."""
    shown = set(found)
    for chrome, image in list(found.get("licence_image", ())):
        read = None if chrome else images.get(url_identity(image.value))
        for d in (read or {}).get("disclosures") or ():
            key, value = d.get("key"), str(d.get("value") or "")
            if key not in SHOP_FIELDS or key in shown or not value:
                continue
            if all(value != disc.value for _c, disc in found[key]):
                disc = Disclosure(
                    label=d.get("label", ""),
                    value=value,
                    url=read.get("url") or image.value,
                    capture_id=read.get("capture_id"),
                )
                found[key].append((False, disc))


def _disclosure(value, url: str, capture_id) -> Disclosure | None:
    if value in (None, "", [], {}):
        return None
    if isinstance(value, Disclosure):
        return value
    if isinstance(value, dict):
        text = value.get("value") or value.get("text") or value.get("name") or ""
        label = value.get("label") or value.get("kind") or ""
        return Disclosure(
            label=str(label), value=str(text), url=value.get("url") or url, capture_id=capture_id
        )
    if isinstance(value, bool):
        return Disclosure(
            label="shown", value="true" if value else "", url=url, capture_id=capture_id
        )
    return Disclosure(label="", value=str(value), url=url, capture_id=capture_id)


def _seen(samples: list[dict]) -> bool:
    """Whether a room was seen as a viewer sees it: rendered, or not needing a browser."""
    return any(f.get("rendered") for f in samples) or not any(
        f.get("needs_browser") for f in samples
    )


def _room(key: str, samples: list[dict], shops: dict | None = None) -> Room:
    samples.sort(key=lambda f: (f.get("fetched_at") or "", f.get("sample") or 0))
    room = Room(url=key)
    for f in samples:
        url, cid = f.get("url") or key, f.get("capture_id")
        if cid is not None and cid not in room.captures:
            room.captures.append(cid)
        counters = f.get("counters") or {}
        if f.get("rendered") or counters:
            numbers = {k: float(v) for k, v in counters.items() if isinstance(v, int | float)}
            room.samples.append(
                RoomSample(taken_at=f.get("fetched_at") or "", counters=numbers, capture_id=cid)
            )
        room.title = f.get("title") or room.title
        room.text = f.get("text") or room.text
        room.pairs = _pairs(f) or room.pairs
        host = f.get("host")
        if isinstance(host, dict):
            room.host_name = str(host.get("name") or room.host_name)
            if host.get("verified") is not None:
                room.host_verified = bool(host["verified"])
        elif host:
            room.host_name = str(host)
        verification = _disclosure(f.get("host_verification"), url, cid)
        if verification is not None:
            room.host_verification = verification
        if f.get("host_verified") is not None:
            room.host_verified = bool(f["host_verified"])
        elif verification is not None and room.host_verified is None:
            room.host_verified = bool(verification.value)
        badge = _disclosure(f.get("badge"), url, cid)
        if badge is not None and badge.value:
            room.badge = badge
        for seller in f.get("sellers") or []:
            disc = _disclosure(seller, url, cid)
            if disc and all(disc.value != s.value for s in room.sellers):
                room.sellers.append(disc)
        for d in f.get("disclosures") or []:
            if d.get("key") in ("seller", "operator", "shop_name") and not d.get("chrome"):
                disc = Disclosure(
                    label=d.get("label", ""), value=str(d["value"]), url=url, capture_id=cid
                )
                if all(disc.value != s.value for s in room.sellers):
                    room.sellers.append(disc)
        for lk in f.get("links") or []:
            if lk.get("rel") == "shop" and not lk.get("chrome") and lk.get("url"):
                value = url_identity(lk["url"])
                if all(value != s.value for s in room.sellers):
                    room.sellers.append(
                        Disclosure(
                            label=lk.get("text") or "link", value=value, url=url, capture_id=cid
                        )
                    )
        for product in f.get("products") or []:
            if isinstance(product, dict) and product not in room.products:
                room.products.append(product)
        for notice in f.get("notices") or []:
            if notice and notice not in room.notices:
                room.notices.append(str(notice))
    if not room.sellers and shops:
        _linked_shop(room, samples, shops)
    return room


def _linked_shop(room: Room, samples: list[dict], shops: dict) -> None:
    """A seller link without shop wording (the shop's name beside the 小黄车): the room's
    own link to a page that was read as a shop names its seller."""
    for f in reversed(samples):  # the newest sample first
        for lk in f.get("links") or []:
            # (a link read as other goods' card may be the shop's: its page says which)
            if lk.get("rel") not in ("other", "listing") or lk.get("chrome") or not lk.get("url"):
                continue
            target = url_identity(lk["url"])
            if target in shops:
                label = str(lk.get("text") or "link")
                cid = f.get("capture_id")
                room.sellers.append(
                    Disclosure(label=label, value=target, url=room.url, capture_id=cid)
                )
                return
