"""Width folding, visible-text lines and label:value pairs, for any markup."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from functools import lru_cache

import lxml.etree

from crawler.extract import labels
from toolkit.text import fold as width_fold

# ----------------------------------------------------------------------------- folding

ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"  # spaces, for folding, that str.split keeps
_WS = re.compile(rf"[\s{ZERO_WIDTH}]+")
_ZW = re.compile(f"[{ZERO_WIDTH}]")
_SPACED_CJK = re.compile(r"(?<![\u4e00-\u9fff])((?:[\u4e00-\u9fff] ){1,}[\u4e00-\u9fff])(?= ?:)")


def squeeze(s: str) -> str:
    """Each run of white space (zero-width spaces too) one space, and none at either end."""
    if s.isascii() or _ZW.search(s) is None:
        return " ".join(s.split())  # the same, faster, where no zero-width space is
    return _WS.sub(" ", s).strip()


def fold(s: str) -> str:
    """Width folding (toolkit.text.fold: full-width digits, letters, colons, brackets) and one
    space."""
    if not s:
        return ""
    if len(s) <= _CACHED:  # link labels, headings, names: the same few on every page of a site
        return _fold_short(s)
    return squeeze(width_fold(s))


_CACHED = 64  # characters: labels and names, not blocks of text


@lru_cache(maxsize=32_768)
def _fold_short(s: str) -> str:
    return squeeze(width_fold(s))


# ----------------------------------------------------------------------- visible lines

STRIKE, CHROME, CARD, ANCHOR, SECTION = 1, 2, 4, 8, 16
# a line in a region that is not the subject's own words (crawler.extract.regions), and one
# whose sums are no price of the subject (those regions, and the platform's service notices)
ASIDE, NOPRICE = 32, 64
REGION_FLAGS = {
    "reviews": ASIDE | NOPRICE,
    "qa": ASIDE | NOPRICE,
    "recommendations": ASIDE | NOPRICE,
    "seller": ASIDE | NOPRICE,
    "chat": ASIDE | NOPRICE,
    "service": NOPRICE,
}
SOFT = "\x1f"  # boundary between inline elements: a space for pairs, nothing for text
_BLANK = " " + SOFT
BLOCK = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "br",
        "caption",
        "center",
        "dd",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "html",
        "legend",
        "li",
        "main",
        "menu",
        "nav",
        "ol",
        "option",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
        "button",
        "select",
        "textarea",
    ]
)
SKIP = frozenset(
    [
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "head",
        "title",
        "iframe",
        "object",
        "canvas",
    ]
)
# sectioning content and roots: a header or footer inside one is its own (HTML: "nearest
# ancestor sectioning content or sectioning root"), not the site's
SECTIONING = frozenset(
    ("article", "aside", "main", "section", "blockquote", "details", "fieldset", "figure", "td")
)
# ARIA roles of the site's own parts: its banner, footer, navigation and menus
CHROME_ROLES = frozenset(("banner", "contentinfo", "navigation", "menu", "menubar"))
CHROME_TAGS = frozenset(("header", "footer", "nav"))  # the site's own, outside any section


class Line:
    """One visible line: a block's text with the flags of each stretch of it (`pieces`, the
    stretches as read, and `piece_flags`)."""

    __slots__ = (
        "_anchor",
        "_pair",
        "_text",
        "el",
        "flags",
        "piece_flags",
        "pieces",
        "raw",
        "region",
    )

    def __init__(
        self, raw: str, pieces: list, piece_flags: list, flags: int, el, region=""
    ) -> None:
        self.raw, self.pieces, self.piece_flags = raw, pieces, piece_flags
        self.flags, self.el = flags, el
        self.region = region  # "" (the subject's, or the page's), or crawler.extract.regions'
        self._text = self._pair = self._anchor = None

    @property
    def text(self) -> str:
        """The line as read: inline elements joined without spaces."""
        if self._text is None:
            self._text = squeeze(self.raw.replace(SOFT, ""))
        return self._text

    @property
    def pair_text(self) -> str:
        """The line with a space between inline elements (`<b>电话</b><i>0571…</i>`)."""
        if self._pair is None:
            self._pair = squeeze(self.raw.replace(SOFT, " "))
        return self._pair

    @property
    def chrome(self) -> bool:
        return bool(self.flags & CHROME)

    @property
    def anchor_only(self) -> bool:
        """Whether every visible character of the line is link text."""
        if self._anchor is None:
            self._anchor = True
            for piece, flags in zip(self.pieces, self.piece_flags, strict=True):
                if not flags & ANCHOR and piece.strip(_BLANK):
                    self._anchor = False
                    break
        return self._anchor

    def flags_at(self, pos: int) -> int:
        """The flags of the stretch that holds character `pos` of `raw`."""
        end = 0
        for piece, flags in zip(self.pieces, self.piece_flags, strict=True):
            end += len(piece)
            if pos < end:
                return flags
        return self.flags


_PARSER = lxml.etree.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)


def parse(text: str):
    """An lxml HTML document for `text`, or None when there is nothing to parse."""
    if not text or not text.strip():
        return None
    try:
        root = lxml.etree.fromstring(text.encode("utf-8", "replace"), _PARSER)
    except (lxml.etree.LxmlError, ValueError):
        return None
    if root is not None and "<textarea" in text:
        _unfold_lazy(root)
    return root


_MAX_LAZY = 2_000_000  # characters of lazily drawn markup unfolded per page


def _unfold_lazy(root) -> None:
    """Markup held in a <textarea> for a script to draw later (lazy-loaded sections of real
    item and shop pages) is parsed in its place, as the viewer sees it once drawn; a
    textarea of plain text (a form field) stays as it is."""
    budget = _MAX_LAZY
    for area in root.xpath("//textarea"):
        held = area.text or ""
        if not held.lstrip().startswith("<") or ">" not in held or len(held) > budget:
            continue
        budget -= len(held)
        try:
            drawn = lxml.etree.fromstring(f"<div>{held}</div>".encode("utf-8", "replace"), _PARSER)
        except (lxml.etree.LxmlError, ValueError):
            continue
        body = drawn.find(".//body") if drawn is not None else None
        holder = body[0] if body is not None and len(body) else None
        if holder is None or area.getparent() is None:
            continue
        holder.tail = area.tail
        area.getparent().replace(area, holder)


# what separates a page's own name from the site's in <title>: _ | – — ， or a hyphen with a
# space or a Chinese character beside it (not the one inside T-shirt or 2024-05)
TITLE_SEPARATOR = re.compile(
    r"\s*[_|–—｜]\s*|\s+-\s*|\s*-\s+|(?<=[\u4e00-\u9fff\]】])-|-(?=[\u4e00-\u9fff【\[])"
)


def site_logo(heading: str, page_title: str) -> bool:
    """Whether a heading is only the site's name: the last part of a <title> of several
    (`连衣裙【报价】-万象购` under `<h1>万象购</h1>`)."""
    parts = [x.strip() for x in TITLE_SEPARATOR.split(page_title) if x.strip()]
    return len(parts) > 1 and heading.strip() == parts[-1]


def elements(root, *tags):
    """The elements of a document (of `tags`, or all) in document order, as `//*` finds
    them: also in the trees the parser puts beside the first <html> (content after it)."""
    for tree in (root, *root.itersiblings()):
        if isinstance(tree.tag, str):
            yield from tree.iter(*tags) if tags else tree.iter(lxml.etree.Element)


class Inherited(dict):
    """element → a value each element derives from its parent's (`own(el, parent_value)`,
    `top` above the root), computed once per element: a question about an element's
    ancestors asked of many elements costs one step each, not a walk up each time."""

    def __init__(self, own, top) -> None:
        super().__init__()
        self.own, self.top = own, top

    def __missing__(self, el):
        chain, node = [], el
        while node is not None and node not in self:
            chain.append(node)
            node = node.getparent()
        value = self.top if node is None else self[node]
        for node in reversed(chain):
            value = self[node] = self.own(node, value)
        return value


def text_of(el) -> str:
    """All text inside an element (plain lxml elements have no text_content()); lxml's text
    serialiser, five times faster than joining itertext() on real pages."""
    if not isinstance(el.tag, str):  # a comment or processing instruction
        return "".join(el.itertext())
    if not len(el):  # a leaf, most elements asked: its own text, without serialising
        return el.text or ""
    return lxml.etree.tostring(el, method="text", encoding=str, with_tail=False)


def _own_words(el) -> str:
    return (el.text or "").lstrip() if isinstance(el.tag, str) else ""


class FirstWords(dict):
    """element → the first stretch of text inside it that is not white space, left-stripped
    (`next(p.lstrip() for p in el.itertext() if p.strip())`; a comment's own text is not the
    element's, its tail is). Each element is read once a page: a block that holds no text (a
    gallery of images) would otherwise be walked again by every box around it."""

    def __missing__(self, top) -> str:
        found = _own_words(top)
        stack = [] if found else [(top, iter(top))]  # (element, its children not yet read)
        while stack and not found:
            el, kids = stack[-1]
            for child in kids:
                words = self.get(child)
                if words is None:
                    words = _own_words(child)
                    if not words and len(child):
                        stack.append((child, iter(child)))
                        break  # into the child (its tail is read once it is done)
                    self[child] = words
                found = words or (child.tail or "").lstrip()
                if found:
                    break
            else:  # nothing inside el: on to its tail, in its parent
                stack.pop()
                self[el] = ""
                if stack:
                    found = (el.tail or "").lstrip()
        for el, _ in stack:
            self[el] = found
        self[top] = found
        return found


class Texts(dict):
    """element → text_of(element), read once a page: the link finder and the region finder
    ask about the same links and blocks."""

    def __missing__(self, el) -> str:
        self[el] = found = text_of(el)
        return found


_STRUCK = frozenset(("del", "s", "strike"))


def lines(
    root, cards: frozenset | set = frozenset(), chrome=frozenset(), regions=None
) -> list[Line]:
    """The visible lines of a document in order, flagged chrome/struck/card/anchor, each
    with the region it sits in (`regions`: {element: name}, crawler.extract.regions).

    A block of its own is a block tag, or an ARIA grid row or cell (spans laid out as one).
    The walk is extraction's largest single cost on a real page: each element's flags (its
    parent's and its own) are worked out inline, not by a call per element."""
    out: list[Line] = []
    if root is None:
        return out
    regions = regions or {}
    pieces: list[str] = []  # the open line's stretches of text, and the flags of each
    piece_flags: list[int] = []
    stack: list[tuple[int, object, bool]] = [(0, None, True)]  # (flags, block element, block?)
    named: list[str] = [""]  # the region of each open element

    def flush() -> None:  # the open line ends (asked only when it has a stretch)
        nonlocal pieces, piece_flags
        joined = "".join(pieces)
        if joined.strip(_BLANK):
            top = stack[-1]
            out.append(Line(joined, pieces, piece_flags, top[0], top[1], named[-1]))
            pieces, piece_flags = [], []
        else:
            pieces.clear()
            piece_flags.clear()

    walk = lxml.etree.iterwalk(root, events=("start", "end"))
    for event, el in walk:
        tag = el.tag
        if tag.__class__ is not str:  # a comment or processing instruction
            continue
        if event == "start":
            if tag in SKIP:
                walk.skip_subtree()  # its end still comes: its tail is visible
                continue
            above = stack[-1]
            flags = above[0]
            if tag in SECTIONING:
                flags |= SECTION
            role = el.get("role")
            if role is not None:
                role = role.strip().lower()
                if role in CHROME_ROLES:
                    flags |= CHROME
            if tag in CHROME_TAGS and not above[0] & SECTION or el in chrome:
                flags |= CHROME
            if tag in _STRUCK:
                flags |= STRIKE
            else:
                style = el.get("style")
                if style and "line-through" in style:
                    flags |= STRIKE
            if tag == "a":
                flags |= ANCHOR
            if el in cards:
                flags |= CARD
            region = regions.get(el) if regions else None
            if region == "seller_answer":  # the shop's reply among buyers' words: its own
                flags &= ~ASIDE
            elif region:
                flags |= REGION_FLAGS.get(region, 0)
            if tag in BLOCK or role is not None and role in CELL_ROLES:
                if pieces:
                    flush()
                stack.append((flags, el, True))
            else:
                pieces.append(SOFT)
                piece_flags.append(flags)
                stack.append((flags, above[1], False))
            named.append(region or named[-1])
            text = el.text
            if text:
                pieces.append(text if text.isascii() else width_fold(text))
                piece_flags.append(flags)
        else:
            if tag not in SKIP:
                if stack[-1][2]:
                    if pieces:
                        flush()
                    stack.pop()
                else:
                    stack.pop()
                    pieces.append(SOFT)
                    piece_flags.append(stack[-1][0])
                named.pop()
            tail = el.tail
            if tail:
                pieces.append(tail if tail.isascii() else width_fold(tail))
                piece_flags.append(stack[-1][0])
    if pieces:
        flush()
    return out


# ------------------------------------------------------------------- label:value pairs

_HARD_SEP = re.compile(r"[;|。\n]| {3,}")
_COLON = re.compile(r" ?: ?")
_BOUNDARY = " ,;|。、()[]【】"
_TRIM = " ,;|。、:"


def _label_before(segment: str, colon: int, floor: int) -> int | None:
    """Start of the label that ends at `colon`, or None when the colon is not a label's."""
    start = colon
    while start > floor and segment[start - 1] not in _BOUNDARY:
        start -= 1
    candidate = segment[start:colon]
    if not candidate or candidate.lower() in ("http", "https", "ftp", "mailto", "tel"):
        return None
    if segment[colon + 1 : colon + 2].isdigit() and candidate[-1:].isdigit():
        return None  # 09:00, 1:1
    plain = not any(ch.isdigit() for ch in candidate)
    if labels.is_term(candidate) or (plain and len(candidate) <= 6):
        return start  # 统一社会信用代码, 店铺客服电话, or an unknown short label
    suffix = labels.known_suffix(candidate)
    if suffix:
        return colon - len(suffix)  # …文三路100号电话
    if plain and len(candidate) <= 10:
        return start
    return None


def segment_pairs(segment: str) -> list[tuple[str, str]]:
    """Pairs in one stretch of running text: `a：1，b：2` or `联系电话 0571-…` (its white space
    folded to single spaces, as Line.pair_text has it)."""
    colon, space = ":" in segment, " " in segment  # a pair needs one or the other
    if colon and space:
        segment = _SPACED_CJK.sub(lambda m: m.group(1).replace(" ", ""), segment)
    anchors: list[tuple[int, int, str]] = []  # (label start, value start, label)
    floor = 0
    for m in _COLON.finditer(segment) if colon else ():
        start = _label_before(segment, m.start(), floor)
        if start is None:
            continue
        anchors.append((start, m.end(), segment[start : m.start()]))
        floor = m.end()
    for m in labels.bare_label_re().finditer(segment) if space else ():  # `label value`
        if not any(a[0] <= m.start() < a[1] for a in anchors):
            anchors.append((m.start(), m.end(), m.group(1)))
    if not anchors:
        return []
    anchors.sort()
    out = []
    for i, (_start, vstart, label) in enumerate(anchors):
        vend = anchors[i + 1][0] if i + 1 < len(anchors) else len(segment)
        if vend < vstart:
            continue
        out.append((label.strip(_TRIM), segment[vstart:vend].strip(_TRIM)))
    return out


def _line_pairs(line_text: str) -> list[tuple[str, str]]:
    if ":" not in line_text and " " not in line_text:
        return []  # (a pair needs one or the other: most lines hold neither)
    out = []
    for segment in _HARD_SEP.split(line_text):
        if segment.strip():
            out.extend(segment_pairs(segment.strip()))
    return out


def _column_head(line: Line) -> bool:
    """A cell of a table's header row of several columns (序号 | 商品名称 | 店铺名称 | …):
    it names a column of many rows, not the cell beside it."""
    el = line.el
    row = el.getparent() if el is not None and el.tag == "th" else None
    return row is not None and len(row) >= 3 and all(c.tag == "th" for c in row)


def _element_pair(line: Line) -> list[tuple[str, str]]:
    """A label and its value as two elements side by side with no colon between them
    (`<span>店铺经营者</span><span>杭州某某有限公司</span>`): the first names a field."""
    if SOFT not in line.raw:
        return []  # one element's text: no two side by side
    pieces = [p.strip() for p in line.raw.split(SOFT) if p.strip()]
    if len(pieces) != 2 or len(pieces[0]) > 16 or line.anchor_only:
        return []
    label, value = pieces
    key = labels.classify(label)
    if not key or labels.classify(value) or not labels.strong(label) and len(label) < 4:
        return []  # (a weak label such as 店铺 beside 商品 is a filter bar, not a pair)
    return [(label.strip(_TRIM), value.strip(_TRIM))]


def _is_label_only(line: Line) -> str | None:
    text = line.pair_text
    bare = text.strip(" :")
    if not bare or len(bare) > 16 or line.anchor_only:
        return None
    if text.endswith(":") and not any(c.isdigit() for c in bare):
        return bare
    return bare if labels.strong(bare) else None


def pairs(doc_lines: list[Line], consumed: Iterable = ()) -> list[tuple[str, str, Line]]:
    """(label, value, line) for every label:value the lines show, in any layout."""
    out: list[tuple[str, str, Line]] = []
    consumed = set(consumed)
    # each line is read as the one after its predecessor and again as itself: read once
    label_only: dict = {}
    line_pairs: dict = {}

    def label_of(ln: Line) -> str | None:
        if ln not in label_only:
            label_only[ln] = _is_label_only(ln)
        return label_only[ln]

    def pairs_of(ln: Line) -> list[tuple[str, str]]:
        if ln not in line_pairs:
            line_pairs[ln] = _line_pairs(ln.pair_text)
        return line_pairs[ln]

    n = len(doc_lines)
    i = 0
    while i < n:
        line = doc_lines[i]
        nxt = doc_lines[i + 1] if i + 1 < n else None
        label = None if line.el in consumed or _column_head(line) else label_of(line)
        if label and nxt is not None and not label_of(nxt):
            found = pairs_of(nxt)
            if not found or not nxt.pair_text.startswith(found[0][0]):
                out.append((label, nxt.pair_text.strip(_TRIM), nxt))
                out.extend((lab, val, nxt) for lab, val in found if val)
                i += 2
                continue
        found = pairs_of(line) or _element_pair(line)
        for j, (lab, val) in enumerate(found):
            if val:
                out.append((lab, val, line))
            elif j == len(found) - 1 and nxt is not None and not label_of(nxt):
                nfound = pairs_of(nxt)
                if not nfound or not nxt.pair_text.startswith(nfound[0][0]):
                    out.append((lab, nxt.pair_text.strip(_TRIM), nxt))
                    i += 1
        i += 1
    return out


# ARIA grids (<div role="table"><div role="row"><span role="columnheader">…) are tables too
_GRID_ROLES = ("table", "grid", "treegrid")
_HEAD_ROLES = ("columnheader", "rowheader")
_CELL_ROLES = (*_HEAD_ROLES, "cell", "gridcell")
CELL_ROLES = frozenset((*_CELL_ROLES, "row"))  # each its own line, like a table cell


def _role(el) -> str:
    return (el.get("role") or "").strip().lower()


def tables(root) -> list:
    """The page's tables: <table> elements and ARIA grids."""
    return [
        el
        for el in root.iter(lxml.etree.Element)
        if el.tag == "table" or el.get("role") is not None and _role(el) in _GRID_ROLES
    ]


def table_rows(table) -> list:
    """A table's rows: <tr>, or role=row in an ARIA grid."""
    if table.tag == "table":
        return list(table.iter("tr"))
    return [el for el in table.iter() if isinstance(el.tag, str) and _role(el) == "row"]


def row_cells(row) -> list:
    """A row's cells: th/td, or ARIA cells."""
    return [c for c in row if c.tag in ("th", "td") or _role(c) in _CELL_ROLES]


def is_head(cell) -> bool:
    """Whether a cell heads its column or row: th, or an ARIA column or row header."""
    return cell.tag == "th" or _role(cell) in _HEAD_ROLES


def table_pairs(root) -> tuple[list[tuple[str, str, object]], set]:
    """Pairs from tables whose first row names the fields and the next row holds values: at
    least two of its names, and half of them, are disclosure labels (企业名称 | 类型 | 住所)."""
    out, consumed = [], set()
    if root is None:
        return out, consumed
    for table in tables(root):
        rows = table_rows(table)
        for upper, lower in itertools.pairwise(rows):
            heads, cells = row_cells(upper), row_cells(lower)
            if len(heads) < 2 or len(heads) != len(cells):
                continue
            names = [fold(text_of(h)) for h in heads]
            known = sum(labels.strong(x.strip(" :")) for x in names)
            if known < 2 or 2 * known < len(names):
                continue
            values = [fold(text_of(c)) for c in cells]
            if any(labels.classify(v.strip(" :")) for v in values):
                continue
            for name, value, cell in zip(names, values, cells, strict=True):
                if value:
                    out.append((name.strip(" :"), value, cell))
            consumed.update(heads)
            consumed.update(cells)
    return out, consumed


def label_values(doc) -> list[tuple[str, str]]:
    """Every (label, value) a document shows: tables, dl, lists, running text, siblings."""
    root = parse(doc) if isinstance(doc, str) else doc
    if root is None:
        return []
    tpairs, consumed = table_pairs(root)
    doc_lines = [ln for ln in lines(root) if ln.el not in consumed]
    return [(lab, val) for lab, val, _ in tpairs] + [
        (lab, val) for lab, val, _ in pairs(doc_lines, consumed)
    ]
