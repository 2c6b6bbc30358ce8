"""The bundle's `report.html`: one self-contained page per case, all captured content escaped.

Escaping has one helper: Jinja2's autoescape (`markupsafe.escape`), also used by `highlight`.
Masking has one helper, `mask`: mobile numbers become `138****0000`, ID numbers
`3301**********1234`. It keeps the length, so a snippet found in its context stays aligned.
"""

from __future__ import annotations

import re
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

TEMPLATES = Path(__file__).with_name("templates")
CONTEXT_CHARS = 80

# A resident ID number: region, birth date (18xx-20xx), sequence, check character.
_ID_NUMBER = re.compile(
    r"(?<![0-9A-Za-z])([1-9][0-9]{3})([0-9]{2}(?:18|19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])"
    r"[0-9]{3})([0-9Xx])(?![0-9A-Za-z])"
)
# A mainland mobile number, optionally +86/0086, with a space, hyphen or dot between groups.
_MOBILE = re.compile(
    r"(?<![0-9])((?:\+?86[ .-]?)?1[3-9][0-9])([ .-]?)([0-9]{4})([ .-]?)([0-9]{4})(?![0-9])"
)
# Each character folded to one ASCII character (same length): full-width digits, X, plus,
# spaces, dashes and dots, so that `１３８－１２３４－５６７８` is found as a mobile number.
_FOLD = {
    **{0xFF10 + i: ord("0") + i for i in range(10)},
    0xFF38: "X",
    0xFF58: "x",
    0xFF0B: "+",
    0x3000: " ",
    0x00A0: " ",
    0xFF0E: ".",
    **dict.fromkeys(map(ord, "\uff0d\u2010\u2011\u2012\u2013\u2014\u2212"), "-"),
}


def mask(text: str | None) -> str:
    """Hide the middle of mobile and ID numbers, keeping the text's length."""
    if not text:
        return text or ""
    folded = text.translate(_FOLD)
    hidden = list(text)
    for m in _ID_NUMBER.finditer(folded):
        for i in range(m.start(2), m.end(2) - 3):
            hidden[i] = "*"
    for m in _MOBILE.finditer(folded):
        for i in range(m.start(3), m.end(3)):
            hidden[i] = "*"
    return "".join(hidden)


def in_context(text: str | None, snippet: str | None, chars: int = CONTEXT_CHARS):
    """(before, snippet, after) around the first occurrence of `snippet` in `text`, or None."""
    if not text or not snippet:
        return None
    at = text.find(snippet)
    if at < 0:
        squeezed = re.sub(r"\s+", " ", text)
        at = squeezed.find(re.sub(r"\s+", " ", snippet.strip()))
        if at < 0:
            return None
        text, snippet = squeezed, re.sub(r"\s+", " ", snippet.strip())
    start, end = max(0, at - chars), min(len(text), at + len(snippet) + chars)
    before = ("…" if start else "") + text[start:at]
    after = text[at + len(snippet) : end] + ("…" if end < len(text) else "")
    return before, text[at : at + len(snippet)], after


def highlight(parts) -> Markup:
    """The snippet marked in its context; every part escaped by the one escape helper."""
    before, hit, after = parts
    return Markup("{}<mark>{}</mark>{}").format(escape(before), escape(hit), escape(after))


def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(["html"], default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["highlight"] = highlight
    return env


def render(bundle: dict) -> str:
    """report.html for one bundle (see `storage.bundle` for the dict it is given)."""
    return environment().get_template("report.html").render(b=bundle)
