"""The ``nianbao`` command: one argparse parser, one module per subcommand.

Adding a subcommand: write ``nianbao/cli/<name>.py`` with ``HELP``, ``EXAMPLE``, ``add_arguments(parser)``
and ``run(args) -> int``, then add ``<name>`` to ``SUBCOMMANDS``. Library errors raised as
``NianbaoError`` become one line on stderr and exit 1; usage errors exit 2.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from types import ModuleType

from nianbao.errors import NianbaoError

SUBCOMMANDS: list[str] = [
    # one name per line, in the order --help lists them
    "demo",
    "harvest",
    "warc",
    "clean",
    "testbed",
    "parse",
    "reparse",
    "export",
]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        """Usage errors: one line on stderr, exit 2."""
        self.exit(2, f"{self.prog}: error: {message}\n")


def _load(name: str) -> ModuleType:
    return importlib.import_module(f"nianbao.cli.{name.replace('-', '_')}")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="nianbao",
        description="Find, archive, clean and parse county 政府信息公开工作年度报告.",
        epilog="Example:\n  nianbao demo          # harvest the bundled offline testbed",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in SUBCOMMANDS:
        module = _load(name)
        child = sub.add_parser(
            name,
            help=module.HELP,
            description=module.HELP,
            epilog="Example:\n  " + module.EXAMPLE.strip().replace("\n", "\n  "),
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        module.add_arguments(child)
        child.set_defaults(_run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI with ``argv`` (default ``sys.argv[1:]``) and return the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "_run", None):
        parser.print_help()
        return 2
    try:
        return int(args._run(args) or 0)
    except NianbaoError as exc:
        print(f"nianbao {args.command}: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"nianbao {args.command}: interrupted", file=sys.stderr)
        return 130


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
