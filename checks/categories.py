"""Which permit a listing's goods need, and whether a shop shows one (lexicons permit_*).

Kinds: `food` (食品经营许可证 or 仅销售预包装食品备案), `device` (class II/III medical devices:
经营备案 or 经营许可证), `drug` (药品经营许可证). A listing's fields are read from the most
specific to the most general — category, the breadcrumb's last step, title, claims, then the
breadcrumb's earlier steps — and the first field that names goods of a kind, or goods that
need no permit (edible farm produce, class I devices), decides.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from checks.terms import DATA, Hit, find_terms
from checks.text import fold, may_mention, shown

if TYPE_CHECKING:
    from checks.base import Disclosure, Listing, Shop

KINDS = {
    "food": ("食品", "食品经营许可证或仅销售预包装食品备案凭证"),
    "device": ("第二类、第三类医疗器械", "医疗器械经营许可证或第二类医疗器械经营备案凭证"),
    "drug": ("药品", "药品经营许可证"),
}


def listing_fields(listing: Listing) -> list[tuple[str, str]]:
    """(where, text) pairs of a listing, most specific first."""
    crumbs = [c for c in listing.breadcrumb if c.strip()]
    fields = [("类目", listing.category)]
    if crumbs:
        fields.append(("类目导航", crumbs[-1]))
    fields.append(("标题", listing.title))
    fields += [("卖点", claim) for claim in listing.claims]
    fields += [("类目导航", crumb) for crumb in reversed(crumbs[:-1])]
    return [(where, text) for where, text in fields if text and text.strip()]


@cache
def _has_lexicon(name: str) -> bool:
    return (DATA / f"{name}.txt").exists()


def kind_hit(listing: Listing, kind: str) -> tuple[str, str, Hit] | None:
    """(where, text, hit) when the listing sells goods of `kind` that need a permit."""
    exempt_lexicon = f"permit_{kind}_exempt"
    if not may_mention(listing, f"permit_{kind}"):
        return None  # no word names goods of the kind
    has_exempt = _has_lexicon(exempt_lexicon)
    fields = listing_fields(listing)
    for where, text in fields:
        needs = find_terms(text, f"permit_{kind}", masks="permit_not")
        exempt = find_terms(text, exempt_lexicon, masks="permit_not") if has_exempt else []
        # "水果干" names processed food although it contains "水果" (farm produce).
        exempt = [
            e for e in exempt if not any(n.start <= e.start and e.end <= n.end for n in needs)
        ]
        if exempt:
            return None
        if needs:
            return where, text, needs[0]
    return None


def permit_kinds(disclosure: Disclosure) -> set[str]:
    """The kinds a shown permit or filing names (empty: it names none, e.g. "许可证编号")."""
    text = fold(f"{disclosure.label} {disclosure.value}")
    return {kind for kind in KINDS if find_terms(text, f"permit_shown_{kind}")}


def shows_permit(shop: Shop, kind: str) -> bool:
    """Whether the shop shows a permit or filing for `kind` (one naming no kind counts too)."""
    for disclosure in shown([*shop.permits, *shop.filings]):
        kinds = permit_kinds(disclosure)
        if not kinds or kind in kinds:
            return True
    return False
