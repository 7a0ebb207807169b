"""The old national 统计表 (old2014, with the Inner Mongolia rows 66–83): raw rows → values.

Rows are identified by their 序号 when the report prints one the table has, else by label (ordered
matching). A row that matches nothing and has no ordinal continues the previous row's label (labels
broken over lines, notes printed on a row of their own).
"""

from __future__ import annotations

from nianbao import schema
from nianbao.parse.flat import RawRow
from nianbao.parse.labels import Matcher, score, split_label
from nianbao.parse.model import CellValue, Value
from nianbao.parse.normalize import is_unit, nfkc, parse_number

TABLE = "statistics"


def _entries() -> list[schema.SchemaEntry]:
    return schema.old2014_rows(extended=True)


def map_rows(rows: list[RawRow], warnings: list[str]) -> list[Value]:
    """Values of every old-table row found in ``rows`` (nulls included), in print order."""
    entries = _entries()
    found = _identify(rows, entries, warnings)
    values = [_value(entries[i], labels, cells, warnings) for i, (labels, cells) in sorted(found.items())]
    _report_missing(entries, found, warnings)
    return [v for v in values if v is not None]


def _identify(rows: list[RawRow], entries: list[schema.SchemaEntry], warnings: list[str]) -> dict:
    matcher = Matcher(entries)
    by_seq = {e.seq: i for i, e in enumerate(entries)}
    found: dict[int, tuple[list[str], list[str]]] = {}
    pos, last = 0, None
    for row in rows:
        idx = by_seq.get(row.seq) if row.seq is not None else None
        if idx is not None:
            _check_seq_label(row, entries[idx], warnings)
        else:  # no 序号, or one the table does not have (two rows printed over each other: "6566")
            idx = matcher.match_any(row.labels, pos)
        if idx is None:
            if last is not None and not split_label(row.label).ordinal:
                found[last][0].extend(row.labels)
                found[last][1].extend(row.cells)
            elif row.numbers():
                warnings.append(f"statistics: unmatched row {row.label!r} with values {row.numbers()}")
            continue
        if idx in found:
            warnings.append(f"statistics: row {entries[idx].key} printed twice; kept the first")
            last = None
            continue
        labels, cells = list(row.labels), list(row.cells)
        if entries[idx].unit in ("text", "是/否") and len(labels) > 1:
            labels, cells = labels[:1], labels[1:] + cells  # the text value sat in a label-like cell
        found[idx] = (labels, cells)
        pos, last = idx + 1, idx
    return found


def _check_seq_label(row: RawRow, entry: schema.SchemaEntry, warnings: list[str]) -> None:
    if score(split_label(row.label), split_label(entry.label)) < 0.5:
        warnings.append(f"statistics: 序号 {row.seq} label {row.label!r} differs from {entry.label!r}")


def _value(
    entry: schema.SchemaEntry, labels: list[str], cells: list[str], warnings: list[str]
) -> Value | None:
    if not entry.unit:
        return None  # a heading row
    unit, numbers, texts = _split_cells(cells)
    value: CellValue = None
    if entry.unit in ("text", "是/否"):
        value = texts[0] if texts else (str(numbers[0][0]) if numbers and numbers[0][0] is not None else None)
        texts = texts[1:]
    elif numbers:
        value = numbers[0][0]
        unit = unit or numbers[0][1]
        if len([n for n in numbers if n[0] is not None]) > 1:
            warnings.append(
                f"statistics: {entry.key}: several values {[n[0] for n in numbers]}; kept the first"
            )
    label = "".join(labels + texts)
    return Value(TABLE, entry.key, "", label, unit or entry.unit, value)


def _split_cells(cells: list[str]) -> tuple[str, list[tuple[CellValue, str]], list[str]]:
    unit = ""
    numbers: list[tuple[CellValue, str]] = []
    texts: list[str] = []
    for cell in cells:
        s = nfkc(cell)
        if is_unit(s) and s not in ("/", "-", "—", "——", "无"):
            unit = unit or (s if s not in ("单位",) else "")
            continue
        parsed = parse_number(cell)
        if parsed is not None:
            if parsed[0] is not None or s or not numbers:
                numbers.append(parsed)
        elif s:
            texts.append(cell.strip())
    return unit, numbers, texts


def _report_missing(entries: list[schema.SchemaEntry], found: dict, warnings: list[str]) -> None:
    extended = any((entries[i].seq or 0) > 65 for i in found)
    missing = [
        e.key for i, e in enumerate(entries) if e.unit and i not in found and (extended or (e.seq or 0) <= 65)
    ]
    if missing:
        warnings.append(f"statistics: {len(missing)} rows not found: {', '.join(missing[:12])}")
