"""Reference files the checks read: brands.csv, green_registry.csv, and the shipped defaults.

`brands.csv`: `brand,aliases,reference_price[,source]` — aliases separated by `|`,
reference_price the lowest normal retail price of a genuine item in CNY.
`green_registry.csv`: `room_url,operator,valid_until` (ISO date, inclusive).
A bad file raises `ReferenceFileError` naming the file, the line and the problem.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
from pathlib import Path

from checks.base import Reference
from checks.terms import DATA
from checks.text import fold
from toolkit.urls import url_identity

DEFAULT_BRANDS = DATA / "brands.csv"
DEFAULT_GREEN_REGISTRY = DATA / "green_registry.csv"


class ReferenceFileError(ValueError):
    """A reference file is missing or malformed: `.path`, `.line` (0: the whole file), `.problem`."""

    def __init__(self, path: str | Path, line: int, problem: str) -> None:
        self.path = str(path)
        self.line = line
        self.problem = problem
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.problem}"


def _rows(path: str | Path, required: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    """The data rows of a CSV file with their line numbers, after checking its header."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ReferenceFileError(path, 0, "file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ReferenceFileError(path, 0, f"cannot read: {exc}") from None
    reader = csv.DictReader(text.splitlines())
    header = [(name or "").strip() for name in reader.fieldnames or []]
    missing = [name for name in required if name not in header]
    if missing:
        raise ReferenceFileError(path, 1, f"missing column(s): {', '.join(missing)}")
    reader.fieldnames = header
    rows = []
    for row in reader:
        if row.get(None):
            problem = f"more fields than the header's {len(header)} (an unquoted comma?)"
            raise ReferenceFileError(path, reader.line_num, problem)
        values = {k: (v or "").strip() for k, v in row.items() if k}
        if any(values.values()) and not values.get(required[0], "").startswith("#"):
            rows.append((reader.line_num, values))
    return rows


def load_brands(path: str | Path) -> list[dict]:
    """Brands from a CSV file: `[{brand, aliases: [..], reference_price: float, source}]`.

    A brand named twice (compared width-, case- and space-folded) is an error: which price holds
    would otherwise depend on the order of the lines."""
    brands = []
    seen: dict[str, int] = {}  # folded brand name -> the line that first named it
    for line, row in _rows(path, ("brand", "aliases", "reference_price")):
        if not row["brand"]:
            raise ReferenceFileError(path, line, "empty brand")
        key = " ".join(fold(row["brand"]).casefold().split())
        if key in seen:
            problem = f"duplicate brand {row['brand']!r} (first on line {seen[key]})"
            raise ReferenceFileError(path, line, problem)
        seen[key] = line
        raw = row["reference_price"].replace(",", "")
        try:
            price = float(raw)
        except ValueError:
            problem = f"reference_price {row['reference_price']!r} is not a number"
            raise ReferenceFileError(path, line, problem) from None
        if not math.isfinite(price) or price <= 0:
            problem = f"reference_price {row['reference_price']!r} must be a positive number"
            raise ReferenceFileError(path, line, problem)
        aliases = [a.strip() for a in row["aliases"].split("|") if a.strip()]
        brands.append(
            {
                "brand": row["brand"],
                "aliases": aliases,
                "reference_price": price,
                "source": row.get("source", ""),
            }
        )
    return brands


def load_green_registry(path: str | Path) -> dict[str, dict]:
    """Certified rooms keyed by canonical room URL: `{url: {room_url, operator, valid_until}}`."""
    registry = {}
    for line, row in _rows(path, ("room_url", "operator", "valid_until")):
        if not row["room_url"]:
            raise ReferenceFileError(path, line, "empty room_url")
        try:
            dt.date.fromisoformat(row["valid_until"])
        except ValueError:
            problem = f"valid_until {row['valid_until']!r} is not an ISO date (YYYY-MM-DD)"
            raise ReferenceFileError(path, line, problem) from None
        registry[url_identity(row["room_url"])] = {
            "room_url": row["room_url"],
            "operator": row["operator"],
            "valid_until": row["valid_until"],
        }
    return registry


def load_reference(
    brands: str | Path | None = None,
    green_registry: str | Path | None = None,
    today: str | dt.date | None = None,
) -> Reference:
    """A Reference from the given files, falling back to the shipped defaults."""
    when = today or dt.date.today()
    return Reference(
        brands=load_brands(brands or DEFAULT_BRANDS),
        green_registry=load_green_registry(green_registry or DEFAULT_GREEN_REGISTRY),
        today=when if isinstance(when, str) else when.isoformat(),
    )


def default_reference(today: str | dt.date | None = None) -> Reference:
    """The shipped brands.csv and green_registry.csv, as of `today` (default: the local date)."""
    return load_reference(today=today)
