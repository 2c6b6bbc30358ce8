"""Page facts: role, disclosures, links, prices, breadcrumb — from content, never site markup."""

from __future__ import annotations

import importlib
import itertools
import logging
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from crawler.extract import labels, links, prices, regions, structured
from crawler.extract.rows import structure_pairs
from crawler.extract.text import (
    ASIDE,
    CARD,
    CHROME,
    TITLE_SEPARATOR,
    Texts,
    elements,
    fold,
    lines,
    pairs,
    parse,
    site_logo,
    table_pairs,
    text_of,
)
from toolkit.charset import decode
from toolkit.urls import site_name, url_identity

if TYPE_CHECKING:
    from crawler.items import Page

log = logging.getLogger(__name__)
MAX_TEXT = 200_000
LICENCE_KEYS = ("registered_name", "uscc", "legal_rep", "permit", "filing")
OTHERS = ("reviews", "qa")
_FEW_CARDS = 5  # other goods beside one item with no buy control; more make a list page
# buy controls from which a page is a list of goods (one item's box and its sticky bar
# repeat theirs: 2–6)
_LIST_BUYS = 8
_COPYRIGHT = re.compile(labels.words("copyright"), re.IGNORECASE)
_ORG = re.compile(
    r"[\u4e00-\u9fa5A-Za-z0-9()·][\u4e00-\u9fa5A-Za-z0-9()· ]{1,40}?"
    rf"(?:{labels.words('org_name_end')})"
)
_COUNTERS = re.compile(
    rf"\d[\d.,]*\s*万?\s*人?\s*(?:{labels.words('counter_after')})"
    rf"|(?:{labels.words('counter_before')})(?:人数)?\s*:?\s*\d"
)
_CRUMB_SEP = re.compile(r"\s*(?:>|›|»|→|/|>>)\s*")
_CRUMB_MARK = re.compile("[>›»→/]")  # where _CRUMB_SEP finds one (it tries \s* everywhere)
_CRUMB_HOME = re.compile(rf"^({labels.words('crumb_home')})$", re.IGNORECASE)
_CRUMB_PREFIX = re.compile(rf"^({labels.words('crumb_prefix')})\s*:?\s*")
_FETCHES = (
    "fetch(",
    "XMLHttpRequest",
    "axios",
    "$.ajax",
    "$.get",
    "$.post",
    "WebSocket(",
    "EventSource(",
    "getJSON",
)
_NOSCRIPT_HINT = re.compile(labels.words("noscript_hint"), re.IGNORECASE)
_NOSCRIPT_RAW = re.compile(
    rf"<noscript[^>]*>[^<]*({labels.words('noscript_raw')})", re.IGNORECASE
)  # lxml may keep <noscript> content as raw text
# the page saying its content is still to come: 加载中… / 正在加载 / Loading…
_LOADING = re.compile(
    rf"^\s*\S{{0,6}}?(正在)?({labels.words('loading')})(中)?[.。…·]*\s*$", re.IGNORECASE
)
_LICENCE_HINT = re.compile(labels.words("licence_hint"), re.IGNORECASE)
_ORG_END = re.compile(rf"({labels.words('operator_end')})$")
_EXEMPT_HINT = re.compile(labels.words("exempt_hint"))
_SHOPISH = re.compile(rf"({labels.words('shop_suffix')})(\s|$|-|_|\|)")


# --------------------------------------------------------------------------- JS shells


def looks_like_js_shell(doc, text: str) -> bool:
    """Whether a static page is a JavaScript shell that draws its content from an API."""
    if doc is None:
        return False
    scripts = list(elements(doc, "script"))
    if not scripts:
        return False
    external = any(s.get("src") for s in scripts)
    body = doc.find("body")
    if external and body is not None and _loading(body):
        return True  # its content block says it is loading, beside the script that draws it
    size = len(text.strip())
    if size >= 400:
        return False  # a page that shows this much is no shell (the tests below need less)
    code = " ".join((s.text or "")[:50_000] for s in scripts)
    fetches = any(f in code for f in _FETCHES)
    hint = any(_NOSCRIPT_HINT.search(text_of(n)) for n in doc.xpath("//noscript"))
    if not hint:  # lxml may keep <noscript> content as raw text
        hint = bool(_NOSCRIPT_RAW.search(code))
    mount = False
    if body is not None:
        for el in body.xpath("./* | ./*/*"):
            container = el.tag in ("div", "main", "section", "app") or "-" in str(el.tag)
            if container and len(el) == 0 and not (el.text or "").strip():
                mount = True
                break
    if (fetches or hint) and (size < 200 or (mount and size < 400)):
        return True
    return mount and external and size < 80


