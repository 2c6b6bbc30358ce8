"""The quick tests in front of lexicon matching never hide a hit the term-by-term search finds."""

import re
import unicodedata

import pytest

from checks.base import Listing
from checks.terms import DATA, compiled, find_terms, lexicon
from checks.text import fold_chars, listing_words, may_mention, maybe_any

LEXICONS = sorted(p.stem for p in DATA.glob("*.txt"))


def slow_find_terms(text, name, masks=None):
    """The plain term-by-term search, without any quick test: the reference behaviour."""
    folded = fold_chars(text)
    if masks:
        for _t, rx in compiled(masks):
            folded = rx.sub(lambda m: "\0" * len(m.group(0)), folded)
    hits = sorted(
        ((m.start(), m.end(), t) for t, rx in compiled(name) for m in rx.finditer(folded)),
        key=lambda h: (h[0], -(h[1] - h[0])),
    )
    kept = []
    for start, end, term in hits:
        if end > start and not (kept and start < kept[-1][1]):
            kept.append((start, end, term))
    return kept


def full_width(text):
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def samples(name):
    for term in lexicon(name):
        if term.startswith("re:"):
            continue
        for shown in (term, term.upper(), term.lower(), full_width(term)):
            yield f"前文，{shown}，后文", shown


@pytest.mark.parametrize("name", LEXICONS)
def test_every_term_of_every_lexicon_passes_the_quick_tests(name):
    for text, shown in samples(name):
        expected = [(s, e, t) for s, e, t in slow_find_terms(text, name)]
        assert [(h.start, h.end, h.term) for h in find_terms(text, name)] == expected, shown
        assert maybe_any([text], name), shown
        assert may_mention(Listing("http://x.test/i/1", title=text), name), shown


@pytest.mark.parametrize(
    ("text", "name", "masks"),
    [
        ("预防高血压，降血糖", "medical", "medical_not"),
        ("保健食品不能代替药物治疗疾病", "medical", "medical_not"),
        ("一人吃完 10 斤 大胃王", "food_waste", "food_waste_not"),
        ("第一次购买 全网第一 NO.1", "absolute", "absolute_not"),
        ("LV 高仿 1:1 原单号 12345", "counterfeit", "counterfeit_not"),
        ("ＯＴＣ 非处方药 xOTC", "medical_exempt", None),
    ],
)
def test_hits_with_masks_are_those_of_the_term_by_term_search(text, name, masks):
    got = [(h.start, h.end, h.term) for h in find_terms(text, name, masks)]
    assert got == slow_find_terms(text, name, masks)


def test_a_listings_words_follow_changes_to_the_listing():
    listing = Listing("http://x.test/i/1", title="纯棉T恤")
    assert not may_mention(listing, "medical")
    listing.claims.append("降血糖")
    assert may_mention(listing, "medical")
    listing.title = "ＮＯ．１ 面膜"
    assert "no.1" in listing_words(listing)[1]
    assert unicodedata.normalize("NFKC", "ＮＯ．１") in listing_words(listing)[0]
    assert re.search("降血糖", listing_words(listing)[0])
