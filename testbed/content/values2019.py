"""Statistics values of the 2019 and 2021 formats (Tables 2, 3 and 4), consistent with domain.md §5."""

from __future__ import annotations

from random import Random

from testbed.content.values import (
    _SCALE,
    T3_COLUMNS,
    T3_SUBTOTALS,
    T4_BLOCKS,
    T4_PARTS,
    Sheet,
    _randint,
    cells,
    entries,
    result_leaves,
    split,
    tables,
)


def new_format_sheet(rng: Random, template: str, level: str) -> Sheet:
    """Tables 2–4 of ``v2019`` or ``v2021``; Table 3 subtotal rows printed in about a third of reports."""
    scale = _SCALE.get(level, 1.0)
    sheet = Sheet(template, subtotals_printed=rng.random() < 0.3)
    _table2(rng, sheet, scale)
    _table3(rng, sheet, scale)
    _table4(rng, sheet, scale)
    missing = [k for k in cells(template) if k not in sheet.values]
    if missing:
        raise AssertionError(f"values missing for {missing[:3]}")
    return sheet


def _table2(rng: Random, sheet: Sheet, scale: float) -> None:
    for table in tables(sheet.template):
        if not table.startswith("t2."):
            continue
        for row in entries(sheet.template, table, "row"):
            for col in entries(sheet.template, table, "col"):
                sheet.set((table, row.key, col.key), _t2_value(rng, row.key, col.key, scale))
        _t2_coherence(sheet, table)


def _t2_value(rng: Random, row: str, col: str, scale: float) -> int | float:
    if row == "rules":
        return 0
    if col == "delta":
        return rng.randint(-8, 12) if rng.random() < 0.6 else 0
    if col in ("proc_amount", "amount"):
        return round(rng.randint(0, 500000) * scale / 100, 2)
    if col == "repealed":
        return _randint(rng, 0, 10, scale)
    high = {"license": 3000, "penalty": 1500, "coercion": 80, "normative": 30}.get(row, 300)
    return _randint(rng, 0, high, scale)


def _t2_coherence(sheet: Sheet, table: str) -> None:
    """Keep 本年新公开 ≤ 本年新制作 ≤ 对外公开总数 and 现行有效 ≥ 本年制发 (plausible, not §5 identities)."""
    for row in ("rules", "normative"):
        made, published, total = (
            (table, row, "new_made"),
            (table, row, "new_published"),
            (table, row, "total_published"),
        )
        if made in sheet.values:
            sheet.set(published, min(sheet.num(published), sheet.num(made)))
            sheet.set(total, int(sheet.num(total)) + int(sheet.num(made)))
        issued, valid = (table, row, "issued"), (table, row, "valid")
        if issued in sheet.values:
            sheet.set(valid, int(sheet.num(valid)) + int(sheet.num(issued)))


def _table3(rng: Random, sheet: Sheet, scale: float) -> None:
    leaves = result_leaves(sheet.template)
    weights = {"granted": 6.0, "partial": 1.0, "unable_not_held": 2.0, "np_repeat": 0.6}
    for col in T3_COLUMNS:
        share = 1.0 if col == "natural" else 0.15
        active = rng.random() < (0.9 if col == "natural" else 0.35)
        new = _randint(rng, 0, 60, scale * share) if active else 0
        carried = rng.randint(0, 3) if active and rng.random() < 0.25 else 0
        forward = rng.randint(0, min(2, new + carried)) if rng.random() < 0.2 else 0
        handled = new + carried - forward
        shares = _weighted_split(rng, handled, [weights.get(leaf, 0.15) for leaf in leaves])
        for leaf, part in zip(leaves, shares, strict=True):
            sheet.set(("t3", leaf, col), part)
        sheet.set(("t3", "new_received", col), new)
        sheet.set(("t3", "carried_over", col), carried)
        sheet.set(("t3", "carry_forward", col), forward)
        sheet.set(("t3", "results_total", col), handled)
    _t3_subtotals(sheet)
    for row in dict.fromkeys(
        k[1] for k in cells(sheet.template) if k[0] == "t3"
    ):  # schema order, not set order
        sheet.set(("t3", row, "total"), sum(int(sheet.num(("t3", row, c))) for c in T3_COLUMNS))
    if not sheet.subtotals_printed:
        for row in T3_SUBTOTALS:
            if ("t3", row, "total") in sheet.values and row not in leaves:
                for col in (*T3_COLUMNS, "total"):
                    sheet.set(("t3", row, col), None)


def _t3_subtotals(sheet: Sheet) -> None:
    rows = {e.key: e.parent for e in entries(sheet.template, "t3", "row")}
    for subtotal in T3_SUBTOTALS:
        children = [key for key, parent in rows.items() if parent == subtotal]
        if subtotal in rows and children:
            for col in T3_COLUMNS:
                sheet.set(("t3", subtotal, col), sum(int(sheet.num(("t3", c, col))) for c in children))


def _weighted_split(rng: Random, total: int, weights: list[float]) -> list[int]:
    """``total`` items assigned one by one to buckets with the given weights (fast for small totals)."""
    if total > 200:
        return split(rng, total, len(weights))
    out = [0] * len(weights)
    for index in rng.choices(range(len(weights)), weights=weights, k=total):
        out[index] += 1
    return out


def _table4(rng: Random, sheet: Sheet, scale: float) -> None:
    for block in T4_BLOCKS:
        busy = rng.random() < 0.25 + 0.35 * scale
        parts = [rng.randint(0, 3) if busy and rng.random() < 0.5 else 0 for _ in T4_PARTS]
        for part, value in zip(T4_PARTS, parts, strict=True):
            sheet.set(("t4", "", f"{block}.{part}"), value)
        sheet.set(("t4", "", f"{block}.total"), sum(parts))
