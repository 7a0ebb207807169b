"""Render a report as the files counties publish: PDF, DOCX, DOC, WPS, XLS, XLSX, PNG/JPEG scans.

``render_attachment(doc, file_type)`` is deterministic (same document, same bytes): timestamps and
metadata are fixed and ZIP members are written with a constant date. DOC and WPS are genuine Word 97
binary files made by LibreOffice (headless) from the DOCX rendering and cached by content hash; a WPS file
is the Word 97 container Kingsoft WPS writes, marked by its ``KSOProductBuildVer`` custom property.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

from nianbao.document import Block, CleanedDocument, PlacedCell, Table, normalize_line

ATTACHMENT_TYPES = ("pdf", "docx", "doc", "wps", "xls", "xlsx", "png", "jpeg", "pdf_image")
FIXED_DATE = (2020, 1, 1, 0, 0, 0)
CJK_FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
CJK_FONT_INDEX = 2  # Noto Sans CJK SC
KSO_MARK = "KSOProductBuildVer"


def place_cells(table: Table) -> list[PlacedCell]:
    """Grid positions of the printed cells (``Table.placements``: the span rules of ``Table.grid()``)."""
    return table.placements()


def grid_size(cells: list[PlacedCell]) -> tuple[int, int]:
    rows = max((c.row + c.rowspan for c in cells), default=0)
    cols = max((c.col + c.colspan for c in cells), default=0)
    return rows, cols


def header_rows(table: Table) -> int:
    """Rows repeated on each page: as deep as the first row's tallest cell."""
    return max((max(1, c.rowspan) for c in table.rows[0]), default=1) if table.rows else 0


def text_blocks(doc: CleanedDocument) -> Iterator[tuple[str, Block]]:
    """("title", block) first, then ("text" | "table", block) in reading order."""
    yield "title", Block("heading", doc.title)
    for block in doc.blocks:
        if block.table is not None:
            if block.table.rows:
                yield "table", block
        elif normalize_line(block.text):
            yield "text", block


def column_weights(cells: list[PlacedCell], ncols: int) -> list[float]:
    """Relative column widths from the longest single-column text in each column."""
    longest = [2.0] * ncols
    for c in cells:
        if c.colspan == 1:
            longest[c.col] = max(longest[c.col], min(len(c.text), 14))
    return longest


def as_number(text: str) -> int | float | str:
    """A cell's text as the number a spreadsheet would store, when that round-trips exactly."""
    if re.fullmatch(r"-?(0|[1-9]\d{0,14})", text):
        return int(text)
    if re.fullmatch(r"-?(0|[1-9]\d{0,9})\.\d*[1-9]", text) and str(float(text)) == text:
        return float(text)
    return text


def normalize_zip(data: bytes) -> bytes:
    """Rewrite a ZIP container with fixed member dates so that the bytes are reproducible."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            blob = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                blob = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>2020-01-01T00:00:00Z", blob
                )
            member = zipfile.ZipInfo(info.filename, date_time=FIXED_DATE)
            member.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(member, blob)
    return out.getvalue()


def render_attachment(doc: CleanedDocument, file_type: str) -> bytes:
    """The report ``doc`` as a published file of ``file_type`` (one of ``ATTACHMENT_TYPES``)."""
    from testbed.attachments import office, pdf, scan

    renderers = {
        "pdf": pdf.render_pdf,
        "docx": office.render_docx,
        "doc": lambda d: render_word97(d, wps=False),
        "wps": lambda d: render_word97(d, wps=True),
        "xls": office.render_xls,
        "xlsx": office.render_xlsx,
        "png": lambda d: scan.render_scan(d, "PNG"),
        "jpeg": lambda d: scan.render_scan(d, "JPEG"),
        "pdf_image": scan.render_image_pdf,
    }
    if file_type not in renderers:
        raise ValueError(f"unknown attachment type {file_type!r}; expected one of {ATTACHMENT_TYPES}")
    return renderers[file_type](doc)


def render_word97(doc: CleanedDocument, *, wps: bool) -> bytes:
    """A Word 97 binary document made by LibreOffice from the DOCX rendering (cached by content)."""
    from testbed.attachments.office import render_docx

    docx_bytes = render_docx(doc, custom={KSO_MARK: "2052-11.1.0.10314"} if wps else None)
    key = hashlib.sha256(docx_bytes).hexdigest()[:32]
    cache = Path(os.environ.get("NIANBAO_CACHE", Path.home() / ".cache" / "nianbao")) / "word97"
    cached = cache / f"{key}.doc"
    if cached.exists():
        return cached.read_bytes()
    data = docx_to_doc(docx_bytes)
    cache.mkdir(parents=True, exist_ok=True)
    tmp = cached.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_bytes(data)
    tmp.replace(cached)
    return data


def docx_to_doc(docx_bytes: bytes, timeout: float = 120) -> bytes:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise RuntimeError("DOC/WPS rendering needs LibreOffice: apt-get install -y libreoffice-writer-nogui")
    with tempfile.TemporaryDirectory(prefix="nianbao-doc-") as tmp:
        src = Path(tmp, "report.docx")
        src.write_bytes(docx_bytes)
        profile = Path(tmp, "profile").as_uri()
        cmd = [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "doc"]
        subprocess.run([*cmd, "--outdir", tmp, str(src)], capture_output=True, timeout=timeout, check=False)
        out = Path(tmp, "report.doc")
        if not out.exists():
            raise RuntimeError("LibreOffice did not produce a .doc file")
        return out.read_bytes()
