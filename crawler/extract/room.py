"""Room facts from a rendered livestream room: host, verification, sellers, products, counters.

Evidence is what the viewer saw, so everything comes from the rendered DOM; the JSON the page
loaded is only a fallback for counters the DOM does not show (`counters_source` says which).
Nothing here names a site's class names, ids or paths: labels (主播, 店铺, 在线 …), prices and
repeated sibling structures carry the meaning.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from crawler.extract.labels import words
from toolkit.text import fold

if TYPE_CHECKING:
    from lxml.html import HtmlElement
    from parsel import Selector

    from crawler.items import Page

COUNTERS = ("online", "viewers", "likes", "sold")

_UNITS = {"万": 10_000, "w": 10_000, "亿": 100_000_000, "千": 1_000, "k": 1_000}
_NUM = r"\d[\d,]*(?:\.\d+)?\s*(?:万|亿|千|[wWkK](?![a-zA-Z]))?\s*\+?"
_COUNT_RE = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(万|亿|千|[wWkK](?![a-zA-Z]))?")
_PURE_NUM_RE = re.compile(rf"^\s*{_NUM}\s*(?:人|次|件|个|单)?\s*$")

# Counter labels, longest first inside each alternation so 在线人数 wins over 在线.
_COUNTER_LABELS = {key: words(f"counter_{key}") for key in COUNTERS}
_LABEL_ANY = "|".join(f"(?P<{k}>{v})" for k, v in _COUNTER_LABELS.items())
# a label may end in the noun it counts: 已售件数, 点赞次数, 销量数量, 观看人数
_LABEL_TAIL = rf"(?:{words('counter_tail')})?"
_LABEL_ONLY_RE = re.compile(rf"^\s*(?:{_LABEL_ANY}){_LABEL_TAIL}\s*[：:]?\s*$")
_LABEL_NUM_RE = re.compile(rf"(?:{_LABEL_ANY}){_LABEL_TAIL}\s*[：:]?\s*(?P<num>{_NUM})")
_NUM_LABEL_RE = re.compile(rf"(?P<num>{_NUM})\s*(?:人|次)?\s*(?:{_LABEL_ANY})")

_HOST_LABEL_RE = re.compile(rf"^\s*(?:{words('host_label')})\s*(?:[：:]\s*(.*))?$")
_HOST_INLINE_RE = re.compile(rf"(?:{words('host_inline')})\s*[：:\s]\s*([^\s,，。;；|:：]{{1,20}})")
_VERIFY_NEG_RE = re.compile(words("host_unverified"))
_VERIFY_POS_RE = re.compile(words("host_verified"))
_SELLER_LABEL_RE = re.compile(rf"^\s*({words('seller_label')})\s*(?:[：:]\s*(.*))?$")
_SHOP_LINK_RE = re.compile(words("room_shop_link"))
_PRICE_RE = re.compile(r"[¥￥]\s*(\d[\d,]*(?:\.\d+)?)|(\d[\d,]*(?:\.\d+)?)\s*元")
_CURRENCY_ONLY_RE = re.compile(r"^\s*[¥￥]\s*$")
_ORIGINAL_RE = re.compile(words("room_price_original"))
_BADGE_RE = re.compile(words("green_badge"))
_NOT_BADGE_RE = re.compile(words("green_badge_not"))
_NOTICE_RE = re.compile(words("room_notice"))
_NOTICE_LABEL_RE = re.compile(words("room_notice_label"))
_BUTTONS_RE = re.compile(rf"^({words('room_buttons')})$")

_SKIP_TAGS = {"script", "style", "noscript", "template", "head", "title", "svg"}
_HIDDEN_STYLE_RE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden")


def parse_count(s: object) -> float | None:
    """A counter as shown, as a number: `1.5万`→15000, `8,532`, `3.2w`, `10万+`, `1.2亿`, `１２３`.

    Example:
        >>> parse_count("12.9万人看过")
        129000.0
    """
    if s is None:
        return None
    if isinstance(s, bool):
        return None
    if isinstance(s, int | float):
        return float(s)
    text = fold(str(s))
    m = _COUNT_RE.search(text)
    if not m:
        return None
    digits, unit = m.group(1).replace(",", ""), (m.group(2) or "").lower()
    try:
        value = Decimal(digits)
    except InvalidOperation:
        return None
    return float(value * _UNITS.get(unit, 1))


@dataclass
class _Chunk:
    text: str  # width-folded (NFKC) for matching
    raw: str  # as shown, white space collapsed
    el: HtmlElement  # element owning the text node
    path: tuple[int, ...]  # ids of ancestors, root first (for common-ancestor depth)


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _norm(text: str) -> str:
    return _squash(fold(text))


def _hidden(el: HtmlElement) -> bool:
    if el.get("hidden") is not None or el.get("aria-hidden") == "true":
        return True
    return bool(_HIDDEN_STYLE_RE.search(el.get("style") or ""))


def _chunks(root: HtmlElement) -> list[_Chunk]:
    """Visible text nodes in document order, each with its owning element."""
    out: list[_Chunk] = []

    def walk(el: HtmlElement, path: tuple[int, ...]) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in _SKIP_TAGS or not tag or _hidden(el):
            return
        path = (*path, id(el))
        if el.text and el.text.strip():
            out.append(_Chunk(_norm(el.text), _squash(el.text), el, path))
        for child in el:
            walk(child, path)
            if child.tail and child.tail.strip():
                out.append(_Chunk(_norm(child.tail), _squash(child.tail), el, path))

    body = root.find(".//body")
    walk(body if body is not None else root, ())
    return out


def _common_depth(a: _Chunk, b: _Chunk) -> int:
    depth = 0
    for x, y in zip(a.path, b.path, strict=False):
        if x != y:
            break
        depth += 1
    return depth


def _link_of(el: HtmlElement) -> HtmlElement | None:
    node = el
    while node is not None:
        if node.tag == "a" and node.get("href"):
            return node
        node = node.getparent()
    return None


def _href(el: HtmlElement | None, base: str) -> str:
    if el is None:
        return ""
    from urllib.parse import urljoin

    return urljoin(base, el.get("href") or "")


def _is_number(text: str) -> bool:
    return bool(_PURE_NUM_RE.match(text))


def _counter_from_chunks(chunks: list[_Chunk], skip: set[int]) -> dict[str, float]:
    counters: dict[str, float] = {}
    for i, chunk in enumerate(chunks):
        if i in skip:
            continue
        m = _LABEL_ONLY_RE.match(chunk.text)
        if m:
            kind = m.lastgroup
            if kind in counters:
                continue
            # the number beside the label: the neighbour sharing the deepest ancestor
            cands = [
                j
                for j in (i + 1, i - 1)
                if 0 <= j < len(chunks) and j not in skip and _is_number(chunks[j].text)
            ]
            if cands:
                j = max(cands, key=lambda j: (_common_depth(chunk, chunks[j]), j > i))
                value = parse_count(chunks[j].text)
                if value is not None:
                    counters[kind] = value
            continue
        for rx in (_LABEL_NUM_RE, _NUM_LABEL_RE):
            for m in rx.finditer(chunk.text):
                kind = next(k for k in COUNTERS if m.group(k))
                value = parse_count(m.group("num"))
                if kind not in counters and value is not None:
                    counters[kind] = value
    return counters


_API_KEYS = {
    "online": {"online", "onlinecount", "onlinenum", "onlineusers", "usercount", "watching"},
    "viewers": {"viewers", "viewcount", "views", "totalviewers", "watchcount", "pv", "totalview"},
    "likes": {"likes", "likecount", "likescount", "diggcount", "praise"},
    "sold": {"sold", "soldcount", "sales", "salescount", "totalsold"},
}


def api_counters(api_responses: list[dict]) -> dict[str, float]:
    """Counters named in the room's JSON (not inside lists: those are products)."""
    found: dict[str, float] = {}

    def walk(obj: Any, depth: int) -> None:
        if depth > 4 or not isinstance(obj, dict):
            return
        for key, value in obj.items():
            norm = re.sub(r"[^a-z]", "", str(key).lower())
            for kind, names in _API_KEYS.items():
                if norm in names and kind not in found and not isinstance(value, dict | list):
                    number = parse_count(value)
                    if number is not None:
                        found[kind] = number
            if isinstance(value, dict):
                walk(value, depth + 1)

    for api in api_responses:
        data = api.get("json")
        if data is None and api.get("body"):
            try:
                data = json.loads(api["body"])
            except (TypeError, ValueError):
                data = None
        if (api.get("status") or 200) < 400:
            walk(data, 0)
    return found


