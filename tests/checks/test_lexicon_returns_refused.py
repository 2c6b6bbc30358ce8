"""Every term of the returns_refused lexicon (消费者权益保护法 第二十五条) with a positive and a near
miss (rows in tests/checks/lexicons/returns_refused.toml), read by listing.returns_refused itself
on a T-shirt, which no exemption covers."""

import pytest

from checks.base import Listing
from checks.listing import returns_refused
from checks.terms import lexicon
from checks.text import fold
from tests.checks.lexicons.rows import ids, missing_and_extra, rows

TERMS = rows("returns_refused")


def refusals(text: str, ref) -> list[str]:
    """The refusals the check quotes when a T-shirt's description says `text`."""
    listing = Listing(url="http://shop.test/item/1", title="纯棉T恤 男款", description=text)
    return [s for f in returns_refused.check(listing, ref) for s in f.snippet.split("；")]


@pytest.mark.parametrize("row", TERMS, ids=ids(TERMS))
def test_a_listing_that_refuses_returns_is_found(row, ref):
    assert fold(row["term"]) in [fold(s) for s in refusals(row["positive"], ref)]


@pytest.mark.parametrize("row", TERMS, ids=ids(TERMS))
def test_the_near_miss_is_not_the_listing_refusing(row, ref):
    assert refusals(row["near_miss"], ref) == []


def test_every_term_has_a_row():
    assert missing_and_extra(lexicon("returns_refused"), TERMS) == ([], [])