def _loading(body) -> bool:
    """Whether a block of the page only says that its content is loading."""
    for el in body.iter("div", "section", "main", "p", "span"):
        words = el.text or ""
        if len(words) <= 24 and _LOADING.match(words) and len(el) == 0:
            return True
    return False


# ----------------------------------------------------------------------------- helpers


def _first_text(found) -> str:
    """The first non-empty text of elements or attribute values, folded."""
    for el in found:
        value = fold(el if isinstance(el, str) else text_of(el))
        if value:
            return value[:300]
    return ""


def _meta_description(doc):
    """The content of each <meta name=description> and <meta property=og:description>."""
    for meta in elements(doc, "meta"):
        if meta.get("name") == "description" or meta.get("property") == "og:description":
            content = meta.get("content")
            if content is not None:
                yield content


def _heading(h1s: list, page_title: str) -> str:
    """The page's own <h1> (of its first ten): of several (a site's logo is often one), the
    one that <title> begins with or holds; else the first."""
    heads = [fold(text_of(el))[:300] for el in h1s]
    heads = [h for h in heads if h]
    if len(heads) > 1 and page_title:
        for h in heads:
            if page_title.startswith(h[:12]) or h[:12] in page_title:
                return h
    if heads and site_logo(heads[0], page_title):
        return ""  # the site's name in its logo (`… - 万象购` under <h1>万象购</h1>)
    return heads[0] if heads else ""


def _breadcrumb(doc, doc_lines) -> list[str]:
    for el in doc.xpath("//@aria-label/.."):  # (as //*[@aria-label], in half the time)
        aria = el.get("aria-label").lower()
        if "breadcrumb" in aria or "面包屑" in aria:
            leaves = [
                fold(text_of(x)) for x in el.xpath(".//a | .//li[not(.//a)] | .//span[not(*)]")
            ]
            crumbs = [x for x in dict.fromkeys(leaves) if x and not _CRUMB_SEP.fullmatch(x)]
            if crumbs:
                return crumbs[:10]
    for line in doc_lines:
        text = line.pair_text
        if len(text) > 160 or not _CRUMB_MARK.search(text):
            continue
        prefixed = bool(_CRUMB_PREFIX.match(text))
        parts = [p.strip() for p in _CRUMB_SEP.split(_CRUMB_PREFIX.sub("", text))]
        parts = [p for p in parts if p]
        short = 2 <= len(parts) <= 8 and all(len(p) <= 24 for p in parts)
        if short and (prefixed or _CRUMB_HOME.match(parts[0])):
            return parts
    return []


def _copyright(line_text: str) -> str | None:
    m = _COPYRIGHT.search(line_text)
    if not m:
        return None
    marks = r"©|\(c\)|copyright|版权所有|all rights reserved|\d{4}(\s*[-–—]\s*\d{4})?"
    after = re.sub(marks, " ", line_text[m.start() :], flags=re.IGNORECASE)
    before = re.sub(marks, " ", line_text[: m.start()], flags=re.IGNORECASE)
    for chunk in re.split(r"[,;|。:]+|\s{2,}", after):  # © 2024 某某有限公司
        org = _ORG.search(chunk.strip())
        if org:
            return org.group()
    for chunk in reversed(re.split(r"[\s,;|。:]+", before)):  # 某某有限公司 版权所有
        org = _ORG.search(chunk)
        if org:
            return org.group()
    return None


def _room(doc, text: str, page) -> dict:
    try:
        module = importlib.import_module("crawler.extract.room")
    except ImportError:
        return {}
    try:
        from parsel import Selector

        found = module.extract_room(Selector(root=doc, type="html"), text, page)
    except Exception:
        log.exception("room extraction failed on %s", page.url)
        return {}
    return found if isinstance(found, dict) else {}


