"""The check catalogue: the check modules, in the order of `checks/data/catalogue.toml`.

A new check is its module, its table in `checks/data/catalogue.toml` (severity, basis, Chinese
title and summary) and its test (`tests/checks/test_<subject>_<name>.py`). Its id, the
module's path, is stable.
"""

from __future__ import annotations

import importlib
import inspect
from types import ModuleType

from checks.catalogue import rows

# one module per table of checks/data/catalogue.toml, in its order
CHECKS: list[ModuleType] = [importlib.import_module(f"checks.{check_id}") for check_id in rows()]

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
