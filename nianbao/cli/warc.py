"""``nianbao warc``: check, index and repair the archive's WARC files."""

from __future__ import annotations

import argparse
import sys

from nianbao.errors import InputError
from nianbao.warc.cdxj import cdxj_lines
from nianbao.warc.check import check_files, expand_paths
from nianbao.warc.repair import repair_directory

HELP = "Check, index (CDXJ) or repair WARC files."
EXAMPLE = """nianbao warc check archive/warc            # every file; one line per problem, exit 1 if any
nianbao warc index archive/warc/X.warc.gz    # CDXJ (pywb format) to stdout
nianbao warc repair archive/warc             # close .open files left by a crash"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    verbs = parser.add_subparsers(dest="verb", metavar="VERB", required=True)
    check = verbs.add_parser("check", help="full gzip decode, digests, reference targets, warcinfo first")
    check.add_argument("files", nargs="*", default=["archive/warc"], help="WARC files or directories")
    index = verbs.add_parser("index", help="print the CDXJ index of one WARC file")
    index.add_argument("file")
    repair = verbs.add_parser("repair", help="cut .open files after their last whole record and close them")
    repair.add_argument("directory")


def run(args: argparse.Namespace) -> int:
    if args.verb == "check":
        return _check(args.files)
    if args.verb == "index":
        return _index(args.file)
    return _repair(args.directory)


def _check(arguments: list[str]) -> int:
    paths = expand_paths(arguments)
    missing = [str(p) for p in paths if not p.is_file()]
    if missing or not paths:
        raise InputError(f"no such WARC file: {', '.join(missing) or ' '.join(arguments)}")
    report = check_files(paths)
    for problem in report.problems:
        print(problem)
    summary = f"{report.files} files, {report.records} records, {len(report.problems)} problems"
    print(summary, file=sys.stderr)
    return 1 if report.problems else 0


def _index(file: str) -> int:
    try:
        lines = cdxj_lines(file)
    except OSError as exc:
        raise InputError(f"cannot read {file}: {exc}") from exc
    sys.stdout.write("".join(line + "\n" for line in lines))
    return 0


def _repair(directory: str) -> int:
    try:
        results = repair_directory(directory)
    except OSError as exc:
        raise InputError(f"cannot repair in {directory}: {exc}") from exc
    for result in results:
        final = result.final.name if result.final else "removed (no whole record)"
        print(f"{result.path.name}: kept {result.records} records, cut {result.cut_bytes} bytes -> {final}")
    if not results:
        print(f"no .open files in {directory}", file=sys.stderr)
    return 0
