"""DOC and WPS (Word 97 binary, as Kingsoft WPS also writes it) → CleanedDocument.

With LibreOffice present the file is converted headless to DOCX (exact merged cells) and read by the DOCX
converter; otherwise antiword's DocBook output gives paragraphs and table rows, column spans recovered
from column widths (vertical merges then show as empty cells, which is reported).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from nianbao.convert.docx import _with_title, convert_docx
from nianbao.convert.limits import ConversionError, Deadline, Limits, run_tool
from nianbao.convert.lines import block_kind, join_wrapped
from nianbao.document import Block, Cell, CleanedDocument, Table, normalize_line


def convert_word97(data: bytes, limits: Limits, deadline: Deadline) -> CleanedDocument:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    errors = []
    if soffice:
        try:
            return convert_docx(
                _to_docx(soffice, data, min(limits.tool_timeout, deadline.remaining())), limits, deadline
            )
        except ConversionError as exc:
            errors.append(f"LibreOffice: {exc}")
    if shutil.which("antiword"):
        doc = _antiword(data, min(limits.tool_timeout, deadline.remaining()))
        doc.warnings[:0] = errors
        return doc
    raise ConversionError(
        "; ".join(errors) or "DOC/WPS needs antiword or LibreOffice (apt-get install antiword)"
    )


def _to_docx(soffice: str, data: bytes, timeout: float) -> bytes:
    with tempfile.TemporaryDirectory(prefix="nianbao-word97-") as tmp:
        src = Path(tmp, "in.doc")
        src.write_bytes(data)
        profile = Path(tmp, "profile").as_uri()
        cmd = [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "docx"]
        run_tool([*cmd, "--outdir", tmp, str(src)], timeout)
        out = Path(tmp, "in.docx")
        if not out.exists():
            raise ConversionError("LibreOffice could not read the file")
        return out.read_bytes()


def _antiword(data: bytes, timeout: float) -> CleanedDocument:
    from lxml import etree

    xml = run_tool(["antiword", "-x", "db", "-"], timeout, stdin=data)
    root = etree.fromstring(xml, etree.XMLParser(recover=True, resolve_entities=False, no_network=True))
    if root is None:
        raise ConversionError("antiword produced no readable output")
    blocks: list[Block] = []
    for node in root.iter("para", "informaltable"):
        if node.tag == "informaltable":
            _add_table_part(blocks, node)
        elif node.find(".//informaltable") is None:
            text = normalize_line("".join(node.itertext()))
            if text:
                blocks.append(Block(block_kind(text), text))  # type: ignore[arg-type]
    for block in blocks:
        if block.table is not None:
            _respan(block.table)
    warning = "DOC read with antiword: vertically merged cells appear as empty cells"
    return _with_title(blocks, [warning] if any(b.table for b in blocks) else [])


def _add_table_part(blocks: list[Block], node: Any) -> None:
    """antiword starts a new table whenever the column layout changes: parts in a row are one table."""
    widths = [float(c.get("colwidth", "0pt").rstrip("pt") or 0) for c in node.iter("colspec")]
    rows = []
    for row in node.iter("row"):
        entries = [join_wrapped(["".join(e.itertext())]) for e in row.iter("entry")]
        rows.append(
            [_WidthCell(text, widths[i] if i < len(widths) else 0.0) for i, text in enumerate(entries)]
        )
    if blocks and blocks[-1].table is not None and getattr(blocks[-1], "_open", False):
        blocks[-1].table.rows.extend(rows)  # type: ignore[arg-type]
    else:
        block = Block("table", table=Table(rows))  # type: ignore[arg-type]
        block._open = True  # type: ignore[attr-defined]
        blocks.append(block)


class _WidthCell(Cell):
    def __init__(self, text: str, width: float) -> None:
        super().__init__(text)
        self.width = width


def _respan(table: Table) -> None:
    """Colspans from the union of column boundaries (cumulative widths) over all rows."""
    bounds: set[float] = set()
    for row in table.rows:
        x = 0.0
        for cell in row:
            x += getattr(cell, "width", 0.0)
            bounds.add(round(x))
    edges = sorted(bounds)
    for row in table.rows:
        x = 0.0
        for cell in row:
            start, x = x, x + getattr(cell, "width", 0.0)
            cell.colspan = max(1, sum(1 for e in edges if round(start) + 2 < e <= round(x) + 2))
