"""Conversion speed and accuracy per attachment format, against references measured in the same run.

Part 1, every format: a v2019 report with Table 3 and an old2014 report with the 65-row 统计表 (``--quick``:
the small one-page report) are rendered, converted back and compared with their source: value accuracy
(number cells at the same grid position), cell accuracy, character error rate (CER) of the whole text.
Speed is docs/s and ms/page against the time to only open the container (parse the PDF objects, unzip
every part, read the OLE directory, decode the image): "x ref" is the cost over merely reading the bytes.

Part 2, scans before/after: testbed reports (``testbed.content.make_report``: old2014, v2019, v2021;
``--quick``: v2019 only) rendered as PNG, JPEG and image-only PDF are converted by the converter of an
earlier commit (``--before``, default the first round's, checked out with ``git archive`` into a temporary
directory) and by the working tree, each in its own worker process, alternating file by file so both meet
the same machine load. Printed per scan type and version: wall and CPU (process + tesseract) ms per A4 page
(a long scan counts height / (width × √2) pages), parse accuracy (``parse_document`` values against the
report's gold), number-cell accuracy and CER; then the before/after ratios. ``--no-before`` skips the old
converter.

    .venv/bin/python benchmarks/convert_speed.py [--quick] [--scans-only] [--before REV | --no-before]
"""

from __future__ import annotations

import argparse
import io
import json
import math
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIRST_ROUND = "664920b"  # the first round's last converter commit (OCR of whole strips, OpenMP threads)
SCAN_TYPES = ("png", "jpeg", "pdf_image")
SUFFIX = {"png": "png", "jpeg": "jpg", "pdf_image": "pdf"}