# ---------------------------------------------------------------------------- extract


def extract(page: Page) -> dict:
    """The facts of one page (see docs/DESIGN.md): never raises on any body."""
    try:
        return _extract(page)
    except Exception:  # a hostile page must not stop the crawl
        log.exception("extraction failed on %s", page.url)
        return failed(page)


def failed(page: Page) -> dict:
    """The facts of a page that could not be read: its URL and capture, `error`."""
    facts = _base(page, "", "utf-8")
    facts["error"] = "extraction failed"
    return facts


def _base(page: Page, canonical: str, encoding: str) -> dict:
    return {
        "url": page.url,
        "canonical": canonical or url_identity(page.url),
        "capture_id": page.capture_id,
        "fetched_at": page.fetched_at,
        "status": page.status,
        "rendered": page.rendered,
        "sample": page.sample,
        "redirect_urls": [url_identity(u) for u in page.redirect_urls],
        "role": "other",
        "title": "",
        "page_title": "",
        "shop_name": "",
        "encoding": encoding,
        "text": "",
        "disclosures": [],
        "links": [],
        "breadcrumb": [],
        "category": "",
        "brand": "",
        "prices": [],
        "claims": [],
        "description": "",
        "needs_browser": False,
    }


@dataclass
class _Read:
    """One parsed page and what the first pass over it found."""

    page: Page
    doc: Any
    base: str  # the URL relative links resolve against (<base href> or the page's)
    items: list  # schema.org items (JSON-LD and microdata)
    orgs: list
    products: list
    chrome: list  # the site's header, footer and menus
    links: list
    cards: list
    contacts: list
    buy_controls: list
    region_of: dict
    heading: Any  # links.own_heading
    h1s: list  # the first ten <h1>
    lines: list
    table_pairs: list
    consumed: set  # elements read as table pairs


class _Disclosures(list):
    """The disclosures found on one page, in the order found."""

    def add(self, key, label, value, chrome, region="") -> None:
        region = region or ("chrome" if chrome else "")  # "": the page's own content
        self.append(
            {"key": key, "label": label, "value": value, "chrome": bool(chrome), "region": region}
        )


def _extract(page: Page) -> dict:
    if page.api_sample:  # a room sample read from its JSON API (crawler.room_api)
        from crawler.extract.room import extract_room_api

        return {**_base(page, "", "utf-8"), "needs_browser": False, **extract_room_api(page)}
    text, encoding = decode(page.body or b"", page.headers)
    doc = None if "\x00" in text[:2048] else parse(text)  # NUL: binary, not a page
    if doc is None:
        return _base(page, "", encoding)
    facts = _base(page, _canonical(doc, page.url), encoding)
    read = _read(page, text, doc)
    found, categories = _disclosures(read)
    facts["disclosures"] = _dedupe(found)
    _links_from_products(read.products, read.base, read.links)
    facts["links"] = read.links
    facts["prices"] = _merge_prices(
        prices.from_lines(read.lines), prices.from_products(read.products)
    )
    h1, main_text = _describe(facts, read, categories)
    room = _room(doc, main_text, page) if page.rendered else {}
    _add_room(facts, room)
    facts["role"] = room.get("role") or _role(
        facts, doc, len(read.buy_controls), read.products, read.orgs, h1, room
    )
    _own_words(facts, read)
    facts["shop_name"] = _shop_name(facts, h1)
    return facts


_LOWER = str.maketrans("CANONICAL", "canonical")  # as XPath's translate() would lower it


def _canonical(doc, url: str) -> str:
    """The page's first <link rel=canonical>, when it stays on the page's host."""
    for el in elements(doc, "link"):  # (a walk in C: the XPath took twice the time)
        if el.get("href") is None or "canonical" not in (el.get("rel") or "").translate(_LOWER):
            continue
        href = url_identity(urljoin(url, el.get("href").strip()))
        if urlsplit(href).netloc == urlsplit(url_identity(url)).netloc:
            return href
        break
    return ""


