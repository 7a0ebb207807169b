"""OCR of a page image with Debian's tesseract (chi_sim) → positioned lines and tables.

Ruling lines are found with numpy (long dark runs); cells, with their spans, come from the grid they draw
(a missing separator between two grid slots merges them). The lines are erased, the page is read once
(TSV word boxes) and every word goes to the cell under its centre; a word straddling cells is split by
its width. Words outside ruled tables become lines, where unruled tables are found by column alignment.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
from typing import Any

from nianbao.convert.columns import find_unruled_tables
from nianbao.convert.grid import Grid, find_grids
from nianbao.convert.layout import Line, Page, Segment, TableItem
from nianbao.convert.limits import ConversionError, Deadline, Limits, run_tool
from nianbao.convert.lines import CJK, join_wrapped
from nianbao.document import Cell, Table

Word = tuple[str, float, float, float, float, tuple[int, int, int]]  # text, x0, x1, top, bottom, line id

_SPACE = re.compile(r"(?<![A-Za-z0-9]) +| +(?![A-Za-z0-9])")
_FULLWIDTH = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！"}
_CJK_PUNCT = re.compile(f"(?<=[{CJK}])([,:;?!])|([,:;?!])(?=[{CJK}])")
_PARENS = re.compile(f"[(（〈]([^()（）〈〉]*[{CJK}][^()（）〈〉]*)[)）〉]")
_NOISE = re.compile(r"^[_|‘'`~]+$")
SINGLE_THREAD = {"OMP_THREAD_LIMIT": "1"}  # tesseract's OpenMP threads only fight over the cores
_DIGIT_LOOKALIKES = str.maketrans("了〇OoDlI|乙ZSBgq", "70000111225899")


def ocr_text(text: str) -> str:
    """OCR output in the printed form: no spaces inside Chinese text, full-width punctuation next to it."""
    text = " ".join(t for t in text.split() if not _NOISE.match(t)) if len(text.split()) > 1 else text
    text = _SPACE.sub("", text.strip())
    text = _CJK_PUNCT.sub(lambda m: _FULLWIDTH[m.group(1) or m.group(2)], text)
    return _PARENS.sub(r"（\1）", text)


def prepare(image: Any, limits: Limits) -> tuple[Any, float]:
    """Greyscale, scaled so that text is large enough (and the page not too large); returns the scale."""
    image = image.convert("L")
    width, height = image.size
    scale = 1.0
    if width * height > limits.max_pixels:
        scale = (limits.max_pixels / (width * height)) ** 0.5
    elif width < 1400:
        scale = min(2.0, 1400 / width)
    if scale != 1.0:
        image = image.resize((max(1, int(width * scale)), max(1, int(height * scale))))
    return image, scale


def tesseract_words(image: Any, timeout: float) -> list[Word]:
    if not shutil.which("tesseract"):
        raise ConversionError("OCR needs tesseract: apt-get install tesseract-ocr tesseract-ocr-chi-sim")
    pgm = io.BytesIO()
    image.save(pgm, "PPM")  # greyscale → PGM: no compression to spend time on
    cmd = [
        "tesseract",
        "stdin",
        "stdout",
        "-l",
        "chi_sim",
        "--psm",
        "6",
        "-c",
        "preserve_interword_spaces=1",
        "tsv",
    ]
    out = run_tool(cmd, timeout, stdin=pgm.getvalue(), env=SINGLE_THREAD).decode("utf-8", "replace")
    words: list[Word] = []
    for row in csv.DictReader(io.StringIO(out), delimiter="\t", quoting=csv.QUOTE_NONE):
        text = (row.get("text") or "").strip()
        if row.get("level") != "5" or not text:
            continue
        x, y, w, h = (float(row[k]) for k in ("left", "top", "width", "height"))
        line_id = (int(row["block_num"]), int(row["par_num"]), int(row["line_num"]))
        words.append((text, x, x + w, y, y + h, line_id))
    return words


def _words_text(words: list[Word]) -> str:
    """Words of one cell: grouped into visual lines, each line's words joined, lines rejoined."""
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w[3], w[1])):
        if lines and word[3] < lines[-1][0][4] - 0.4 * (word[4] - word[3]):
            lines[-1].append(word)
        else:
            lines.append([word])
    return ocr_text(
        join_wrapped([ocr_text(" ".join(w[0] for w in sorted(line, key=lambda w: w[1]))) for line in lines])
    )


