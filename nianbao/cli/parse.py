"""``nianbao parse FILE [--json]``: parse one report (a cleaned .txt or a saved .html page)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from nianbao.errors import InputError
from nianbao.parse import ParsedReport, parse_document, parse_report

HELP = "Parse one report (cleaned .txt or saved .html) into template, metadata, values and checks."
EXAMPLE = "nianbao parse archive/text/report.txt --json"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, help="a cleaned .txt or a saved .html page")
    parser.add_argument("--json", action="store_true", help="print the full result as JSON")


def run(args: argparse.Namespace) -> int:
    report = parse_file(args.file)
    print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2) if args.json else summary(report))
    return 0


def parse_file(path: Path) -> ParsedReport:
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    data = path.read_bytes()
    from nianbao.convert import is_convertible
    from nianbao.ingest import one_document

    # PDF, DOC/WPS, DOCX, XLS/XLSX, scans (sniffed from the bytes) and saved pages
    if is_convertible(data) or path.suffix.lower() in (".html", ".htm", ".shtml"):
        return parse_document(one_document(data, name=path.name))
    if path.suffix.lower() not in (".txt", ".text", ""):
        raise InputError(
            f"{path}: unsupported file type {path.suffix!r}; give a cleaned .txt or a saved .html"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("gb18030", errors="replace")
    return parse_report(text)


def summary(report: ParsedReport) -> str:
    tables = sum(1 for v in report.values if v.source == "table")
    narrative = len(report.values) - tables
    lines = [
        f"template:  {report.template}",
        f"title:     {report.title or '-'}",
        f"year:      {report.year or '-'}",
        f"issuer:    {report.issuer or '-'} ({report.level})",
        f"published: {report.published or '-'}",
        f"values:    {tables} from tables, {narrative} from prose",
        f"checks:    {len(report.checks) - len(report.failed_checks())}/{len(report.checks)} ok",
    ]
    lines += [f"  FAILED {c.rule}: {c.detail}" for c in report.failed_checks()]
    lines += [f"  warning: {w}" for w in report.warnings]
    return "\n".join(lines)
