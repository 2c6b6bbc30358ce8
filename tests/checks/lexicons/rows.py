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
    from checks.text import find_terms

    return [h.term for h in find_terms(row["positive"], masks)], found(row["positive"], name, masks)
