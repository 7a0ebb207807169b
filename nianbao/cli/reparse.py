"""``nianbao reparse``: clean, classify and parse everything archived again, from the WARCs, offline."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from nianbao.cli.options import add_store_arguments, store_path
from nianbao.errors import InputError
from nianbao.reparse import ReparseOptions, reparse_archive
from nianbao.reparse_diff import format_report

HELP = (
    "Re-run cleaning, classification and parsing over everything archived (WARC, no network); report changes."
)
EXAMPLE = """nianbao reparse --archive archive
nianbao reparse --archive /data/nianbao --workers 4 --json > changes.json
nianbao reparse --dry-run --show 50   # what a new parser would change, writing nothing"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_store_arguments(parser)
    parser.add_argument("--warc-dir", type=Path, help="WARC directory (default: ARCHIVE/warc)")
    parser.add_argument("--workers", type=int, default=2, help="worker processes (default: 2)")
    parser.add_argument("--show", type=int, default=20, metavar="N", help="differences listed (default: 20)")
    parser.add_argument("--dry-run", action="store_true", help="compare only; write nothing")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")


def run(args: argparse.Namespace) -> int:
    db = store_path(args)
    if args.workers < 1:
        raise InputError(f"--workers {args.workers}: use 1 or more")
    options = ReparseOptions(args.archive, args.warc_dir, db, args.workers, max(0, args.show), args.dry_run)
    report = reparse_archive(options)
    print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2) if args.json else format_report(report))
    return 0
