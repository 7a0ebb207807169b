"""What a re-parse changed: one document's stored rows against its new ones, and the run's report.

A document changed when any stored field (text sha256, template, year, title, issuer, …), any value
(``table/row/col``, number or text; ``absent`` where a side has none), a value's label/unit/evidence or
its checks differ. ``ReparseReport`` counts documents per changed field and keeps the first differences
(lowest document ids, so the output is the same whatever order the workers finish in).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from nianbao.store import CheckResult, DocumentRecord, StatValue

COMPARED_FIELDS = (
    "text_sha256",
    "template",
    "year",
    "title",
    "issuer",
    "level",
    "published",
    "is_report",
    "adcode",
    "page_url",
    "text_path",
    "parts",
)
VALUES_SHOWN = 20  # value differences kept per document
ABSENT = "absent"


@dataclass
class Difference:
    doc_id: int
    url: str
    fields: dict[str, list[Any]] = field(default_factory=dict)  # name -> [old, new]
    values: dict[str, list[Any]] = field(default_factory=dict)  # "table/row/col" -> [old, new] (first few)
    value_changes: int = 0
    checks: list[str] = field(default_factory=list)  # [old failed rules, new failed rules] when they differ
    labels: bool = False  # a label, unit or evidence changed with the value unchanged

    @property
    def kinds(self) -> list[str]:
        extra = (
            ["values"] * bool(self.value_changes) + ["checks"] * bool(self.checks) + ["labels"] * self.labels
        )
        return [*self.fields, *extra]


def document_parts(row: dict[str, Any]) -> list[str]:
    """The part URLs of a stored document (``[url]`` for rows written before parts were recorded)."""
    try:
        parts = json.loads(row.get("parts") or "[]")
    except ValueError:
        parts = []
    return [p for p in parts if isinstance(p, str)] or [row["url"]]


def _stored(name: str, row: dict[str, Any]) -> Any:
    value = row.get(name)
    if name == "parts":
        return document_parts(row)
    if name == "is_report":
        return bool(value)
    return value if value is not None or name == "year" else ""


def _keyed(stats: Sequence[StatValue]) -> dict[str, Any]:
    return {f"{s.table}/{s.row}/{s.col}": s.as_value() for s in stats}


def _failed(checks: Sequence[CheckResult]) -> str:
    failed = [c.rule for c in checks if not c.ok]
    return f"{len(checks)} checks, {len(failed)} failed" + (f": {' '.join(failed)}" if failed else "")


def compare(
    row: dict[str, Any],
    old_stats: Sequence[StatValue],
    old_checks: Sequence[CheckResult],
    record: DocumentRecord,
    stats: Sequence[StatValue],
    checks: Sequence[CheckResult],
) -> Difference | None:
    """The difference between a stored document and its re-derived rows, ``None`` if there is none."""
    diff = Difference(row["id"], row["url"])
    for name in COMPARED_FIELDS:
        old, new = _stored(name, row), getattr(record, name)
        if old != new:
            diff.fields[name] = [old, new]
    before, after = _keyed(old_stats), _keyed(stats)
    for key in [*before, *(k for k in after if k not in before)]:
        old, new = before.get(key, ABSENT), after.get(key, ABSENT)
        if old != new:
            diff.value_changes += 1
            if len(diff.values) < VALUES_SHOWN:
                diff.values[key] = [old, new]
    if list(old_checks) != list(checks):
        diff.checks = [_failed(old_checks), _failed(checks)]
    diff.labels = not diff.value_changes and list(old_stats) != list(stats)
    return diff if diff.kinds else None


@dataclass
class ReparseReport:
    workers: int = 1
    show: int = 20
    dry_run: bool = False
    documents: int = 0
    changed: int = 0
    unchanged: int = 0
    failed: int = 0
    seconds: float = 0.0
    by_kind: Counter[str] = field(default_factory=Counter)
    differences: list[Difference] = field(default_factory=list)
    failures: list[dict[str, Any]] = field(default_factory=list)

    def count(self, doc_id: int, difference: Difference | None) -> None:
        if difference is None:
            self.unchanged += 1
            return
        self.changed += 1
        self.by_kind.update(difference.kinds)
        self.differences = _first(self.differences, difference, self.show)

    def fail(self, doc_id: int, url: str, reason: str) -> None:
        self.failed += 1
        self.failures = _first(self.failures, {"doc_id": doc_id, "url": url, "error": reason}, self.show)

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "changed": self.changed,
            "unchanged": self.unchanged,
            "failed": self.failed,
            "written": 0 if self.dry_run else self.changed,
            "by_kind": dict(sorted(self.by_kind.items())),
            "seconds": round(self.seconds, 3),
            "workers": self.workers,
            "differences": [asdict(d) for d in self.differences],
            "failures": self.failures,
        }


def _first(items: list[Any], item: Any, keep: int) -> list[Any]:
    """``items`` plus ``item``, the ``keep`` lowest document ids only."""
    items.append(item)
    items.sort(key=lambda x: x["doc_id"] if isinstance(x, dict) else x.doc_id)
    return items[:keep]


def format_report(report: ReparseReport) -> str:
    """The report for people: counts, changed fields, the first differences and failures."""
    verb = "would change" if report.dry_run else "changed"
    lines = [
        f"{report.documents} documents re-parsed in {report.seconds:.1f} s ({report.workers} workers): "
        f"{report.changed} {verb}, {report.unchanged} unchanged, {report.failed} failed",
    ]
    if report.by_kind:
        lines.append("changed: " + ", ".join(f"{k} {n}" for k, n in sorted(report.by_kind.items())))
    for d in report.differences:
        lines.append(f"  {d.url}: {', '.join(d.kinds)}")
        lines += [
            f"    {name}: {old!r} -> {new!r}" for name, (old, new) in d.fields.items() if name != "text_path"
        ]
        lines += [f"    {key}: {old!r} -> {new!r}" for key, (old, new) in d.values.items()]
        if d.value_changes > len(d.values):
            lines.append(f"    … {d.value_changes - len(d.values)} more values")
        if d.checks:
            lines.append(f"    checks: {d.checks[0]} -> {d.checks[1]}")
    lines += [f"  FAILED {f['url']}: {f['error']}" for f in report.failures]
    return "\n".join(lines)
