"""The check catalogue's data: each check's severity, legal basis and Chinese title and
summary, read from `checks/data/catalogue.toml`, in the order checks are listed.

A check's id is its module's path (`checks.listing.absolute_claim` is
`listing.absolute_claim`), so it is written nowhere else; its module declares its row with

    ID, SUBJECT, SEVERITY, BASIS, TITLE_ZH, SUMMARY_ZH = declared(__name__)
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

CATALOGUE = Path(__file__).parent / "data" / "catalogue.toml"
SEVERITIES = ("high", "medium", "low")
FIELDS = ("severity", "basis", "title_zh", "summary_zh")


@cache
def rows() -> dict[str, dict[str, str]]:
    """Every check's row by id, in catalogue order."""
    with CATALOGUE.open("rb") as f:
        data = tomllib.load(f)
    for check_id, row in data.items():
        missing = [field for field in FIELDS if not str(row.get(field, "")).strip()]
        if missing or row["severity"] not in SEVERITIES:
            problem = f"lacks {', '.join(missing)}" if missing else f"severity {row['severity']!r}"
            raise ValueError(f"{CATALOGUE}: [{check_id!r}] {problem}")
    return data


def check_id(module_name: str) -> str:
    """`checks.listing.absolute_claim` -> `listing.absolute_claim`."""
    return module_name.removeprefix("checks.")


def declared(module_name: str) -> tuple[str, str, str, str, str, str]:
    """ID, SUBJECT, SEVERITY, BASIS, TITLE_ZH, SUMMARY_ZH of the check module named so."""
    ident = check_id(module_name)
    try:
        row = rows()[ident]
    except KeyError:
        raise KeyError(f"check {ident!r} has no table in {CATALOGUE}") from None
    subject = ident.split(".", 1)[0]
    return ident, subject, *(row[field] for field in FIELDS)  # type: ignore[return-value]
