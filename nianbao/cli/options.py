"""Options several subcommands share (helpers for ``add_arguments``/``run``, not a subcommand)."""

from __future__ import annotations

import argparse
from pathlib import Path

from nianbao.errors import InputError


def add_store_arguments(parser: argparse.ArgumentParser) -> None:
    """``--archive DIR`` and ``--db FILE``: where a harvest left its output."""
    parser.add_argument(
        "--archive", type=Path, default=Path("archive"), help="archive root (default: archive)"
    )
    parser.add_argument("--db", type=Path, help="store (default: ARCHIVE/nianbao.db)")


def store_path(args: argparse.Namespace) -> Path:
    """The store the options name; a one-line error naming the fix when there is none."""
    db: Path = args.db or args.archive / "nianbao.db"
    if not db.is_file():
        raise InputError(f"{db}: no store there; give --archive DIR (the harvest's output root) or --db")
    return db