def _read(page: Page, text: str, doc) -> _Read:
    base = page.url
    base_el = doc.find(".//base[@href]")
    if base_el is not None:
        base = urljoin(page.url, base_el.get("href").strip())
    items = structured.extract(doc, page.url) if ("ld+json" in text or "itemscope" in text) else []
    chrome = links.layout_chrome(doc)
    texts = Texts()  # element → its text, for both the links and the regions
    heading = links.own_heading(doc)
    found_links, cards, contacts, buy_controls = links.collect(doc, base, chrome, texts, heading)
    h1s = list(itertools.islice(elements(doc, "h1"), 10))  # as //h1 finds them
    anchors = [*h1s[:3], *buy_controls[:3]]
    region_of = regions.find(doc, anchors, texts)
    tpairs, consumed = table_pairs(doc)
    return _Read(
        page=page,
        doc=doc,
        base=base,
        items=items,
        orgs=structured.organisations(items),
        products=structured.products(items),
        chrome=chrome,
        links=found_links,
        cards=cards,
        contacts=contacts,
        buy_controls=buy_controls,
        region_of=region_of,
        heading=heading,
        h1s=h1s,
        lines=lines(doc, cards, set(chrome), region_of),
        table_pairs=tpairs,
        consumed=consumed,
    )


def _disclosures(read: _Read) -> tuple[_Disclosures, list[str]]:
    """Every disclosure the page shows, and the categories its label:value pairs name."""
    found = _Disclosures()
    chrome_els = {ln.el: ln.chrome for ln in read.lines}
    for label, value, cell in read.table_pairs:
        for key, lab, val in labels.disclosures(label, value):
            found.add(key, lab, val, chrome_els.get(cell, links.in_chrome(cell)))
    categories = _pair_disclosures(read, found)
    _line_disclosures(read.lines, found)
    _contact_disclosures(read.contacts, found)
    _structured_disclosures(read.orgs, found)
    _licence_images(read.doc, read.base, found.add)
    return found, categories


def _pair_disclosures(read: _Read, found: _Disclosures) -> list[str]:
    main_lines = [ln for ln in read.lines if ln.el not in read.consumed]
    categories = []
    for label, value, line in pairs(main_lines, read.consumed):
        if line.flags & CARD:
            continue
        if labels.classify(label) == "category":
            if not line.chrome:  # the platform's category menu (全部分类：…) is not the page's
                categories.append(value)
            continue
        for key, lab, val in labels.disclosures(label, value):
            site = key in _SITE_CONTACTS and not line.chrome and _beside_filings(line)
            found.add(key, lab, val, line.chrome or site, line.region)
    return categories


def _line_disclosures(doc_lines, found: _Disclosures) -> None:
    """What a line shows by its shape alone: ICP numbers, ©, e-mail, permit numbers,
    exemption statements."""
    for line in doc_lines:
        lt = line.text
        if "ICP" in lt or "icp" in lt or "公网安备" in lt:
            for m in labels.ICP.finditer(lt):
                found.add("icp", "ICP", m.group(), line.chrome, line.region)
        if "©" in lt or "opyright" in lt or "版权" in lt or "(c)" in lt or "(C)" in lt:
            org = _copyright(lt)
            if org:
                found.add("operator", "©", org, line.chrome, line.region)
        if "@" in lt:
            for m in labels.EMAIL.finditer(lt):
                site = not line.chrome and _beside_filings(line)
                found.add("email", "", m.group(), line.chrome or site, line.region)
        if line.flags & CARD:
            continue
        if _EXEMPT_HINT.search(lt):
            ex = labels.find("exempt", lt)
            if ex:
                found.add("exempt", ex.group(), lt[:200], line.chrome, line.region)
        if "JY" in lt:
            for m in labels.FOOD_PERMIT.finditer(lt):
                found.add("permit", "食品经营许可证", m.group(), line.chrome, line.region)
        if "YB" in lt:
            for m in labels.FOOD_FILING.finditer(lt):
                found.add("filing", "仅销售预包装食品备案", m.group(), line.chrome, line.region)


