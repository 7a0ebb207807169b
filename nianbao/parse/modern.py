"""The 2019 and 2021 formats (v2019, v2021): Table 2 blocks, Table 3 (applications), Table 4 (review).

Raw rows are first cut into segments by markers (第二十条第（N）项 captions, the 申请人情况 header, the
行政复议/行政诉讼 header), then each segment is mapped with the keys of the detected template only —
v2019 keys never stand in for v2021 ones. Table 3 cells are in the schema's column order (grid.py
reorders real tables by their header); Table 4 is its 15 numbers in order.
"""

from __future__ import annotations

import re

from nianbao import schema
from nianbao.parse.flat import RawRow
from nianbao.parse.labels import Matcher, split_label
from nianbao.parse.model import Value
from nianbao.parse.normalize import nfkc, parse_number

_CAPTION = re.compile(r"第二十条第\(?([一二三四五六七八九十]+)\)?项")
_CN = {c: i for i, c in enumerate("一二三四五六七八九十", start=1)}
_SECTION_END = re.compile(r"^[五六七]、")


def segments(rows: list[RawRow]) -> dict[str, list[RawRow]]:
    """Rows of Table 2 (``t2``), Table 3 (``t3``) and Table 4 (``t4``) in print order."""
    out: dict[str, list[RawRow]] = {"t2": [], "t3": [], "t4": []}
    mode = ""
    for row in rows:
        text = nfkc(row.label)
        mode = _next_mode(mode, text)
        if mode in out:
            out[mode].append(row)
    return out


def _next_mode(mode: str, text: str) -> str:
    if "第二十条第" in text and mode in ("", "t2"):
        return "t2"
    if mode in ("", "t2") and any(
        k in text for k in ("申请人情况", "本年新收", "本列数据的勾稽关系", "自然人")
    ):
        return "t3"
    if mode in ("t3", "") and "行政复议" in text and ("行政诉讼" in text or "结果维持" in text):
        return "t4"
    if mode == "t4" and _SECTION_END.match(text):
        return "done"
    if mode == "done":
        return "done" if "第二十条第" not in text else "t2"
    return mode


_Found = tuple[str, list[str], bool]
_UNPLACED = "{} values for {} columns, one per line (blank cells left out): not placed"


def map_t2(rows: list[RawRow], template: str, warnings: list[str]) -> list[Value]:
    values: list[Value] = []
    known = set(schema.tables(template))
    block = first = ""
    columns: list[str] = []
    for row in rows:
        caption = _CAPTION.search(nfkc(row.label))
        if caption:
            named = f"t2.a20_{_CN.get(caption.group(1)[-1], 0) + (10 if len(caption.group(1)) > 1 else 0)}"
            if block and block != first and named == first:
                continue  # the table's first row printed again where a page breaks (a repeated header)
            block, first, columns = named, first or named, []
            if block not in known:
                warnings.append(f"t2: {caption.group(0)} is not part of {template}")
                block = ""
            continue
        if not block:
            continue
        header = _header(row, block, template)
        if header:
            columns = header
            continue
        values += _t2_row(row, block, template, columns, warnings)
    return values


def _header(row: RawRow, table: str, template: str) -> list[str]:
    cols = schema.entries(template, table, "col")
    matcher = Matcher(cols)
    cells = [t for label in row.labels for t in (label.split() or [label])]
    if row.numbers() or not any("信息内容" in nfkc(c) for c in cells) and len(cells) < 2:
        return []
    keys = [cols[i].key for c in cells if (i := matcher.match(c)) is not None]
    return keys if keys else []


def _t2_row(row: RawRow, table: str, template: str, columns: list[str], warnings: list[str]) -> list[Value]:
    rows = schema.entries(template, table, "row")
    idx = Matcher(rows).match_any(row.labels)
    numbers = [c for c in row.cells if parse_number(c) is not None]
    if idx is None:
        if any(parse_number(c)[0] is not None for c in numbers):  # type: ignore[index]
            warnings.append(f"{table}: unmatched row {row.label!r}")
        return []
    cols = columns or [c.key for c in schema.entries(template, table, "col")]
    numbers = fit(numbers, len(cols)) or [""] * len(cols)  # a row printed with blank cells
    if row.loose and len(numbers) < len(cols):
        warnings.append(f"{table}: {rows[idx].key}: {_UNPLACED.format(len(numbers), len(cols))}")
        return []
    if len(numbers) != len(cols):
        warnings.append(f"{table}: {rows[idx].key}: {len(numbers)} values for {len(cols)} columns")
    unit = {c.key: c.unit for c in schema.entries(template, table, "col")}
    return [
        Value(table, rows[idx].key, col, row.label, unit.get(col, ""), parse_number(cell)[0])  # type: ignore[index]
        for col, cell in zip(cols, numbers, strict=False)
    ]


