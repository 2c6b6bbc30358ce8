"""The check catalogue: one line per check module, its id is stable.

A new check is its module, one line here and its test (`tests/checks/test_<subject>_<name>.py`).
"""

from __future__ import annotations

import inspect
from types import ModuleType

from checks.listing import (
    absolute_claim,
    buyer_data_exposed,
    counterfeit_signal,
    fictitious_original_price,
    food_waste_promotion,
    medical_claim,
    returns_refused,
)
from checks.room import food_waste_promotion as room_food_waste_promotion
from checks.room import (
    green_badge_unverified,
    host_unverified,
    metrics_inconsistent,
    seller_undisclosed,
)
from checks.shop import (
    contact_missing,
    contact_placeholder,
    identity_mismatch,
    licence_missing,
    licence_shared,
    permit_invalid,
    permit_missing,
    uscc_invalid,
)

CHECKS: list[ModuleType] = [
    licence_missing,  # shop.licence_missing
    uscc_invalid,  # shop.uscc_invalid
    contact_missing,  # shop.contact_missing
    contact_placeholder,  # shop.contact_placeholder
    permit_missing,  # shop.permit_missing
    permit_invalid,  # shop.permit_invalid
    identity_mismatch,  # shop.identity_mismatch
    host_unverified,  # room.host_unverified
    seller_undisclosed,  # room.seller_undisclosed
    metrics_inconsistent,  # room.metrics_inconsistent
    green_badge_unverified,  # room.green_badge_unverified
    counterfeit_signal,  # listing.counterfeit_signal
    absolute_claim,  # listing.absolute_claim
    medical_claim,  # listing.medical_claim
    fictitious_original_price,  # listing.fictitious_original_price (needs 7 nights of history)
    returns_refused,  # listing.returns_refused
    food_waste_promotion,  # listing.food_waste_promotion
    room_food_waste_promotion,  # room.food_waste_promotion
    buyer_data_exposed,  # listing.buyer_data_exposed
    licence_shared,  # shop.licence_shared (SCOPE = DATABASE_SCOPE: the whole database)
]

_BY_ID = {module.ID: module for module in CHECKS}


def by_id(check_id: str) -> ModuleType:
    """The check module with this id; KeyError naming the id if there is none."""
    try:
        return _BY_ID[check_id]
    except KeyError:
        raise KeyError(f"no check with id {check_id!r}") from None


def summary(module: ModuleType) -> str:
    """The one-line description: the first line of the module's docstring."""
    return inspect.cleandoc(module.__doc__ or "").splitlines()[0].strip()


def sections(module: ModuleType) -> dict[str, str]:
    """The module docstring's `## Heading` sections by heading (What it does, Why it
    matters, Legal basis, Known problems, Example, …), each text stripped."""
    found: dict[str, list[str]] = {}
    lines: list[str] = []
    for line in inspect.cleandoc(module.__doc__ or "").splitlines():
        if line.startswith("## "):
            lines = found.setdefault(line[3:].strip(), [])
        else:
            lines.append(line)
    return {heading: "\n".join(text).strip() for heading, text in found.items()}


def documentation(module: ModuleType) -> str:
    """A check's documentation as `greenroom checks ID` prints it (as `ruff rule` does): the
    id, subject, severity and legal basis; the regulator's title and summary (the line a
    bundle's report shows as the rule); then the docstring: what it does, why it matters,
    the legal basis in full, known problems, examples."""
    return (
        f"{module.ID}  ({module.SUBJECT}, {module.SEVERITY}; {module.BASIS})\n"
        f"{rule_line(module)}\n\n{inspect.cleandoc(module.__doc__ or '')}"
    )


def rule_line(module: ModuleType) -> str:
    """`title：summary` in Chinese: the rule as a report names it."""
    return f"{module.TITLE_ZH}：{module.SUMMARY_ZH}"


def catalogue() -> list[dict]:
    """Every check as `{id, subject, severity, basis, summary, doc, title, summary_zh, rule,
    why}`, in registry order; `title`, `summary_zh` and `rule` are what a regulator reads
    (Chinese), `why` is the docstring's "Why it matters"."""
    return [
        {
            "id": module.ID,
            "subject": module.SUBJECT,
            "severity": module.SEVERITY,
            "basis": module.BASIS,
            "summary": summary(module),
            "doc": inspect.cleandoc(module.__doc__ or ""),
            "title": module.TITLE_ZH,
            "summary_zh": module.SUMMARY_ZH,
            "rule": rule_line(module),
            "why": sections(module).get("Why it matters", ""),
        }
        for module in CHECKS
    ]


def rules() -> dict[str, dict]:
    """The catalogue by check id: what a report or the UI shows beside a finding."""
    return {c["id"]: c for c in catalogue()}
