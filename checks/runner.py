"""Run the registered checks over assembled shops, listings and rooms; no fetching.

Every check runs over every subject of its type (`check(subject, ref)`), and each
whole-database check (`SCOPE = DATABASE_SCOPE`: `check_all(shops, ref)`) once over all shops. A check that raises on
one subject is recorded as an error — check id, subject URL, the exception in one line —
and the rest go on.

With `greenroom check --workers N` the per-subject checks are shared, chunk by chunk, with
forked twins that assembled the same subjects (`toolkit.parallel.Share`); the findings
come back in the same order as from one process.
"""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING

from checks.base import Finding, whole_database
from checks.registry import CHECKS

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from types import ModuleType

    from checks.base import Listing, Reference, Room, Shop
    from toolkit.parallel import Share


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


CHUNK = 2000  # subjects per claimed chunk of per-subject work


def run(
    shops: Iterable[Shop],
    listings: Iterable[Listing],
    rooms: Iterable[Room],
    ref: Reference,
    checks: Iterable[ModuleType] | None = None,
    share: Share | None = None,
    tick: Callable[[int, int], None] | None = None,
) -> tuple[list[tuple[ModuleType, Finding]], list[str]]:
    """All findings as (check module, Finding) pairs, check by check in catalogue order, and
    one error string per failure. With `share` (`toolkit.parallel.Share`), forked twins that
    built the same subjects call `claim` too, and the chunks they did are not done here.
    `tick(subjects, findings)`, when given, hears how many more subjects were checked here
    and how many more findings they gave, as they go."""
    subjects = {"shop": list(shops), "listing": list(listings), "room": list(rooms)}
    checks = list(CHECKS if checks is None else checks)
    paused = gc.isenabled()
    gc.disable()  # millions of subjects are acyclic: cyclic collection would rescan them
    try:
        done = _claim(subjects, ref, checks, share, tick)
        if share is not None:
            for n, (found, failed) in share.results().items():
                done[n] = ([(t[0], Finding(*t[1:])) for t in found], failed)
        found, failed = _run_whole(subjects, ref, checks)
        for n, (kind, start, end) in enumerate(_chunks(subjects)):
            part = done.pop(n, None)  # None: a twin claimed it and died
            if part is None:
                part = _run_per_subject({kind: subjects[kind][start:end]}, ref, checks)
            for i, finding in part[0]:
                found[i].append((checks[i], finding))
            for i, error in part[1]:
                failed[i].append(error)
    finally:
        if paused:
            gc.enable()
    findings = [pair for i in range(len(checks)) for pair in found[i]]
    errors = [error for i in range(len(checks)) for error in failed[i]]
    return findings, errors


def claim(
    shops: Iterable[Shop],
    listings: Iterable[Listing],
    rooms: Iterable[Room],
    ref: Reference,
    share: Share,
) -> dict[int, tuple[list, list]]:
    """In a forked twin: run the per-subject checks over the chunks it claims from `share`;
    {chunk: (findings, errors)} to send back, each finding as a plain tuple (check index,
    subject URL, message, captures, snippet, unjudged), which pickles several times faster."""
    gc.disable()
    subjects = {"shop": list(shops), "listing": list(listings), "room": list(rooms)}
    done = _claim(subjects, ref, list(CHECKS), share)
    return {
        n: (
            [(i, f.subject_url, f.message, f.captures, f.snippet, f.unjudged) for i, f in found],
            failed,
        )
        for n, (found, failed) in done.items()
    }


def unjudged(subject) -> str:
    """Why a check of absence can't judge `subject`: the pages that could carry what it
    looks for and were not read (`url (reason)`, `; `-joined), or "" when every one was."""
    return "; ".join(f"{url} ({reason})" for url, reason in getattr(subject, "unread", ()))


PRICE_UNKNOWN = "the item's price is not shown on the page read (price_unknown)"
# SPEC's reason kinds by the words `unjudged` writes; an error is `error: …`
_KINDS = {"robots": "robots", "off-site": "off_site", "page limit": "page_limit"}


