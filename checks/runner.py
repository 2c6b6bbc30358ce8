"""Run the registered checks over assembled shops, listings and rooms; no fetching.

Every check runs over every subject of its type (`check(subject, ref)`), and each
whole-database check (`check_all(shops, ref)`) once over all shops. A check that raises on
one subject is recorded as an error — check id, subject URL, the exception in one line —
and the rest go on.
"""

from __future__ import annotations

import gc
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
    paused = gc.isenabled()
    gc.disable()  # millions of subjects are acyclic: cyclic collection would rescan them all
    try:
        return _run(shops, listings, rooms, ref, CHECKS if checks is None else checks)
    finally:
        if paused:
            gc.enable()


def _run(shops, listings, rooms, ref, checks) -> tuple[list, list[str]]:
    subjects = {"shop": list(shops), "listing": list(listings), "room": list(rooms)}
    checks = list(checks)
    found: dict[int, list[tuple[ModuleType, Finding]]] = {i: [] for i in range(len(checks))}
    failed: dict[int, list[str]] = {i: [] for i in range(len(checks))}
    for i, module in enumerate(checks):
        if hasattr(module, "check_all"):
            try:
                found[i] += [(module, f) for f in module.check_all(subjects[module.SUBJECT], ref)]
            except Exception as exc:  # noqa: BLE001 - one broken check must not stop the run
                failed[i].append(f"{module.ID}: (all {module.SUBJECT}s): {_one_line(exc)}")
    # Subject by subject, every check over one subject before the next: what the checks
    # derive from a subject (its folded words) is computed once and kept for that one only.
    for kind, of_kind in subjects.items():
        per_subject = [
            (i, m)
            for i, m in enumerate(checks)
            if kind == m.SUBJECT and not hasattr(m, "check_all")
        ]
        if not per_subject:
            continue
        for subject in of_kind:
            for i, module in per_subject:
                try:
                    for f in module.check(subject, ref):
                        found[i].append((module, f))
                except Exception as exc:  # noqa: BLE001 - one broken subject must not stop the run
                    failed[i].append(f"{module.ID}: {subject.url}: {_one_line(exc)}")
    # reported check by check, in catalogue order
    findings = [pair for i in range(len(checks)) for pair in found[i]]
    errors = [error for i in range(len(checks)) for error in failed[i]]
    return findings, errors
