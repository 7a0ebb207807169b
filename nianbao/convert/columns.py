"""Tables without ruling lines, recovered from word positions: runs of lines cut into several segments by
wide gaps, whose segments line up in columns. Used on PDF text layers and on OCR output."""

from __future__ import annotations

from collections import Counter

from nianbao.convert.layout import Line, Segment, TableItem
from nianbao.convert.lines import join_wrapped
from nianbao.document import Cell, Table

MIN_ROWS = 3


def _regions(lines: list[Line]) -> list[tuple[int, int]]:
    """[start, end) index ranges of table-like runs: multi-segment lines, with single-segment lines
    allowed inside a run (label-only rows, wrapped labels)."""
    marked = [len(line.segments) >= 2 for line in lines]
    regions: list[tuple[int, int]] = []
    start = None
    for i, is_row in enumerate([*marked, False]):
        if is_row and start is None:
            start = i
        elif start is not None and not is_row:
            nxt = next((j for j in range(i, len(marked)) if marked[j]), None)
            if nxt is not None and nxt - i <= 2 and i < len(marked):
                continue
            end = max(j for j in range(start, i) if marked[j]) + 1
            if sum(marked[start:end]) >= MIN_ROWS:
                regions.append((start, end))
            start = None
    return regions


def _bands(lines: list[Line]) -> list[tuple[float, float]]:
    """Column bands: the merged x-intervals of the segments of the rows with the usual segment count."""
    usual = Counter(len(line.segments) for line in lines if len(line.segments) >= 2).most_common(1)[0][0]
    intervals = sorted((s.x0, s.x1) for line in lines if len(line.segments) == usual for s in line.segments)
    bands: list[list[float]] = []
    for x0, x1 in intervals:
        if bands and x0 <= bands[-1][1]:
            bands[-1][1] = max(bands[-1][1], x1)
        else:
            bands.append([x0, x1])
    return [(b[0], b[1]) for b in bands]


def _row(segments: list[Segment], bands: list[tuple[float, float]]) -> list[Cell]:
    """Segments placed in bands; a segment over several bands spans them, an empty band is a blank cell."""
    cells: list[Cell] = []
    col = 0
    for seg in segments:
        covered = [i for i, (b0, b1) in enumerate(bands) if seg.x0 < b1 and seg.x1 > b0]
        first = covered[0] if covered else min(range(len(bands)), key=lambda i: abs(bands[i][0] - seg.x0))
        first = max(first, col)
        cells += [Cell("") for _ in range(col, first)]
        span = max(1, (covered[-1] if covered else first) - first + 1)
        cells.append(Cell(seg.text, colspan=span))
        col = first + span
    cells += [Cell("") for _ in range(col, len(bands))]
    return cells


def _table(lines: list[Line]) -> Table:
    bands = _bands(lines)
    rows: list[list[Cell]] = []
    prev: Line | None = None
    for line in lines:
        wrapped = prev is not None and line.top - prev.bottom < 0.35 * line.size and len(line.segments) == 1
        if wrapped and rows and line.segments[0].x0 < bands[0][1]:
            rows[-1][0].text = join_wrapped([rows[-1][0].text, line.segments[0].text])
        else:
            rows.append(_row(line.segments, bands))
        prev = line
    return Table(rows)


def find_unruled_tables(lines: list[Line]) -> tuple[list[TableItem], list[Line]]:
    """Split lines into unruled tables and the remaining text lines."""
    lines = sorted(lines, key=lambda line: line.top)
    tables, rest, last = [], [], 0
    for start, end in _regions(lines):
        rest += lines[last:start]
        region = lines[start:end]
        tables.append(TableItem(_table(region), region[0].top, region[-1].bottom))
        last = end
    return tables, rest + lines[last:]
