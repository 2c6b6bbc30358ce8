"""Precision, recall and F1 per check against a ground-truth labels file."""

from __future__ import annotations

import json
from pathlib import Path

from greenroom.config import ConfigError


def load_labels(path: str | Path, split: str | None = None) -> list[dict]:
    """Labels: a JSON list of {subject_type, subject_url, fires: [check ids]}, or a corpus's
    JSON lines of {id, url, role, price, fires} (corpus/realpages/labels.jsonl: each page's
    `split` comes from pages.jsonl beside it; `split` keeps one split only)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".jsonl":
            data = [_page_label(json.loads(line)) for line in text.splitlines() if line.strip()]
            data = _with_splits(data, path.parent / "pages.jsonl", split)
        else:
            data = json.loads(text)
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


def _page_label(x: dict) -> dict:
    """A corpus page's label as a subject label: its URL (canonical) is the subject's."""
    from toolkit.urls import url_identity

    x = dict(x)
    x["subject_url"] = url_identity(x.get("url") or "")
    x["fires"] = list(x.get("fires") or [])
    return x


def _with_splits(labels: list[dict], pages_path: Path, split: str | None) -> list[dict]:
    splits = {}
    if pages_path.exists():
        for line in pages_path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                page = json.loads(line)
                splits[page.get("id")] = page.get("split")
    for x in labels:
        x.setdefault("split", splits.get(x.get("id")))
    return [x for x in labels if split is None or x.get("split") == split]


def roles_and_prices(db, labels: list[dict]) -> list[dict]:
    """Role accuracy over labelled pages (the role extraction gave each page's URL) and price
    accuracy over labelled listings (the listing's offered price, or unknown, as labelled)."""
    from toolkit.urls import url_identity

    stored = _roles(db)
    prices = {url_identity(u): p for u, p in db.execute("SELECT url, price FROM listings")}
    rows = []
    role_ok = [x for x in labels if x.get("role") and _role_of(stored, x) == x["role"]]
    with_role = [x for x in labels if x.get("role")]
    rows.append(_ratio("role", len(role_ok), len(with_role)))
    listings = [x for x in with_role if x["role"] == "listing" and "price" in x]
    right = [
        x for x in listings if _same_price(prices.get(url_identity(x["subject_url"])), x["price"])
    ]
    rows.append(_ratio("price", len(right), len(listings)))
    return rows


def _roles(db) -> dict[str, str]:
    """Each page's role under the URL it was fetched at (and its declared canonical)."""
    from toolkit.urls import url_identity

    stored = {}
    for url, canonical, role in db.execute(
        "SELECT url, canonical, role FROM pages ORDER BY capture_id"
    ):
        stored.setdefault(canonical, role)
        stored[url_identity(url)] = role
    return stored


def _role_of(stored: dict[str, str], label: dict) -> str | None:
    """The role extraction gave a labelled page, its URL compared by identity."""
    from toolkit.urls import url_identity

    return stored.get(label["subject_url"]) or stored.get(url_identity(label["subject_url"]))


def wrong_roles(db, labels: list[dict]) -> list[dict]:
    stored = _roles(db)
    return [
        {"url": x["subject_url"], "labelled": x["role"], "extracted": _role_of(stored, x)}
        for x in labels
        if x.get("role") and _role_of(stored, x) != x["role"]
    ]


def _same_price(got, labelled) -> bool:
    if labelled in (None, ""):
        return got is None
    try:
        return got is not None and abs(float(got) - float(labelled)) < 0.005
    except (TypeError, ValueError):
        return False


def _ratio(what: str, right: int, of: int) -> dict:
    return {
        "measure": what,
        "right": right,
        "of": of,
        "accuracy": round(right / of, 3) if of else None,
    }


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