def _numeric(text: str) -> bool:
    return bool(re.fullmatch(r"-?\d+(\.\d+)?", text))


def fix_numeric_columns(placed: list[tuple[int, Cell]]) -> int:
    """In columns of numbers, read look-alike glyphs as digits (了 -> 7, O -> 0, l -> 1); count fixes.
    ``placed`` holds (grid column, cell) for the single-column cells of a table."""
    columns: dict[int, list[Cell]] = {}
    for col, cell in placed:
        columns.setdefault(col, []).append(cell)
    fixed = 0
    for cells in columns.values():
        filled = [c for c in cells if c.text]
        numbers = sum(_numeric(c.text) for c in filled)
        if numbers < 2 or numbers < 0.5 * len(filled):
            continue
        for cell in filled:
            candidate = cell.text.translate(_DIGIT_LOOKALIKES)
            if not _numeric(cell.text) and len(cell.text) <= 6 and _numeric(candidate):
                cell.text, fixed = candidate, fixed + 1
    return fixed


def _ink_box(image: Any, box: tuple[int, int, int, int]) -> tuple[int, int, int, int] | None:
    """The inked part of a cell (ruling lines already erased), or None for an empty cell."""
    import numpy as np

    crop = np.asarray(image.crop(box)) < 150
    rows, cols = np.flatnonzero(crop.any(axis=1)), np.flatnonzero(crop.any(axis=0))
    if rows.size == 0 or crop.sum() < 12:
        return None
    x0, y0 = box[0], box[1]
    return x0 + int(cols[0]), y0 + int(rows[0]), x0 + int(cols[-1]) + 1, y0 + int(rows[-1]) + 1


def read_cells(image: Any, grids: list[Grid], timeout: float) -> list[list[str]]:
    """Every cell's text from one OCR run over a strip of the cells' inked parts stacked one under
    another (reading cells apart keeps neighbouring cells and centred multi-line labels from mixing)."""
    from PIL import Image

    pieces = []  # (grid index, cell index, ink box)
    for g, grid in enumerate(grids):
        for index, (r, c, rs, cs) in enumerate(grid.cells):
            box = (
                int(grid.xs[c]) + 4,
                int(grid.ys[r]) + 4,
                int(grid.xs[c + cs]) - 4,
                int(grid.ys[r + rs]) - 4,
            )
            ink = _ink_box(image, box) if box[2] > box[0] and box[3] > box[1] else None
            if ink:
                pieces.append((g, index, ink))
    texts = [[""] * len(grid.cells) for grid in grids]
    if not pieces:
        return texts
    pad, width = 16, max(p[2][2] - p[2][0] for p in pieces) + 64
    height = sum(p[2][3] - p[2][1] + 2 * pad for p in pieces) + 2 * pad
    strip, spans, y = Image.new("L", (width, height), 255), [], pad
    for g, index, ink in pieces:
        strip.paste(image.crop(ink), (32, y + pad))
        spans.append((y, y + ink[3] - ink[1] + 2 * pad, g, index))
        y += ink[3] - ink[1] + 2 * pad
    words: dict[tuple[int, int], list[Word]] = {}
    for word in tesseract_words(strip, timeout):
        centre = (word[3] + word[4]) / 2
        hit = next((sp for sp in spans if sp[0] <= centre < sp[1]), None)
        if hit:
            words.setdefault((hit[2], hit[3]), []).append(word)
    for (g, index), found in words.items():
        texts[g][index] = _words_text(found)
    for g, index, (x0, y0, x1, y1) in pieces:
        if not texts[g][index] and y1 - y0 <= 8 and x1 - x0 >= 3 * (y1 - y0):
            texts[g][index] = "——" if x1 - x0 > 1.5 * _text_height(pieces) else "-"  # a lone dash
    return texts