_API_TITLE = ("title", "name", "goodsname", "productname", "itemname", "goodstitle")
_API_PRICE = ("price", "saleprice", "currentprice", "finalprice", "promoprice")
_API_URL = ("url", "link", "href", "itemurl", "detailurl", "goodsurl")


def api_products(api_responses: list[dict], base: str) -> list[dict]:
    """Product cards in the room's JSON: list items naming a title and a price, in the form
    `_products` reads them from the DOM (title, price, url)."""
    from urllib.parse import urljoin

    found: list[dict] = []

    def field(item: dict, names: tuple[str, ...]) -> Any:
        norm = {re.sub(r"[^a-z]", "", str(k).lower()): v for k, v in item.items()}
        return next((norm[n] for n in names if norm.get(n) not in (None, "")), None)

    def walk(obj: Any, depth: int) -> None:
        if depth > 5:
            return
        items = obj.values() if isinstance(obj, dict) else obj if isinstance(obj, list) else ()
        for value in items:
            title = field(value, _API_TITLE) if isinstance(value, dict) else None
            price = field(value, _API_PRICE) if isinstance(value, dict) else None
            if isinstance(title, str) and price is not None and not isinstance(price, dict):
                values = _prices(str(price)) or [parse_count(price)]
                url = field(value, _API_URL)
                found.append(
                    {
                        "title": _norm(title),
                        "price": values[0],
                        "url": urljoin(base, url) if isinstance(url, str) else "",
                    }
                )
            else:
                walk(value, depth + 1)

    for api in api_responses:
        if (api.get("status") or 200) < 400:
            walk(api.get("json"), 0)
    return found


