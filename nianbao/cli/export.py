"""``nianbao export``: documents (JSONL with text), stats in long form and one wide CSV per template."""

from __future__ import annotations

import argparse
from pathlib import Path

from nianbao.cli.options import add_store_arguments, store_path
from nianbao.errors import InputError
from nianbao.export import ExportOptions, export_store
from nianbao.store import Store

HELP = "Export reports: documents.jsonl (metadata + text), stats in long form, one wide CSV per template."
EXAMPLE = """nianbao export --format jsonl --archive archive            # -> archive/export/
nianbao export --format csv --out /tmp/nianbao --excel      # CSV with a BOM for Excel"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format", choices=("jsonl", "csv"), default="jsonl", help="stats (and documents.csv) form"
    )
    parser.add_argument("--out", type=Path, help="output directory (default: ARCHIVE/export)")
    add_store_arguments(parser)
    parser.add_argument("--excel", action="store_true", help="CSV files with a UTF-8 byte-order mark (Excel)")
    parser.add_argument("--all", action="store_true", help="also candidates that are not reports")


def run(args: argparse.Namespace) -> int:
    db = store_path(args)
    out = args.out or args.archive / "export"
    store = Store(db)
    try:
        summary = export_store(store, ExportOptions(out, args.format, args.excel, args.all))
    except OSError as exc:
        raise InputError(f"cannot write to {out}: {exc}") from exc
    finally:
        store.close()
    for name, rows in summary.files.items():
        print(f"{out / name}: {rows} rows")
    return 0
