"""Every marker of a drug or medical device (medical_exempt: 广告法 第十六条) with a listing that
presents itself as one and a near miss that must not (rows in
tests/checks/lexicons/medical_exempt.toml), read as listing.medical_claim reads them."""

import pytest

from checks.base import Listing
from checks.listing.medical_claim import is_drug_or_device
from checks.terms import lexicon
from tests.checks.lexicons.rows import found, ids, missing_and_extra, rows

ROWS = rows("medical_exempt")


def presents_as_drug_or_device(text: str) -> bool:
    return is_drug_or_device(Listing(url="http://shop.test/item/1", title=text))


@pytest.mark.parametrize("row", ROWS, ids=ids(ROWS))
def test_a_drug_or_device_is_known_by_its_marker(row):
    assert presents_as_drug_or_device(row["positive"])
    assert row["term"] in found(row["positive"], "medical_exempt", "medical_not")


@pytest.mark.parametrize("row", ROWS, ids=ids(ROWS))
def test_the_near_miss_is_no_drug_or_device(row):
    assert not presents_as_drug_or_device(row["near_miss"])


def test_every_term_has_a_row():
    assert missing_and_extra(lexicon("medical_exempt"), ROWS) == ([], [])
