"""Label/value pairs a page shows as structure (table rows, header-row tables, dl), as facts.

`facts["pairs"]`: `{label, value, row}` for every cell a structure labels: a two-cell row
(`<th>七天无理由退货</th><td>不支持</td>`, or td/td) and the last two cells of a longer
row; each cell of a table under a header row (成交记录: 买家 | 手机 | 地址), the cells of
one row sharing `row`; each `dd` under its `dt`; and the text beside a checkbox, labelled
`勾选确认` (what a buyer confirms by ticking it). Platform chrome (header, footer, nav) is
left out. Running text's `label：value` pairs are not repeated here: they read as sentences.
"""

from __future__ import annotations

import itertools
import re

from crawler.extract.links import chrome_test
from crawler.extract.text import Inherited, fold, is_head, row_cells, table_rows, tables, text_of

MAX_PAIRS, MAX_VALUE = 300, 200
_WS = re.compile(r"\s+")


_BLOCKS = ("li", "p", "div")
_MARKS = frozenset("✗✘✕✖×❌✓✔√")  # a verdict drawn as a mark (✗ 七天无理由退货)
_NOT_LABELS = frozenset(("a", "img", "input", "h1", "h2", "h3", "h4", "h5", "h6"))


def _labelled_blocks(root, aside):
    """[(label, value)] for the lists and boxes whose blocks each read `label value`
    from their own elements: a short first element naming what the rest of the block says
    (`<li><b>退换</b><i>不支持</i></li>`, `<p><span>收货人</span>王建国</p>`), or a mark
    before it (`<li><i>✗</i>七天无理由退货</li>`, read as 七天无理由退货 | ✗)."""
    seen: set = set()  # parents read once: a long list is not read again for each block
    for block in root.iter(*_BLOCKS):
        parent = block.getparent()
        if parent is None or parent in seen or aside(block):
            continue
        seen.add(parent)
        found = [  # (most blocks read as no pair: asked before where they sit)
            pair
            for child in parent
            if (pair := _block_pair(child)) is not None and not aside(child)
        ]
        if found:
            yield found


def _block_pair(block) -> tuple[str, str] | None:
    if block.get("role"):
        return None  # an ARIA row or cell is read as part of its grid (_table)
    own = (block.text or "").strip()
    if block.tag in _BLOCKS and not len(block) and own[:1] in _MARKS and len(own) <= 20:
        return _cell(block)[1:].strip(), own[
            0
        ]  # <li>✕ 七天无理由退货</li>: its mark is its verdict
    if block.tag not in _BLOCKS or own or not 1 <= len(block) <= 3:
        return None
    first = block[0]
    if len(first) or first.tag in _BLOCKS or first.tag in _NOT_LABELS:
        return None  # a heading over a section (<h3>看了又看</h3><ul>…) is no label
    if _link_list(block[1:]):
        return None  # a menu row (医药健康: 医疗器械 理疗仪 治疗仪 …) names other pages
    label = _cell(first)
    rest = fold((first.tail or "") + "".join(text_of(c) + (c.tail or "") for c in block[1:]))
    value = _WS.sub(" ", rest).strip(" :：")[:MAX_VALUE]
    if not label or not value or len(label) > 8:
        return None
    return (value, label) if label in _MARKS else (label, value)


def _link_list(elements) -> bool:
    """Whether these elements are mostly a row of three or more links."""
    anchors = [a for el in elements for a in el.iter("a")]
    if len(anchors) < 3:
        return False
    linked = sum(len(text_of(a).strip()) for a in anchors)
    return linked >= 0.7 * sum(len(text_of(el).strip()) for el in elements)


def _cell(el) -> str:
    return _WS.sub(" ", fold(text_of(el))).strip(" :：")[:MAX_VALUE]


def _cells(tr) -> list:
    return row_cells(tr)


