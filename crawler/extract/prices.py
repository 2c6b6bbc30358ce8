"""Prices shown on a page, each labelled offered (to pay) or original (原价, struck through)."""

from __future__ import annotations

import re

from crawler.extract import labels
from crawler.extract.text import CARD, CHROME, NOPRICE, SOFT, STRIKE, Line

_S = r"[\s\x1f]*"
_NUM = r"\d[\d,]*(?:\x1f*\.\d+)?"
PRICE = re.compile(
    rf"(?:¥|RMB|CNY){_S}(?P<a>{_NUM})(?:{_S}(?:-|~|～|至|—|–){_S}(?:¥|RMB|CNY)?{_S}(?P<b>{_NUM}))?"
    rf"|(?P<c>{_NUM})(?:{_S}(?:-|~|～|至){_S}(?P<d>{_NUM}))?{_S}元(?![宝素])",
    re.IGNORECASE,
)
_LABEL_TAIL = re.compile(r"([^\s,;|。、:()\[\]]{1,10})[\s:]*$")


def _number(s: str | None) -> float | None:
    if not s:
        return None
    try:
        return float(s.replace(SOFT, "").replace(",", ""))
    except ValueError:
        return None


def _label(before: str, previous: Line | None) -> str:
    clean = before.replace(SOFT, " ").strip()
    m = _LABEL_TAIL.search(_tail(clean))
    if m:
        return m.group(1)
    if previous is not None:
        prev = previous.text
        if 0 < len(prev) <= 10 and not any(ch.isdigit() for ch in prev):
            return prev.strip(" :")
    return ""


def _tail(text: str) -> str:
    """The end of `text` that _LABEL_TAIL can match: its trailing spaces and colons and the
    ten characters before them (a page's text between two prices can run to 100,000s)."""
    end = len(text)
    while end and (text[end - 1].isspace() or text[end - 1] == ":"):
        end -= 1
    return text[max(end - 10, 0) :]


def kind(label: str, flags: int) -> str | None:
    """offered / original for a price with this label and markup, None if not a goods price."""
    if labels.find("price_original", label):
        return "original"
    if labels.find("price_offered", label):
        return "offered"
    if labels.find("price_skip", label):
        return None
    return "original" if flags & STRIKE else "offered"


_MONEY_MARK = re.compile("[¥元RrCc]")  # a character each form of PRICE holds


def from_lines(doc_lines: list[Line]) -> list[dict]:
    """Every price in the page's own content (not platform chrome, not other products' cards,
    reviews, recommendations or the platform's service notices)."""
    out: list[dict] = []
    seen: set = set()
    previous = None
    for line in doc_lines:
        raw = line.raw
        if line.flags & (CHROME | CARD | NOPRICE):
            previous = line
            continue
        if _MONEY_MARK.search(raw) is None:
            out.extend(_after_label(line, previous, seen))
            previous = line if line.text else previous
            continue
        last = 0
        for m in PRICE.finditer(raw):
            flags = line.flags_at(m.start())
            if flags & (CARD | CHROME | NOPRICE):
                last = m.end()
                continue
            label = _label(raw[last : m.start()], previous if last == 0 else None)
            last = m.end()
            k = kind(label, flags)
            if k is None:
                continue
            values = [_number(m.group("a") or m.group("c")), _number(m.group("b") or m.group("d"))]
            if values[1] is not None:
                label = label or "价格区间"
            for value in values:
                if value is None or value <= 0 or value > 1e8:
                    continue
                key = (k, value, label)
                if key not in seen:
                    seen.add(key)
                    out.append({"kind": k, "label": label, "value": value})
        previous = line
    return out


_BARE = re.compile(r"^\W{0,3}(\d[\d,]*\.\d{2})(?:\s*[-~～]\s*(\d[\d,]*\.\d{2}))?\s*(起)?$")


def _after_label(line: Line, previous: Line | None, seen: set) -> list[dict]:
    """A bare amount (`5499.00-6799.00`, its yen sign lost or drawn as an icon) right under a
    price label of its own (`<dt>价格</dt><dd>…</dd>`)."""
    if previous is None or previous.flags & (CHROME | CARD | NOPRICE) or len(previous.text) > 8:
        return []
    m = _BARE.match(line.text.replace(SOFT, ""))
    k = kind(previous.text.strip(" :"), line.flags) if m else None
    if k is None or not labels.find(f"price_{k}", previous.text):
        return []
    out = []
    for value in (_number(m.group(1)), _number(m.group(2))):
        key = (k, value, previous.text)
        if value and key not in seen:
            seen.add(key)
            out.append({"kind": k, "label": previous.text.strip(" :"), "value": value})
    return out


def from_products(products: list[dict]) -> list[dict]:
    """Offered prices of the one Product a page describes in JSON-LD or microdata."""
    if len(products) != 1:
        return []
    return [
        {"kind": "offered", "label": f"jsonld:{p['field']}", "value": p["value"]}
        for p in products[0]["prices"]
        if p["value"] > 0
    ]
