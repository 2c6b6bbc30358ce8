"""schema.org JSON-LD and microdata (via extruct's public API): organisations, products,
breadcrumbs."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import extruct

log = logging.getLogger(__name__)

MAX_JSONLD = 512 * 1024  # characters per <script> block; larger ones are skipped
MAX_ITEMS = 500
ORG_TYPES = frozenset(
    [
        "Organization",
        "Corporation",
        "LocalBusiness",
        "Store",
        "OnlineStore",
        "OnlineBusiness",
        "ShoppingCenter",
        "GroceryStore",
        "ClothingStore",
        "ElectronicsStore",
    ]
)
STORE_TYPES = frozenset(t for t in ORG_TYPES if t.endswith("Store") or t == "LocalBusiness")
_jsonld = extruct.JsonLdExtractor()


def extract(root, base_url: str = "") -> list[dict]:
    """Top-level schema.org items (JSON-LD and microdata, uniform) of an lxml document."""
    if root is None:
        return []
    items: list = []
    for node in root.xpath('//script[@type="application/ld+json"]'):
        if len(items) >= MAX_ITEMS:
            break
        source = node.text or ""
        if not source.strip() or len(source) > MAX_JSONLD:
            continue
        try:
            # one <script> at a time (its XPath is descendant-or-self): a bad block is skipped
            items.extend(x for x in _jsonld.extract_items(node) if isinstance(x, dict))
        except (ValueError, TypeError, RecursionError) as exc:  # invalid JSON-LD is common
            log.debug("skipping invalid JSON-LD on %s: %s", base_url, exc)
    if root.xpath("boolean(//*[@itemscope])"):
        try:
            found = extruct.extract(root, base_url, syntaxes=["microdata"], uniform=True)
            items.extend(found.get("microdata") or [])
        except (ValueError, TypeError, KeyError, AttributeError, RecursionError) as exc:
            log.debug("skipping microdata on %s: %s", base_url, exc)
    return items[:MAX_ITEMS]


def types(item: dict) -> set[str]:
    """The item's @type names without a schema.org prefix."""
    t = item.get("@type") or item.get("type") or ()
    if isinstance(t, str):
        t = (t,)
    return {str(x).rsplit("/", 1)[-1].rsplit(":", 1)[-1] for x in t if x}


def walk(items, depth: int = 0) -> Iterator[dict]:
    """Every typed dict, nested ones and `@graph` members included."""
    if depth > 8:
        return
    if isinstance(items, list):
        for x in items:
            yield from walk(x, depth + 1)
    elif isinstance(items, dict):
        if "@graph" in items:
            yield from walk(items["@graph"], depth + 1)
        if types(items):
            yield items
        for key, value in items.items():
            if key != "@graph" and isinstance(value, dict | list):
                yield from walk(value, depth + 1)


def text(value) -> str:
    """A plain string for a property that may be a list, a dict with name/@value, a number."""
    if isinstance(value, list):
        value = value[0] if value else ""
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value") or value.get("value") or ""
        if isinstance(value, list | dict):
            return text(value)
    return "" if value is None else str(value).strip()


def address(value) -> str:
    """A PostalAddress (or a string) as one line, region first as Chinese addresses read."""
    if isinstance(value, list):
        value = value[0] if value else ""
    if isinstance(value, dict):
        parts = [
            text(value.get(k))
            for k in (
                "addressCountry",
                "addressRegion",
                "addressLocality",
                "streetAddress",
            )
        ]
        parts = [p for p in parts if p and p.upper() not in ("CN", "CHN", "中国")]
        joined = "".join(parts)
        return joined or text(value.get("name"))
    return text(value)


def organisations(items: list[dict]) -> list[dict]:
    """Organization/Store items: type, name, legalName, taxID, identifier, contact, address."""
    out = []
    for item in walk(items):
        kinds = types(item)
        if not kinds & ORG_TYPES:
            continue
        org = {
            "store": bool(kinds & STORE_TYPES),
            "name": text(item.get("name")),
            "legalName": text(item.get("legalName")),
            "taxID": text(item.get("taxID") or item.get("vatID")),
            "identifier": text(item.get("identifier")),
            "telephone": text(item.get("telephone")),
            "email": text(item.get("email")).removeprefix("mailto:"),
            "address": address(item.get("address")),
            "url": text(item.get("url")),
        }
        contact = item.get("contactPoint")
        if isinstance(contact, list | dict):
            for point in contact if isinstance(contact, list) else [contact]:
                if isinstance(point, dict):
                    org["telephone"] = org["telephone"] or text(point.get("telephone"))
                    org["email"] = org["email"] or text(point.get("email"))
        out.append(org)
    return out


def _price(value) -> float | None:
    try:
        return float(str(text(value)).replace(",", "").replace("¥", "").replace("￥", ""))
    except ValueError:
        return None


def products(items: list[dict]) -> list[dict]:
    """Product items: name, description, category, brand, prices and seller {name, url}."""
    out = []
    for item in walk(items):
        if "Product" not in types(item) and "ProductGroup" not in types(item):
            continue
        product = {
            "name": text(item.get("name")),
            "description": text(item.get("description")),
            "category": text(item.get("category")),
            "brand": text(item.get("brand")),
            "prices": [],
            "seller": None,
        }
        offers = item.get("offers") or []
        for offer in offers if isinstance(offers, list) else [offers]:
            if not isinstance(offer, dict):
                continue
            for field in ("price", "lowPrice", "highPrice"):
                value = _price(offer.get(field))
                if value is not None:
                    currency = text(offer.get("priceCurrency")) or "CNY"
                    product["prices"].append({"field": field, "value": value, "currency": currency})
            seller = offer.get("seller") or item.get("seller")
            if isinstance(seller, dict) and product["seller"] is None:
                product["seller"] = {
                    "name": text(seller.get("name")),
                    "url": text(seller.get("url")),
                }
        out.append(product)
    return out


def breadcrumb(items: list[dict]) -> list[str]:
    """Names of the first BreadcrumbList, in position order."""
    for item in walk(items):
        if "BreadcrumbList" not in types(item):
            continue
        elements = item.get("itemListElement") or []
        if isinstance(elements, dict):
            elements = [elements]
        named = []
        for n, el in enumerate(elements):
            if not isinstance(el, dict):
                continue
            item = el.get("item")
            name = text(el.get("name")) or (text(item) if isinstance(item, dict) else "")
            try:
                pos = float(text(el.get("position")) or n)
            except ValueError:
                pos = n
            if name:
                named.append((pos, n, name))
        return [name for _, _, name in sorted(named)]
    return []
