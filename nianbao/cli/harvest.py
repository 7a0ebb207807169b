"""``nianbao harvest``: crawl a selection of county portals (province, prefecture, county or portal)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from nianbao.harvest import HarvestOptions, HarvestSummary, run_harvest

HELP = "Crawl county portals: discover, archive (WARC), clean and parse their annual reports."
EXAMPLE = """nianbao harvest --province 内蒙古自治区
nianbao harvest --county 乌审旗 --archive /data/nianbao --json summary.json
# cron, nightly (quiet; exit 0 on success; a failing site is reported, not fatal):
15 2 * * * cd /opt/nianbao && .venv/bin/nianbao harvest --province 内蒙古自治区 --quiet"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    pick = parser.add_argument_group("selection (from the bundled registry or --registry)")
    pick.add_argument("--province", help="province name, e.g. 内蒙古自治区")
    pick.add_argument("--prefecture", help="prefecture name, e.g. 鄂尔多斯市")
    pick.add_argument("--county", help="county name or 6-digit adcode")
    pick.add_argument("--portal", help="a single portal URL")
    pick.add_argument("--registry", help="your own registry CSV (columns as county_portals.csv)")
    parser.add_argument(
        "--archive", type=Path, default=Path("archive"), help="output root (default: archive)"
    )
    parser.add_argument(
        "--testbed", metavar="PROXY", default="", help="crawl the testbed through this proxy URL"
    )
    parser.add_argument("--ignore-robots", action="store_true", help="do not obey robots.txt (logged)")
    parser.add_argument(
        "--no-resume", action="store_true", help="ignore the saved queue of an interrupted run"
    )
    parser.add_argument(
        "-s", "--set", action="append", default=[], metavar="NAME=VALUE", help="a Scrapy setting"
    )
    parser.add_argument("--json", type=Path, help="also write the summary as JSON to this file")
    parser.add_argument("--quiet", action="store_true", help="print nothing but errors (for cron)")


def run(args: argparse.Namespace) -> int:
    if not any([args.province, args.prefecture, args.county, args.portal, args.registry, args.testbed]):
        print(
            "nianbao harvest: error: choose --province, --prefecture, --county, --portal or --registry",
            file=sys.stderr,
        )
        return 2
    summary = run_harvest(options_from(args))
    if args.json:
        args.json.write_text(summary.to_json(), encoding="utf-8")
    if not args.quiet:
        print(format_summary(summary))
    return exit_code(summary)


def exit_code(summary: HarvestSummary) -> int:
    """0 for a run that finished; 1 with a one-line reason otherwise (an interrupted run resumes next time)."""
    if summary.finish_reason == "finished":
        return 0
    if summary.finish_reason == "shutdown":
        print(
            "nianbao harvest: interrupted; the next run of this selection resumes where it stopped",
            file=sys.stderr,
        )
    else:
        print(f"nianbao harvest: the run failed as a whole ({summary.finish_reason})", file=sys.stderr)
    return 1


def options_from(args: argparse.Namespace) -> HarvestOptions:
    settings: dict[str, str | bool] = dict(_setting(s) for s in args.set)
    if args.ignore_robots:
        print("nianbao harvest: robots.txt will NOT be obeyed (--ignore-robots)", file=sys.stderr)
        settings["ROBOTSTXT_OBEY"] = False
    return HarvestOptions(
        province=args.province,
        prefecture=args.prefecture,
        county=args.county,
        portal=args.portal,
        registry=args.registry,
        archive_root=args.archive,
        testbed_proxy=args.testbed,
        settings=settings,
        resume=not args.no_resume,
        log_level="ERROR" if args.quiet else "WARNING",
    )


def _setting(text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name:
        raise SystemExit(f"nianbao harvest: error: --set takes NAME=VALUE, got {text!r}")
    return name.strip(), value.strip()


def format_summary(summary: HarvestSummary) -> str:
    t = summary.totals
    lines = [
        f"harvest {summary.finish_reason} in {summary.elapsed:.0f} s: {len(summary.sites)} sites, "
        f"reports new {t['new']}, changed {t['changed']}, unchanged {t['unchanged']}; "
        f"{t['candidates']} candidates; {sum(1 for s in summary.sites.values() if s.failed)} sites with failures",
        f"{'adcode':<8} {'site':<14} {'new':>5} {'chg':>5} {'same':>5} {'fail':>5}",
    ]
    for s in sorted(summary.sites.values(), key=lambda s: s.adcode):
        lines.append(f"{s.adcode:<8} {s.county:<14} {s.new:>5} {s.changed:>5} {s.unchanged:>5} {s.failed:>5}")
    lines.append(
        f"WARC: {summary.paths.get('warc')}  texts: {summary.paths.get('text')}  db: {summary.paths.get('db')}"
    )
    return "\n".join(lines)