def map_t3(rows: list[RawRow], template: str, warnings: list[str]) -> list[Value]:
    entries = schema.entries(template, "t3", "row")
    cols = schema.entries(template, "t3", "col")
    found = _identify(rows, Matcher(entries), warnings)
    values: list[Value] = []
    for idx, (label, numbers, loose) in sorted(found.items()):
        entry = entries[idx]
        if ("t3", entry.key) in schema.HEADING_ROWS:
            continue
        numbers = fit(numbers, len(cols), spans_before=True) or [""] * len(cols)  # blank cells
        if loose and len(numbers) < len(cols):
            warnings.append(f"t3: {entry.key}: {_UNPLACED.format(len(numbers), len(cols))}")
            continue
        if len(numbers) != len(cols):
            warnings.append(f"t3: {entry.key}: {len(numbers)} values for {len(cols)} columns")
        for col, cell in zip(cols, numbers, strict=False):
            values.append(Value("t3", entry.key, col.key, label, col.unit, parse_number(cell)[0]))  # type: ignore[index]
    values += _group_nulls(entries, cols, found, label_of={e.key: e.label for e in entries})
    leaves = [e.key for e in entries if ("t3", e.key) not in schema.HEADING_ROWS]
    missing = [k for k in leaves if k not in {v.row for v in values} and not _is_subtotal(k)]
    if rows and missing:
        warnings.append(f"t3: {len(missing)} rows without values: {', '.join(missing[:10])}")
    return values


def _is_subtotal(key: str) -> bool:
    return key in ("denied", "unable", "not_processed", "other_handling")


def _identify(rows: list[RawRow], matcher: Matcher, warnings: list[str]) -> dict[int, _Found]:
    found: dict[int, _Found] = {}
    pos, last = 0, None
    for row in rows:
        idx = matcher.match_any(row.labels, pos)
        numbers = row.numbers()
        if idx is None or idx in found:
            if last is not None and not split_label(row.label).ordinal:
                label, nums, loose = found[last]
                found[last] = (label + row.label, nums or numbers, loose if nums else row.loose)
            elif any(parse_number(n)[0] is not None for n in numbers):  # type: ignore[index]
                warnings.append(f"t3: unmatched row {row.label!r}")
            continue
        found[idx] = (row.labels[-1] if row.labels else row.label, numbers, row.loose)
        pos, last = idx + 1, idx
    return found


def map_t4(rows: list[RawRow], template: str, warnings: list[str]) -> list[Value]:
    cols = schema.entries(template, "t4", "col")
    printed = [row for row in rows if _has_number(row)]
    numbers = fit([n for row in printed for n in row.numbers()], len(cols))
    if not numbers:
        blank = next((row.cells for row in rows if len(row.cells) == len(cols) and not any(row.cells)), None)
        if blank is not None:  # the values row printed with every cell blank
            numbers = blank
        else:
            if rows:
                warnings.append("t4: no values found")
            return []
    if any(row.loose for row in printed) and len(numbers) < len(cols):
        warnings.append(f"t4: {_UNPLACED.format(len(numbers), len(cols))}")
        return []
    if len(numbers) != len(cols):
        warnings.append(f"t4: {len(numbers)} values for {len(cols)} cells")
    return [
        Value("t4", "", col.key, f"{col.parent}/{col.label}", col.unit, parse_number(cell)[0])  # type: ignore[index]
        for col, cell in zip(cols, numbers, strict=False)
    ]


def fit(cells: list[str], width: int, spans_before: bool = False) -> list[str]:
    """Drop blank cells a flattening adds for spans beyond ``width``: trailing first (a widened last
    cell, Table 2), or leading first when spans sit before the values (Table 3's label columns)."""
    cells = list(cells)
    ends = (0, -1) if spans_before else (-1, 0)
    for end in ends:
        while len(cells) > width and not nfkc(cells[end]):
            cells.pop(end)
    return cells


def _has_number(row: RawRow) -> bool:
    return any(parse_number(c) is not None and nfkc(c) != "" for c in row.cells)


def _group_nulls(
    entries: list[schema.SchemaEntry], cols: list[schema.SchemaEntry], found: dict, label_of: dict[str, str]
) -> list[Value]:
    """Subtotal rows printed only as a group label over their leaves: their cells are blank (null)."""
    seen = {entries[i].key for i in found}
    out: list[Value] = []
    for key in _SUBTOTALS:
        children = [e.key for e in entries if e.parent == key]
        if key not in seen and children and any(c in seen for c in children) and key in label_of:
            out += [Value("t3", key, c.key, label_of[key], c.unit, None) for c in cols]
    return out


_SUBTOTALS = ("denied", "unable", "not_processed", "other_handling")