def extract_room_api(page: Page) -> dict:
    """The facts of a room sample read from its JSON API (crawler.room_api): counters and
    product cards. The host, title and sellers are the rendered sample's (assemble)."""
    responses = getattr(page, "api_responses", [])
    counters = api_counters(responses)
    return {
        "role": "room",
        "products": api_products(responses, page.url),
        "counters": {k: counters[k] for k in COUNTERS if k in counters},
        "counters_source": "api" if counters else None,
        "sample": page.sample,
        "fetched_at": page.fetched_at,
        "api_sample": True,
    }


def _prices(text: str) -> list[float]:
    out = []
    for m in _PRICE_RE.finditer(text):
        raw = (m.group(1) or m.group(2)).replace(",", "")
        try:
            out.append(float(raw))
        except ValueError:
            continue
    return out


def _price_text(chunks: list[_Chunk], i: int) -> str:
    """Chunk i's text, with a currency sign drawn in its own element just before it put
    back in front (`<i>¥</i>89.00` → `¥89.00`)."""
    text = chunks[i].text
    if i and _CURRENCY_ONLY_RE.match(chunks[i - 1].text):
        return chunks[i - 1].text + text
    return text


def _text_of(el: HtmlElement) -> str:
    return _norm(" ".join(t for t in el.itertext() if t.strip()))


