"""Export the store for downstream tools: documents (JSONL, with text), stats in long form (JSONL or CSV),
and one wide CSV per template. Everything is streamed from database cursors, never loaded whole.

Files written to the output directory:

- ``documents.jsonl``: one report per line: url, title, issuer, adcode, level, year, published, template,
  host, page_url, parts, text, text_path, text_sha256 and ``checks`` ({total, failed, failed_rules}).
  With ``--format csv`` also ``documents.csv``: the same without the text.
- ``stats.jsonl`` or ``stats.csv``: one value per line: url, table, row, col, label, unit, value, source,
  evidence. ``value`` is a number, a text, or null (JSON) / empty (CSV) for a printed blank, "/", "—", 无.
- ``wide_<template>.csv`` (old2014, v2019, v2021; ``narrative`` when narrative-only reports exist): one row
  per report of that template, metadata columns then one column per value cell of the schema
  (``nianbao.schema.value_cells``), named ``table/row/col`` with an empty part where an axis does not exist
  (``statistics/s1_total/``, ``t4//review_total``). One header row only, so every CSV reader takes it; the
  labels are in ``wide_<template>.labels.csv`` (key, table, row, col, row_label, col_label, unit). A cell
  the report left blank and a cell the parser did not find are both empty; ``stats`` tells them apart.

CSV files are UTF-8; ``excel=True`` adds a byte-order mark so Excel opens them as UTF-8.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from nianbao.schema import TEMPLATES, entry, value_cells
from nianbao.store import Store, stored_value

META_COLUMNS = ("url", "title", "issuer", "adcode", "level", "year", "published", "template")
DOCUMENT_COLUMNS = (*META_COLUMNS, "host", "page_url", "parts", "text_path", "text_sha256")
STAT_COLUMNS = ("url", "table", "row", "col", "label", "unit", "value", "source", "evidence")
LABEL_COLUMNS = ("key", "table", "row", "col", "row_label", "col_label", "unit")


@dataclass
class ExportOptions:
    out: Path
    format: str = "jsonl"  # jsonl | csv: the form of the stats (and documents.csv with csv)
    excel: bool = False
    all_documents: bool = False  # also candidates that are not reports


@dataclass
class ExportSummary:
    files: dict[str, int] = field(default_factory=dict)  # file name -> data rows


class _AtomicFile:
    """A file written under ``name.part`` and renamed on success, so a failed export leaves no half file."""

    def __init__(self, path: Path, bom: bool = False) -> None:
        self.path, self.tmp = path, path.with_name(path.name + ".part")
        self.encoding = "utf-8-sig" if bom else "utf-8"

    def __enter__(self) -> IO[str]:
        self.stream = open(self.tmp, "w", encoding=self.encoding, newline="")  # noqa: SIM115
        return self.stream

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        self.stream.close()
        if kind is None:
            os.replace(self.tmp, self.path)
        else:
            self.tmp.unlink(missing_ok=True)


def export_store(store: Store, options: ExportOptions) -> ExportSummary:
    """Write every export file into ``options.out``; returns the row count of each."""
    options.out.mkdir(parents=True, exist_ok=True)
    summary = ExportSummary()
    summary.files["documents.jsonl"] = write_documents_jsonl(store, options.out / "documents.jsonl", options)
    if options.format == "csv":
        summary.files["documents.csv"] = write_documents_csv(store, options.out / "documents.csv", options)
    name = f"stats.{options.format}"
    summary.files[name] = write_stats(store, options.out / name, options)
    for template in (*TEMPLATES, "narrative"):
        cells = _cells(store, template)
        if cells:
            wide = options.out / f"wide_{template}.csv"
            summary.files[wide.name] = write_wide(store, wide, template, cells, options.excel)
            labels = wide.with_name(f"wide_{template}.labels.csv")
            summary.files[labels.name] = write_labels(labels, template, cells, options.excel)
    return summary


def _documents(store: Store, options: ExportOptions) -> Iterator[dict[str, Any]]:
    """Documents in id order, each with its checks summary (merged from a second cursor)."""
    summaries = store.check_summaries()
    pending = next(summaries, None)
    for row in store.documents(None if options.all_documents else "is_report"):
        while pending is not None and pending["document_id"] < row["id"]:
            pending = next(summaries, None)
        found = pending if pending is not None and pending["document_id"] == row["id"] else None
        row["checks"] = {
            "total": found["total"] if found else 0,
            "failed": found["failed"] if found else 0,
            "failed_rules": (found["failed_rules"] or "").split() if found else [],
        }
        row["parts"] = json.loads(row.get("parts") or "[]") or [row["url"]]
        row["is_report"] = bool(row["is_report"])
        yield row


def write_documents_jsonl(store: Store, path: Path, options: ExportOptions) -> int:
    count = 0
    keys = (*DOCUMENT_COLUMNS, "is_report", "text", "checks")
    with _AtomicFile(path) as stream:
        for row in _documents(store, options):
            stream.write(json.dumps({k: row.get(k) for k in keys}, ensure_ascii=False) + "\n")
            count += 1
    return count


def write_documents_csv(store: Store, path: Path, options: ExportOptions) -> int:
    count = 0
    with _AtomicFile(path, options.excel) as stream:
        writer = csv.writer(stream)
        writer.writerow([*DOCUMENT_COLUMNS, "is_report", "checks_total", "checks_failed", "failed_rules"])
        for row in _documents(store, options):
            checks = row["checks"]
            values = [row.get(k) for k in DOCUMENT_COLUMNS]
            values[DOCUMENT_COLUMNS.index("parts")] = " ".join(row["parts"])
            writer.writerow(
                [
                    *values,
                    int(row["is_report"]),
                    checks["total"],
                    checks["failed"],
                    " ".join(checks["failed_rules"]),
                ]
            )
            count += 1
    return count


def stat_value(row: dict[str, Any]) -> int | float | str | None:
    """A stored value as exported: an integral float as an int, a text cell as its text, else None."""
    return stored_value(row.get("value"), row.get("value_text"))


def write_stats(store: Store, path: Path, options: ExportOptions) -> int:
    count = 0
    with _AtomicFile(path, options.excel and options.format == "csv") as stream:
        writer = csv.writer(stream) if options.format == "csv" else None
        if writer:
            writer.writerow(STAT_COLUMNS)
        for row in store.stat_rows():
            record = {k: row.get(k) for k in STAT_COLUMNS} | {"value": stat_value(row)}
            if writer:
                writer.writerow(["" if v is None else v for v in record.values()])
            else:
                stream.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    return count


def cell_key(cell: tuple[str, str, str]) -> str:
    return "/".join(cell)


def _cells(store: Store, template: str) -> list[tuple[str, str, str]]:
    if template in TEMPLATES:
        return value_cells(template)
    return [("narrative", key, "") for key in store.narrative_keys()]


def write_wide(
    store: Store, path: Path, template: str, cells: list[tuple[str, str, str]], excel: bool
) -> int:
    """One row per report of ``template``: metadata, then its value in every cell column (empty if none)."""
    source = "narrative" if template == "narrative" else "table"
    stats = store.stat_rows(template=template, source=source)
    pending = next(stats, None)
    count = 0
    with _AtomicFile(path, excel) as stream:
        writer = csv.writer(stream)
        writer.writerow([*META_COLUMNS, *map(cell_key, cells)])
        for doc in store.documents("is_report and template = ?", [template]):
            values: dict[tuple[str, str, str], Any] = {}
            while pending is not None and pending["document_id"] <= doc["id"]:
                if pending["document_id"] == doc["id"]:
                    values[(pending["table"], pending["row"], pending["col"])] = stat_value(pending)
                pending = next(stats, None)
            cell_values = [values.get(cell) for cell in cells]
            writer.writerow(["" if v is None else v for v in [*(doc[k] for k in META_COLUMNS), *cell_values]])
            count += 1
    return count


def write_labels(path: Path, template: str, cells: list[tuple[str, str, str]], excel: bool) -> int:
    """The labels of a wide file's cell columns, as the canonical schema prints them."""
    with _AtomicFile(path, excel) as stream:
        writer = csv.writer(stream)
        writer.writerow(LABEL_COLUMNS)
        for table, row, col in cells:
            row_entry = entry(template, table, row) if row and template in TEMPLATES else None
            col_entry = entry(template, table, col) if col and template in TEMPLATES else None
            unit = (row_entry.unit if row_entry else "") or (col_entry.unit if col_entry else "")
            row_label = row_entry.label if row_entry else row
            writer.writerow(
                [
                    cell_key((table, row, col)),
                    table,
                    row,
                    col,
                    row_label,
                    col_entry.label if col_entry else "",
                    unit,
                ]
            )
    return len(cells)
