"""Page regions: the parts of a page that are not its subject's own words.

A real item page holds its subject (title, price and buy box, specs, description) among
other people's words: buyers' reviews, questions and answers, other goods recommended
beside it, the seller box, and the platform's service notices. Each such part is found by
what it says and how it is built, never by a class or id: a short heading whose wording
names it (商品评价, 问大家, 为你推荐, 售后保障 …, data/region_*.txt), and the largest block
around that heading that holds neither the subject's own anchors (its <h1>, its buy
controls) nor another region's heading; the seller box is the small block around a link
to the shop (进店逛逛). A tab bar's links name the blocks they lead to, the item's own
description (商品介绍 → `description`) among them. `find()` maps each region's top element
to its name; the lines below inherit it (crawler.extract.text.lines).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from crawler.extract import labels
from crawler.extract.prices import PRICE
from crawler.extract.text import ZERO_WIDTH, FirstWords, Texts, fold, text_of

# regions whose words are not the subject's: left out of a listing's text, claims and prices
ASIDE = frozenset(("reviews", "qa", "recommendations", "seller", "chat"))
# and the platform's notices: their sums are no price of the item
NO_PRICE = ASIDE | {"service"}
KINDS = ("reviews", "qa", "recommendations", "service", "chat")
_HEADING_TAGS = frozenset(
    ("h1", "h2", "h3", "h4", "h5", "h6", "dt", "th", "strong", "b", "span", "div", "li")
    + ("a", "p", "em", "legend", "caption", "label")
)
_COUNT = re.compile(r"^[\s(\[【]*[\d.,万+千kK]*[\s)\]】]*(条|个)?$")
_MAX_SELLER_BOX = 400
_MAX_SHARE = 0.6  # a region holds at most this share of the page's text
_CLIMB = 8
_HEADING_WORDS = (*(f"region_{kind}" for kind in KINDS), "description_heading")
_MAX_HEADING = 3 * 16  # characters (_longer): past this a heading's words name no region


def _longer(raw: str, limit: int) -> bool:
    """Whether unfolded text has more than `limit` characters besides spaces. Folding joins
    at most three characters into one (Hangul jamo), and none in a region's words or counts:
    text past 3 × n characters never folds to n."""
    return len(raw) > limit and len("".join(raw.split())) > limit


@cache
def _openers() -> frozenset[str]:
    """The characters a heading's text may begin with, as a page writes them: those whose
    compatibility decomposition begins with a heading term's first character (in any case)
    or with white space. Folding composes nothing into a term's first character (a Chinese
    character, a letter without marks), so no other character can begin a heading."""
    first = re.compile(
        "|".join(re.escape(t[0]) for n in _HEADING_WORDS for t in labels.vocabulary(n)),
        re.IGNORECASE,
    )
    out = set()
    for code in range(0x10000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        ch = chr(code)
        parts = unicodedata.normalize("NFKD", ch)
        if not parts or parts[0].isspace() or first.match(parts[0]) or ch in ZERO_WIDTH:
            out.add(ch)
    return frozenset(out)


def _may_open(el, openers: frozenset[str], first: FirstWords) -> bool:
    """Whether an element's text may begin with a heading term, judged by its first visible
    character: most of a page's elements are passed over without their text serialised."""
    own = (el.text or "").lstrip()
    if not own and len(el):  # white space, then the children's text
        own = first[el]
    return bool(own) and (own[0] in openers or own[0] > "\uffff")


def _kind(text: str) -> str | None:
    """The region a short heading names (`商品评价(2.3万+)` → reviews), or None."""
    if not text or len(text) > 16:
        return None
    for kind in KINDS:
        m = labels.find(f"region_{kind}", text)
        if m and m.start() == 0 and _COUNT.match(text[m.end() :]):
            return kind
    return None


def find(root, anchors, texts: Texts | None = None) -> dict:
    """{element: region} for the regions of a page; `anchors` are the subject's own
    elements (its <h1>, buy controls), which no region may hold. `texts`: the page's
    element texts, shared with other readers of the page."""
    if root is None:
        return {}
    body = root.find("body")
    if body is None:
        return {}
    text = (Texts() if texts is None else texts).__getitem__
    sizes: dict = {}

    def size(el) -> int:
        n = sizes.get(el)
        if n is None:
            n = sizes[el] = len("".join(text(el).split()))
        return n

    total = size(body) or 1
    held = {a for el in anchors if el is not None for a in (el, *el.iterancestors())}
    headings = []
    openers, first = _openers(), FirstWords()
    for el in body.iter(*_HEADING_TAGS):
        if len(el) > 3 or not _may_open(el, openers, first):
            continue
        raw = text(el)
        if _longer(raw, _MAX_HEADING):
            continue  # a block of text, not a heading: not folded (the cost on real pages)
        words = fold(raw)
        if not labels.starts_any(_HEADING_WORDS, words):
            continue  # names no region (all but a few of a page's elements)
        kind = _kind(words)
        if kind is None and labels.matches("description_heading", words):
            kind = "subject"  # the item's own description: a border for the others
        if kind:
            headings.append((el, kind))
    over = {}  # element -> kinds of the headings it holds
    for el, kind in headings:
        for anc in el.iterancestors():
            over.setdefault(anc, set()).add(kind)
    out: dict = {}
    for el, kind in headings:
        if kind == "subject":
            continue
        if el.tag == "a" and (el.get("href") or "").startswith("#"):
            continue  # a tab: the block it leads to is the region (below)
        top = _climb(el, kind, held, over, size, text, total)
        if top is not None:
            out.setdefault(top, kind)
    for target, kind in (*_tabs(root, headings, held), *_panes(headings, held)):
        out[target] = kind
    _seller_answers(out)
    for a in body.iter("a"):
        raw = text(a)
        if _longer(raw, 3 * 8):
            continue  # more than 8 characters once folded: not folded
        words = fold(raw)
        if 2 <= len(words) <= 8 and labels.find("link_shop", words):
            top = _seller_box(a, held, size, text, total)
            if top is not None:
                out.setdefault(top, "seller")
    return out