def _contact_disclosures(contacts, found: _Disclosures) -> None:
    for c in contacts:
        if c["key"] == "phone":
            for key, _lab, val in labels.disclosures("电话", c["value"]):
                found.add(key, c["label"], val, c["chrome"])
        elif labels.EMAIL.fullmatch(c["value"]):
            found.add("email", c["label"], c["value"], c["chrome"])


def _structured_disclosures(orgs, found: _Disclosures) -> None:
    """Disclosures of schema.org Organizations and Stores."""
    for org in orgs:
        company = bool(_ORG_END.search(org["name"]))
        if org["name"] and org["store"]:  # a Store's display name (a site's Organization
            found.add("shop_name", "jsonld:name", org["name"], False, "structured")  # is no shop)
        elif org["name"] and company:
            found.add("operator", "jsonld:name", org["name"], False, "structured")
        if org["legalName"]:
            found.add("operator", "jsonld:legalName", org["legalName"], False, "structured")
        for field in ("taxID", "identifier"):
            if org[field] and labels.USCC.fullmatch(org[field].replace(" ", "")):
                found.add("uscc", f"jsonld:{field}", org[field], False, "structured")
        for field, key in (("telephone", "phone"), ("email", "email"), ("address", "address")):
            if org[field]:
                for k, _lab, val in labels.disclosures(
                    key if key != "phone" else "电话", org[field]
                ):
                    found.add(k, f"jsonld:{field}", val, False, "structured")


def _describe(facts: dict, read: _Read, categories: list[str]) -> tuple[str, str]:
    """The page's text, titles, breadcrumb, category, brand, description and claims; returns
    its <h1> heading and its whole main text."""
    doc, doc_lines = read.doc, read.lines
    main_text = "\n".join(ln.text for ln in doc_lines if not ln.flags & (CHROME | CARD))
    facts["text"] = main_text[:MAX_TEXT]
    facts["page_title"] = _first_text(elements(doc, "title"))
    product = read.products[0] if len(read.products) == 1 else None
    h1 = _heading(read.h1s, facts["page_title"])
    heading = read.heading
    own = fold(text_of(heading))[:300] if heading is not None else ""
    facts["title"] = (product and product["name"]) or h1 or own or _title_head(facts["page_title"])
    facts["breadcrumb"] = structured.breadcrumb(read.items) or _breadcrumb(doc, doc_lines)
    facts["category"] = (product and product["category"]) or (categories[0] if categories else "")
    facts["brand"] = (product and product["brand"]) or ""
    # the seller's own words under the item's description heading first: a <meta>
    # description is often the site's template (`…网购上某某，放心又轻松`)
    facts["description"] = (
        (product and product["description"])
        or _described(doc_lines)
        or _first_text(_meta_description(doc))
    )
    facts["claims"] = _claims(doc_lines, facts)
    facts["needs_browser"] = not read.page.rendered and looks_like_js_shell(doc, main_text)
    return h1, main_text


def _add_room(facts: dict, room: dict) -> None:
    """A rendered room's facts: its disclosures and links added, the rest set."""
    for key, value in room.items():
        if key in ("disclosures", "links") and isinstance(value, list):
            facts[key].extend(value)
        else:
            facts[key] = value


def _own_words(facts: dict, read: _Read) -> None:
    """A listing's text without others' words, a room's without its viewers' comments; the
    page's regions and, on a listing or a room, its structured label:value pairs."""
    doc_lines = read.lines
    if facts["role"] == "listing":  # its own words: not the links to other goods beside them,
        # nor reviews, Q&A, recommendations or the seller box (crawler.extract.regions)
        facts["text"] = "\n".join(
            ln.text
            for ln in doc_lines
            if not ln.flags & (CHROME | CARD | ASIDE) and not ln.anchor_only
        )[:MAX_TEXT]
        facts["others_text"] = "\n".join(
            ln.text for ln in doc_lines if ln.region in OTHERS and not ln.flags & (CHROME | CARD)
        )[:MAX_TEXT]
    elif facts["role"] == "room":  # not the viewers' comments (the host's lines are its own)
        facts["text"] = "\n".join(
            ln.text for ln in doc_lines if not ln.flags & (CHROME | CARD) and ln.region != "chat"
        )[:MAX_TEXT]
    facts["regions"] = sorted({ln.region for ln in doc_lines if ln.region})
    if facts["role"] in ("listing", "room"):
        aside = {el for el, name in read.region_of.items() if name in regions.ASIDE}
        facts["pairs"] = structure_pairs(read.doc, {*read.chrome, *read.cards, *aside})


