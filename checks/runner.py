"""Run the registered checks over assembled shops, listings and rooms; no fetching.

Every check runs over every subject of its type (`check(subject, ref)`), and each
whole-database check (`check_all(shops, ref)`) once over all shops. A check that raises on
one subject is recorded as an error — check id, subject URL, the exception in one line —
and the rest go on.

With `GREENROOM_CHECK_WORKERS` > 1 and above `crawler.parallel.PARALLEL_MIN` subjects, the
per-subject checks run in forked worker processes, one slice of each subject type per
worker; the findings come back in the same order as from one process.
"""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING

from checks.registry import CHECKS
from crawler import parallel
from crawler.parallel import workers_for

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
    workers: int | None = None,
) -> tuple[list[tuple[ModuleType, Finding]], list[str]]:
    """All findings as (check module, Finding) pairs, and one error string per failure."""
    return start(shops, listings, rooms, ref, checks, workers).result()


def start(
    shops: Iterable[Shop],
    listings: Iterable[Listing],
    rooms: Iterable[Room],
    ref: Reference,
    checks: Iterable[ModuleType] | None = None,
    workers: int | None = None,
    *,
    also: list[tuple] = (),
) -> Running:
    """Start the checks (in forked workers above `PARALLEL_MIN` subjects) and return at once;
    `.result()` gives what `run()` returns, and meanwhile this process may store and index.
    `also`: other jobs `(fn, args)` for the same workers, done first (`.also(k)`)."""
    subjects = {"shop": list(shops), "listing": list(listings), "room": list(rooms)}
    checks = list(CHECKS if checks is None else checks)
    if workers is None:
        workers = workers_for(sum(map(len, subjects.values())))
    return Running(subjects, ref, checks, workers, list(also))


class Running:
    """Checks started by `start()`: the per-subject ones may be running in workers."""

    def __init__(self, subjects, ref, checks, workers: int, also: list[tuple]) -> None:
        global _JOB
        self.subjects, self.ref, self.checks, self.n_also = subjects, ref, checks, len(also)
        paused = gc.isenabled()
        gc.disable()  # millions of subjects are acyclic: cyclic collection would rescan them
        _JOB = (subjects, ref, checks, workers)
        try:
            self.started = parallel.start([*also, (_slice, range(workers))], workers)
        finally:
            if workers > 1:
                _JOB = None  # the workers have their copy
            if paused:
                gc.enable()

    def also(self, k: int) -> list:
        """The results of the k-th other job."""
        return self.started.get(k)

    def result(self) -> tuple[list[tuple[ModuleType, Finding]], list[str]]:
        """Wait for the workers; the findings check by check, in catalogue order."""
        global _JOB
        paused = gc.isenabled()
        gc.disable()
        checks = self.checks
        try:
            found, failed = _run_whole(self.subjects, self.ref, checks)
            for part_found, part_failed in self.started.get(self.n_also):
                for i, finding in part_found:
                    found[i].append((checks[i], finding))
                for i, error in part_failed:
                    failed[i].append(error)
        finally:
            self.started.close()
            _JOB = None
            if paused:
                gc.enable()
        findings = [pair for i in range(len(checks)) for pair in found[i]]
        errors = [error for i in range(len(checks)) for error in failed[i]]
        return findings, errors


def _run_whole(subjects, ref, checks) -> tuple[dict, dict]:
    """The whole-database checks (`check_all`), in this process."""
    found: dict[int, list] = {i: [] for i in range(len(checks))}
    failed: dict[int, list[str]] = {i: [] for i in range(len(checks))}
    for i, module in enumerate(checks):
        if hasattr(module, "check_all"):
            try:
                found[i] += [(module, f) for f in module.check_all(subjects[module.SUBJECT], ref)]
            except Exception as exc:  # noqa: BLE001 - one broken check must not stop the run
                failed[i].append(f"{module.ID}: (all {module.SUBJECT}s): {_one_line(exc)}")
    return found, failed


def _run_per_subject(subjects, ref, checks) -> tuple[list, list]:
    """(check index, Finding) and (check index, error) pairs of the per-subject checks.

    Subject by subject, every check over one subject before the next: what the checks
    derive from a subject (its folded words) is computed once and kept for that one only."""
    found, failed = [], []
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
                    found.extend((i, f) for f in module.check(subject, ref))
                except Exception as exc:  # noqa: BLE001 - one broken subject must not stop the run
                    failed.append((i, f"{module.ID}: {subject.url}: {_one_line(exc)}"))
    return found, failed


_JOB: tuple | None = None  # what forked workers read: (subjects, ref, checks, workers)


def _slice(k: int) -> tuple[list, list]:
    subjects, ref, checks, workers = _JOB
    gc.disable()
    part = {}
    for kind, of_kind in subjects.items():
        size = -(-len(of_kind) // workers)  # contiguous slices keep the subjects' order
        part[kind] = of_kind[k * size : (k + 1) * size]
    return _run_per_subject(part, ref, checks)