def _products(chunks: list[_Chunk], base: str) -> tuple[list[dict], set[int]]:
    """Product cards: the repeated siblings that each show a price (or the one card)."""
    cards: list[HtmlElement] = []
    for i, chunk in enumerate(chunks):
        if not _PRICE_RE.search(_price_text(chunks, i)):
            continue
        card = _card_of(chunk.el)
        if card is None or card in cards or any(_contains(c, card) for c in cards):
            continue
        cards = [c for c in cards if not _contains(card, c)] + [card]
    products, in_cards = [], set()
    for card in cards:
        ids = {id(e) for e in card.iter()}
        mine = [i for i, c in enumerate(chunks) if id(c.el) in ids]
        in_cards.update(mine)
        offered: list[float] = []
        original: list[float] = []
        for n, i in enumerate(mine):
            values = _prices(_price_text(chunks, i))
            before = chunks[mine[n - 1]].text if n else ""
            struck = any(a.tag in ("del", "s", "strike") for a in _ancestors(chunks[i].el, card))
            is_original = (
                struck
                or _ORIGINAL_RE.search(chunks[i].text)
                or (_ORIGINAL_RE.search(before) and not _PRICE_RE.search(before))
            )
            (original if is_original else offered).extend(values)
        link = card if card.tag == "a" else next(iter(card.iterfind(".//a[@href]")), None)
        product: dict = {
            "title": _card_title(card),
            "price": min(offered or original) if (offered or original) else None,
            "url": _href(link, base),
        }
        if original and offered:
            product["original_price"] = max(original)
        sold = _counter_from_chunks([chunks[i] for i in mine], set()).get("sold")
        if sold is not None:
            product["sold"] = sold
        products.append(product)
    return products, in_cards


def _card_of(el: HtmlElement) -> HtmlElement | None:
    """The card around a price: a sibling among priced siblings, else the nearest with a title."""
    node = el
    while node is not None and node.tag not in ("body", "html"):
        parent = node.getparent()
        if parent is None:
            break
        priced = [s for s in parent if isinstance(s.tag, str) and _PRICE_RE.search(_text_of(s))]
        if len(priced) >= 2 and any(s is node for s in priced) and _card_title(node):
            return node
        node = parent
    node = el
    while node is not None and node.tag not in ("body", "html"):
        if _card_title(node):
            return node
        node = node.getparent()
    return None


def _ancestors(el: HtmlElement, stop: HtmlElement) -> list[HtmlElement]:
    out = []
    node = el
    while node is not None:
        out.append(node)
        if node is stop:
            break
        node = node.getparent()
    return out


def _contains(outer: HtmlElement, inner: HtmlElement) -> bool:
    node = inner.getparent()
    while node is not None:
        if node is outer:
            return True
        node = node.getparent()
    return False


def _card_title(el: HtmlElement) -> str:
    """The card's title: a heading, a title/alt attribute, else its longest plain text."""
    for node in el.xpath(".//h1|.//h2|.//h3|.//h4|.//h5|.//h6"):
        if _titleish(text := _text_of(node)):
            return text
    for node in el.xpath("descendant-or-self::*[@title]|.//img[@alt]"):
        if _titleish(text := _norm(node.get("title") or node.get("alt") or "")):
            return text
    best = ""
    for raw in el.itertext():
        text = _norm(raw)
        if _titleish(text) and len(text) > len(best):
            best = text
    return best


def _titleish(text: str) -> bool:
    if len(text) < 2 or _PRICE_RE.search(text) or _BUTTONS_RE.match(text) or _is_number(text):
        return False
    if _ORIGINAL_RE.fullmatch(text.strip("：: ")) or _LABEL_ONLY_RE.match(text):
        return False
    if _LABEL_NUM_RE.search(text) or _NUM_LABEL_RE.search(text):
        return False
    if _SELLER_LABEL_RE.match(text) or _HOST_LABEL_RE.match(text) or _SHOP_LINK_RE.search(text):
        return False
    # words, not a fragment of a split price (`<span>128</span><span>.00</span>`)
    return sum(ch.isalnum() for ch in text) >= 2 and any(ch.isalpha() for ch in text)


