"""Findings as an Excel workbook (`greenroom findings --format xlsx --out FILE`).

One sheet, Chinese column titles, the header row frozen and filtered, each finding linked to
its page in `greenroom serve` and to its first capture there. Captured text is never a
formula: a cell beginning with `=`, `+`, `-` or `@` is stored as text (and marked with
Excel's quote prefix, so that editing it keeps it text).
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from greenroom.words import FINDING_STATUS, SEVERITY, SUBJECT
from toolkit.output import formula_guard

SHEET = "发现的问题"
UI_URL = "http://127.0.0.1:8001"  # `greenroom serve`'s default address
MAX_CELL = 32_767  # Excel's limit on the characters of one cell
MAX_LINK = 2_000  # Excel ignores longer hyperlinks
# (title, width, the value of a finding row, the link of a finding row given the UI's URL)
COLUMNS = [
    ("发现编号", 10, lambda r: r["id"], None),
    ("检查项", 30, lambda r: r["check_id"], None),
    ("严重程度", 9, lambda r: SEVERITY.get(r["severity"], r["severity"]), None),
    ("对象类型", 9, lambda r: SUBJECT.get(r["subject_type"], r["subject_type"]), None),
    ("对象网址", 45, lambda r: r["subject_url"], lambda r, ui: r["subject_url"]),
    ("状态", 8, lambda r: FINDING_STATUS.get(r["status"], r["status"]), None),
    ("首次发现（UTC）", 22, lambda r: r["first_seen"], None),
    ("最后发现（UTC）", 22, lambda r: r["last_seen"], None),
    ("发现说明", 60, lambda r: r["message"], None),
    ("证据摘录", 40, lambda r: r["snippet"], None),
    ("证据页", 10, lambda r: "打开", lambda r, ui: f"{ui}/-/finding/{r['id']}"),
    (
        "采集原件",
        12,
        lambda r: f"采集 #{r['evidence'][0]}" if r["evidence"] else "",
        lambda r, ui: f"{ui}/-/capture/{r['evidence'][0]}" if r["evidence"] else None,
    ),
]
LINK = Font(color="0563C1", underline="single")


def cell(ws, value, target: str | None = None) -> WriteOnlyCell:
    """A cell holding `value`, linked to `target` (web links only); text is cleaned of
    characters Excel refuses, cut to its limit, and stored as text even when it looks like
    a formula."""
    if value is None or isinstance(value, int | float):
        out = WriteOnlyCell(ws, value)
    else:
        text = ILLEGAL_CHARACTERS_RE.sub(" ", str(value))[:MAX_CELL]
        out = WriteOnlyCell(ws, text)
        if formula_guard(text) != text:
            out.data_type = "s"  # openpyxl reads a leading `=` as a formula; this is text
            out.quotePrefix = True
    if target and target.startswith(("http://", "https://")) and len(target) <= MAX_LINK:
        out.hyperlink = target  # captured URLs: only web links, never javascript: or file:
        out.font = LINK
    return out


def write(rows: list[dict], out: str | Path, *, ui_url: str = UI_URL) -> int:
    """Write findings (as `storage.findings.query` gives them) to `out`; returns the rows."""
    ui = ui_url.rstrip("/")
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(SHEET)
    ws.freeze_panes = "A2"
    last = get_column_letter(len(COLUMNS))
    ws.auto_filter.ref = f"A1:{last}{len(rows) + 1}"
    for i, (_, width, _, _) in enumerate(COLUMNS, 1):
        ws.column_dimensions[get_column_letter(i)].width = width
    header = []
    for title, _, _, _ in COLUMNS:
        head = WriteOnlyCell(ws, title)
        head.font = Font(bold=True)
        head.alignment = Alignment(vertical="center")
        header.append(head)
    ws.append(header)
    for r in rows:
        ws.append([cell(ws, value(r), link and link(r, ui)) for _, _, value, link in COLUMNS])
    wb.save(out)
    return len(rows)
