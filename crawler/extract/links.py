"""Links and what they lead to (shop, licence, listing, next), judged by wording and layout."""

from __future__ import annotations

import re
from functools import cache
from urllib.parse import urljoin, urlsplit

from crawler.extract import labels
from crawler.extract.text import (
    CHROME_ROLES,
    CHROME_TAGS,
    SECTIONING,
    Inherited,
    Texts,
    elements,
    fold,
    site_logo,
    text_of,
)

PRICE_HINT = re.compile(r"[¥￥]\s*\d|\d\s*元|RMB\s*\d|CNY\s*\d", re.IGNORECASE)


def shows_price(text: str) -> bool:
    """Whether text shows a sum of money (PRICE_HINT), looked for only in text that holds a
    character each form of it needs: most blocks around links hold none."""
    if "¥" in text or "￥" in text or "元" in text:
        return PRICE_HINT.search(text) is not None
    low = text.lower()  # (IGNORECASE matches these six letters only as themselves)
    return ("rmb" in low or "cny" in low) and PRICE_HINT.search(text) is not None


# the Chinese words from seller_before.txt; the English ones stay here, as they coincide with
# class names of the demo's renderings, which no vocabulary term may (tests/e2e)
_SELLER_BEFORE = re.compile(
    rf"({labels.words('seller_before')}|seller|sold by|shop|store)\s*(名称)?\s*:?\s*$",
    re.IGNORECASE,
)
_SHOP_SUFFIX = ("旗舰店", "专营店", "专卖店", "官方店", "企业店", "小店", "店铺")
_RANK = {"next": 4, "licence": 4, "shop": 4, "listing": 2, "other": 1}
_MAX_CARD_TEXT = 400
_MAX_SHOP_NAME = 80  # a link after "店铺：" / "卖家：" is the seller's, however long its name
_MAX_BAR_WORDS = 20  # unlinked characters a leading bar of links may hold (a greeting)
_MAX_FOOTER = 2000  # characters of a site's trailing © / ICP block (its licences, hotlines)


def in_chrome(el) -> bool:
    """Whether an element is or sits in the page's banner, footer, navigation or menu (not a
    section's own)."""
    return chrome_test()(el)


def chrome_test():
    """in_chrome for many elements of one page, each ancestor read once."""
    states = Inherited(_chrome_state, (False, None))
    return lambda el: _chrome(states[el])


def _chrome_state(el, above: tuple[bool, bool | None]) -> tuple[bool, bool | None]:
    """(a chrome role on the element or above it, the verdict of the outermost header,
    footer or nav (chrome) or section (its own) around it, or None)."""
    role_above, outermost = above
    role = (el.get("role") or "").strip().lower() in CHROME_ROLES
    own = False if el.tag in SECTIONING else True if el.tag in CHROME_TAGS else None
    return role_above or role, own if outermost is None else outermost


def _chrome(state: tuple[bool, bool | None]) -> bool:
    return state[0] or bool(state[1])


@cache
def _wording() -> tuple[re.Pattern, dict[str, str]]:
    """One pattern for all licence and shop link wording, and term → rel."""
    rels: dict[str, str] = {}
    for rel in ("licence", "shop"):
        for term in labels.vocabulary(f"link_{rel}"):
            rels.setdefault(term.lower(), rel)
    alt = "|".join(re.escape(t) for t in sorted(rels, key=len, reverse=True))
    return re.compile(alt, re.IGNORECASE), rels


def _no_text() -> str:
    return ""


def link_rel(text: str, rel_attr: str = "", before=_no_text) -> str | None:
    """rel from wording alone: next, licence, shop; None when wording says nothing."""
    t = text.strip()
    if rel_attr and "next" in rel_attr.lower().split():
        return "next"
    if not t:
        return None
    if len(t) <= 12 and (t.lower() in labels.term_set("link_next") or t.startswith("下一页")):
        return "next"
    if len(t) <= 20:
        pattern, rels = _wording()
        m = pattern.search(t)
        if m:
            return rels[m.group().lower()]
    if len(t) <= 30 and t.endswith(_SHOP_SUFFIX):
        return "shop"
    if len(t) <= _MAX_SHOP_NAME and _SELLER_BEFORE.search(before()):  # 卖家：<a>…</a>
        return "shop"
    return None


def own_heading(root):
    """The page's own heading: its `<h1>`, else the first `<h2>`–`<h4>` that the page's
    `<title>` begins with ("碎花连衣裙 夏季" of "碎花连衣裙 夏季_某某商城"); or None."""
    title_el = root.find(".//title")
    title = fold(text_of(title_el)) if title_el is not None else ""
    h1 = next((h for h in root.iter("h1") if text_of(h).strip()), None)
    if h1 is not None and not site_logo(fold(text_of(h1)), title):
        return h1
    if not title:
        return None
    for h in root.iter("h2", "h3", "h4"):
        words = fold(text_of(h))
        if len(words) >= 2 and title.startswith(words):
            return h
    return None


