"""Printed nulls and deliberate inconsistencies in a report's statistics.

Nulls: some zero cells print as a marker (blank, "/", "—", "无"); their gold value is ``None`` and the
identities of domain.md §5 still hold with nulls counted as 0. Breaks: one printed total is changed so
that exactly one identity instance fails (``Sheet.broken`` names it).
"""

from __future__ import annotations

from random import Random

from testbed.content.values import (
    NULL_MARKERS,
    OLD_IDENTITIES,
    T3_SUBTOTALS,
    T4_BLOCKS,
    T4_PARTS,
    Sheet,
    result_leaves,
)


def apply_nulls(rng: Random, sheet: Sheet) -> str | None:
    """Print some zero cells as one null marker chosen for the report; returns the marker (or None)."""
    if rng.random() < 0.45:
        return None
    marker = rng.choice(NULL_MARKERS)
    share = rng.uniform(0.3, 1.0)
    for key, value in list(sheet.values.items()):
        if type(value) is int and value == 0 and rng.random() < share:
            sheet.set(key, None, marker)
    return marker


def break_one_identity(rng: Random, sheet: Sheet) -> None:
    """Change one printed total so that exactly one identity of domain.md §5 fails."""
    if sheet.template == "old2014":
        head = rng.choice(sorted(OLD_IDENTITIES))
        _perturb(rng, sheet, ("statistics", head, ""))
        sheet.broken = f"statistics: {head} = {' + '.join(OLD_IDENTITIES[head])}"
        return
    options = [f"t4:{block}" for block in T4_BLOCKS]
    if sheet.subtotals_printed:
        leaves = result_leaves(sheet.template)
        options += [
            f"t3:{row}" for row in T3_SUBTOTALS if ("t3", row, "total") in sheet.values and row not in leaves
        ]
    table, name = rng.choice(options).split(":")
    if table == "t4":
        _perturb(rng, sheet, ("t4", "", f"{name}.total"))
        parts = " + ".join(f"{name}.{part}" for part in T4_PARTS)
        sheet.broken = f"t4: {parts} = {name}.total"
    else:
        _perturb(rng, sheet, ("t3", name, "total"))
        sheet.broken = f"t3[{name}]: total = natural + commercial + research + social_welfare + legal_service + other_org"


def _perturb(rng: Random, sheet: Sheet, key: tuple[str, str, str]) -> None:
    current = int(sheet.num(key))
    delta = rng.randint(1, 5)
    new = current - delta if current >= delta and rng.random() < 0.5 else current + delta
    sheet.set(key, new)