def _dedupe(disclosures: list[dict]) -> list[dict]:
    best: dict[tuple, dict] = {}
    for d in disclosures:
        k = (d["key"], fold(d["value"]))
        have = best.get(k)
        if have is None or have["chrome"] and not d["chrome"]:
            best[k] = d
        elif not have["label"] and d["label"]:
            have["label"] = d["label"]
    return list(best.values())


def _merge_prices(shown: list[dict], ld: list[dict]) -> list[dict]:
    values = {p["value"] for p in shown}
    return shown + [p for p in ld if p["value"] not in values]


def _links_from_products(products, base, found_links) -> None:
    known = {lk["url"]: lk for lk in found_links}
    for product in products[:1]:
        seller = product.get("seller") or {}
        if seller.get("url"):
            url = urljoin(base, seller["url"])
            if url in known:
                known[url]["rel"] = "shop"
            else:
                found_links.append(
                    {"url": url, "text": seller.get("name", ""), "rel": "shop", "chrome": False}
                )


def _licence_images(doc, base, add) -> None:
    for img in doc.xpath("//img[@alt or @title or @aria-label or parent::a[@title]]"):
        words = " ".join(img.get(a) or "" for a in ("alt", "title", "aria-label"))
        parent = img.getparent()
        if parent is not None and parent.tag == "a":
            words += " " + (parent.get("title") or "")
        src = img.get("src") or img.get("data-src") or img.get("data-original")
        if parent is not None and parent.tag == "a" and _leads_to_page(parent.get("href")):
            continue  # an icon of a link to the licence page, not the licence shown
        if src and _LICENCE_HINT.search(words) and labels.find("link_licence", fold(words)):
            add("licence_image", fold(words)[:60], urljoin(base, src.strip()), links.in_chrome(img))


_IMAGE_FILE = re.compile(r"\.(jpe?g|png|gif|webp|bmp)(\?|#|$)", re.IGNORECASE)


def _leads_to_page(href: str | None) -> bool:
    """Whether a link leads to a page (not to the image itself, enlarged)."""
    href = (href or "").strip()
    if not href or href.startswith("#") or href.lower().startswith("javascript:"):
        return False
    return not _IMAGE_FILE.search(href)


_HEADINGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6", "dt", "th", "legend", "summary"))


def _described(doc_lines) -> str:
    """The lines under a heading that names the goods' description (商品详情, 宝贝详情 …),
    up to the next heading: the seller's own words, not reviews or service terms."""
    tabbed = [
        ln.text for ln in doc_lines if ln.region == "description" and not ln.flags & (CHROME | CARD)
    ]
    if tabbed:  # the block the 商品介绍 tab leads to
        return "\n".join(tabbed)[:2000]
    out: list[str] = []
    inside = False
    for line in doc_lines:
        if line.flags & (CHROME | CARD | ASIDE) or line.el is None:
            continue
        text = line.text
        heading = line.el.tag in _HEADINGS or (len(text) <= 12 and line.el.tag == "strong")
        if inside:
            if heading:
                break
            out.append(text)
            if sum(len(x) for x in out) > 2000:
                break
        elif (heading or len(text) <= 8) and labels.matches("description_heading", text):
            inside = not _is_tab(line.el)  # a tab bar's 宝贝详情 heads none of the lines after it
    return "\n".join(out)[:2000]


def _is_tab(el) -> bool:
    """Whether an element is one of a bar of three or more short labels of its kind (tabs)."""
    parent = el.getparent()
    if parent is None:
        return False
    kin = [c for c in parent if c.tag == el.tag]
    return len(kin) >= 3 and all(len(text_of(c).strip()) <= 8 for c in kin)