def buy_elements(root) -> list:
    """Elements whose own text is buy / add-to-cart wording."""
    terms = labels.term_set("buy")
    out = []
    for el in _buy_candidates(root):
        own = el.get("value") if el.tag == "input" else el.text
        if (not own or not own.strip()) and el.tag != "input":
            own = text_of(el)  # the wording after an icon: <a><i></i>立即购买</a>
        if own and len(own.strip()) <= 40 and _buy_words(own, terms):
            out.append(el)
    return out


_BUY_HINT = re.compile("购|买|车|抢|订|uy|art")  # a character any buy wording has


def _buy_candidates(root):
    """Inputs with a value, and elements with a short stretch of own text (≤ 16 characters
    spaces folded) that may be buy wording, in document order."""
    hint = _BUY_HINT.search
    for el in elements(root):
        if el.tag == "input" and el.get("value") is not None:
            yield el
            continue
        t = el.text
        if t and hint(t) and _short(t):
            yield el
            continue
        for child in el:
            t = child.tail
            if t and hint(t) and _short(t):
                yield el
                break


def _short(t: str) -> bool:
    return len(t) <= 16 or len(" ".join(t.split())) <= 16


def _buy_words(own: str, terms) -> bool:
    """Buy wording, alone or after an icon font's glyph (`Ů 加入购物车`, `\ue603 立即购买`)."""
    words = own.split()
    if " ".join(words).lower() in terms:
        return True
    return bool(words) and words[-1].lower() in terms and all(len(w) <= 2 for w in words[:-1])


_FILINGS = re.compile(labels.words("filings"))  # a site's own filings
_COPYRIGHT_HINT = re.compile(rf"{labels.words('copyright_hint')}|{_FILINGS.pattern}", re.IGNORECASE)
_SKIP_TOP = ("script", "style", "noscript", "template", "link", "meta")


def layout_chrome(root) -> list:
    """Platform chrome without semantic tags: leading navigation bars and a trailing © block."""
    body = root.find("body") if root is not None else None
    if body is None:
        return []
    blocks = [el for el in body if isinstance(el.tag, str) and el.tag not in _SKIP_TOP]
    while len(blocks) == 1 and len(blocks[0]):  # look inside a single page wrapper
        blocks = [el for el in blocks[0] if isinstance(el.tag, str) and el.tag not in _SKIP_TOP]
    if len(blocks) < 3:
        return []
    sizes = [len("".join(text_of(el).split())) for el in blocks]
    total = sum(sizes) or 1
    out = []
    last = len(blocks) - (2 if sizes[-1] < 20 else 1)  # past a tiny "back to top" block
    el, size = blocks[last], sizes[last]
    heading = el.tag in ("main", "article") or el.find(".//h1") is not None
    text = text_of(el)
    # (an ICP or public-security filing marks the site's footer even on a sparse page)
    share = 0.75 if _FILINGS.search(text) else 0.5
    small = size <= _MAX_FOOTER and size <= share * total
    if not heading and small and _COPYRIGHT_HINT.search(text):
        out.append(el)  # the site's trailing © / ICP block
        # and the columns of help links just above it (关于我们 | 帮助中心 | 售后服务 …)
        for el, size in zip(blocks[last - 1 : 0 : -1], sizes[last - 1 : 0 : -1], strict=True):
            if not _link_column(el, size) or sum(sizes[last - len(out) :]) > 0.5 * total:
                break
            out.append(el)
    for el, size in zip(blocks[:4], sizes[:4], strict=True):  # leading bars of links only
        text = text_of(el)
        anchors = el.findall(".//a")
        linked = sum(len("".join(text_of(a).split())) for a in anchors)
        wording = any(link_rel(fold(text_of(a))) in ("licence", "shop") for a in anchors)
        if wording or shows_price(text):
            break
        if size <= _MAX_BAR_WORDS and el.find(".//input") is not None:
            out.append(el)  # the site's logo and search box
            continue
        # a bar of links, perhaps with a short greeting ("欢迎来到某某商城！ 登录 | 购物车"),
        # or a category menu (short headings over their links: 食品饮料 › 茶叶 / 零食)
        bar = linked >= 0.6 * size or size - linked <= _MAX_BAR_WORDS or _menu(el, anchors)
        if not size or size > 400 or len(anchors) < 3 or not bar:
            break
        out.append(el)
    return out


