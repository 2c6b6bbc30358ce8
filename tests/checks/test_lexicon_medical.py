"""Every term of the medical lexicon (广告法 第十七条, 食品安全法 第七十三条) and of its masks, with a positive and a near
miss each (rows in tests/checks/lexicons/medical*.toml), read by the check's own matching."""

import pytest

from checks.text import lexicon
from tests.checks.lexicons.rows import found, ids, masked_here, missing_and_extra, rows

TERMS, MASKS = rows("medical"), rows("medical_not")


@pytest.mark.parametrize("row", TERMS, ids=ids(TERMS))
def test_a_listing_that_asserts_the_term_is_found(row):
    assert row["term"] in found(row["positive"], "medical", "medical_not")


@pytest.mark.parametrize("row", TERMS, ids=ids(TERMS))
def test_the_near_miss_is_not_a_medical_claim(row):
    assert found(row["near_miss"], "medical", "medical_not") == []


@pytest.mark.parametrize("row", MASKS, ids=ids(MASKS))
def test_the_mask_covers_its_plain_use(row):
    masks, left = masked_here(row, "medical", "medical_not")
    assert row["term"] in masks
    assert left == []


@pytest.mark.parametrize("row", MASKS, ids=ids(MASKS))
def test_a_claim_beside_the_masked_words_is_still_found(row):
    assert found(row["near_miss"], "medical", "medical_not")


@pytest.mark.parametrize("name, table", [("medical", TERMS), ("medical_not", MASKS)])
def test_every_term_has_a_row(name, table):
    assert missing_and_extra(lexicon(name), table) == ([], [])
