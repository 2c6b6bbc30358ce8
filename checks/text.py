"""Text helpers the checks share: width folding, name folding, lexicons, citations.

Lexicons live in `checks/data/<name>.txt`, read by `toolkit.lexicon`: one term per line,
`#` starts a comment (for an entry or for the group of entries below it), a term written
`re:PATTERN` is a regular expression. Terms are matched after width folding, Latin case-insensitively; a term that
begins or ends with a Latin letter or digit does not match inside a longer Latin word or
number. Each lexicon is read once (`functools.cache`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from checks.base import Finding
from checks.context import asserted, pair_sentence, verdict_clause
from checks.terms import (
    Hit,
    find_terms,
    folded,
    prefilter,
)
from toolkit.text import fold, fold_chars

if TYPE_CHECKING:
    from collections.abc import Iterable

    from checks.base import Disclosure


_SPACE = re.compile(r"\s+")
_BRACKETS = str.maketrans({"【": "(", "】": ")", "[": "(", "]": ")", "〔": "(", "〕": ")"})


def fold_name(name: str) -> str:
    """An operator or company name in comparable form: width, brackets, white space, case."""
    return _SPACE.sub("", fold(name).translate(_BRACKETS)).casefold()


def has_han(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


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
    pre = prefilter(name)
    if pre.literal is not None and pre.literal.search(low):
        return True
    for rx in pre.patterns:  # noqa: SIM110 - a loop, not any(): called millions of times
        if rx.search(words):
            return True
    return False


def maybe_any(texts: Iterable[str], name: str, masks: str | None = None) -> bool:
    """Whether a term of lexicon `name` may occur in one of `texts` (outside the spans of
    `masks`): one quick test for all of them; False means `find_terms` finds nothing in any."""
    pre = prefilter(name)
    parts = [folded(t, masks) for t in texts if t]
    if not parts:
        return False
    if pre.literal is not None and pre.literal.search("\n".join(parts).lower()):
        return True
    return any(rx.search(part) for rx in pre.patterns for part in parts)


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


def problems(bad: Iterable[tuple[Disclosure, str]], note=None) -> str:
    """Each shown value, what is wrong with it and where it is shown (`note(d)` added),
    `；`-joined: the heart of a finding on invalid values."""
    return "；".join(
        f"{quote(d.value)} {problem}{cite(d)}{note(d) if note else ''}" for d, problem in bad
    )


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
    """Each laid-out label/value pair read as a clause (checks.context.pair_sentence); in a
    table under a header row, a verdict is also read of its row's first cell (服务项目 |
    说明 | 是否支持 over 七天无理由退货 | 特价商品 | 不支持 → 不支持七天无理由退货)."""
    out = [pair_sentence(p.label, p.value) for p in pairs]
    rows: dict[int, list] = {}
    for p in pairs:
        if p.row:
            rows.setdefault(p.row, []).append(p)
    for cells in rows.values():
        key = cells[0].value
        out += [s for p in cells[1:] if (s := verdict_clause(key, p.value))]
    return out


_LINE_PAIR = re.compile(r"^\s*([^：:\n]{2,12})[：:]\s*(\S[^\n]{0,39})$", re.MULTILINE)


def line_pair_sentences(text: str) -> list[str]:
    """The `label：value` lines of running text whose value is a verdict on its label
    (`七天无理由退货：不支持` → 不支持七天无理由退货), read as the pair they lay out."""
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


def listing_hits(listing, name: str, *, with_text: bool = True) -> list[tuple[str, str, Hit]]:
    """The terms of lexicon `name` a listing asserts in its own words (`scan` of
    `listing_texts`, masked by lexicon `<name>_not`)."""
    if not may_mention(listing, name):
        return []
    return scan(listing_texts(listing, with_text=with_text), name, masks=f"{name}_not")


def hits_finding(listing, message: str, found: list[tuple[str, str, Hit]]) -> Finding:
    """A finding on a listing's words: its captures, the matched words as the snippet."""
    snippet = "；".join(hit.matched for _, _, hit in found)
    return Finding(listing.url, message, list(listing.captures), snippet)


def describe_hits(found: list[tuple[str, str, Hit]], limit: int = 5) -> str:
    """`“高仿”（标题：“…LV 高仿老花…”）、…` for a finding's message."""
    parts = [
        f"“{hit.matched}”（{where}：{quote(context(text, hit.start, hit.end), 80)}）"
        for where, text, hit in found[:limit]
    ]
    more = f" 等 {len(found)} 处" if len(found) > limit else ""
    return "、".join(parts) + more