def _table(table, row: int, out: list[dict]) -> int:
    rows = [tr for tr in table_rows(table) if _cells(tr)]
    heads, ranks = [], 0
    if len(rows) > 1 and _all_th(rows[0]) and _all_th(rows[1]):
        ranks = sum(1 for _ in itertools.takewhile(_all_th, rows))  # header rows over rows
        heads = _column_heads(rows[:ranks])
        rows = rows[ranks:]
    elif rows and _all_th(rows[0]) and len(_cells(rows[0])) >= 2:
        heads = [_cell(c) for c in _cells(rows.pop(0))]
    for tr in rows:
        cells = [_cell(c) for c in _cells(tr)]
        row += 1
        if ranks and len(cells) >= 2 and is_head(_cells(tr)[0]):
            # a row header under a header of two or more rows: 七天无理由退货 已拆封 | 不支持
            out += [
                {"label": f"{cells[0]} {head}".strip(), "value": value, "row": row}
                for head, value in _under(tr, heads)
                if value
            ]
        elif heads and len(cells) == len(heads):
            out += [
                {"label": h, "value": v, "row": row} for h, v in zip(heads, cells, strict=True) if v
            ]
        elif len(cells) >= 2 and cells[-1] and cells[-2]:
            out.append({"label": cells[-2], "value": cells[-1], "row": row})
    return row


def _all_th(tr) -> bool:
    return all(is_head(c) for c in _cells(tr))


def _span(cell, name: str) -> int:
    try:
        return max(1, min(int(cell.get(name) or 1), 50))
    except ValueError:
        return 1


def _under(tr, heads: list[str]):
    """(column heading, text) of each cell after the row header; a cell spanning several
    columns has no one heading."""
    cells = _cells(tr)
    col = len(heads) - sum(_span(c, "colspan") for c in cells)  # columns a rowspan above fills
    col += _span(cells[0], "colspan")
    for c in cells[1:]:
        wide = _span(c, "colspan")
        yield (heads[col] if wide == 1 and 0 <= col < len(heads) else ""), _cell(c)
        col += wide


def _column_heads(head_rows) -> list[str]:
    """Each column's heading under header rows with rowspan/colspan: the lowest cell over it
    (商品状态 › 已拆封 → 已拆封), columns a rowspan fills keeping their upper cell."""
    grid: dict[tuple[int, int], str] = {}
    for r, tr in enumerate(head_rows):
        col = 0
        for c in _cells(tr):
            while (r, col) in grid:
                col += 1
            for dr in range(_span(c, "rowspan")):
                for dc in range(_span(c, "colspan")):
                    grid.setdefault((r + dr, col + dc), _cell(c))
            col += _span(c, "colspan")
    width = max((c for _, c in grid), default=-1) + 1
    last = len(head_rows) - 1
    return [grid.get((last, c), "") for c in range(width)]


def structure_pairs(root, skip=frozenset()) -> list[dict]:
    """The page's structural label/value pairs (see the module docstring), in order; none
    from inside `skip` (the site's chrome, other goods' cards, reviews and recommendations)."""
    out: list[dict] = []
    if root is None:
        return out

    in_chrome = chrome_test()
    skipped = Inherited(lambda el, above: above or el in skip, False)

    def aside(el) -> bool:
        return in_chrome(el) or bool(skip) and skipped[el]

    row = 0
    for table in tables(root):
        if not aside(table) and not any(t is not table for t in tables(table)):
            row = _table(table, row, out)
    for dl in root.iter("dl"):
        if aside(dl):
            continue
        label = ""
        for el in dl.iter("dt", "dd"):
            if el.tag == "dt":
                label, row = _cell(el), row + 1
            elif label and not _link_list([el]) and (value := _cell(el)):
                out.append({"label": label, "value": value, "row": row})
    for found in _labelled_blocks(root, aside):
        row += 1  # the blocks of one list or box are one record (收货人 and 收货地址)
        out += [{"label": label, "value": value, "row": row} for label, value in found]
    for box in root.xpath('//input[translate(@type, "CHECKBOX", "checkbox") = "checkbox"]'):
        holder = next((a for a in box.iterancestors() if a.tag == "label"), box.getparent())
        if holder is not None and not aside(box) and (value := _cell(holder)):
            row += 1
            out.append({"label": "勾选确认", "value": value, "row": row})
    return [p for p in out if p["label"]][:MAX_PAIRS]
