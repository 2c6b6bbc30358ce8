"""Lexicons as the checks match them: reading a lexicon, one term's pattern, quick prefilters,
and finding terms in width-folded text (checks.text builds on these; checks.context reads them).

Lexicons live in `checks/data/<name>.txt`, read by `toolkit.lexicon`: one term per line,
`#` starts a comment, a term written `re:PATTERN` is a regular expression. Terms are matched
after width folding, Latin case-insensitively; a term that begins or ends with a Latin letter
or digit does not match inside a longer Latin word or number. Each lexicon is read once.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from toolkit.lexicon import alternation, read_terms
from toolkit.text import fold, fold_chars

if TYPE_CHECKING:
    from collections.abc import Iterable

DATA = Path(__file__).parent / "data"


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
    return read_terms(lexicon_path(name))


def words(name: str) -> str:
    """A lexicon as one regular-expression alternation, in file order (`re:` terms as
    written, the others literally), for the few patterns that embed a word list."""
    return alternation(lexicon(name))


@cache
def compiled(name: str) -> list[tuple[str, re.Pattern[str]]]:
    return [(t, re.compile(term_pattern(t), re.IGNORECASE)) for t in lexicon(name)]


@cache
def searchable(name: str) -> tuple[dict[str, list], list]:
    """The lexicon's terms as (term, pattern, the plain term lower-cased or None for an
    `re:` term): the plain ones by their first character (a plain term is searched for only
    when the lower-cased text contains it), and the `re:` ones."""
    first: dict[str, list] = {}
    regexes = []
    for t, rx in compiled(name):
        if t.startswith("re:"):
            regexes.append((t, rx, None))
        elif plain := fold(t).lower():
            first.setdefault(plain[0], []).append((t, rx, plain))
    return first, regexes


@dataclass(frozen=True)
class Prefilter:
    """A quick test that a text may hold a term: if it fails, no term of the lexicon is there.

    `literal` is one case-sensitive alternation of the plain terms, lower-cased, without
    their word-edge conditions, run over the lower-cased text (Python's `re` scans such an
    alternation far faster than one with IGNORECASE or look-arounds); `patterns` are the
    lexicon's `re:` terms, each tried as compiled.
    """

    literal: re.Pattern[str] | None
    patterns: tuple[re.Pattern[str], ...]

    def search(self, text: str) -> bool:
        if self.literal is not None and self.literal.search(lower_cached(text)):
            return True
        return any(rx.search(text) for rx in self.patterns)


def literal_prefilter(words: Iterable[str]) -> re.Pattern[str] | None:
    """One case-sensitive alternation of lower-cased, width-folded words (None for none)."""
    plain = sorted({fold(w).lower() for w in words} - {""}, key=len, reverse=True)
    return re.compile("|".join(re.escape(w) for w in plain)) if plain else None


@lru_cache(maxsize=1024)
def lower_cached(text: str) -> str:
    return text.lower()


# An optional first element of a pattern (`[^，。]{0,4}`, `x?`, `\s*`): a prefilter may drop
# it (what matches with it matches without), and Python's `re` then scans far faster.
_LEADING_OPTIONAL = re.compile(r"^(?:\[(?:\\.|[^\]\\])*\]|\\.|[^\\(\[|])(?:\{0,\d*\}|\*|\?)")


@cache
def prefilter(name: str) -> Prefilter:
    terms = lexicon(name)
    regexes = [t for t in terms if t.startswith("re:")]
    try:  # one alternation of the `re:` terms, when they join
        joined = "|".join(
            f"(?:{_LEADING_OPTIONAL.sub('', term_pattern(t), count=1)})" for t in regexes
        )
        patterns = (re.compile(joined, re.IGNORECASE),) if regexes else ()
    except re.error:
        patterns = tuple(rx for t, rx in compiled(name) if t.startswith("re:"))
    return Prefilter(literal_prefilter(t for t in terms if not t.startswith("re:")), patterns)


def matches_any(text: str, name: str) -> bool:
    """Whether a term of lexicon `name` may occur in the width-folded `text` (never a miss)."""
    return prefilter(name).search(text)


@lru_cache(maxsize=1024)
def folded(text: str, masks: str | None = None) -> str:
    """`text` width-folded (`fold_chars`) with the matches of lexicon `masks` blanked out.

    Cached: the checks read the same listing's texts with the same masks one after another.
    """
    out = fold_chars(text)
    return mask(out, masks) if masks else out


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
    low = lower_cached(text_folded)
    first, regexes = searchable(name)
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
    for _term, rx in compiled(name):
        text = rx.sub(_blank, text)
    return text


def _blank(m: re.Match[str]) -> str:
    return "\0" * len(m.group(0))
