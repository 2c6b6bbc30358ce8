"""Every term of the counterfeit lexicon (电子商务法 第四十一条至第四十五条) and of its masks, with a positive and a near
miss each (rows in tests/checks/lexicons/counterfeit*.toml), read by the check's own matching."""

import pytest

from checks.text import lexicon
from tests.checks.lexicons.rows import found, ids, masked_here, missing_and_extra, rows

TERMS, MASKS = rows("counterfeit"), rows("counterfeit_not")


@pytest.mark.parametrize("row", TERMS, ids=ids(TERMS))
def test_a_listing_that_asserts_the_term_is_found(row):
    assert row["term"] in found(row["positive"], "counterfeit", "counterfeit_not")


@pytest.mark.parametrize("row", TERMS, ids=ids(TERMS))
def test_the_near_miss_is_not_an_offer_of_a_copy(row):
    assert found(row["near_miss"], "counterfeit", "counterfeit_not") == []


@pytest.mark.parametrize("row", MASKS, ids=ids(MASKS))
def test_the_mask_covers_its_plain_use(row):
    masks, left = masked_here(row, "counterfeit", "counterfeit_not")
    assert row["term"] in masks
    assert left == []


@pytest.mark.parametrize("row", MASKS, ids=ids(MASKS))
def test_a_claim_beside_the_masked_words_is_still_found(row):
    assert found(row["near_miss"], "counterfeit", "counterfeit_not")


@pytest.mark.parametrize("name, table", [("counterfeit", TERMS), ("counterfeit_not", MASKS)])
def test_every_term_has_a_row(name, table):
    assert missing_and_extra(lexicon(name), table) == ([], [])
