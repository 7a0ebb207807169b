"""Office renderings of a report: DOCX (python-docx), XLSX (openpyxl) and XLS (xlwt).

Tables are real tables with merged cells; in the spreadsheets the title and paragraphs are unbordered rows
merged across the sheet and table cells carry thin borders, as counties lay out their 统计表.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from typing import Any
from xml.sax.saxutils import escape

from nianbao.document import CleanedDocument, Table
from testbed.attachments import (
    FIXED_DATE,
    as_number,
    grid_size,
    normalize_zip,
    place_cells,
    text_blocks,
)

_FIXED = dt.datetime(*FIXED_DATE)


def render_docx(doc: CleanedDocument, custom: dict[str, str] | None = None) -> bytes:
    """A Word document: centred title, headings, indented paragraphs, gridded tables with merges."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    document = docx.Document()
    props = document.core_properties
    props.author, props.title = "nianbao testbed", doc.title
    props.created = props.modified = props.last_printed = _FIXED
    props.revision = 1
    for kind, block in text_blocks(doc):
        if kind == "table" and block.table is not None:
            _docx_table(document, block.table)
            continue
        para = document.add_paragraph(block.text)
        if kind == "title":
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
            para.runs[0].font.size = Pt(18)
        elif block.kind == "paragraph":
            para.paragraph_format.first_line_indent = Pt(24)
    footer = document.sections[0].footer.paragraphs[0]
    footer.text = doc.metadata.source or ""
    out = io.BytesIO()
    document.save(out)
    data = out.getvalue()
    if custom:
        data = _with_custom_properties(data, custom)
    return normalize_zip(data)


def _docx_table(document: object, table: Table) -> None:
    """The table as python-docx would write it after ``cell.merge`` calls, built as XML in one pass
    (python-docx's merge is quadratic in the table's size: seconds per report)."""
    from docx.oxml import parse_xml

    cells = place_cells(table)
    nrows, ncols = grid_size(cells)
    grid = document.add_table(rows=0, cols=ncols)  # type: ignore[attr-defined]
    grid.style = "Table Grid"
    width = grid._tbl.tblGrid.gridCol_lst[0].w.twips if ncols else 0
    namespace = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    for row_xml in _docx_rows(cells, nrows, ncols, width):
        grid._tbl.append(parse_xml(row_xml.replace("<w:tr>", f"<w:tr {namespace}>", 1)))


def _docx_rows(cells: list[Any], nrows: int, ncols: int, width: int) -> list[str]:
    origin = {(c.row, c.col): c for c in cells}
    below: dict[tuple[int, int], Any] = {}  # vMerge continuations: (row, col) -> the merged cell
    for c in cells:
        for r in range(c.row + 1, c.row + c.rowspan):
            below[(r, c.col)] = c
    covered = {
        (r, k)
        for c in cells
        for r in range(c.row, c.row + c.rowspan)
        for k in range(c.col, c.col + c.colspan)
    }
    rows = []
    for r in range(nrows):
        out, col = [], 0
        while col < ncols:
            cell = origin.get((r, col)) or below.get((r, col))
            span = cell.colspan if cell is not None else 1
            if cell is None and (r, col) in covered:
                col += 1
                continue
            vmerge = (
                ""
                if cell is None or cell.rowspan == 1
                else ('<w:vMerge w:val="restart"/>' if cell.row == r else "<w:vMerge/>")
            )
            grid_span = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
            body = _docx_run(cell.text) if cell is not None and cell.row == r else "<w:p/>"
            out.append(
                f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width * span}"/>{grid_span}{vmerge}</w:tcPr>{body}</w:tc>'
            )
            col += span
        rows.append("<w:tr>" + "".join(out) + "</w:tr>")
    return rows


def _docx_run(text: str) -> str:
    """``<w:p><w:r>…</w:r></w:p>`` as python-docx writes ``cell.text = text`` (tabs and breaks as elements)."""
    pieces = []
    for part in re.split(r"(\t|\n|\r)", text):
        if part == "\t":
            pieces.append("<w:tab/>")
        elif part in ("\n", "\r"):
            pieces.append("<w:br/>")
        elif part:
            keep = ' xml:space="preserve"' if part != part.strip() else ""
            pieces.append(f"<w:t{keep}>{escape(part)}</w:t>")
    return "<w:p><w:r>" + "".join(pieces) + "</w:r></w:p>" if pieces else "<w:p><w:r/></w:p>"


_CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_CUSTOM_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"


def _with_custom_properties(data: bytes, custom: dict[str, str]) -> bytes:
    """Add ``docProps/custom.xml`` (what Kingsoft WPS writes its build mark into)."""
    props = "".join(
        f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="{i}" name="{escape(k)}">'
        f"<vt:lpwstr>{escape(v)}</vt:lpwstr></property>"
        for i, (k, v) in enumerate(sorted(custom.items()), start=2)
    )
    xml = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Properties xmlns="{_CUSTOM_NS}" xmlns:vt="{_VT_NS}">{props}</Properties>'
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            blob = src.read(info.filename)
            if info.filename == "[Content_Types].xml":
                blob = blob.replace(
                    b"</Types>",
                    b'<Override PartName="/docProps/custom.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.custom-properties+xml"/></Types>',
                )
            elif info.filename == "_rels/.rels":
                blob = blob.replace(
                    b"</Relationships>",
                    f'<Relationship Id="rIdCustom" Type="{_CUSTOM_REL}" Target="docProps/custom.xml"/>'
                    "</Relationships>".encode(),
                )
            dst.writestr(info.filename, blob)
        dst.writestr("docProps/custom.xml", xml.encode())
    return out.getvalue()


def _sheet_width(doc: CleanedDocument) -> int:
    widths = [grid_size(place_cells(b.table))[1] for k, b in text_blocks(doc) if k == "table" and b.table]
    return max(widths, default=1)


def _sheet_layout(doc: CleanedDocument) -> list[tuple[int, int, int, int, str, bool]]:
    """(row, col, rowspan, colspan, text, bordered) for every cell of the sheet, top to bottom."""
    width, row, out = _sheet_width(doc), 0, []
    for kind, block in text_blocks(doc):
        if kind == "table" and block.table is not None:
            cells = place_cells(block.table)
            out += [(row + c.row, c.col, c.rowspan, c.colspan, c.text, True) for c in cells]
            row += grid_size(cells)[0]
        else:
            out.append((row, 0, 1, width, block.text, False))
            row += 1
    return out


def render_xlsx(doc: CleanedDocument) -> bytes:
    """One worksheet: the title and paragraphs as merged rows, tables as bordered cells with merges."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Side

    book = Workbook()
    sheet = book.active
    sheet.title = "年报"
    book.properties.creator, book.properties.title = "nianbao testbed", doc.title
    book.properties.created = book.properties.modified = _FIXED
    thin = Side(style="thin")
    for r, c, rs, cs, text, bordered in _sheet_layout(doc):
        if rs > 1 or cs > 1:
            sheet.merge_cells(start_row=r + 1, start_column=c + 1, end_row=r + rs, end_column=c + cs)
        cell = sheet.cell(row=r + 1, column=c + 1, value=as_number(text) if bordered else text)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        if bordered:
            for dr in range(rs):
                for dc in range(cs):
                    sheet.cell(row=r + 1 + dr, column=c + 1 + dc).border = Border(thin, thin, thin, thin)
    out = io.BytesIO()
    book.save(out)
    return normalize_zip(out.getvalue())


def render_xls(doc: CleanedDocument) -> bytes:
    """An Excel 97 workbook (BIFF8) with the same layout as the XLSX rendering."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("年报")
    plain = xlwt.easyxf("alignment: wrap on, vert centre")
    boxed = xlwt.easyxf(
        "alignment: wrap on, vert centre; borders: left thin, right thin, top thin, bottom thin"
    )
    for r, c, rs, cs, text, bordered in _sheet_layout(doc):
        value = as_number(text) if bordered else text
        style = boxed if bordered else plain
        if rs > 1 or cs > 1:
            sheet.write_merge(r, r + rs - 1, c, c + cs - 1, value, style)
        else:
            sheet.write(r, c, value, style)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
