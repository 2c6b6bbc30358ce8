"""Run the registered checks over assembled shops, listings and rooms; no fetching.

Every check runs over every subject of its type (`check(subject, ref)`), and each
whole-database check (`check_all(shops, ref)`) once over all shops. A check that raises on
one subject is recorded as an error — check id, subject URL, the exception in one line —
and the rest go on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from checks.registry import CHECKS

if TYPE_CHECKING:
    from collections.abc import Iterable
    from types import ModuleType

    from checks.base import Finding, Listing, Reference, Room, Shop


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def run(
    shops: Iterable[Shop],
    listings: Iterable[Listing],
    rooms: Iterable[Room],
    ref: Reference,
    checks: Iterable[ModuleType] | None = None,
) -> tuple[list[tuple[ModuleType, Finding]], list[str]]:
    """All findings as (check module, Finding) pairs, and one error string per failure."""
    subjects = {"shop": list(shops), "listing": list(listings), "room": list(rooms)}
    findings: list[tuple[ModuleType, Finding]] = []
    errors: list[str] = []
    for module in CHECKS if checks is None else checks:
        if hasattr(module, "check_all"):
            try:
                findings += [(module, f) for f in module.check_all(subjects[module.SUBJECT], ref)]
            except Exception as exc:  # noqa: BLE001 - one broken check must not stop the run
                errors.append(f"{module.ID}: (all {module.SUBJECT}s): {_one_line(exc)}")
            continue
        for subject in subjects[module.SUBJECT]:
            try:
                findings += [(module, f) for f in module.check(subject, ref)]
            except Exception as exc:  # noqa: BLE001 - one broken subject must not stop the run
                errors.append(f"{module.ID}: {subject.url}: {_one_line(exc)}")
    return findings, errors