def _labelled(chunks: list[_Chunk], i: int, rx: re.Pattern) -> tuple[str, str, _Chunk] | None:
    """(label, value, value chunk) when chunk i is `label：value` or a label before its value."""
    m = rx.match(chunks[i].text)
    if not m:
        return None
    label = chunks[i].text.split("：")[0].split(":")[0].strip()
    value = (m.groups()[-1] or "").strip()
    if value:
        return label, value, chunks[i]
    # a label before its value is text: a link that says 店铺 is the site's navigation
    if i + 1 < len(chunks) and not rx.match(chunks[i + 1].text) and _link_of(chunks[i].el) is None:
        return label, chunks[i + 1].text, chunks[i + 1]
    return None


def _host(chunks: list[_Chunk]) -> str:
    """The host's name: `主播：name`, a 主播 label before its value, or `主播 name` in a sentence."""
    for i in range(len(chunks)):
        found = _labelled(chunks, i, _HOST_LABEL_RE)
        value = _strip_verification(found[1]) if found else ""
        if value:
            return value
    for chunk in chunks:
        for m in _HOST_INLINE_RE.finditer(chunk.text):
            value = _strip_verification(m.group(1))
            if value:
                return value
    return ""


def _strip_verification(value: str) -> str:
    return _VERIFY_POS_RE.sub("", _VERIFY_NEG_RE.sub("", value)).strip(" ·|()（）")


def _verification(root: HtmlElement, chunks: list[_Chunk]) -> tuple[str | None, bool | None]:
    texts = [c.text for c in chunks if len(c.text) <= 24]
    texts += [
        _norm(el.get("alt") or el.get("title") or "")
        for el in root.iter()
        if isinstance(el.tag, str) and (el.get("alt") or el.get("title"))
    ]
    for rx, verified in ((_VERIFY_NEG_RE, False), (_VERIFY_POS_RE, True)):
        for text in texts:
            m = rx.search(text)
            if m:
                return m.group(0), verified
    return None, None


def _sellers(chunks: list[_Chunk], root: HtmlElement, base: str, in_cards: set[int]) -> list[dict]:
    sellers: list[dict] = []
    seen: set[tuple[str, str]] = set()

    def add(label: str, value: str, url: str) -> None:
        key = (value, url)
        if (value or url) and key not in seen:
            seen.add(key)
            sellers.append({"label": label, "value": value, "url": url})

    for i in range(len(chunks)):
        found = _labelled(chunks, i, _SELLER_LABEL_RE)
        if found:
            label, value, chunk = found
            add(label, value, _href(_link_of(chunk.el), base))
    for a in root.iter("a"):
        text = _text_of(a)
        if a.get("href") and (
            _SHOP_LINK_RE.search(text) or _SHOP_LINK_RE.search(a.get("title") or "")
        ):
            add(text, "", _href(a, base))
    return sellers


def _badge_and_notices(
    root: HtmlElement, chunks: list[_Chunk], base: str
) -> tuple[dict | None, list[str]]:
    badge: dict | None = None
    notices: list[str] = []
    for el in root.iter():
        if not isinstance(el.tag, str) or _hidden(el):
            continue
        for attr in ("alt", "title", "aria-label"):
            value = _norm(el.get(attr) or "")
            if _BADGE_RE.search(value) and not _NOT_BADGE_RE.search(value) and badge is None:
                src = el.get("src") or ""
                url = _resolve(base, src) if src else ""
                badge = {"label": f"{el.tag}:{attr}", "value": value, "url": url}
    for i, chunk in enumerate(chunks):
        text = chunk.text
        if _BADGE_RE.search(text) and not _NOT_BADGE_RE.search(text) and len(text) <= 12:
            if badge is None:
                badge = {"label": "text", "value": chunk.raw, "url": ""}
            continue
        if _NOTICE_RE.search(text) and len(text) >= 4 and chunk.raw not in notices:
            notices.append(chunk.raw)
        elif i and _labels_notice(chunks[i - 1], chunk):
            notices.append(chunk.raw)  # <p><span>公告</span>今晚…</p>: the line it labels
    return badge, notices[:20]


