"""The records the parser returns: values, check results and the parsed report."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Number = int | float
CellValue = Number | str | None
Template = Literal["old2014", "v2019", "v2021", "narrative", "unknown"]
Level = Literal["county_gov", "department", "township", "other"]


@dataclass
class Value:
    """One statistic: schema keys (``""`` for a missing axis), the label and unit as printed, the value.

    ``source`` is ``table`` or ``narrative``; narrative values use table ``narrative`` and carry the
    sentence they were read from as ``evidence``.
    """

    table: str
    row: str
    col: str
    label: str
    unit: str
    value: CellValue
    source: str = "table"
    evidence: str = ""

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.table, self.row, self.col)


@dataclass
class Check:
    """One validation finding (never a correction)."""

    rule: str
    ok: bool
    detail: str


@dataclass
class ParsedReport:
    template: Template
    title: str | None
    year: int | None
    issuer: str | None
    level: Level
    published: str | None
    values: list[Value] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The ``--json`` form: exactly the issue's keys, values with ``source`` and ``evidence``."""
        return {
            "template": self.template,
            "title": self.title,
            "year": self.year,
            "issuer": self.issuer,
            "level": self.level,
            "published": self.published,
            "values": [asdict(v) for v in self.values],
            "checks": [asdict(c) for c in self.checks],
            "warnings": list(self.warnings),
        }

    def table_values(self) -> dict[tuple[str, str, str], CellValue]:
        """Table values (not narrative ones) by ``(table, row, col)``."""
        return {v.key: v.value for v in self.values if v.source == "table"}

    def narrative_values(self) -> dict[str, CellValue]:
        return {v.row: v.value for v in self.values if v.source == "narrative"}

    def failed_checks(self) -> list[Check]:
        return [c for c in self.checks if not c.ok]
