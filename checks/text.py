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
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

if TYPE_CHECKING:
    from collections.abc import Iterable

    from checks.base import Disclosure

DATA = Path(__file__).parent / "data"

_SPACE = re.compile(r"\s+")
_BRACKETS = str.maketrans({"【": "(", "】": ")", "[": "(", "]": ")", "〔": "(", "〕": ")"})


def fold(text: str) -> str:
    """Fold full-width forms to half-width (NFKC): `９１３３` → `9133`, `：` → `:`, `（` → `(`."""
    return unicodedata.normalize("NFKC", text or "")


def fold_name(name: str) -> str:
    """An operator or company name in comparable form: width, brackets, white space, case."""
    return _SPACE.sub("", fold(name).translate(_BRACKETS)).casefold()


def fold_chars(text: str) -> str:
    """`fold`, character by character, keeping the length: positions stay those of `text`."""
    out = []
    for ch in text or "":
        folded = unicodedata.normalize("NFKC", ch)
        out.append(folded if len(folded) == 1 else ch)
    return "".join(out)


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


def find_terms(text: str, name: str, masks: str | None = None) -> list[Hit]:
    """Every occurrence of a term of lexicon `name` in `text`, outside the spans of `masks`.

    Matching is done on the width-folded text; positions and `matched` refer to `text` as
    given. Where terms overlap, the longer one is kept.
    """
    folded = mask(fold_chars(text), masks) if masks else fold_chars(text)
    hits = [
        Hit(term, m.start(), m.end(), text[m.start() : m.end()])
        for term, rx in _compiled(name)
        for m in rx.finditer(folded)
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
    for _term, rx in _compiled(name):
        text = rx.sub(lambda m: "\0" * len(m.group(0)), text)
    return text


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


def canonical_url(url: str) -> str:
    """A URL for comparison: scheme and host lower-cased, fragment and trailing slash dropped."""
    parts = urlsplit((url or "").strip())
    netloc = parts.netloc.lower()
    if parts.scheme.lower() == "http" and netloc.endswith(":80"):
        netloc = netloc[:-3]
    elif parts.scheme.lower() == "https" and netloc.endswith(":443"):
        netloc = netloc[:-4]
    path = parts.path.rstrip("/")
    return urlunsplit((parts.scheme.lower(), netloc, path, parts.query, ""))


def shown(disclosures: Iterable[Disclosure]) -> list[Disclosure]:
    """The disclosures that actually show something (a non-blank value)."""
    return [d for d in disclosures if d is not None and (d.value or "").strip()]


def listing_texts(listing, *, with_text: bool = True) -> list[tuple[str, str]]:
    """(where, text) pairs of a listing's own words: title, description, claims, page text."""
    pairs = [("标题", listing.title), ("描述", listing.description)]
    pairs += [("卖点", claim) for claim in listing.claims]
    if with_text:
        pairs.append(("页面文字", listing.text))
    return [(where, text) for where, text in pairs if text and text.strip()]


def scan(
    pairs: Iterable[tuple[str, str]], name: str, masks: str | None = None
) -> list[tuple[str, str, Hit]]:
    """Lexicon hits over (where, text) pairs, one per distinct matched term, first place kept."""
    found, seen = [], set()
    for where, text in pairs:
        for hit in find_terms(text, name, masks):
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