def _text_height(pieces: list[tuple[int, int, tuple[int, int, int, int]]]) -> float:
    heights = sorted(p[2][3] - p[2][1] for p in pieces)
    return float(heights[len(heights) // 2])


def _table(grid: Grid, texts: list[str]) -> TableItem:
    rows: list[list[Cell]] = [[] for _ in range(len(grid.ys) - 1)]
    placed = []
    for index, (r, c, rs, cs) in enumerate(grid.cells):
        rows[r].append(Cell(texts[index], rowspan=rs, colspan=cs))
        placed.append((c, rows[r][-1]))
    fix_numeric_columns([(c, cell) for c, cell in placed if cell.colspan == 1])
    extents = [
        [(grid.xs[c], grid.xs[c + cs]) for (r0, c, _, cs) in grid.cells if r0 == r] for r in range(len(rows))
    ]
    return TableItem(Table(rows), grid.ys[0], grid.ys[-1], extents)


def _lines(words: list[Word]) -> list[Line]:
    grouped: dict[tuple[int, int, int], list[Word]] = {}
    for word in words:
        grouped.setdefault(word[5], []).append(word)
    lines = []
    for group in grouped.values():
        group.sort(key=lambda w: w[1])
        height = sorted(w[4] - w[3] for w in group)[len(group) // 2]
        segments: list[list[Word]] = []
        for word in group:
            if segments and word[1] - segments[-1][-1][2] <= 2.0 * height:
                segments[-1].append(word)
            else:
                segments.append([word])
        segs = [Segment(ocr_text(" ".join(w[0] for w in s)), s[0][1], s[-1][2]) for s in segments]
        text = ocr_text(" ".join(s.text for s in segs))
        top, bottom = min(w[3] for w in group), max(w[4] for w in group)
        lines.append(Line(text, group[0][1], group[-1][2], top, bottom, bottom - top, segs))
    return sorted(lines, key=lambda line: line.top)


def ocr_page(image: Any, limits: Limits, deadline: Deadline, warnings: list[str]) -> Page:
    """One page image → Page in the image's own pixel coordinates: one OCR run for the cells of the
    ruled tables, one for the rest of the page (tables blanked)."""
    from PIL import ImageDraw

    image, scale = prepare(image, limits)
    grids, cleaned = find_grids(image)
    timeout = max(5.0, min(limits.tool_timeout, deadline.remaining()))
    items: list[Line | TableItem] = []
    if grids:
        texts = read_cells(cleaned, grids, timeout)
        items += [_table(grid, cell_texts) for grid, cell_texts in zip(grids, texts, strict=True)]
        draw = ImageDraw.Draw(cleaned)
        for grid in grids:
            draw.rectangle((grid.xs[0] - 3, grid.ys[0] - 3, grid.xs[-1] + 3, grid.ys[-1] + 3), fill=255)
    words = tesseract_words(cleaned, max(5.0, min(limits.tool_timeout, deadline.remaining())))
    tables, lines = find_unruled_tables(_lines(words))
    items += tables
    items += lines
    page = Page(image.width, image.height, sorted(items, key=lambda i: i.top))
    if scale != 1.0:
        _rescale(page, 1 / scale)
        page.width, page.height = page.width / scale, page.height / scale
    return page


def _rescale(page: Page, factor: float) -> None:
    for item in page.items:
        item.top, item.bottom = item.top * factor, item.bottom * factor
        if isinstance(item, Line):
            item.x0, item.x1, item.size = item.x0 * factor, item.x1 * factor, item.size * factor
        elif item.extents:
            item.extents = [[(a * factor, b * factor) for a, b in row] for row in item.extents]