def _labels_notice(label: _Chunk, chunk: _Chunk) -> bool:
    """Whether `label` is a notice's own label (公告, 置顶) beside `chunk` in one element."""
    return bool(_NOTICE_LABEL_RE.fullmatch(label.text.strip(" :：【】[]"))) and (
        _common_depth(label, chunk) >= len(chunk.path) - 1
    )


def _heading(root: HtmlElement) -> str:
    """The room's title as drawn: its first top-level heading (<h1>, else <h2>, else <h3>)."""
    for tag in ("h1", "h2", "h3"):
        for h in root.iter(tag):
            if not _hidden(h) and (text := _text_of(h)):
                return text
    return ""


def _resolve(base: str, src: str) -> str:
    from urllib.parse import urljoin

    return urljoin(base, src)


def _disclosures(host, verification, sellers, badge, notices) -> list[dict]:
    """The room's facts as page disclosures (keys of docs/DESIGN.md)."""
    out = []
    if host:
        out.append({"key": "host", "label": "主播", "value": host})
    if verification:
        out.append({"key": "host_verification", "label": "实名认证", "value": verification})
    out += [
        {"key": "seller", "label": s["label"], "value": s["value"] or s["url"]} for s in sellers
    ]
    if badge:
        out.append({"key": "badge", "label": badge["label"], "value": badge["value"]})
    out += [{"key": "notice", "label": "公告", "value": n} for n in notices]
    return [{**d, "chrome": False} for d in out]


def extract_room(doc: Selector, text: str, page: Page) -> dict:
    """The facts a viewer sees in a rendered room (doc: the DOM as a parsel Selector).

    Example:
        >>> extract_room(Selector(dom), visible_text, page)["counters"]
        {'online': 15000.0, 'viewers': 129000.0, 'likes': 8532.0, 'sold': 100000.0}
    """
    root = getattr(doc, "root", doc)  # a parsel Selector or an lxml document
    base = getattr(page, "url", "") or ""
    chunks = _chunks(root)
    products, in_cards = _products(chunks, base)
    host = _host(chunks)
    verification, verified = _verification(root, chunks)
    counters = _counter_from_chunks(chunks, in_cards)
    source = "dom" if counters else None
    missing = [k for k in COUNTERS if k not in counters]
    if missing:
        from_api = {
            k: v
            for k, v in api_counters(getattr(page, "api_responses", [])).items()
            if k in missing
        }
        if from_api:
            counters.update(from_api)
            source = "dom+api" if source else "api"
    badge, notices = _badge_and_notices(root, chunks, base)
    title = _heading(root) or _norm(" ".join(root.xpath("//title//text()")))
    sellers = _sellers(chunks, root, base, in_cards)
    return {
        "title": title,
        "host": host,
        "host_verification": verification,
        "host_verified": verified,
        "sellers": sellers,
        "products": products,
        "counters": {k: counters[k] for k in COUNTERS if k in counters},
        "counters_source": source,
        "badge": badge,
        "notices": notices,
        "disclosures": _disclosures(host, verification, sellers, badge, notices),
        "links": [
            {"url": s["url"], "text": s["value"] or s["label"], "rel": "shop", "chrome": False}
            for s in sellers
            if s["url"]
        ],
        "sample": getattr(page, "sample", None),
        "fetched_at": getattr(page, "fetched_at", ""),
    }
