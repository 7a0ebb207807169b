"""Tables continued over pages (PDF text layers and OCR) joined into one.

The parts of one table are recognised by their frame (column count or outer edges); the header rows a
word processor repeats on each page (or again further down one page) are dropped; a row the page break cut
in two is mended cell by cell, and label cells spanning rows across the break get their rowspan extended.
Where the converter saw the cut (no rule drawn under the last row and over the next part's first row:
``TableItem.cut_bottom`` / ``cut_top``), the row is mended; otherwise the shape of the first row decides
(text in at most half its cells, each under a cell with text, none under the header).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from nianbao.convert.lines import join_wrapped
from nianbao.document import Cell, Table, normalize_line

if TYPE_CHECKING:
    from nianbao.convert.layout import TableItem

_WORD = re.compile(r"[^\W\d_]")  # a letter of any script
_NUMBER = re.compile(r"^[-+]?\d[\d,.]*%?$")

Signature = list[list[tuple[str, int, int]]]


def width(table: Table) -> int:
    return max((len(row) for row in table.grid()), default=0)


def same_frame(prev: TableItem, nxt: TableItem) -> bool:
    """Two parts of one table: same column count, or the same outer edges when both were ruled."""
    if width(prev.table) == width(nxt.table):
        return True
    if not (prev.extents and nxt.extents):
        return False
    left = [min(x[0] for row in t.extents for x in row) for t in (prev, nxt) if t.extents]
    right = [max(x[1] for row in t.extents for x in row) for t in (prev, nxt) if t.extents]
    return abs(left[0] - left[1]) < 3 and abs(right[0] - right[1]) < 3


def respan(items: list[TableItem]) -> None:
    """Recompute colspans of ruled parts against the union of their column edges."""
    edges: list[float] = []
    for x in sorted(x for t in items for row in t.extents or [] for cell in row for x in cell):
        if not edges or x - edges[-1] > 2.0:
            edges.append(x)
    for item in items:
        for row, extents in zip(item.table.rows, item.extents or [], strict=False):
            for cell, (x0, x1) in zip(row, extents, strict=False):
                cell.colspan = max(1, sum(1 for e in edges if x0 + 2 < e < x1 - 2) + 1)


def coverage(table: Table) -> list[list[Cell | None]]:
    """For every grid slot, the printed cell that covers it (spans expanded, ``Table.placements``)."""
    grid: list[list[Cell | None]] = [[] for _ in table.rows]
    for p in table.placements():
        cell = table.rows[p.row][p.index]
        while len(grid) < p.row + p.rowspan:
            grid.append([])
        for target in grid[p.row : p.row + p.rowspan]:
            target.extend([None] * (p.col + p.colspan - len(target)))
            target[p.col : p.col + p.colspan] = [cell] * p.colspan
    return grid


def header_depth(table: Table) -> int:
    """Rows of a table's header: the leading rows without a number, and at least as deep as the first
    row's tallest cell; none when the first row holds no words (a row of numbers is no header)."""
    if not table.rows or not any(_WORD.search(normalize_line(c.text)) for c in table.rows[0]):
        return 0
    wordy = next(
        (i for i, row in enumerate(table.rows) if any(_is_number(c.text) for c in row)), len(table.rows)
    )
    return min(len(table.rows), max(wordy, *(max(1, c.rowspan) for c in table.rows[0])))


def _is_number(text: str) -> bool:
    return bool(_NUMBER.match(normalize_line(text)))


def _signature(rows: list[list[Cell]]) -> Signature:
    return [[(normalize_line(c.text), c.rowspan, c.colspan) for c in row] for row in rows]


def drop_repeated_headers(item: TableItem) -> int:
    """Remove, further down the table, blocks of rows that print its header again; count them."""
    depth = header_depth(item.table)
    rows = item.table.rows
    if depth == 0 or len(rows) < 2 * depth:
        return 0
    head = _signature(rows[:depth])
    keep = list(range(depth))
    i, removed = depth, 0
    while i < len(rows):
        if _signature(rows[i : i + depth]) == head:
            i, removed = i + depth, removed + 1
            continue
        keep.append(i)
        i += 1
    if removed:
        item.table.rows = [rows[k] for k in keep]
        if item.extents is not None:
            item.extents = [item.extents[k] for k in keep if k < len(item.extents)]
        if item.cut_top is not None:
            item.cut_top = keep.index(item.cut_top) if item.cut_top in keep else None
    return removed