def reference_read(data: bytes, file_type: str) -> int:
    """Open the container without converting; returns the page count (1 for non-paged formats)."""
    if file_type.startswith("pdf"):
        import pdfplumber

        with pdfplumber.open(io.BytesIO(data)) as pdf:
            return sum(1 for page in pdf.pages if page.objects is not None)
    if file_type in ("docx", "xlsx"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for name in archive.namelist():
                archive.read(name)
        return 1
    if file_type in ("doc", "wps", "xls"):
        import olefile

        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            for entry in ole.listdir():
                ole.openstream(entry).read()
        return 1
    from PIL import Image

    Image.open(io.BytesIO(data)).load()
    return 1


def timed(func, repeat: int) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    start, result = time.perf_counter(), None
    for _ in range(repeat):
        result = func()
    return (time.perf_counter() - start) / repeat, result


def all_formats(quick: bool) -> None:
    from convert_fixtures import old2014_report, small_report, v2019_report

    from nianbao.convert import convert_file
    from nianbao.convert.measure import cell_accuracy, char_error_rate
    from testbed.attachments import ATTACHMENT_TYPES, render_attachment

    reports = [small_report()] if quick else [v2019_report(), old2014_report()]
    print(f"{'format':10} {'docs/s':>8} {'ms/page':>8} {'x ref':>8} {'values':>8} {'cells':>8} {'CER':>7}")
    for file_type in ATTACHMENT_TYPES:
        repeat = 1 if file_type in ("png", "jpeg", "pdf_image", "doc", "wps") else 5
        total = ref = 0.0
        pages = v_ok = v_all = c_ok = c_all = 0
        cer: list[float] = []
        for source in reports:
            data = render_attachment(source, file_type)
            ref_t, n_pages = timed(lambda: reference_read(data, file_type), repeat)  # noqa: B023
            conv_t, doc = timed(lambda: convert_file(data, name=f"r.{file_type}"), repeat)  # noqa: B023
            total, ref, pages = total + conv_t, ref + ref_t, pages + int(n_pages)  # type: ignore[call-overload]
            right, count = cell_accuracy(source, doc, numbers_only=True)  # type: ignore[arg-type]
            v_ok, v_all = v_ok + right, v_all + count
            right, count = cell_accuracy(source, doc)  # type: ignore[arg-type]
            c_ok, c_all = c_ok + right, c_all + count
            cer.append(char_error_rate(source.to_text(), doc.to_text()))  # type: ignore[attr-defined]
        print(
            f"{file_type:10} {len(reports) / total:8.2f} {1000 * total / pages:8.1f} {total / ref:8.1f} "
            f"{100 * v_ok / v_all:7.2f}% {100 * c_ok / c_all:7.2f}% {100 * sum(cer) / len(cer):6.2f}%"
        )


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children (tesseract, pdfium threads included)."""
    import resource

    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def worker(path: str) -> None:
    """Convert one file with the ``nianbao`` found first on sys.path; print wall, CPU and the document."""
    from nianbao.convert import convert_file

    data = Path(path).read_bytes()
    start, cpu = time.perf_counter(), cpu_seconds()
    doc = convert_file(data, name=Path(path).name)
    wall, cpu = time.perf_counter() - start, cpu_seconds() - cpu
    print(json.dumps({"wall": wall, "cpu": cpu, "doc": doc.to_dict()}, ensure_ascii=False))


def run_worker(tree: Path, path: Path) -> dict:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", str(path)]
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=1800, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def document(data: dict):  # type: ignore[no-untyped-def]
    from nianbao.document import Block, Cell, CleanedDocument, Table

    blocks = []
    for b in data["blocks"]:
        table = Table([[Cell(**c) for c in row] for row in b["table"]["rows"]]) if b.get("table") else None
        blocks.append(Block(b["kind"], b.get("text", ""), table))
    return CleanedDocument(title=data["title"], blocks=blocks)


def a4_pages(data: bytes, file_type: str) -> float:
    if file_type == "pdf_image":
        return float(reference_read(data, file_type))
    from PIL import Image

    width, height = Image.open(io.BytesIO(data)).size
    return max(1.0, height / (width * math.sqrt(2)))


def score(report, got: dict) -> tuple[int, int, int, int, float]:  # type: ignore[no-untyped-def]
    """(parse values right, gold values, number cells right, number cells, CER) of one conversion."""
    from nianbao.convert.measure import cell_accuracy, char_error_rate
    from nianbao.evaluate import value_score
    from nianbao.parse import parse_document

    doc = document(got["doc"])
    parsed = [
        {"table": v.table, "row": v.row, "col": v.col, "value": v.value} for v in parse_document(doc).values
    ]
    gold = [{"table": g.table, "row": g.row, "col": g.col, "value": g.value} for g in report.values]
    values = value_score(gold, parsed)
    cells_ok, cells = cell_accuracy(report.doc, doc, numbers_only=True)
    return (
        values.correct,
        values.expected,
        cells_ok,
        cells,
        char_error_rate(report.doc.to_text(), doc.to_text()),
    )


def scans(quick: bool, before: str | None) -> None:
    from testbed.attachments import render_attachment
    from testbed.content import Issuer, make_report

    issuer = Issuer("乌审旗人民政府", "county_gov", "150626", "乌审旗")
    reports = [make_report(1, issuer, year) for year in ((2019,) if quick else (2016, 2019, 2022))]
    with tempfile.TemporaryDirectory(prefix="nianbao-bench-") as tmp:
        trees = {"after": ROOT}
        if before:
            trees = {"before": Path(tmp, "before"), **trees}
            trees["before"].mkdir()
            git = ["git", "-C", str(ROOT), "archive", before, "nianbao"]
            archive = subprocess.run(git, capture_output=True, check=True)
            subprocess.run(["tar", "-x", "-C", str(trees["before"])], input=archive.stdout, check=True)
        totals: dict[tuple[str, str], list[float]] = {}
        for file_type in SCAN_TYPES:
            for report in reports:
                data = render_attachment(report.doc, file_type)
                path = Path(tmp, f"{report.template}.{SUFFIX[file_type]}")
                path.write_bytes(data)
                for version, tree in trees.items():
                    got = run_worker(tree, path)
                    row = totals.setdefault((file_type, version), [0.0] * 8)
                    figures = (got["wall"], got["cpu"], a4_pages(data, file_type), *score(report, got))
                    for i, value in enumerate(figures):
                        row[i] += value  # CER (the last) summed too, averaged when printed
        print_scans(totals, len(reports), list(trees))


def print_scans(totals: dict[tuple[str, str], list[float]], n_reports: int, versions: list[str]) -> None:
    print(f"\n{'scan':10} {'version':7} {'wall ms/page':>12} {'CPU ms/page':>12} {'parse values':>13} "
          f"{'number cells':>13} {'CER':>7}")  # fmt: skip
    for (file_type, version), (wall, cpu, pages, v_ok, v_all, c_ok, c_all, cer) in totals.items():
        print(
            f"{file_type:10} {version:7} {1000 * wall / pages:12.0f} {1000 * cpu / pages:12.0f} "
            f"{100 * v_ok / v_all:12.2f}% {100 * c_ok / c_all:12.2f}% {100 * cer / n_reports:6.2f}%"
        )
    if "before" in versions:
        print()
        for file_type in SCAN_TYPES:
            old, new = totals[(file_type, "before")], totals[(file_type, "after")]
            print(
                f"{file_type:10} after is {old[0] / new[0]:.1f}x faster (wall), {old[1] / new[1]:.1f}x (CPU)"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one report per part")
    parser.add_argument("--scans-only", action="store_true", help="skip part 1 (every format)")
    parser.add_argument("--before", default=FIRST_ROUND, help="git revision of the converter to compare with")
    parser.add_argument("--no-before", action="store_true", help="measure the working tree only")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker)
        return
    sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
    if not args.scans_only:
        all_formats(args.quick)
    scans(args.quick, None if args.no_before else args.before)


if __name__ == "__main__":
    main()
