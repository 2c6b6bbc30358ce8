"""Shared text helpers: folding, lexicon matching with masks, canonical URLs."""

import pytest

from checks.terms import find_terms, lexicon
from checks.text import fold, fold_name


def test_fold_turns_full_width_into_half_width():
    assert fold("ＪＹ１２３：（ａ）") == "JY123:(a)"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("杭州小王茶业（集团）有限公司", "杭州小王茶业(集团)有限公司"),
        ("杭州小王茶业【集团】有限公司", "杭州小王茶业 (集团) 有限公司"),
        ("ＡＢＣ 贸易", "abc贸易"),
    ],
)
def test_fold_name_makes_forms_comparable(a, b):
    assert fold_name(a) == fold_name(b)


def test_lexicons_are_read_once_with_comments_removed():
    terms = lexicon("counterfeit")
    assert "高仿" in terms and "A货" in terms
    assert not any("#" in t for t in terms)
    assert lexicon("counterfeit") is terms


def test_masks_hide_exceptions_and_positions_refer_to_the_original():
    text = "第一次购买，全网第一"
    hits = find_terms(text, "absolute", masks="absolute_not")
    assert [(h.matched, h.start) for h in hits] == [("全网第一", 6)]


def test_latin_terms_do_not_match_inside_words():
    assert find_terms("NO.1好茶", "absolute")
    assert not find_terms("NO.12 号", "absolute")
