"""Scanned renderings: the report drawn as PNG/JPEG page images (Pillow, Noto Sans CJK) and as an
image-only PDF wrapping one scan per A4 page, tables drawn with grid lines, no text layer.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from nianbao.document import CleanedDocument, Table
from testbed.attachments import CJK_FONT, CJK_FONT_INDEX, PlacedCell, column_weights, grid_size, place_cells
from testbed.attachments import text_blocks as _text_blocks

PAGE_W, PAGE_H, MARGIN = 1654, 2339, 130  # A4 at 200 dpi
SIZES = {"title": 44, "text": 30, "cell": 26}
PAD = 10


@cache
def _font(size: int) -> Any:
    from PIL import ImageFont

    return ImageFont.truetype(CJK_FONT, size, index=CJK_FONT_INDEX)


def wrap(text: str, size: int, width: float) -> list[str]:
    """Greedy line breaking by measured width, character by character (as CJK text wraps)."""
    font, lines, line = _font(size), [], ""
    for ch in text:
        if line and font.getlength(line + ch) > width:
            lines.append(line)
            line = ""
        line += ch
    return [*lines, line] if line else lines


@dataclass
class _Layout:
    """Drawing operations placed on pages: ("text", x, y, text, size) and ("rect", x0, y0, x1, y1)."""

    page_height: float
    pages: list[list[tuple[Any, ...]]] = field(default_factory=lambda: [[]])
    y: float = MARGIN

    def room(self, height: float) -> None:
        if self.y + height > self.page_height - MARGIN and self.y > MARGIN:
            self.pages.append([])
            self.y = MARGIN

    def add(self, *op: Any) -> None:
        self.pages[-1].append(op)


def _place_text(layout: _Layout, text: str, kind: str, indent: bool) -> None:
    size = SIZES["title" if kind == "title" else "text"]
    width = PAGE_W - 2 * MARGIN
    lines = wrap(("\u3000\u3000" if indent else "") + text, size, width)
    for line in lines:
        layout.room(size * 1.6)
        x = (PAGE_W - _font(size).getlength(line)) / 2 if kind == "title" else MARGIN
        layout.add("text", x, layout.y, line.lstrip("\u3000") if not indent else line, size)
        layout.y += size * 1.6
    layout.y += size * 0.4


def _row_heights(cells: list[PlacedCell], xs: list[float], nrows: int) -> list[float]:
    size = SIZES["cell"]
    need = {
        c: len(wrap(c.text, size, xs[c.col + c.colspan] - xs[c.col] - 2 * PAD)) * size * 1.4 + 2 * PAD
        for c in cells
    }
    heights = [size * 1.4 + 2 * PAD] * nrows
    for c, h in need.items():
        if c.rowspan == 1:
            heights[c.row] = max(heights[c.row], h)
    for c, h in need.items():
        span = sum(heights[c.row : c.row + c.rowspan])
        if span < h:
            heights[c.row + c.rowspan - 1] += h - span
    return heights


def _place_table(layout: _Layout, table: Table) -> None:
    cells = place_cells(table)
    nrows, ncols = grid_size(cells)
    weights = column_weights(cells, ncols)
    width = PAGE_W - 2 * MARGIN
    xs = [MARGIN + width * sum(weights[:i]) / sum(weights) for i in range(ncols + 1)]
    heights = _row_heights(cells, xs, nrows)
    breakable = [all(not (c.row < r < c.row + c.rowspan) for c in cells) for r in range(nrows)]
    by_row: dict[int, list[PlacedCell]] = {}
    for c in cells:
        by_row.setdefault(c.row, []).append(c)
    for r in range(nrows):
        if breakable[r]:
            group_end = next((e for e in range(r + 1, nrows) if breakable[e]), nrows)
            layout.room(sum(heights[r:group_end]))
        tops = [layout.y + sum(heights[r:i]) for i in range(r, nrows + 1)]
        for c in by_row.get(r, []):
            _draw_cell(layout, c, xs, tops[0], tops[c.rowspan])
        layout.y += heights[r]
    layout.y += SIZES["text"]


def _draw_cell(layout: _Layout, c: PlacedCell, xs: list[float], top: float, bottom: float) -> None:
    size = SIZES["cell"]
    x0, x1 = xs[c.col], xs[c.col + c.colspan]
    layout.add("rect", x0, top, x1, bottom)
    lines = wrap(c.text, size, x1 - x0 - 2 * PAD)
    y = (top + bottom) / 2 - len(lines) * size * 1.4 / 2 + size * 0.2
    for line in lines:
        layout.add("text", x0 + PAD, y, line, size)
        y += size * 1.4


def layout_document(doc: CleanedDocument, page_height: float) -> list[list[tuple[Any, ...]]]:
    layout = _Layout(page_height)
    for kind, block in _text_blocks(doc):
        if kind == "table" and block.table is not None:
            _place_table(layout, block.table)
        else:
            _place_text(layout, block.text, kind, indent=block.kind == "paragraph" and kind != "title")
    layout.pages[-1].append(("end", layout.y))
    return [p for p in layout.pages if any(op[0] != "end" for op in p)]


def _draw(ops: list[tuple[Any, ...]], height: int) -> Any:
    from PIL import Image, ImageDraw

    image = Image.new("L", (PAGE_W, height), 255)
    draw = ImageDraw.Draw(image)
    for op in ops:
        if op[0] == "rect":
            draw.rectangle(op[1:5], outline=0, width=2)
        elif op[0] == "text":
            draw.text((op[1], op[2]), op[3], fill=0, font=_font(op[4]))
    return image


def render_scan(doc: CleanedDocument, image_format: str) -> bytes:
    """The whole report as one tall page image (a long scan), PNG or JPEG."""
    (ops,) = layout_document(doc, page_height=float("inf"))
    end = next(op[1] for op in ops if op[0] == "end")
    image = _draw(ops, int(end + MARGIN))
    out = io.BytesIO()
    if image_format == "JPEG":
        image.save(out, "JPEG", quality=88, dpi=(200, 200))
    else:
        image.save(out, "PNG", dpi=(200, 200))
    return out.getvalue()


def render_image_pdf(doc: CleanedDocument) -> bytes:
    """An image-only PDF: one scanned A4 page image per page, no text layer."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4, invariant=1)
    for ops in layout_document(doc, page_height=PAGE_H):
        png = io.BytesIO()
        _draw(ops, PAGE_H).save(png, "PNG")
        pdf.drawImage(ImageReader(io.BytesIO(png.getvalue())), 0, 0, width=A4[0], height=A4[1])
        pdf.showPage()
    pdf.save()
    return out.getvalue()
