"""Precision, recall and F1 per check against a ground-truth labels file."""

from __future__ import annotations

import json
from pathlib import Path

from crawler.config import ConfigError


def load_labels(path: str | Path) -> list[dict]:
    """Labels: a JSON list of {subject_type, subject_url, fires: [check ids]}."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(path, None, "no such labels file") from None
    except json.JSONDecodeError as exc:
        raise ConfigError(path, exc.lineno, f"malformed JSON: {exc.msg}") from None
    if not isinstance(data, list) or not all(
        isinstance(x, dict) and "subject_url" in x and isinstance(x.get("fires"), list)
        for x in data
    ):
        raise ConfigError(path, None, "expected a list of {subject_url, fires: [...]} objects")
    return data


def evaluate(findings: list[dict], labels: list[dict], check_ids: list[str]) -> list[dict]:
    """One row per check id (and `micro`): tp, fp, fn, precision, recall, f1.

    Open findings are what greenroom says fires; labels say what must fire."""
    expected = {(c, x["subject_url"]) for x in labels for c in x["fires"]}
    got = {(f["check_id"], f["subject_url"]) for f in findings if f["status"] == "open"}
    rows = []
    for check_id in check_ids:
        exp = {k for k in expected if k[0] == check_id}
        out = {k for k in got if k[0] == check_id}
        rows.append(_scores(check_id, len(exp & out), len(out - exp), len(exp - out)))
    tp = sum(r["tp"] for r in rows)
    rows.append(_scores("micro", tp, sum(r["fp"] for r in rows), sum(r["fn"] for r in rows)))
    return rows


def _scores(check_id: str, tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else (1.0 if not fn else 0.0)
    r = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "check_id": check_id,
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "precision": round(p, 3),
        "recall": round(r, 3),
        "f1": round(f1, 3),
    }


def misses(findings: list[dict], labels: list[dict]) -> list[dict]:
    """The false positives and false negatives, for a closer look."""
    expected = {(c, x["subject_url"]) for x in labels for c in x["fires"]}
    got = {(f["check_id"], f["subject_url"]) for f in findings if f["status"] == "open"}
    return [{"kind": "fp", "check_id": c, "subject_url": u} for c, u in sorted(got - expected)] + [
        {"kind": "fn", "check_id": c, "subject_url": u} for c, u in sorted(expected - got)
    ]
