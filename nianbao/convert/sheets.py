"""XLS (xlrd) and XLSX (openpyxl) → CleanedDocument.

A sheet is read as cells with spans and borders. Rows whose cells are bordered (or, in a sheet without
borders, rows with two or more filled cells) form tables; other rows are text, the first one the title.
Numbers are written as printed (12.0 → "12"). Sizes are checked before reading: declared ZIP sizes for
XLSX, rows × columns for both.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

from nianbao.convert.docx import _with_title
from nianbao.convert.limits import ConversionError, Deadline, Limits, check_zip
from nianbao.convert.lines import block_kind
from nianbao.document import Block, Cell, CleanedDocument, Table, normalize_line


@dataclass
class SheetCell:
    row: int
    col: int
    rowspan: int
    colspan: int
    text: str
    bordered: bool


def value_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    return normalize_line(str(value))


def sheet_blocks(cells: list[SheetCell]) -> list[Block]:
    """Sheet cells → text blocks and tables, top to bottom."""
    any_border = any(c.bordered for c in cells)
    by_row: dict[int, list[SheetCell]] = {}
    for c in cells:
        by_row.setdefault(c.row, []).append(c)
    is_table: dict[int, bool] = {}
    for r, row in by_row.items():
        filled = [c for c in row if c.text]
        in_table = any(c.bordered for c in row) if any_border else len(filled) >= 2
        for dr in range(max(c.rowspan for c in row)) if in_table else [0]:
            is_table[r + dr] = is_table.get(r + dr, False) or in_table
    blocks: list[Block] = []
    for r in sorted(set(by_row) | {k for k, v in is_table.items() if v}):
        row = sorted(by_row.get(r, []), key=lambda c: c.col)
        if is_table.get(r):
            if not blocks or blocks[-1].table is None:
                blocks.append(Block("table", table=Table([])))
            table = blocks[-1].table
            assert table is not None
            kept = [c for c in row if c.bordered or c.text] if any_border else row
            table.rows.append([Cell(c.text, c.rowspan, c.colspan) for c in kept])
        else:
            text = " ".join(c.text for c in row if c.text)
            if text:
                blocks.append(Block(block_kind(text), text))  # type: ignore[arg-type]
    return blocks


def _document(sheets: list[list[SheetCell]], warnings: list[str]) -> CleanedDocument:
    blocks = [b for cells in sheets for b in sheet_blocks(cells)]
    return _with_title(blocks, warnings)


def convert_xlsx(data: bytes, limits: Limits, deadline: Deadline) -> CleanedDocument:
    import openpyxl

    check_zip(data, limits)
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:
        raise ConversionError(f"corrupt XLSX: {type(exc).__name__}: {exc}") from exc
    sheets, warnings, budget = [], [], limits.max_cells
    for sheet in book.worksheets:
        size = sheet.max_row * sheet.max_column
        if size > budget or deadline.expired():
            warnings.append(
                f"sheet {sheet.title} ({sheet.max_row}x{sheet.max_column}) not read: over the cell limit"
            )
            continue
        budget -= size
        sheets.append(_xlsx_cells(sheet))
    return _document(sheets, warnings)


def _xlsx_cells(sheet: Any) -> list[SheetCell]:
    spans = {(m.min_row, m.min_col): m for m in sheet.merged_cells.ranges}
    covered = {(r, c) for m in spans.values() for r, c in _positions(m) if (r, c) != (m.min_row, m.min_col)}
    out = []
    for row in sheet.iter_rows():
        for cell in row:
            key = (cell.row, cell.column)
            if key in covered:
                continue
            merged = spans.get(key)
            b = cell.border
            bordered = any(s is not None and s.style for s in (b.left, b.right, b.top, b.bottom))
            text = value_text(cell.value)
            if not text and not bordered and merged is None:
                continue
            rs = merged.max_row - merged.min_row + 1 if merged else 1
            cs = merged.max_col - merged.min_col + 1 if merged else 1
            out.append(SheetCell(cell.row - 1, cell.column - 1, rs, cs, text, bordered))
    return out


def _positions(m: Any) -> list[tuple[int, int]]:
    return [(r, c) for r in range(m.min_row, m.max_row + 1) for c in range(m.min_col, m.max_col + 1)]


def convert_xls(data: bytes, limits: Limits, deadline: Deadline) -> CleanedDocument:
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True)
    except Exception as exc:
        raise ConversionError(f"corrupt or unsupported XLS: {type(exc).__name__}: {exc}") from exc
    sheets, warnings, budget = [], [], limits.max_cells
    for index in range(book.nsheets):
        sheet = book.sheet_by_index(index)
        size = sheet.nrows * sheet.ncols
        if size > budget or deadline.expired():
            warnings.append(f"sheet {sheet.name} ({sheet.nrows}x{sheet.ncols}) not read: over the cell limit")
            continue
        budget -= size
        sheets.append(_xls_cells(book, sheet))
    return _document(sheets, warnings)


def _xls_cells(book: Any, sheet: Any) -> list[SheetCell]:
    import xlrd

    spans = {(r0, c0): (r1 - r0, c1 - c0) for r0, r1, c0, c1 in sheet.merged_cells}
    covered = {
        (r, c) for (r0, c0), (rs, cs) in spans.items() for r in range(r0, r0 + rs) for c in range(c0, c0 + cs)
    } - set(spans)
    out = []
    for r in range(sheet.nrows):
        for c in range(sheet.ncols):
            if (r, c) in covered:
                continue
            cell = sheet.cell(r, c)
            border = book.xf_list[cell.xf_index].border
            bordered = any(
                (
                    border.left_line_style,
                    border.right_line_style,
                    border.top_line_style,
                    border.bottom_line_style,
                )
            )
            value = cell.value
            if cell.ctype == xlrd.XL_CELL_DATE:
                value = xlrd.xldate.xldate_as_datetime(value, book.datemode)
            text = value_text(value)
            if not text and not bordered and (r, c) not in spans:
                continue
            rs, cs = spans.get((r, c), (1, 1))
            out.append(SheetCell(r, c, rs, cs, text, bordered))
    return out