def _repeated_rows(prev: Table, nxt: Table) -> int:
    """How many leading rows of ``nxt`` repeat the header of ``prev``."""
    depth = header_depth(prev)
    if depth and len(nxt.rows) >= depth and _signature(nxt.rows[:depth]) == _signature(prev.rows[:depth]):
        return depth
    old, new = prev.grid(), nxt.grid()
    skip = 0
    while skip < len(new) and skip < len(old) - 1 and new[skip] == old[skip]:
        skip += 1
    return skip


def _looks_split(above: list[Cell | None], row_slots: list[Cell | None]) -> bool:
    """Without geometry: a first row with text in at most half its cells, each under a cell with text
    that covers the same columns (a row cut in two keeps its cells; a new row may span differently, as
    Table 3's 四、结转下年度继续办理 under the 三、本年度办理结果 column)."""
    filled = [i for i, slot in enumerate(row_slots) if slot is not None and slot.text]
    if not filled or len(filled) * 2 > len(row_slots):
        return False
    return all(
        (up := above[i]) is not None and up.text and _slots(above, up) == _slots(row_slots, row_slots[i])
        for i in filled
    )


def _slots(row: list[Cell | None], cell: Cell | None) -> list[int]:
    return [i for i, slot in enumerate(row) if slot is cell]


def stitch(prev: Table, row: list[Cell], row_slots: list[Cell | None], cut: bool | None = None) -> bool:
    """Mend the first row of a continued part into the previous part: a row broken over the page
    (``cut``, or guessed from its shape when None: text added to the cells above) and merged label cells
    of the body broken over the page (blank leading cells: rowspans extended; a header cell never spans
    on into the next page's rows). Returns whether the row was merged whole."""
    above = coverage(prev)[-1] if prev.rows else []
    if not above or len(row_slots) != len(above):
        return False
    texts = [c.text if c else "" for c in row_slots]
    header = {id(c) for r in prev.rows[: header_depth(prev)] for c in r}
    under_header = any(id(above[i]) in header for i, t in enumerate(texts) if t)
    split_row = (_looks_split(above, row_slots) and not under_header) if cut is None else cut
    first_text = next((i for i, t in enumerate(texts) if t), len(texts))
    merged: set[int] = set()
    for cell in row:
        col = next(i for i, slot in enumerate(row_slots) if slot is cell)
        target = above[col]
        if target is None or id(target) in header or (target.colspan != cell.colspan and not split_row):
            continue
        if split_row or (not cell.text and col < first_text):
            target.text = join_wrapped([target.text, cell.text]) if cell.text else target.text
            target.rowspan += cell.rowspan - (1 if split_row else 0)
            merged.add(id(cell))
    row[:] = [cell for cell in row if id(cell) not in merged]
    return bool(split_row)


def join_tables(prev: TableItem, nxt: TableItem) -> None:
    """Append a continued table, skipping its leading rows that repeat the previous table's header."""
    if prev.extents and nxt.extents and width(prev.table) != width(nxt.table):
        respan([prev, nxt])
    skip = _repeated_rows(prev.table, nxt.table)
    rows = nxt.table.rows[skip:]
    extents = (nxt.extents or [])[skip:]
    # a cut the ruling shows is certain; a row broken with rules drawn on both sides (as LibreOffice
    # prints it) looks like two rows, so without a cut in the ruling the row's shape decides
    cut = True if prev.cuts_known and prev.cut_bottom and nxt.cut_top == skip else None
    if rows and stitch(prev.table, rows[0], coverage(Table(rows))[0], cut):
        rows, extents = rows[1:], extents[1:]
    prev.table.rows.extend(rows)
    if prev.extents is not None and nxt.extents is not None:
        prev.extents.extend(extents)
    prev.cut_bottom = nxt.cut_bottom
