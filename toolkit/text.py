"""Width folding (NFKC), the one fold every package uses on text it matches."""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

_CACHED = 512  # texts up to this length are folded once (labels, terms, names)


@lru_cache(maxsize=4096)
def _fold_short(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def fold(text: str | None) -> str:
    """Fold full-width forms to half-width (NFKC): `９１３３` → `9133`, `：` → `:`, `（` → `(`."""
    if not text or text.isascii():
        return text or ""
    if len(text) > _CACHED:
        return unicodedata.normalize("NFKC", text)
    return _fold_short(text)


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


def fold_chars(text: str | None) -> str:
    """`fold`, character by character, keeping the length: positions stay those of `text`.
    (Only the few characters that fold are replaced: product text has one or two.)"""
    if not text or text.isascii():
        return text or ""
    return _foldable().sub(_fold_one, text)