def _seller_answers(out: dict) -> None:
    """Inside reviews and Q&A, the seller's own replies (商家回复：…, a 商家回复 mark beside
    the answer, or the answer of a speaker tagged 商家), and in a room's comment feed the
    host's lines (a speaker tagged 主播), are the subject's words: `seller_answer`."""
    for top, kind in list(out.items()):
        if kind not in ("reviews", "qa", "chat"):
            continue
        for el in top.iter():
            if not isinstance(el.tag, str) or el is top:
                continue
            own = fold(el.text or "").strip()
            if own and len(el) == 0 and _speaker(own, kind):
                out[_message(el, top)] = "seller_answer"
                continue
            m = labels.find("region_seller_answer", own[:12]) if own else None
            if kind == "chat" or m is None or m.start() > 2:
                continue
            block = el.getparent() if len(own) <= m.end() + 2 else el  # a mark, or 商家回复：…
            if block is not None and block is not top:
                out[block] = "seller_answer"


def _speaker(tag: str, kind: str) -> bool:
    """Whether a speaker's tag names the subject's own side: the seller (商家, the whole tag)
    in reviews and Q&A, the host or staff (主播 阿强, the tag's start) in a room's feed."""
    if kind == "chat":
        m = labels.find("region_host_speaker", tag[:12])
        return m is not None and m.start() == 0 and len(tag) <= 16
    return labels.matches("region_seller_speaker", tag.strip("：: "))


def _message(el, top):
    """The message a speaker's tag belongs to: the first block around the tag that says
    more than the tag and whose parent repeats its kind (a list of messages)."""
    tag_size = len("".join(text_of(el).split()))
    node = el
    while True:
        parent = node.getparent()
        if parent is None or parent is top:
            return node
        says_more = len("".join(text_of(node).split())) > tag_size
        if says_more and sum(1 for sib in parent if sib.tag == node.tag) >= 2:
            return node
        node = parent


def _tabs(root, headings, held):
    """A tab bar's links (`<a href="#comment">商品评价(1124+)</a>`) name the blocks they lead
    to: (block, region) for each, unless the block holds the subject's anchors."""
    ids = None
    for el, kind in headings:
        href = el.get("href") or "" if el.tag == "a" else ""
        if len(href) < 2 or not href.startswith("#"):
            continue
        if ids is None:
            ids = {x.get("id"): x for x in root.iter() if isinstance(x.tag, str) and x.get("id")}
        target = ids.get(href[1:])
        if target is not None and target not in held and target.tag not in ("body", "html"):
            yield target, "description" if kind == "subject" else kind


def _panes(headings, held):
    """A tab bar without links (`<li>商品介绍</li><li>规格与包装</li><li>商品评价</li>`)
    followed by as many panes as it has tabs: each pane is its tab's region."""
    bars: dict = {}
    for el, kind in headings:
        bar = el.getparent()
        if bar is not None and not (el.tag == "a" and el.get("href")):
            bars.setdefault(bar, {})[el] = kind
    for bar, kinds in bars.items():
        tabs = [t for t in bar if isinstance(t.tag, str)]
        if len(tabs) < 3 or any(len(text_of(t)) > 16 for t in tabs):
            continue
        panes = _after(bar, len(tabs))
        if panes is None:
            continue
        for tab, pane in zip(tabs, panes, strict=True):
            kind = kinds.get(tab) or next((k for t, k in kinds.items() if t in tab.iter()), None)
            if kind and pane not in held:
                yield pane, "description" if kind == "subject" else kind


def _after(bar, count: int):
    """The panes a tab bar switches: the first block after the bar (or after the bar's box)
    with exactly `count` child blocks, or None."""
    node = bar
    for _ in range(3):
        for sib in node.itersiblings():
            if not isinstance(sib.tag, str):
                continue
            kids = [k for k in sib if isinstance(k.tag, str)]
            if len(kids) == count and all(k.tag in ("div", "section", "ul", "table") for k in kids):
                return kids
            if text_of(sib).strip():
                break  # content that is not the panes: these tabs switch something else
        node = node.getparent()
        if node is None or node.tag in ("body", "html"):
            return None
    return None


def _climb(el, kind, held, over, size, text, total):
    """The largest block around a region's heading that holds no anchor of the subject and
    no heading of another region; None when the heading stands alone (a tab label).
    `size` and `text`: an element's characters besides spaces, and its text (find's memo)."""
    best, node, floor = None, el, size(el) + 4
    for _ in range(_CLIMB):
        parent = node.getparent()
        if parent is None or parent.tag in ("body", "html") or parent in held:
            break
        if over.get(parent, set()) - {kind}:
            break
        if size(parent) > _MAX_SHARE * total and kind != "chat":  # (a room's feed runs long)
            break
        if kind in ("reviews", "qa") and PRICE.search(fold(text(parent))):
            break  # a review count beside the price (累计评价 1124+) heads no section
        node = parent
        if size(node) >= floor:
            best = node
    return best


def _seller_box(a, held, size, text, total):
    """The small block around a link to the shop, up to (not into) the item's buy box or any
    block that shows a price."""
    best, node = None, a
    for _ in range(5):
        parent = node.getparent()
        if parent is None or parent.tag in ("body", "html") or parent in held:
            break
        if size(parent) > min(_MAX_SELLER_BOX, _MAX_SHARE * total):
            break
        if PRICE.search(fold(text(parent))):
            break
        node = best = parent
    return best
