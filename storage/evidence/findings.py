"""The bundle's `findings.json` and `findings.csv` (FINDING_FIELDS; CSV cells never start a
formula)."""

from __future__ import annotations

import csv
import json
from typing import TYPE_CHECKING

from storage.evidence.format import FINDING_FIELDS, FINDINGS_CSV, FINDINGS_JSON
from toolkit.output import formula_guard

if TYPE_CHECKING:
    from pathlib import Path


def _csv_cell(value) -> str:
    if isinstance(value, list | dict):
        value = json.dumps(value, ensure_ascii=False)
    return formula_guard("" if value is None else str(value))


def write_findings(findings: list[dict], out_dir: Path) -> None:
    rows = [{k: f.get(k) for k in FINDING_FIELDS} for f in findings]
    (out_dir / FINDINGS_JSON).write_text(
        json.dumps(rows, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    with open(out_dir / FINDINGS_CSV, "w", newline="", encoding="utf-8-sig") as fh:
        writer = csv.writer(fh)
        writer.writerow(FINDING_FIELDS)
        for r in rows:
            writer.writerow([_csv_cell(r[k]) for k in FINDING_FIELDS])
