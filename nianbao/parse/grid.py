"""Real tables (``Table.grid()``, spans already expanded) → raw rows for the template mappers.

Label cells are the leading non-value cells (repeats from a colspan written once); a leading integer
under a 序号 header is the row's sequence number. Table 3 grids are reordered by their header so
that cells come in the schema's column order whatever order the report printed them in.
"""

from __future__ import annotations

from nianbao import schema
from nianbao.document import Table
from nianbao.parse.flat import RawRow
from nianbao.parse.labels import Matcher
from nianbao.parse.normalize import is_unit, nfkc, parse_number

_T3_COLS = list(schema.entries("v2019", "t3", "col"))
SPANNED = "\x00"
"""Marks the slots a colspan covers beyond its first (a rowspan repeats its text instead)."""


def span_grid(table: Table) -> list[list[str]]:
    """Like ``Table.grid()``, but the 2nd… columns of a colspan hold ``SPANNED`` instead of a copy."""
    return table.grid(spanned=SPANNED)


def table_rows(tables: list[Table]) -> list[RawRow]:
    """Raw rows of every table, in order."""
    rows: list[RawRow] = []
    for table in tables:
        grid = [r for r in span_grid(table) if _printed(r)]
        order = _t3_columns(grid)
        rows += _t3_rows(grid, order) if order else [_row(r) for r in grid]
    return rows


def _printed(row: list[str]) -> bool:
    """A row with text, or a wide row of blank cells (Table 4's values row printed all blank)."""
    return any(c.strip(SPANNED + " ") for c in row) or len([c for c in row if c != SPANNED]) >= 10


def _is_value(cell: str) -> bool:
    return parse_number(cell) is not None or is_unit(cell)


def _row(cells: list[str]) -> RawRow:
    cells = [c for c in cells if c != SPANNED]
    seq = None
    if len(cells) > 1 and nfkc(cells[0]).isdigit() and cells[1].strip() and not _is_value(cells[1]):
        seq, cells = int(nfkc(cells[0])), cells[1:]
    first = next((i for i, c in enumerate(cells) if c.strip()), len(cells))
    if first == len(cells) or _is_value(cells[first]):
        return RawRow(labels=[], cells=list(cells), seq=seq)  # a row of values only (Table 4)
    split = next((i for i, c in enumerate(cells) if i > first and _is_value(c)), len(cells))
    labels = _dedupe([c for c in cells[:split] if c.strip()])
    return RawRow(labels=labels, cells=list(cells[split:]), seq=seq)


def _dedupe(cells: list[str]) -> list[str]:
    out: list[str] = []
    for c in cells:
        if not out or out[-1] != c:
            out.append(c)
    return out


def _t3_columns(grid: list[list[str]]) -> list[int] | None:
    """Column index of each Table 3 column in schema order, from the header rows; None if no header."""
    matcher = Matcher(_T3_COLS)
    for r, row in enumerate(grid[:6]):
        found = {j: matcher.match(c) for j, c in enumerate(row) if c.strip()}
        hits = {j: i for j, i in found.items() if i is not None and nfkc(row[j]) == nfkc(_T3_COLS[i].label)}
        if len(set(hits.values())) >= 5:
            return _column_order(grid[: r + 1], hits)
    return None


def _column_order(header: list[list[str]], hits: dict[int, int]) -> list[int] | None:
    order: list[int] = []
    for i in range(len(_T3_COLS)):
        cols = [j for j, k in hits.items() if k == i]
        if not cols:
            return None
        order.append(cols[-1] if _T3_COLS[i].key == "total" else cols[0])
    return order


def _t3_rows(grid: list[list[str]], order: list[int]) -> list[RawRow]:
    rows = []
    for row in grid:
        cols = _aligned(order, len(row))
        labels = _dedupe([c for c in row[: min(cols)] if c.strip(SPANNED + " ")])
        cells = [row[j] if j < len(row) and row[j] != SPANNED else "" for j in cols]
        if not any(parse_number(c) is not None and c.strip() for c in cells) and not _is_label_row(labels):
            labels = _dedupe([c for c in row if c.strip(SPANNED + " ")])  # a header row: keep its text
            cells = []
        rows.append(RawRow(labels=labels, cells=cells))
    return rows


def _aligned(order: list[int], width: int) -> list[int]:
    """The header's value columns for a row of ``width`` slots: a row one label column short (its group
    label lost, as a table broken over PDF pages prints it) keeps its values right-aligned."""
    shift = max(order) + 1 - width
    if shift <= 0 or min(order) - shift < 1:
        return order
    return [j - shift for j in order]


def _is_label_row(labels: list[str]) -> bool:
    """A data row printed blank (a subtotal row): its labels carry an ordinal such as （三） or 1."""
    from nianbao.parse.normalize import split_label

    return bool(labels) and bool(split_label(labels[-1]).ordinal)
