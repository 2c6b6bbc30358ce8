"""One emitter for rows: table, json or csv on stdout."""

from __future__ import annotations

import csv
import json
import sys
import unicodedata


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def _cell(value) -> str:
    if isinstance(value, list | dict):
        value = json.dumps(value, ensure_ascii=False)
    text = "" if value is None else str(value)
    return "".join(ch if ch.isprintable() else " " for ch in text)


def formula_guard(text: str) -> str:
    """A CSV cell that a spreadsheet shows as text, never runs as a formula (captured text
    such as `=HYPERLINK(…)` or `@SUM(…)` gets a leading apostrophe)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def table(rows: list[dict], columns: list[str] | None = None, max_width: int = 60) -> str:
    if not rows:
        return "(none)"
    columns = columns or list(rows[0])
    cells = [[_cell(r.get(c))[:max_width] for c in columns] for r in rows]
    widths = [max(_width(c), *(_width(row[i]) for row in cells)) for i, c in enumerate(columns)]

    def line(values):
        return "  ".join(v + " " * (w - _width(v)) for v, w in zip(values, widths, strict=True))

    return "\n".join([line(columns), line(["-" * w for w in widths]), *map(line, cells)])


def emit(rows: list[dict], fmt: str, columns: list[str] | None = None, out=None) -> None:
    """Write rows to stdout as `table`, `json` (an array of objects) or `csv`."""
    out = out or sys.stdout
    if fmt == "json":
        json.dump(rows, out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif fmt == "csv":  # with a UTF-8 BOM, so that Excel reads the Chinese text as such
        columns = columns or (list(rows[0]) if rows else [])
        out.write("\ufeff")
        writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows({k: formula_guard(_cell(r.get(k))) for k in columns} for r in rows)
    else:
        out.write(table(rows, columns) + "\n")
