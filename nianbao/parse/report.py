"""The Parse stage: cleaned text (and real tables when the source had them) → a ``ParsedReport``."""

from __future__ import annotations

import re

from nianbao.document import CleanedDocument, Table
from nianbao.parse import checks, detect, grid, meta, modern, narrative, old2014
from nianbao.parse.flat import FOOTER, RawRow, assemble_rows, assemble_seq_rows, is_prose, line_cells
from nianbao.parse.labels import Matcher
from nianbao.parse.model import ParsedReport, Value
from nianbao.parse.normalize import nfkc
from nianbao.schema import old2014_rows

_OLD_START = re.compile(r"统计指标")


def parse_report(
    text: str,
    tables: list[Table] | None = None,
    *,
    title: str | None = None,
    published: str | None = None,
    source: str | None = None,
) -> ParsedReport:
    """Parse one report. Pure: the same input always gives the same output; never raises on bad input."""
    text = text if isinstance(text, str) else ""
    lines = text.splitlines()
    title = title if title is not None else meta.find_title(lines)
    source = source or meta.find_source(lines)
    year = meta.find_year(title, text)
    issuer = meta.find_issuer(title, source, text)
    template, warnings = detect.detect(text, year)
    values = _table_values(template, lines, tables or [], warnings)
    if template in ("narrative", "unknown") and values:
        template = "old2014" if values[0].table == "statistics" else template
    values += narrative.extract(text)
    return ParsedReport(
        template=template,  # type: ignore[arg-type]
        title=title,
        year=year,
        issuer=issuer,
        level=meta.level_of(issuer),  # type: ignore[arg-type]
        published=published or meta.find_published(lines),
        values=values,
        checks=checks.run_checks(template, values),
        warnings=warnings,
    )


def parse_document(doc: CleanedDocument) -> ParsedReport:
    """Parse a cleaned document, reading its real tables' grids directly."""
    report = parse_report(
        doc.to_text(),
        doc.tables,
        title=doc.title or None,
        published=doc.metadata.published,
        source=doc.metadata.source,
    )
    report.warnings = [*doc.warnings, *report.warnings]
    return report


def _table_values(template: str, lines: list[str], tables: list[Table], warnings: list[str]) -> list[Value]:
    if template not in ("old2014", "v2019", "v2021"):
        return []
    if tables:
        from_grid = _map(template, grid.table_rows(tables), [])
        if from_grid:
            grid_warnings: list[str] = []
            values = _map(template, grid.table_rows(tables), grid_warnings)
            warnings += grid_warnings
            return values
    return _map(template, _text_rows(template, lines), warnings)


def _map(template: str, rows: list[RawRow], warnings: list[str]) -> list[Value]:
    if template == "old2014":
        return old2014.map_rows(rows, warnings)
    parts = modern.segments(rows)
    return (
        modern.map_t2(parts["t2"], template, warnings)
        + modern.map_t3(parts["t3"], template, warnings)
        + modern.map_t4(parts["t4"], template, warnings)
    )


def _text_rows(template: str, lines: list[str]) -> list[RawRow]:
    """Raw rows of the flattened tables in the text (prose lines skipped)."""
    if template != "old2014":
        return assemble_rows([line for line in lines if not is_prose(line)])
    region = _old_region(lines)
    tokens = [c for line in region for c in line_cells(line)]
    if any(nfkc(t) == "序号" for t in tokens[:6]) and not any(
        "\t" in ln.strip() or "|" in ln for ln in region[:12]
    ):
        start = next(i for i, t in enumerate(tokens) if nfkc(t) in ("统计数", "数量", "数值", "统计值"))
        return assemble_seq_rows(tokens[start + 1 :])
    return assemble_rows(region)


def _old_region(lines: list[str]) -> list[str]:
    """The lines of the old 统计表: from its header (or first row) to the first sentence after it."""
    start = next((i for i, line in enumerate(lines) if _OLD_START.search(nfkc(line))), None)
    if start is None:
        start = _first_row(lines)
    if start > 0 and nfkc(lines[start - 1]) == "序号" or (start > 1 and nfkc(lines[start - 2]) == "序号"):
        start = start - 1 if nfkc(lines[start - 1]) == "序号" else start - 2
    region: list[str] = []
    for line in lines[start:]:
        if FOOTER.match(nfkc(line)) or (is_prose(line) and len(region) > 10):
            break
        if not is_prose(line):
            region.append(line)
    return region


def _first_row(lines: list[str]) -> int:
    matcher = Matcher(old2014_rows(extended=True)[:3])
    for i, line in enumerate(lines):
        cells = line_cells(line)
        if cells and not is_prose(line) and matcher.match(cells[0]) is not None:
            return i
    return 0
