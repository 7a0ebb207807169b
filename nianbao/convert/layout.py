"""Positioned page content (text lines and tables, from a PDF text layer or OCR) → CleanedDocument.

Removes running headers, footers and page numbers, takes the title from the largest leading line, rejoins
paragraphs wrapped over lines and pages, and joins tables continued over pages, dropping repeated header
rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from statistics import median

from nianbao.convert.lines import (
    block_kind,
    close_up,
    is_attachment_label,
    is_heading,
    is_page_number,
    join_wrapped,
)
from nianbao.document import Block, Cell, CleanedDocument, Table

BAND = 0.085  # top and bottom share of the page where running headers and footers live


@dataclass
class Segment:
    """A run of text in a line, separated from the next by a column-wide gap."""

    text: str
    x0: float
    x1: float


@dataclass
class Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    segments: list[Segment] = field(default_factory=list)


@dataclass
class TableItem:
    table: Table
    top: float
    bottom: float
    extents: list[list[tuple[float, float]]] | None = None  # x0, x1 of each cell, parallel to rows


@dataclass
class Page:
    width: float
    height: float
    items: list[Line | TableItem] = field(default_factory=list)


def _band_key(line: Line, page: Page) -> str | None:
    if line.top < page.height * BAND:
        return "top:" + re.sub(r"\d+", "#", line.text)
    if line.bottom > page.height * (1 - BAND):
        return "bottom:" + re.sub(r"\d+", "#", line.text)
    return None


def strip_running_lines(pages: list[Page]) -> int:
    """Remove page numbers in the margins and margin lines repeated on several pages; count them."""
    counts: dict[str, int] = {}
    for page in pages:
        keys = {_band_key(i, page) for i in page.items if isinstance(i, Line)}
        for key in keys:
            if key is not None:
                counts[key] = counts.get(key, 0) + 1
    removed = 0
    for page in pages:
        keep: list[Line | TableItem] = []
        for item in page.items:
            key = _band_key(item, page) if isinstance(item, Line) else None
            if key and (is_page_number(item.text) or (len(pages) > 1 and counts[key] >= 2)):  # type: ignore[union-attr]
                removed += 1
                continue
            keep.append(item)
        page.items = keep
    return removed


def _title(lines: list[Line]) -> tuple[str, int]:
    """The title and how many leading lines it used: the largest-font lines at the start."""
    start = 1 if lines and is_attachment_label(lines[0].text) and len(lines) > 1 else 0
    if start >= len(lines):
        return "", 0
    body = median(line.size for line in lines)
    first = lines[start]
    end = start + 1
    if first.size > body * 1.12:
        while end < len(lines) and abs(lines[end].size - first.size) < 0.1 * first.size and end - start < 3:
            end += 1
    return close_up("".join(line.text for line in lines[start:end])), end


def _continues(prev: Line, nxt: Line, right: float, left: float) -> bool:
    if is_heading(nxt.text) or abs(prev.size - nxt.size) > 0.15 * prev.size or nxt.x0 > left + 0.8 * nxt.size:
        return False
    short_label = nxt.x1 < right - 1.6 * nxt.size and not nxt.text.endswith(
        ("。", "，", "；", "、", ".", ",")
    )
    if prev.text.endswith(("。", "！", "？")) and short_label:
        return False  # a sentence ended and a label or heading follows
    if prev.x1 >= right - 1.6 * prev.size:
        return True  # a full line: the paragraph wraps
    # a line cut short by an unbreakable number or word, not by the end of a sentence
    return prev.x1 >= right - 5 * prev.size and not prev.text.endswith(
        ("。", "！", "？", "；", ".", "!", "?")
    )


def _paragraphs(lines: list[Line]) -> list[Block]:
    if not lines:
        return []
    rights = sorted(line.x1 for line in lines)
    lefts = sorted(line.x0 for line in lines)
    right, left = rights[int(len(rights) * 0.9)], lefts[int(len(lefts) * 0.1)]
    blocks: list[Block] = []
    prev: Line | None = None
    for line in lines:
        text = close_up(line.text)
        if prev is not None and blocks and _continues(prev, line, right, left):
            blocks[-1].text = close_up(blocks[-1].text + text)
        else:
            blocks.append(Block(block_kind(text), text))  # type: ignore[arg-type]
        prev = line
    return blocks


def _width(table: Table) -> int:
    return max((len(row) for row in table.grid()), default=0)


def _same_frame(prev: TableItem, nxt: TableItem) -> bool:
    """Two parts of one table: same column count, or the same outer edges when both were ruled."""
    if _width(prev.table) == _width(nxt.table):
        return True
    if not (prev.extents and nxt.extents):
        return False
    left = [min(x[0] for row in t.extents for x in row) for t in (prev, nxt) if t.extents]
    right = [max(x[1] for row in t.extents for x in row) for t in (prev, nxt) if t.extents]
    return abs(left[0] - left[1]) < 3 and abs(right[0] - right[1]) < 3


def _respan(items: list[TableItem]) -> None:
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


def _stitch(prev: Table, row: list[Cell], row_slots: list[Cell | None]) -> bool:
    """Mend the first row of a continued part into the previous part: a row broken over the page
    (text added to the cells above) and merged label cells broken over the page (rowspans extended)."""
    above = coverage(prev)[-1] if prev.rows else []
    if not above or len(row_slots) != len(above):
        return False
    texts = [c.text if c else "" for c in row_slots]
    filled = [i for i, t in enumerate(texts) if t]
    split_row = (
        bool(filled) and all((above[i] or Cell("")).text for i in filled) and len(filled) * 2 <= len(texts)
    )
    first_text = filled[0] if filled else len(texts)
    for cell in list(row):
        col = row_slots.index(cell)
        target = above[col]
        if target is None or (target.colspan != cell.colspan and not split_row):
            continue
        if split_row or (not cell.text and col < first_text):
            target.text = join_wrapped([target.text, cell.text]) if cell.text else target.text
            target.rowspan += cell.rowspan - (1 if split_row else 0)
            row.remove(cell)
    return bool(split_row)


def _join_tables(prev: TableItem, nxt: TableItem) -> None:
    """Append a continued table, skipping its leading rows that repeat the previous table's header."""
    if prev.extents and nxt.extents and _width(prev.table) != _width(nxt.table):
        _respan([prev, nxt])
    old, new = prev.table.grid(), nxt.table.grid()
    skip = 0
    while skip < len(new) and skip < len(old) - 1 and new[skip] == old[skip]:
        skip += 1
    rows = nxt.table.rows[skip:]
    extents = (nxt.extents or [])[skip:]
    if rows and _stitch(prev.table, rows[0], coverage(Table(rows))[0]):
        rows, extents = rows[1:], extents[1:]
    prev.table.rows.extend(rows)
    if prev.extents is not None and nxt.extents is not None:
        prev.extents.extend(extents)


def assemble(pages: list[Page], warnings: list[str] | None = None) -> CleanedDocument:
    """Pages of positioned lines and tables → title and blocks in reading order."""
    removed = strip_running_lines(pages)
    lines = [i for p in pages for i in p.items if isinstance(i, Line)]
    title, used = _title(lines)
    skip = {id(line) for line in lines[:used]}
    blocks: list[Block] = []
    pending: list[Line] = []
    last_item: TableItem | None = None
    for number, page in enumerate(pages):
        for position, item in enumerate(page.items):
            if isinstance(item, Line):
                if id(item) not in skip:
                    pending.append(item)
                continue
            blocks += _paragraphs(pending)
            pending = []
            last = blocks[-1] if blocks else None
            continued = number > 0 and position == 0 and last is not None and last.table is not None
            if continued and last_item is not None and _same_frame(last_item, item):
                _join_tables(last_item, item)
            else:
                blocks.append(Block("table", table=item.table))
                last_item = item
    blocks += _paragraphs(pending)
    doc = CleanedDocument(title=title, blocks=blocks, warnings=list(warnings or []))
    if removed:
        doc.removed["running_header_footer"] = removed
    return doc
