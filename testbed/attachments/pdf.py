"""PDF rendering with a Chinese text layer (reportlab, the STSong-Light CID font).

Like a report exported from Word: A4 pages, a centred title, indented paragraphs, tables drawn with ruling
lines whose labels wrap inside narrow cells, header rows repeated on every page a table runs over, a
running header with a rule under it and page numbers printed as "-3-" in the footer.
"""

from __future__ import annotations

import io
from typing import Any

from nianbao.document import CleanedDocument, Table
from testbed.attachments import column_weights, grid_size, header_rows, place_cells, text_blocks

FONT = "STSong-Light"
MARGIN = 72.0


def _styles() -> dict[str, Any]:
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    base = {"fontName": FONT, "wordWrap": "CJK"}
    return {
        "title": ParagraphStyle("title", fontSize=18, leading=26, alignment=TA_CENTER, spaceAfter=14, **base),
        "heading": ParagraphStyle("heading", fontSize=12, leading=20, spaceBefore=4, **base),
        "paragraph": ParagraphStyle("paragraph", fontSize=12, leading=20, firstLineIndent=24, **base),
        "cell": ParagraphStyle("cell", fontSize=9, leading=12, **base),
    }


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _table_flowable(table: Table, width: float, styles: dict[str, Any], split_in_row: int = 0) -> Any:
    from reportlab.platypus import Paragraph
    from reportlab.platypus import Table as PdfTable

    cells = place_cells(table)
    nrows, ncols = grid_size(cells)
    weights = column_weights(cells, ncols)
    widths = [width * w / sum(weights) for w in weights]
    data: list[list[Any]] = [[""] * ncols for _ in range(nrows)]
    commands: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.6, "black"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("FONTNAME", (0, 0), (-1, -1), FONT),
    ]
    for c in cells:
        data[c.row][c.col] = Paragraph(_escape(c.text), styles["cell"])
        if c.rowspan > 1 or c.colspan > 1:
            end = (c.col + c.colspan - 1, c.row + c.rowspan - 1)
            commands.append(("SPAN", (c.col, c.row), end))
    return PdfTable(
        data,
        colWidths=widths,
        repeatRows=header_rows(table),
        style=commands,
        splitByRow=1,
        splitInRow=split_in_row,
    )


def _page_decor(running_header: str) -> Any:
    def draw(canvas: Any, document: Any) -> None:
        width, height = document.pagesize
        canvas.saveState()
        canvas.setFont(FONT, 9)
        canvas.drawCentredString(width / 2, height - MARGIN / 2, running_header)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN, height - MARGIN / 2 - 4, width - MARGIN, height - MARGIN / 2 - 4)
        canvas.setFont(FONT, 10.5)
        canvas.drawCentredString(width / 2, MARGIN / 2, f"-{document.page}-")
        canvas.restoreState()

    return draw


def render_pdf(doc: CleanedDocument) -> bytes:
    """The report as a text PDF (deterministic: reportlab's invariant mode fixes dates and IDs).

    A row-spanned group taller than a page cannot be split between rows; such a table is laid out
    again with rows split inside (as word processors do)."""
    from reportlab.platypus.doctemplate import LayoutError

    try:
        return _render_pdf(doc, split_in_row=0)
    except LayoutError:
        return _render_pdf(doc, split_in_row=1)


def _render_pdf(doc: CleanedDocument, split_in_row: int) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    styles = _styles()
    out = io.BytesIO()
    template = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=doc.title,
        author=doc.metadata.source or "",
        invariant=1,
    )
    story: list[Any] = []
    for kind, block in text_blocks(doc):
        if kind == "table" and block.table is not None:
            story += [
                Spacer(1, 6),
                _table_flowable(block.table, template.width, styles, split_in_row),
                Spacer(1, 6),
            ]
        else:
            style = styles["title"] if kind == "title" else styles.get(block.kind, styles["paragraph"])
            story.append(Paragraph(_escape(block.text), style))
    decor = _page_decor(doc.metadata.source or "政府信息公开工作年度报告")
    template.build(story, onFirstPage=decor, onLaterPages=decor)
    return out.getvalue()
