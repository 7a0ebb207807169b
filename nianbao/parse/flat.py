"""Table rows from flattened text: every flattening the seeds and PDF extraction produce.

A line becomes cells (split on TAB or ``|``; trailing numbers and units peeled off a space-separated
line, as PDF text prints ``1.当面申请数 件 21`` or a label followed by 7 numbers). Lines that start with a
label open a row; lines of numbers and units fill the open row, or — when a run of equal number lines
follows as many rows without values (labels and numbers extracted as separate columns) — fill those
rows in order. The Inner Mongolia flattening (seed 000: one cell per line, empty cells omitted) has
no structure but the 序号 column, so it gets its own anchor-driven assembler.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from nianbao.parse.normalize import has_cjk, is_number, is_unit, nfkc, parse_number

_PIPE = re.compile(r"\s*\|\s*")
_TAB = re.compile(r"\t")
_SPACED_TOKEN = re.compile(r"\S+")
BLANK_ROW_CELLS = 3  # separators of a printed all-blank row (fewer: a rule or a stray pipe)
FOOTER = re.compile(r"^(单位负责人|审核人|填报人|填表人|联系电话|填报日期|制表)")


@dataclass
class RawRow:
    """One table row before mapping: its label cells and the cells after them (units, values)."""

    labels: list[str]
    cells: list[str] = field(default_factory=list)
    seq: int | None = None
    loose: bool = False
    """Values came one per line after the label: blank cells may have been left out, so a row with
    fewer values than columns cannot say which columns they belong to."""

    @property
    def label(self) -> str:
        return "".join(self.labels)

    def numbers(self) -> list[str]:
        """Cells that are numbers or null markers (not units)."""
        return [c for c in self.cells if parse_number(c) is not None and not _is_pure_unit(c)]


def _is_pure_unit(cell: str) -> bool:
    return is_unit(cell) and not is_number(cell) and nfkc(cell) not in ("", "/", "-", "—", "——", "无")


def is_prose(line: str) -> bool:
    """A sentence of the report body, not a table cell (tables hold no 。 and no long clauses)."""
    s = nfkc(line)
    return "。" in s or (len(s) > 70 and s.count("、") + s.count(",") >= 2) or len(s) > 120


def line_cells(line: str) -> list[str]:
    """The non-empty cells of one line (TAB, ``|`` or space separated numbers peeled off the end)."""
    parts = _PIPE.split(line) if "|" in line else _TAB.split(line)
    if "|" in line and line.rstrip().endswith("|"):
        parts = parts[:-1]  # "text |" closes each cell: nothing follows the last pipe
    cells = [p.strip(" \u3000\u00a0") for p in parts]
    nonempty = [c for c in cells if c]
    if not nonempty and len(cells) >= BLANK_ROW_CELLS:
        return cells  # a row printed with every cell blank (its values are null, not absent)
    if not nonempty or len(nonempty) == 1 and _is_value_cell(nonempty[0]):
        cells = nonempty
    elif not _is_value_cell(nonempty[0]):
        while not cells[0]:
            cells.pop(0)  # blanks before the label (indentation, an empty 序号 cell)
    if len(cells) == 1 and " " in cells[0].strip():
        return _peel(cells[0].strip())
    if cells and " " in cells[0] and len(cells) == 1:
        return _peel(cells[0])
    return cells


def _peel(text: str) -> list[str]:
    """Split ``label n n n`` (space separated) into the label and its trailing number/unit cells."""
    tokens = _SPACED_TOKEN.findall(text)
    tail: list[str] = []
    while tokens and (
        is_number(tokens[-1]) or _is_pure_unit(tokens[-1]) or nfkc(tokens[-1]) in ("/", "—", "-")
    ):
        tail.insert(0, tokens.pop())
    if not tokens:
        return tail
    return ["".join(tokens) if has_cjk("".join(tokens)) else " ".join(tokens), *tail]


def _is_value_cell(cell: str) -> bool:
    return parse_number(cell) is not None or is_unit(cell)


def assemble_rows(lines: list[str]) -> list[RawRow]:
    """Rows from lines of any flattening except the 序号-anchored one."""
    rows: list[RawRow] = []
    run: list[list[str]] = []
    for line in lines:
        cells = line_cells(line)
        if not cells:
            continue
        if all(_is_value_cell(c) for c in cells):
            run.append(cells)
            continue
        _flush(rows, run)
        run = []
        seq = None
        if len(cells) > 1 and nfkc(cells[0]).isdigit() and not _is_value_cell(cells[1]):
            seq, cells = int(nfkc(cells[0])), cells[1:]  # a 序号 column
        split = next((i for i, c in enumerate(cells) if _is_value_cell(c)), len(cells))
        rows.append(RawRow(labels=cells[:split], cells=cells[split:], seq=seq))
    _flush(rows, run)
    return rows


def _flush(rows: list[RawRow], run: list[list[str]]) -> None:
    """Give a run of value-only lines to the rows still waiting for values."""
    if not run or not rows:
        return
    waiting: list[RawRow] = []
    for row in reversed(rows):
        if row.cells:
            break
        waiting.insert(0, row)
    widths = {len(r) for r in run}
    if len(run) > 1 and len(waiting) >= len(run) and len(widths) == 1 and min(widths) >= 2:
        for row, cells in zip(waiting[len(waiting) - len(run) :], run, strict=True):
            row.cells = cells
        return
    for cells in run:
        rows[-1].cells.extend(cells)
    rows[-1].loose = rows[-1].loose or all(len(cells) == 1 for cells in run)


def assemble_seq_rows(tokens: list[str], last_seq: int = 83) -> list[RawRow]:
    """Rows of a one-cell-per-line table whose only anchor is the 序号 column (seed 000).

    A token equal to the next expected 序号 and followed by a non-number opens a row; everything up to
    the next anchor belongs to it (its label first, then unit and value when printed).
    """
    rows: list[RawRow] = []
    i = 0
    expected = 1
    while i < len(tokens):
        k = _anchor(tokens, i, expected, last_seq)
        if k is None:
            if rows:
                _add_to(rows[-1], tokens[i])
            i += 1
            continue
        rows.append(RawRow(labels=[tokens[i + 1]], seq=k))
        expected = k + 1
        i += 2
    return rows


def _anchor(tokens: list[str], i: int, expected: int, last_seq: int) -> int | None:
    token = nfkc(tokens[i])
    if not token.isdigit() or i + 1 >= len(tokens) or _is_value_cell(tokens[i + 1]):
        return None
    k = int(token)
    if k == expected or (expected < k <= min(expected + 3, last_seq)):
        return k
    return None


def _add_to(row: RawRow, token: str) -> None:
    """A unit, a value, or text (a text value such as 网上办理事项内容, or a label continuation)."""
    row.cells.append(token)
