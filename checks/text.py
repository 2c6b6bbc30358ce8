"""Text helpers the checks share: width folding, name folding, lexicons, citations.

Lexicons live in `checks/data/<name>.txt`: one term per line, `#` starts a comment (for an
entry or for the group of entries below it), a term written `re:PATTERN` is a regular
expression. Terms are matched after width folding, Latin case-insensitively; a term that
begins or ends with a Latin letter or digit does not match inside a longer Latin word or
number. Each lexicon is read once (`functools.cache`).
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

    from checks.base import Disclosure

DATA = Path(__file__).parent / "data"

_SPACE = re.compile(r"\s+")
_BRACKETS = str.maketrans({"【": "(", "】": ")", "[": "(", "]": ")", "〔": "(", "〕": ")"})


@lru_cache(maxsize=4096)
def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def fold(text: str) -> str:
    """Fold full-width forms to half-width (NFKC): `９１３３` → `9133`, `：` → `:`, `（` → `(`."""
    if not text or text.isascii():
        return text or ""
    return _fold(text)


def fold_name(name: str) -> str:
    """An operator or company name in comparable form: width, brackets, white space, case."""
    return _SPACE.sub("", fold(name).translate(_BRACKETS)).casefold()


class _CharFolds(dict):
    """ord → the character's one-character NFKC form, filled as characters are met."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        folded = unicodedata.normalize("NFKC", ch)
        self[code] = value = folded if len(folded) == 1 else ch
        return value


_CHAR_FOLDS = _CharFolds()


@cache
def _foldable() -> re.Pattern[str]:
    """Any character whose one-character NFKC form differs (built once: ~20 ms), or any
    character beyond the BMP (looked up one by one)."""
    chars = []
    for code in range(0x80, 0x10000):
        ch = chr(code)
        if not 0xD800 <= code <= 0xDFFF and _CHAR_FOLDS[code] != ch:
            chars.append(re.escape(ch))
    return re.compile(f"[{''.join(chars)}\U00010000-\U0010ffff]")


def _fold_one(m: re.Match[str]) -> str:
    return _CHAR_FOLDS[ord(m.group())]


def fold_chars(text: str) -> str:
    """`fold`, character by character, keeping the length: positions stay those of `text`.
    (Only the few characters that fold are replaced: product text has one or two.)"""
    if not text or text.isascii():
        return text or ""
    return _foldable().sub(_fold_one, text)


