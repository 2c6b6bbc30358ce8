"""Run health: small monitors over a finished run's stats, each saying what failed.

In the manner of spidermon's stat monitors: a monitor is a name, the stat it reads, a
threshold setting and a message. A run with any failing monitor is unhealthy: the
summary says why and `greenroom crawl` exits 1.

Settings: GREENROOM_HEALTH_MIN_PAGES, GREENROOM_HEALTH_MAX_ERROR_RATE.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Monitor:
    name: str
    failing: Callable[[dict, dict], str | None]  # (stats, limits) -> message or None


def _pages(stats: dict) -> int:
    return stats.get("greenroom/capture/count", 0)


def _errors(stats: dict) -> int:
    return sum(v for k, v in stats.items() if k.startswith("greenroom/errors/"))


def _error_kinds(stats: dict) -> str:
    kinds = {k.rsplit("/", 1)[-1]: v for k, v in stats.items() if k.startswith("greenroom/errors/")}
    return ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items()))


def too_few_pages(stats, limits):
    if _pages(stats) < limits["min_pages"]:
        why = f"; crawl errors: {_error_kinds(stats)}" if _errors(stats) else ""
        return f"only {_pages(stats)} pages captured (at least {limits['min_pages']} expected){why}"
    return None


def error_rate(stats, limits):
    pages, errors = _pages(stats), _errors(stats)
    if pages and errors / pages > limits["max_error_rate"]:
        return (
            f"error rate {errors / pages:.0%} ({errors} of {pages} pages) "
            f"above {limits['max_error_rate']:.0%}"
        )
    return None


def rooms_not_rendered(stats, limits):
    detected = stats.get("greenroom/render/detected", 0)
    rendered = stats.get("greenroom/render/rendered", 0)
    if stats.get("greenroom/render/browser_missing"):
        return f"{detected} rooms found but no browser could start (apt-get install -y chromium)"
    if detected and not rendered:
        return f"{detected} rooms found, none rendered"
    return None


def reference_missing(stats, limits):
    missing = [
        f"{k.split('/')[-1]} ({v})" if isinstance(v, str) else k.split("/")[-1]
        for k, v in sorted(stats.items())
        if k.startswith("greenroom/reference_missing/")
    ]
    if missing:
        return f"reference file unusable, shipped default used instead: {'; '.join(missing)}"
    return None


MONITORS = [
    Monitor("pages", too_few_pages),
    Monitor("errors", error_rate),
    Monitor("rooms", rooms_not_rendered),
    Monitor("reference", reference_missing),
]

DEFAULT_LIMITS = {"min_pages": 1, "max_error_rate": 0.2}


def limits_from(settings: dict) -> dict:
    """Thresholds from GREENROOM_HEALTH_* settings (a dict or Scrapy Settings), else defaults."""
    limits = {}
    if settings.get("GREENROOM_HEALTH_MIN_PAGES") is not None:
        limits["min_pages"] = int(settings.get("GREENROOM_HEALTH_MIN_PAGES"))
    if settings.get("GREENROOM_HEALTH_MAX_ERROR_RATE") is not None:
        limits["max_error_rate"] = float(settings.get("GREENROOM_HEALTH_MAX_ERROR_RATE"))
    return limits


def assess(stats: dict, limits: dict | None = None) -> list[str]:
    """The messages of the monitors that fail for these stats; empty when healthy."""
    limits = {**DEFAULT_LIMITS, **(limits or {})}
    return [f"{m.name}: {msg}" for m in MONITORS if (msg := m.failing(stats, limits))]
