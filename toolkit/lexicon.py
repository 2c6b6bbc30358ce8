"""The one lexicon reader: data files of terms, one a line, each with its source.

A term is one line; `#` starts a comment (the term's source beside it, or a note on the group
of terms below it). A term written `re:PATTERN` is a regular expression; its comment begins
at ` #`. `alternation` turns a lexicon into one regular-expression alternation, in file
order (the order Python's `re` tries them in)."""

from __future__ import annotations

import re
from pathlib import Path


def read_terms(path: Path) -> tuple[str, ...]:
    """The terms of one lexicon file, in file order."""
    terms = []
    for raw in Path(path).read_text(encoding="utf-8").splitlines():
        line = raw.strip() if raw.lstrip().startswith("re:") else raw.split("#", 1)[0].strip()
        if line.startswith("re:") and " #" in line:
            line = line.split(" #", 1)[0].strip()
        if line:
            terms.append(line)
    return tuple(terms)


def term_regex(term: str) -> str:
    """A term as a regular expression: `re:` terms as written, others literally."""
    return term[3:] if term.startswith("re:") else re.escape(term)


def alternation(terms: tuple[str, ...] | list[str]) -> str:
    """`a|b|c` of the terms, in their order."""
    return "|".join(term_regex(t) for t in terms)