def has_han(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


@dataclass(frozen=True)
class Hit:
    """One lexicon term found in a text: the term as listed, where, and what was matched."""

    term: str
    start: int
    end: int
    matched: str


def _edge(term: str) -> tuple[str, str]:
    left = r"(?<![A-Za-z0-9])" if term[:1].isascii() and term[:1].isalnum() else ""
    right = r"(?![A-Za-z0-9])" if term[-1:].isascii() and term[-1:].isalnum() else ""
    return left, right


def term_pattern(term: str) -> str:
    """The regular expression for one lexicon term (see the module docstring)."""
    if term.startswith("re:"):
        return term[3:]
    left, right = _edge(term)
    return left + re.escape(fold(term)) + right


def lexicon_path(name: str) -> Path:
    """`<name>.txt` from the directory in GREENROOM_LEXICONS if it has one (a rule
    maintainer's local edits), else the shipped `checks/data/<name>.txt`."""
    local = os.environ.get("GREENROOM_LEXICONS")
    if local and (Path(local) / f"{name}.txt").is_file():
        return Path(local) / f"{name}.txt"
    return DATA / f"{name}.txt"


@cache
def lexicon(name: str) -> tuple[str, ...]:
    """The terms of a lexicon (see lexicon_path), in file order."""
    terms = []
    for raw in lexicon_path(name).read_text(encoding="utf-8").splitlines():
        line = raw.strip() if raw.lstrip().startswith("re:") else raw.split("#", 1)[0].strip()
        if line.startswith("re:") and " #" in line:
            line = line.split(" #", 1)[0].strip()
        if line:
            terms.append(line)
    return tuple(terms)


@cache
def _compiled(name: str) -> list[tuple[str, re.Pattern[str]]]:
    return [(t, re.compile(term_pattern(t), re.IGNORECASE)) for t in lexicon(name)]


@cache
def _searchable(name: str) -> tuple[dict[str, list], list]:
    """The lexicon's terms as (term, pattern, the plain term lower-cased or None for an
    `re:` term): the plain ones by their first character (a plain term is searched for only
    when the lower-cased text contains it), and the `re:` ones."""
    first: dict[str, list] = {}
    regexes = []
    for t, rx in _compiled(name):
        if t.startswith("re:"):
            regexes.append((t, rx, None))
        elif plain := fold(t).lower():
            first.setdefault(plain[0], []).append((t, rx, plain))
    return first, regexes


@dataclass(frozen=True)
class _Prefilter:
    """A quick test that a text may hold a term: if it fails, no term of the lexicon is there.

    `literal` is one case-sensitive alternation of the plain terms, lower-cased, without
    their word-edge conditions, run over the lower-cased text (Python's `re` scans such an
    alternation far faster than one with IGNORECASE or look-arounds); `patterns` are the
    lexicon's `re:` terms, each tried as compiled.
    """

    literal: re.Pattern[str] | None
    patterns: tuple[re.Pattern[str], ...]

    def search(self, text: str) -> bool:
        if self.literal is not None and self.literal.search(_lower(text)):
            return True
        return any(rx.search(text) for rx in self.patterns)


def literal_prefilter(words: Iterable[str]) -> re.Pattern[str] | None:
    """One case-sensitive alternation of lower-cased, width-folded words (None for none)."""
    plain = sorted({fold(w).lower() for w in words} - {""}, key=len, reverse=True)
    return re.compile("|".join(re.escape(w) for w in plain)) if plain else None


@lru_cache(maxsize=1024)
def _lower(text: str) -> str:
    return text.lower()


# An optional first element of a pattern (`[^，。]{0,4}`, `x?`, `\s*`): a prefilter may drop
# it (what matches with it matches without), and Python's `re` then scans far faster.
_LEADING_OPTIONAL = re.compile(r"^(?:\[(?:\\.|[^\]\\])*\]|\\.|[^\\(\[|])(?:\{0,\d*\}|\*|\?)")


@cache
def _prefilter(name: str) -> _Prefilter:
    terms = lexicon(name)
    regexes = [t for t in terms if t.startswith("re:")]
    try:  # one alternation of the `re:` terms, when they join
        joined = "|".join(
            f"(?:{_LEADING_OPTIONAL.sub('', term_pattern(t), count=1)})" for t in regexes
        )
        patterns = (re.compile(joined, re.IGNORECASE),) if regexes else ()
    except re.error:
        patterns = tuple(rx for t, rx in _compiled(name) if t.startswith("re:"))
    return _Prefilter(literal_prefilter(t for t in terms if not t.startswith("re:")), patterns)


def matches_any(text: str, name: str) -> bool:
    """Whether a term of lexicon `name` may occur in the width-folded `text` (never a miss)."""
    return _prefilter(name).search(text)


@lru_cache(maxsize=1024)
def folded(text: str, masks: str | None = None) -> str:
    """`text` width-folded (`fold_chars`) with the matches of lexicon `masks` blanked out.

    Cached: the checks read the same listing's texts with the same masks one after another.
    """
    out = fold_chars(text)
    return mask(out, masks) if masks else out


class _Words:
    """The words of the last listing asked about, with what they were made from."""

    __slots__ = ("breadcrumb", "category", "claims", "description", "listing", "low", "text")
    __slots__ += ("pairs", "title", "words")

    def __init__(self) -> None:
        self.listing = None


_WORDS = _Words()


def listing_words(listing) -> tuple[str, str]:
    """Every word of a listing (title, description, claims, text, breadcrumb, category),
    width-folded and joined by newlines, and the same lower-cased: for quick tests.

    Kept for the last listing asked about (the runner runs every listing check over one
    listing before the next), so memory stays bounded however many listings there are.
    """
    w = _WORDS
    if not (  # the same listing, unchanged (inline: called several times per check)
        w.listing is listing
        and w.title is listing.title
        and w.description is listing.description
        and w.text is listing.text
        and w.category is listing.category
        and w.claims == listing.claims
        and w.breadcrumb == listing.breadcrumb
        and w.pairs == listing.pairs
    ):
        w.listing, w.title, w.description = listing, listing.title, listing.description
        w.text, w.category = listing.text, listing.category
        w.claims, w.breadcrumb = list(listing.claims), list(listing.breadcrumb)
        w.pairs = list(listing.pairs)
        parts = [listing.title, listing.description, *listing.claims, listing.text]
        parts += [*listing.breadcrumb, listing.category, *pair_sentences(listing.pairs)]
        parts += line_pair_sentences(listing.text)
        w.words = fold_chars("\n".join(filter(None, parts)))
        w.low = w.words.lower()
    return w.words, w.low


def may_mention(listing, name: str) -> bool:
    """Whether a term of lexicon `name` may occur in any of the listing's words: one quick
    test; False means `find_terms` finds nothing in any of them, whatever the masks."""
    words, low = listing_words(listing)
    pre = _prefilter(name)
    if pre.literal is not None and pre.literal.search(low):
        return True
    for rx in pre.patterns:  # noqa: SIM110 - a loop, not any(): called millions of times
        if rx.search(words):
            return True
    return False


def maybe_any(texts: Iterable[str], name: str, masks: str | None = None) -> bool:
    """Whether a term of lexicon `name` may occur in one of `texts` (outside the spans of
    `masks`): one quick test for all of them; False means `find_terms` finds nothing in any."""
    pre = _prefilter(name)
    parts = [folded(t, masks) for t in texts if t]
    if not parts:
        return False
    if pre.literal is not None and pre.literal.search("\n".join(parts).lower()):
        return True
    return any(rx.search(part) for rx in pre.patterns for part in parts)


def find_terms(text: str, name: str, masks: str | None = None) -> list[Hit]:
    """Every occurrence of a term of lexicon `name` in `text`, outside the spans of `masks`.

    Matching is done on the width-folded text; positions and `matched` refer to `text` as
    given. Where terms overlap, the longer one is kept.
    """
    if not text:
        return []
    text_folded = folded(text, masks)
    if not matches_any(text_folded, name):
        return []
    low = _lower(text_folded)
    first, regexes = _searchable(name)
    terms = [e for c in first.keys() & set(low) for e in first[c] if e[2] in low]
    hits = [
        Hit(term, m.start(), m.end(), text[m.start() : m.end()])
        for term, rx, _plain in terms + regexes
        for m in rx.finditer(text_folded)
        if m.end() > m.start()
    ]
    hits.sort(key=lambda h: (h.start, -(h.end - h.start)))
    kept: list[Hit] = []
    for hit in hits:
        if kept and hit.start < kept[-1].end:
            continue
        kept.append(hit)
    return kept


def mask(text: str, name: str) -> str:
    """`text` with every match of lexicon `name` blanked out (same length, NUL characters)."""
    if not matches_any(text, name):
        return text
    for _term, rx in _compiled(name):
        text = rx.sub(_blank, text)
    return text


def _blank(m: re.Match[str]) -> str:
    return "\0" * len(m.group(0))


def context(text: str, start: int, end: int, width: int = 12) -> str:
    """The matched text with up to `width` characters either side, as shown, for a message."""
    before = text[max(0, start - width) : start]
    after = text[end : end + width]
    head = "…" if start - width > 0 else ""
    tail = "…" if end + width < len(text) else ""
    return _SPACE.sub(" ", f"{head}{before}{text[start:end]}{after}{tail}").strip()


def quote(text: str, limit: int = 60) -> str:
    """A shown value in quotation marks, white space collapsed, long values cut."""
    text = _SPACE.sub(" ", (text or "").strip())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f"“{text}”"


def cite(disclosure: Disclosure) -> str:
    """Where a disclosure was seen: `（见 URL，采集记录 #ID）`."""
    parts = []
    if disclosure.url:
        parts.append(f"见 {disclosure.url}")
    if disclosure.capture_id is not None:
        parts.append(f"采集记录 #{disclosure.capture_id}")
    return f"（{'，'.join(parts)}）" if parts else ""


def captures_of(
    disclosures: Iterable[Disclosure | None], fallback: Iterable[int] = ()
) -> list[int]:
    """The capture ids behind some disclosures, in order, without repeats; else `fallback`."""
    ids = [d.capture_id for d in disclosures if d is not None and d.capture_id is not None]
    return list(dict.fromkeys(ids)) or list(dict.fromkeys(fallback))


def shown(disclosures: Iterable[Disclosure]) -> list[Disclosure]:
    """The disclosures that actually show something (a non-blank value)."""
    return [d for d in disclosures if d is not None and (d.value or "").strip()]


def pair_sentences(pairs) -> list[str]:
    """Each laid-out label/value pair read as a clause (checks.context.pair_sentence)."""
    from checks.context import pair_sentence  # checks.context reads this module's helpers

    return [pair_sentence(p.label, p.value) for p in pairs]


_LINE_PAIR = re.compile(r"^\s*([^：:\n]{2,12})[：:]\s*(\S[^\n]{0,39})$", re.MULTILINE)


def line_pair_sentences(text: str) -> list[str]:
    """The `label：value` lines of running text whose value is a verdict on its label
    (`七天无理由退货：不支持` → 不支持七天无理由退货), read as the pair they lay out."""
    from checks.context import pair_sentence  # checks.context reads this module's helpers

    out = []
    for m in _LINE_PAIR.finditer(text or ""):
        sentence = pair_sentence(m[1], m[2])
        if not sentence.startswith(m[1].strip()):  # a verdict or cue read before its label
            out.append(sentence)
    return out


def without_cells(text: str, pairs) -> str:
    """`text` without the lines that are a pair's label or value alone (read in the pair)."""
    cells = {c for p in pairs for c in (p.label, p.value)}
    if not cells:
        return text
    return "\n".join(ln for ln in text.split("\n") if ln.strip(" :：") not in cells)


def listing_texts(listing, *, with_text: bool = True) -> list[tuple[str, str]]:
    """(where, text) pairs of a listing's own words: title, description, claims, and with
    the page text its laid-out rows read as clauses (七天无理由退货 | 不支持) in their
    cells' stead."""
    pairs = [("标题", listing.title), ("描述", listing.description)]
    pairs += [("卖点", claim) for claim in listing.claims]
    if with_text:
        pairs += [("表格", sentence) for sentence in pair_sentences(listing.pairs)]
        pairs.append(("页面文字", without_cells(listing.text, listing.pairs)))
        pairs += [("页面文字", sentence) for sentence in line_pair_sentences(listing.text)]
    return [(where, text) for where, text in pairs if text and text.strip()]


def find_asserted(
    text: str, name: str, masks: str | None = None, *, negation: bool = True
) -> list[Hit]:
    """`find_terms`, keeping the hits their clause asserts: not negated, prohibited, warned
    against or quoted (checks.context; `negation=False`: a negator does not count)."""
    from checks.context import asserted  # checks.context reads this module's helpers

    hits = find_terms(text, name, masks)
    return [h for h in hits if asserted(text, h.start, h.end, negation=negation)]


def scan(
    pairs: Iterable[tuple[str, str]],
    name: str,
    masks: str | None = None,
    *,
    negation: bool = True,
) -> list[tuple[str, str, Hit]]:
    """Asserted lexicon hits (`find_asserted`) over (where, text) pairs, one per distinct
    matched term, first place kept."""
    pairs = list(pairs)
    found, seen = [], set()
    if not maybe_any((text for _, text in pairs), name, masks):
        return found
    for where, text in pairs:
        for hit in find_asserted(text, name, masks, negation=negation):
            key = fold(hit.matched).casefold()
            if key not in seen:
                seen.add(key)
                found.append((where, text, hit))
    return found


def describe_hits(found: list[tuple[str, str, Hit]], limit: int = 5) -> str:
    """`“高仿”（标题：“…LV 高仿老花…”）、…` for a finding's message."""
    parts = [
        f"“{hit.matched}”（{where}：{quote(context(text, hit.start, hit.end), 80)}）"
        for where, text, hit in found[:limit]
    ]
    more = f" 等 {len(found)} 处" if len(found) > limit else ""
    return "、".join(parts) + more
