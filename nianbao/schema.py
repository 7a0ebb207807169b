"""The canonical schema of annual-report statistics (bundled ``annual_report_template_labels.csv``).

Every stage that speaks of table values (the testbed's gold, the parser, the store, exports) uses the
keys defined here: ``(template, table, key)``. Loaded once and cached.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

TEMPLATES = ("old2014", "v2019", "v2021")
HEADING_ROWS = {("t3", "results")}
"""Rows that carry a unit in the schema but only group other rows (三、本年度办理结果)."""
"""Detectable report templates; ``old2014_nmg_ext`` rows extend ``old2014`` (Inner Mongolia)."""


@dataclass(frozen=True)
class SchemaEntry:
    """One row of the canonical schema: a section, block, table row or table column."""

    template: str
    table: str
    kind: str
    key: str
    label: str
    parent: str
    unit: str
    note: str

    @property
    def seq(self) -> int | None:
        """Print order of old-table rows (``seq=N`` in the note; the Inner Mongolia 序号)."""
        for part in self.note.split(";"):
            part = part.strip()
            if part.startswith("seq="):
                return int(part[4:])
        return None


@cache
def load_schema() -> tuple[SchemaEntry, ...]:
    """All schema entries in file order."""
    text = resources.files("nianbao.data").joinpath("annual_report_template_labels.csv").read_text("utf-8")
    return tuple(SchemaEntry(**row) for row in csv.DictReader(text.splitlines()))


def entries(template: str, table: str | None = None, kind: str | None = None) -> list[SchemaEntry]:
    """Entries of one template (``old2014`` includes the ``old2014_nmg_ext`` rows), filtered."""
    names = {template, "old2014_nmg_ext"} if template == "old2014" else {template}
    return [
        e
        for e in load_schema()
        if e.template in names and (table is None or e.table == table) and (kind is None or e.kind == kind)
    ]


def old2014_rows(extended: bool = False) -> list[SchemaEntry]:
    """Rows of the old 统计表 in print order; ``extended`` adds Inner Mongolia rows 66–83."""
    rows = [e for e in entries("old2014", "statistics", "row") if extended or e.template == "old2014"]
    return sorted(rows, key=lambda e: e.seq or 0)


def tables(template: str) -> list[str]:
    """Value-bearing tables of a template, in print order (``statistics`` or ``t2.*``, ``t3``, ``t4``)."""
    seen: list[str] = []
    for e in entries(template):
        if e.kind in ("row", "col") and e.table not in seen:
            seen.append(e.table)
    return seen


def value_cells(template: str) -> list[tuple[str, str, str]]:
    """Every ``(table, row, col)`` cell that holds a value in a template, with ``""`` for a missing axis.

    old2014 rows have no column; t4 has no row; headings (rows with no unit in old2014) hold no value.
    """
    cells: list[tuple[str, str, str]] = []
    for table in tables(template):
        rows = entries(template, table, "row")
        cols = entries(template, table, "col")
        if not cols:
            cells += [(table, r.key, "") for r in rows if r.unit]
        elif not rows:
            cells += [(table, "", c.key) for c in cols]
        else:
            cells += [(table, r.key, c.key) for r in rows for c in cols if (table, r.key) not in HEADING_ROWS]
    return cells


def entry(template: str, table: str, key: str) -> SchemaEntry:
    """The entry with this key; ``KeyError`` names what was asked for."""
    for e in entries(template, table):
        if e.key == key:
            return e
    raise KeyError(f"no schema entry {template}/{table}/{key}")
