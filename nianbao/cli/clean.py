"""``nianbao clean``: clean one saved page into the report body (text, JSON or Markdown)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from nianbao.errors import InputError

HELP = "Strip site chrome from a saved page and print the report body (title first, one block per line)."
EXAMPLE = """nianbao clean page.html --url http://www.example.gov.cn/zwgk/t20180213_1.html
nianbao clean page.html --format json --out page.json
curl -s http://127.0.0.1:8000/a.html | nianbao clean -"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("page", help="saved HTML page, or - for stdin")
    parser.add_argument(
        "--url", help="the page's URL (resolves attachment links, tells own links from foreign)"
    )
    parser.add_argument("--format", choices=("text", "json", "markdown"), default="text", help="output form")
    parser.add_argument("--out", type=Path, help="write here instead of stdout")


def _read(page: str) -> bytes:
    if page == "-":
        return sys.stdin.buffer.read()
    path = Path(page)
    if not path.is_file():
        raise InputError(f"no such page: {page} (give a saved HTML file or - for stdin)")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {page}: {exc.strerror}") from exc


def run(args: argparse.Namespace) -> int:
    from nianbao.ingest import one_document

    data = _read(args.page)
    # PDF, DOC/WPS, DOCX, XLS/XLSX and scans (sniffed from the bytes) go to the file converters
    document = one_document(data, url=args.url, name=args.page)
    rendered = {"text": document.to_text, "json": document.to_json, "markdown": document.to_markdown}[
        args.format
    ]()
    if args.out:
        args.out.write_text(rendered if rendered.endswith("\n") else rendered + "\n", encoding="utf-8")
    else:
        sys.stdout.write(rendered if rendered.endswith("\n") else rendered + "\n")
    for warning in document.warnings:
        print(f"nianbao clean: warning: {warning}", file=sys.stderr)
    return 0