def _claims(doc_lines, facts) -> list[str]:
    out = []
    for line in doc_lines:
        if line.flags & (CHROME | CARD | ASIDE) or line.el is None or line.el.tag != "li":
            continue
        if line.anchor_only:  # a link to elsewhere (related goods, categories), not a claim
            continue
        text = line.text
        if 2 <= len(text) <= 120 and text != facts["title"] and text not in out:
            out.append(text)
        if len(out) >= 50:
            break
    return out


def _role(facts, doc, buys, products, orgs, h1, room) -> str:
    main = [d for d in facts["disclosures"] if not d["chrome"]]
    keys = {d["key"] for d in main}
    self_url = facts["canonical"]
    own = [lk for lk in facts["links"] if not lk["chrome"]]
    listing_links = {lk["url"] for lk in own if lk["rel"] == "listing"}
    shop_elsewhere = {url_identity(lk["url"]) for lk in own if lk["rel"] == "shop"} - {
        self_url,
        url_identity(facts["url"]),
    }
    licence_elsewhere = {url_identity(lk["url"]) for lk in own if lk["rel"] == "licence"} - {
        self_url
    }
    offered = [p for p in facts["prices"] if p["kind"] == "offered"]
    text = facts["text"]
    heading = f"{h1} {facts['page_title']}"

    # a room by its live counters (drawn), or by a heading that names a room with counters
    # beside it (a static page's text alone says 人气 and 在线 on many item pages)
    if room.get("counters") or (labels.find("room", heading) and _COUNTERS.search(text[:5000])):
        return "room"
    if facts["needs_browser"] and "直播" in heading + text:
        return "room"
    single_product = len(products) == 1
    # (a page that links to itself as a shop is that shop, even beside links to the
    # visitor's favourite shops)
    shop_self = any(
        url_identity(lk["url"]) in (self_url, url_identity(facts["url"]))
        for lk in own
        if lk["rel"] == "shop"
    )
    if 2 <= len(shop_elsewhere) <= 3 and _one_seller(doc, facts["url"], shop_elsewhere):
        shop_elsewhere = set(sorted(shop_elsewhere)[:1])  # 进店铺 and 进工厂 of one seller box
    if len(shop_elsewhere) >= 3 and not (1 <= buys <= 3 or single_product or shop_self):
        return "other"  # goods of several shops with no buy box: a list, a search, a channel
    if (
        (offered and (1 <= buys <= 3 or single_product or shop_elsewhere))
        or (single_product and 1 <= buys <= 3)
    ) and (len(listing_links) <= _FEW_CARDS or 1 <= buys <= 3 or single_product):
        return "listing"
    # one item's buy box and its own sections (specs, its reviews): a listing whose price is
    # drawn by script; its seller box links it to its shop, it does not make it one
    item_words = len({m for m in labels.vocabulary("item_words") if m in text})
    if 1 <= buys <= 3 and item_words >= 2 and len(shop_elsewhere) <= 3:
        return "listing"
    # or a price under its own label (价格 ¥3.80) among the item's sections, its buy controls
    # drawn by script (a page of many buy buttons is a list of goods, not one item)
    labelled = any(p["label"] and not p["label"].startswith("jsonld") for p in offered)
    if labelled and item_words >= 3 and len(shop_elsewhere) <= 1 and buys < _LIST_BUYS:
        return "listing"
    licence_fields = len(keys & set(LICENCE_KEYS))
    words = len({m for m in labels.vocabulary("licence_words") if m in text})
    # (a page headed by the shop's name says what it is in its title: 证照信息-某店-某网)
    licence_heading = any(labels.find("link_licence", t) for t in (h1, facts["page_title"]) if t)
    store_ld = any(o["store"] for o in orgs)
    # one shop named; several (a notice listing shops, a table of sellers) name no page's own
    names = {fold(d["value"]) for d in main if d["key"] == "shop_name"}
    shop_named = len(names) == 1 or store_ld
    shopish = bool(_SHOPISH.search(f"{h1} ")) or bool(_SHOPISH.search(facts["page_title"] + " "))
    licence_like = licence_fields >= 2 or (licence_fields and words >= 2) or licence_heading
    own_shop = shop_named and licence_elsewhere and not shop_elsewhere
    if licence_like and not offered and not listing_links and not own_shop:
        return "licence"
    if len(shop_elsewhere) > 1 and not shop_self:
        return "other"
    # a shop is a seller's identity with its goods: a shop name (said, or in a heading), or a
    # licence link of its own; the word 店铺 in a page's text is no identity (every platform
    # page says it), nor are a platform's filing numbers
    # (the site's Organization in JSON-LD, or its © line, is no seller's contact)
    contacts = {
        d["key"]
        for d in main
        if d["label"] != "©" and not _site_ld(d, store_ld) and not _site_email(d, facts["url"])
    } & {
        *("operator", "phone", "email", "address", "exempt", "uscc", "registered_name"),
    }
    shop_words = bool(labels.find("shop_words", f"{h1} {facts['page_title']}"))
    # (a licence link beside the shop's goods or name: a help page's link to the site's own
    # licence makes no shop)
    own_licence = licence_elsewhere and (listing_links or shopish)
    if own_licence or shop_named or shop_self or (listing_links and (shopish or shop_words)):
        return "shop"
    # a merchant's own page on a listings platform (a restaurant, a cinema): its name is the
    # page's heading, its own address and phone are labelled beside it, its deals drawn by script
    if h1 and not listing_links and {"address", "phone"} <= _subject_keys(main, contacts):
        # whatever its scripts draw (deals, reviews, a 资质 tab) was not read: a licence
        # not seen here is not missing (crawler.extract.assemble._unread)
        facts["drawn_unread"] = not facts.get("rendered") and bool(doc.xpath("//script[@src]"))
        return "shop"
    if len(listing_links) >= 2 and contacts:
        # a shop by its contacts alone: assembly drops it when they are the platform's (a
        # sparse category page whose footer was not told apart from its content)
        facts["shop_by_contacts"] = True
        return "shop"
    return "other"