def _menu(el, anchors) -> bool:
    """Many links whose only other words are short headings (a category menu)."""
    if len(anchors) < 8:
        return False
    loose = [t.strip(" /|·•-\n\t") for t in el.xpath(".//text()[not(ancestor::a)]")]
    return all(len(t) <= 8 for t in loose)


def _link_column(el, size: int) -> bool:
    """A block of short links and nothing else of the page's: no heading, price or licence
    or shop wording (a shop's own 证照 link stays the shop's)."""
    anchors = el.findall(".//a")
    if not size or size > _MAX_FOOTER or len(anchors) < 4 or el.find(".//h1") is not None:
        return False
    linked = sum(len("".join(text_of(a).split())) for a in anchors)
    text = text_of(el)
    if linked < 0.6 * size or shows_price(text):
        return False
    return not any(link_rel(fold(text_of(a))) in ("licence", "shop") for a in anchors)


def chrome_elements(root, extra=()) -> set:
    """Links inside the page's banner, footer or navigation (not a section's own)."""
    out: set = set()
    for top in extra:
        out.update(top.iter("a", "img", "area", "iframe"))
    for top in elements(root):  # one walk (an XPath union of four walks, then a sort)
        role = top.get("role")
        if role is None and top.tag not in CHROME_TAGS:
            continue
        role = (role or "").strip().lower()
        if role not in CHROME_ROLES:
            if top.tag not in CHROME_TAGS:
                continue
            if any(a.tag in SECTIONING for a in top.iterancestors()):
                continue
        out.update(top.iter("a", "img", "area", "iframe"))
    return out


def _before(a, text=text_of) -> str:
    """The last words before a link: its previous sibling's tail or text, or its parent's
    text (or the label cell before it); `text`: the page's memo of element texts."""
    prev = a.getprevious()
    if prev is not None:
        raw = prev.tail or ""
        if not raw.strip():
            raw = text(prev)
    else:
        parent = a.getparent()
        raw = (parent.text if parent is not None else "") or ""
        if not raw.strip() and parent is not None and parent.tag in ("dd", "td"):
            label = parent.getprevious()  # <dt>店铺</dt><dd><a>…</a></dd>, or cells of a row
            raw = text(label) if label is not None else ""
    return fold(raw[-40:])[-16:]


def absolute(base: str, base_parts, href: str) -> str:
    """`href` resolved against the page URL (fast paths for the common shapes)."""
    if href.startswith(("http://", "https://")):
        return href
    if href.startswith("//"):  # scheme-relative, the most common shape on real pages
        if "/." not in href and not href.endswith(("?", "#")):  # nothing urljoin would tidy
            return f"{base_parts.scheme}:{href}"
        return urljoin(base, href)
    if href.startswith("/"):
        return f"{base_parts.scheme}://{base_parts.netloc}{href}"
    return urljoin(base, href)


_LINKING = {"a": "href", "area": "href", "link": "href", "iframe": "src"}


def _link_elements(root):
    """<a href>, <area href>, <link href rel> and <iframe src> in document order (one walk,
    where an XPath union walks the tree once per branch and then sorts)."""
    for node in elements(root, "a", "area", "link", "iframe"):
        tag = node.tag
        if node.get(_LINKING[tag]) is not None and (tag != "link" or node.get("rel") is not None):
            yield node


_FIND = object()  # collect's `heading` not given: found here


