"""Rows of (term, positive, near miss) kept beside the lexicon tests, one TOML file a lexicon."""

from __future__ import annotations

import tomllib
import unicodedata
from pathlib import Path

HERE = Path(__file__).parent


def rows(name: str, here: Path = HERE) -> list[dict]:
    """The rows of `<name>.toml`: each has `term`, `positive` and `near_miss`."""
    with (here / f"{name}.toml").open("rb") as f:
        return tomllib.load(f)["row"]


def ids(table: list[dict]) -> list[str]:
    return [row["term"] for row in table]


def missing_and_extra(terms, table: list[dict]) -> tuple[list[str], list[str]]:
    """Terms of the lexicon without a row, and rows without a term (both compared folded)."""
    listed = {unicodedata.normalize("NFKC", t) for t in terms}
    tested = {unicodedata.normalize("NFKC", r["term"]) for r in table}
    return sorted(listed - tested), sorted(tested - listed)


def found(text: str, name: str, masks: str | None = None, **kw) -> list[str]:
    """The terms of lexicon `name` a check reads as asserted in `text` (checks.text.scan: the
    masks applied, negated, prohibited, warned and quoted hits dropped)."""
    from checks.text import scan

    return [hit.term for _, _, hit in scan([("描述", text)], name, masks, **kw)]


def masked_here(row: dict, name: str, masks: str) -> tuple[list[str], list[str]]:
    """For a mask row: the masks found in its positive, and what lexicon `name` still finds."""
    from checks.terms import find_terms

    return [h.term for h in find_terms(row["positive"], masks)], found(row["positive"], name, masks)


def lexicon_tests(name: str, masks: str) -> tuple:
    """The tests of a lexicon read with its masks (checks.text.scan), one per row of
    `<name>.toml` and `<masks>.toml`: a positive is found, a near miss is not; a mask covers its
    plain use and leaves a claim beside it; every term of both lexicons has a row."""
    import pytest

    from checks.terms import lexicon

    terms, mask_rows = rows(name), rows(masks)
    each_term = pytest.mark.parametrize("row", terms, ids=ids(terms))
    each_mask = pytest.mark.parametrize("row", mask_rows, ids=ids(mask_rows))

    @each_term
    def found_where_asserted(row):
        assert row["term"] in found(row["positive"], name, masks)

    @each_term
    def near_miss_not_found(row):
        assert found(row["near_miss"], name, masks) == []

    @each_mask
    def mask_covers_its_plain_use(row):
        covered, left = masked_here(row, name, masks)
        assert row["term"] in covered
        assert left == []

    @each_mask
    def claim_beside_the_mask_still_found(row):
        assert found(row["near_miss"], name, masks)

    @pytest.mark.parametrize("lexicon_name, table", [(name, terms), (masks, mask_rows)])
    def every_term_has_a_row(lexicon_name, table):
        assert missing_and_extra(lexicon(lexicon_name), table) == ([], [])

    return (
        found_where_asserted,
        near_miss_not_found,
        mask_covers_its_plain_use,
        claim_beside_the_mask_still_found,
        every_term_has_a_row,
    )