def reasons_of(unjudged_text: str) -> list[str]:
    """The reason of each part of an `unjudged` text (`url (robots); url (error: HTTP 404)`
    -> ["robots", "error: HTTP 404"])."""
    return [p.rsplit(" (", 1)[-1].rstrip(")") for p in unjudged_text.split("; ") if p]


def reason_kind(unjudged_text: str) -> str:
    """The kind of the first reason, as SPEC names them: robots, off_site, page_limit,
    error, not_fetched or price_unknown."""
    why = (reasons_of(unjudged_text) or [""])[0]
    if why.startswith("error"):
        return "error"
    return _KINDS.get(why, why if why == "price_unknown" else "not_fetched")


def price_unknown(module, subject, ref) -> bool:
    """Whether a check that needs the item's price to judge this listing (its module's
    `needs_price(listing, ref)`) found none: the listing is unjudged by it, not cleared."""
    needs = getattr(module, "needs_price", None)
    return needs is not None and subject.offered_price is None and needs(subject, ref)


def _chunks(subjects: dict[str, list]) -> list[tuple[str, int, int]]:
    """(kind, start, end): the per-subject work in numbered chunks, in the subjects' order."""
    return [
        (kind, start, min(start + CHUNK, len(of_kind)))
        for kind, of_kind in subjects.items()
        for start in range(0, len(of_kind), CHUNK)
    ]


def _claim(subjects, ref, checks, share, tick=None) -> dict[int, tuple[list, list]]:
    parts = _chunks(subjects)
    numbers = share.claims(len(parts)) if share is not None else range(len(parts))
    return {
        n: _run_per_subject(
            {parts[n][0]: subjects[parts[n][0]][parts[n][1] : parts[n][2]]}, ref, checks, tick
        )
        for n in numbers
    }


def _run_whole(subjects, ref, checks) -> tuple[dict, dict]:
    """The whole-database checks (`checks.base.whole_database`), in this process."""
    found: dict[int, list] = {i: [] for i in range(len(checks))}
    failed: dict[int, list[str]] = {i: [] for i in range(len(checks))}
    for i, module in enumerate(checks):
        if whole_database(module):
            try:
                found[i] += [(module, f) for f in module.check_all(subjects[module.SUBJECT], ref)]
            except Exception as exc:  # noqa: BLE001 - one broken check must not stop the run
                failed[i].append(f"{module.ID}: (all {module.SUBJECT}s): {_one_line(exc)}")
    return found, failed


TICK_EVERY = 100  # subjects between two calls of `tick`


def _run_per_subject(subjects, ref, checks, tick=None) -> tuple[list, list]:
    """(check index, Finding) and (check index, error) pairs of the per-subject checks.

    Subject by subject, every check over one subject before the next: what the checks
    derive from a subject (its folded words) is computed once and kept for that one only."""
    found, failed = [], []
    told = 0  # findings `tick` heard of

    def tell(n: int) -> None:
        nonlocal told
        tick(n, len(found) - told)
        told = len(found)

    for kind, of_kind in subjects.items():
        per_subject = [
            (i, m) for i, m in enumerate(checks) if kind == m.SUBJECT and not whole_database(m)
        ]
        if not per_subject:
            if tick and of_kind:
                tell(len(of_kind))
            continue
        for n, subject in enumerate(of_kind, 1):
            for i, module in per_subject:
                try:
                    before = len(found)
                    for f in module.check(subject, ref):
                        if getattr(module, "ABSENCE", False):
                            f.unjudged = unjudged(subject)
                        found.append((i, f))
                    if len(found) == before and price_unknown(module, subject, ref):
                        found.append((i, Finding(subject.url, "", unjudged=PRICE_UNKNOWN)))
                except Exception as exc:  # noqa: BLE001 - one broken subject must not stop the run
                    failed.append((i, f"{module.ID}: {subject.url}: {_one_line(exc)}"))
            if tick and n % TICK_EVERY == 0:
                tell(TICK_EVERY)
        if tick and len(of_kind) % TICK_EVERY:
            tell(len(of_kind) % TICK_EVERY)
    return found, failed