def collect(
    root, base_url: str, chrome=(), texts: Texts | None = None, heading=_FIND
) -> tuple[list[dict], set, list[dict], list]:
    """(links, product-card elements, tel/mailto contacts, buy controls) of a document;
    `texts`: the page's element texts, shared with other readers of the page; `heading`: its
    own_heading, when the caller has it."""
    links: dict[str, dict] = {}
    contacts: list[dict] = []
    cards: set = set()
    if root is None:
        return [], cards, contacts, []
    buys = buy_elements(root)
    guarded: set = set()
    if len(buys) <= 3:  # a single product's buy box is not a product card
        for el in buys:
            guarded.update(el.iterancestors())
    heading = own_heading(root) if heading is _FIND else heading
    if heading is not None:  # nor is the block that holds the page's own heading
        guarded.update(heading.iterancestors())
    chrome_set = chrome_elements(root, chrome)
    text = (Texts() if texts is None else texts).__getitem__
    base_parts = urlsplit(base_url)

    prices_shown: dict = {}  # a block's price hint, looked for once for all its links

    def priced(el) -> bool:
        found = prices_shown.get(el)
        if found is None:
            found = prices_shown[el] = shows_price(text(el))
        return found

    led: dict = {}  # a block's places, read once for all the links inside it

    def places(el) -> set[str]:
        found = led.get(el)
        if found is None:
            found = led[el] = _places(el)
        return found

    for node in _link_elements(root):
        href = (node.get("href") or node.get("src") or "").strip()
        low = href[:12].lower()
        if not href or low.startswith(("javascript:", "data:", "#")):
            continue
        chrome = node in chrome_set
        tag = node.tag
        if tag == "link":
            if "next" not in (node.get("rel") or "").lower().split():
                continue
            label = ""
        else:
            label = fold(text(node)) if tag == "a" else ""
            if not label:
                label = fold(node.get("title") or node.get("aria-label") or "")
            if not label and tag == "a":
                img = node.find(".//img")
                label = fold(img.get("alt") or "") if img is not None else ""
        if low.startswith(("mailto:", "tel:")):
            kind = "email" if low.startswith("mailto:") else "phone"
            value = href.split(":", 1)[1].split("?", 1)[0].strip()
            scheme = low.split(":", 1)[0]
            site = not chrome and beside_filings(node, text)  # the site's, in its footer
            contacts.append(
                {"key": kind, "label": scheme, "value": value, "chrome": chrome or site}
            )
            continue
        try:
            url = absolute(base_url, base_parts, href)
        except ValueError:
            continue
        if not url.startswith(("http://", "https://")):
            continue
        before = _no_text if chrome or tag != "a" else lambda n=node: _before(n, text)
        rel = link_rel(label, node.get("rel") or "", before)
        if (
            rel is None
            and tag == "a"
            and not chrome
            and label.lower() not in labels.term_set("buy")
        ):
            card = _card(node, text, guarded, places, priced)
            if card is not None:
                rel = "listing"
                cards.add(card)
        rel = rel or "other"
        if (
            rel == "licence"
            and not chrome
            and (
                beside_filings(node, text)
                or labels.find("link_site", label)
                or site_column(node, text)
            )
        ):  # the platform's own licences: in its footer beside its ICP filing, under its
            # 关于我们 column, or said so
            chrome = True
        entry = links.get(url)
        if entry is None:
            links[url] = {"url": url, "text": label[:120], "rel": rel, "chrome": chrome}
        else:
            if _RANK[rel] > _RANK[entry["rel"]]:
                entry["rel"] = rel
            if not entry["text"] and label:
                entry["text"] = label[:120]
            entry["chrome"] = entry["chrome"] and chrome
    return list(links.values()), cards, contacts, buys


def beside_filings(a, text=text_of) -> bool:
    """Whether an element sits in a small block that also shows a site's ICP or public-security
    filing: a site footer (a shop's own licence link and contacts are in its header, its
    seller box or its licence page, not beside the site's filings)."""
    node = a.getparent()
    for _ in range(3):
        if node is None or node.tag in ("body", "html"):
            return False
        content = text(node)
        if len(content) > 3000 or node.find(".//h1") is not None:
            return False  # a block that holds the page's own heading is no footer
        if _FILINGS.search(content):
            return True
        node = node.getparent()
    return False


_SITE_COLUMN = 200  # characters: a footer's column of a few short links under a heading
_SITE_HEADING = re.compile(labels.words("site_column"))


def site_column(a, text=text_of) -> bool:
    """Whether a link sits in a small column of links headed as the site's own (关于我们,
    关于同程): the platform's pages, not a seller's."""
    node = a.getparent()
    for _ in range(3):
        if node is None or node.tag in ("body", "html"):
            return False
        if len("".join(text(node).split())) > _SITE_COLUMN:
            return False
        for heading in node.xpath(".//h2 | .//h3 | .//h4 | .//h5 | .//h6 | .//dt | .//strong"):
            words = fold(text(heading)).strip()
            if len(words) <= 8 and _SITE_HEADING.match(words):
                return True
        node = node.getparent()
    return False


def _places(node) -> set[str]:
    """Where a block's links lead: script hooks (javascript:) and in-page anchors aside, and
    a link to the item's own reviews (#comment) counting as the item."""
    out = set()
    for x in node.iter("a"):
        href = (x.get("href") or "").strip()
        if href and not href[:11].lower().startswith(("javascript:", "#")):
            out.add(href.split("#", 1)[0])
    return out


def _card(a, text, guarded, places, priced):
    """The small block around a link that shows a price: a product card, or None."""
    node = a
    for _ in range(4):
        if node is None or node.tag in ("body", "html"):
            return None
        if len(text(node)) > _MAX_CARD_TEXT:
            return None
        if priced(node):
            # a block linking several places is a list or a page, not one card (asked only
            # here: the blocks above one that links several places link them too)
            if len(places(node)) > 2 or node in guarded or node.find(".//h1") is not None:
                return None
            return node
        node = node.getparent()
    return None
