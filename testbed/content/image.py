"""A statistics table drawn as a PNG (Pillow, Noto Sans CJK), legible enough for OCR.

Merged cells are drawn as one box; long labels wrap inside their column.
"""

from __future__ import annotations

import io
from functools import cache

from PIL import Image, ImageDraw, ImageFont

from nianbao.document import Table

FONT_PATH = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
FONT_SIZE = 28
PAD = 12
LINE = FONT_SIZE + 8
MAX_COL = 520
MIN_COL = 56
MARGIN = 40


@cache
def _font() -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(FONT_PATH, FONT_SIZE)


@cache
def _width(text: str) -> float:
    return float(_font().getlength(text))


def _wrap(text: str, width: float) -> list[str]:
    lines, current = [], ""
    for char in text:
        if current and _width(current + char) > width:
            lines.append(current)
            current = char
        else:
            current += char
    return [*lines, current] if current else lines or [""]


def placements(table: Table) -> list[tuple[int, int, int, int, str]]:
    """Every printed cell as (row, col, rowspan, colspan, text), spans resolved like ``Table.grid``."""
    return [(p.row, p.col, p.rowspan, p.colspan, p.text) for p in table.placements()]


def render_table(table: Table) -> bytes:
    cells = placements(table)
    ncols = max(c + cs for _, c, _, cs, _ in cells)
    nrows = max(r + rs for r, _, rs, _, _ in cells)
    widths = [float(MIN_COL)] * ncols
    for _, c, _, cs, text in cells:
        if cs == 1:
            widths[c] = max(widths[c], min(MAX_COL, _width(text) + 2 * PAD))
    heights = [float(LINE + PAD)] * nrows
    for r, c, rs, cs, text in cells:
        need = len(_wrap(text, sum(widths[c : c + cs]) - 2 * PAD)) * LINE + PAD
        have = sum(heights[r : r + rs])
        if need > have:
            heights[r + rs - 1] += need - have
    xs = [float(MARGIN)]
    for w in widths:
        xs.append(xs[-1] + w)
    ys = [float(MARGIN)]
    for h in heights:
        ys.append(ys[-1] + h)
    img = Image.new("L", (int(xs[-1]) + MARGIN, int(ys[-1]) + MARGIN), 255)
    draw = ImageDraw.Draw(img)
    for r, c, rs, cs, text in cells:
        box = (xs[c], ys[r], xs[c + cs], ys[r + rs])
        draw.rectangle(box, outline=0, width=1)
        lines = _wrap(text, box[2] - box[0] - 2 * PAD)
        top = box[1] + (box[3] - box[1] - len(lines) * LINE) / 2 + 2
        for i, line in enumerate(lines):
            left = box[0] + (box[2] - box[0] - _width(line)) / 2 if len(lines) == 1 else box[0] + PAD
            draw.text((left, top + i * LINE), line, font=_font(), fill=0)
    buf = io.BytesIO()
    img.save(buf, format="PNG", optimize=False)
    return buf.getvalue()
