"""``nianbao demo``: the main job on the embedded default — harvest the bundled offline testbed province
end to end (discover → WARC → clean → parse → SQLite) and print what was found, the measures against the
testbed's truth, and where everything is."""

from __future__ import annotations

import argparse
import shlex
from pathlib import Path

from nianbao.errors import InputError

DEFAULT_COUNTIES = 20  # every site family, attachments of every format, a few minutes on 2 cores
HELP = "Serve the offline testbed province on loopback, harvest it end to end and print a summary."
EXAMPLE = """nianbao demo                                     # 20 counties of the province, output under archive/
nianbao demo --counties 12 --archive /tmp/nb   # a smaller world elsewhere
nianbao demo --counties 0                        # the whole province (~103 counties; slow: OCR of scans)
nianbao demo --epoch 1                           # run again after the world moved on: only changes are fetched"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--archive", type=Path, default=Path("archive"), help="output root (default: archive)"
    )
    parser.add_argument(
        "--counties",
        type=int,
        default=DEFAULT_COUNTIES,
        help=f"number of counties (default {DEFAULT_COUNTIES}, every family; 0 = the whole province)",
    )
    parser.add_argument("--seed", type=int, default=1, help="testbed seed (default: 1)")
    parser.add_argument("--epoch", type=int, default=0, help="testbed epoch (default: 0)")
    parser.add_argument(
        "--attachments",
        help="comma-separated attachment types the testbed publishes (default: all: "
        "pdf,docx,doc,wps,xls,xlsx,png,jpeg,pdf_image)",
    )
    parser.add_argument(
        "--latency-ms",
        type=int,
        default=0,
        help="the testbed answers every request after this many ms, as a real server would (default: 0)",
    )
    parser.add_argument("--json", type=Path, help="also write the summary and measures as JSON to this file")


def run(args: argparse.Namespace) -> int:
    from nianbao.cli.harvest import exit_code
    from nianbao.demo import run_demo

    types = tuple(t.strip() for t in args.attachments.split(",") if t.strip()) if args.attachments else None
    if args.latency_ms < 0:
        raise InputError(f"--latency-ms must be 0 or more, not {args.latency_ms}")
    report = run_demo(
        args.archive,
        counties=args.counties or None,
        seed=args.seed,
        epoch=args.epoch,
        attachment_types=types,
        latency_ms=args.latency_ms,
    )
    print(report.text)
    if args.json:
        args.json.write_text(report.to_json(), encoding="utf-8")
    db = shlex.quote(str(args.archive / "nianbao.db"))
    print("\nLook at the results:")
    print(
        f"  .venv/bin/sqlite-utils {db} 'select year, template, count(*) n from documents where is_report group by 1, 2' --table"
    )
    print(f"  .venv/bin/nianbao warc check {shlex.quote(str(args.archive / 'warc'))}")
    if not report.ok:
        return exit_code(report.summary) or 1
    return 0