_SITE_CONTACTS = ("phone", "email", "address")
_SELLER_BOX_CHARS = 300  # a seller box: the shop's name, scores and a few links


def _subject_keys(main: list[dict], keys: set[str]) -> set[str]:
    """Of `keys`, those said in the subject's own words (in no region of others' words)."""
    return {d["key"] for d in main if d["key"] in keys and not d.get("region")}


def _one_seller(doc, base: str, shops: set[str]) -> bool:
    """Whether the links to these shops sit together in one small block: one seller's box
    (进店铺 and 进工厂 on one item page), not the cards of several sellers."""
    base_parts = urlsplit(base)
    found = []
    for a in doc.iter("a"):
        href = (a.get("href") or "").strip()
        if not href:
            continue
        try:
            if url_identity(links.absolute(base, base_parts, href)) in shops:
                found.append(a)
        except ValueError:
            continue
    if len(found) < 2:
        return False
    common = set(found[0].iterancestors())
    for a in found[1:]:
        common &= set(a.iterancestors())
    box = next((el for el in found[0].iterancestors() if el in common), None)
    return box is not None and len(text_of(box)) <= _SELLER_BOX_CHARS


def _beside_filings(line) -> bool:
    """A contact beside the site's ICP filing is the site's (its footer), not a seller's."""
    return line.el is not None and links.beside_filings(line.el)


def _site_email(d: dict, url: str) -> bool:
    """An e-mail at the site's own domain (kf@amazon.com on www.amazon.cn) is the site's."""
    if d["key"] != "email" or "@" not in d["value"]:
        return False
    domain = d["value"].rsplit("@", 1)[1].strip().lower()
    return site_name(domain) == site_name(urlsplit(url).hostname or "")


def _site_ld(d: dict, store_ld: bool) -> bool:
    return d["label"].startswith("jsonld:") and not store_ld


def _title_head(page_title: str) -> str:
    """The page's own name in its <title> (`西湖龙井 250g-禾丰集市` → `西湖龙井 250g`)."""
    return TITLE_SEPARATOR.split(page_title, maxsplit=1)[0].strip() or page_title


def _shop_name(facts, h1) -> str:
    for d in facts["disclosures"]:
        if d["key"] == "shop_name" and not d["chrome"]:
            return d["value"]
    if facts["role"] == "shop":
        if h1:
            return h1[:80]
        return _title_head(facts["page_title"])[:80]
    return ""
