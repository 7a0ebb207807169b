"""Conversion speed and accuracy per attachment format, against a reference measured in the same run.

For every format the testbed publishes, two reports (a v2019 report with Table 3 and an old2014 report
with the 65-row 统计表; ``--quick``: only the small one-page report) are rendered, converted back and
compared with their source: value accuracy (number cells at the same grid position), cell accuracy, and
character error rate of the whole text. Speed is docs/s and ms/page; the reference is the time to only
open the container (parse the PDF objects, unzip every part, read the OLE directory, decode the image),
so "x ref" says how much the conversion costs over merely reading the bytes.

    .venv/bin/python benchmarks/convert_speed.py [--quick]
"""

from __future__ import annotations

import io
import sys
import time
import zipfile
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parents[1]), str(Path(__file__).resolve().parents[1] / "tests")]

from convert_fixtures import old2014_report, small_report, v2019_report  # noqa: E402

from nianbao.convert import convert_file  # noqa: E402
from nianbao.convert.measure import cell_accuracy, char_error_rate  # noqa: E402
from testbed.attachments import ATTACHMENT_TYPES, render_attachment  # noqa: E402


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


def main(quick: bool) -> None:
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


if __name__ == "__main__":
    main(quick="--quick" in sys.argv)
