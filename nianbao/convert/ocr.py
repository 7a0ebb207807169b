"""OCR of page images with Debian's tesseract (chi_sim) → positioned lines and tables.

Ruling lines are found with numpy (long dark runs); cells, with their spans, come from the grid they draw
(a missing separator between two grid slots merges them). The lines are erased; the cells are read line
by line (``cells``) while, side by side (a second tesseract process or engine), the rest of the page is
read with the tables blanked, cropped to what ink is left (TSV word boxes; not read at all when nothing
is left). Pages go to tesseract in batches (``BATCH`` pages per run and pass), so a scanned PDF costs a
few model loads, not three per page. Words outside ruled tables become lines, where unruled tables are
found by column alignment.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from nianbao.convert.cells import INK, MIN_INK, CellInk, cell_texts, find_cells, read_cells
from nianbao.convert.columns import find_unruled_tables
from nianbao.convert.grid import Grid, find_grids
from nianbao.convert.layout import Line, Page, Segment, TableItem
from nianbao.convert.limits import Deadline, Limits
from nianbao.convert.lines import ocr_text  # noqa: F401  (re-exported: the OCR text form)
from nianbao.convert.tesseract import Word, read_pages
from nianbao.document import Cell, Table

BATCH = 8  # pages per tesseract run: fewer model loads, bounded memory
BATCH_PIXELS = 64_000_000  # a batch of very large pages is cut short
PAGE_MARGIN = 24  # px of white kept around the ink outside tables
_DIGIT_LOOKALIKES = str.maketrans("了〇OoDlI|工乙ZSBgq", "700001111225899")


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
    grouped: dict[tuple[int, int, int, int], list[Word]] = {}
    for word in words:
        grouped.setdefault(word.line, []).append(word)
    lines = []
    for group in grouped.values():
        group.sort(key=lambda w: w.x0)
        height = sorted(w.bottom - w.top for w in group)[len(group) // 2]
        segments: list[list[Word]] = []
        for word in group:
            if segments and word.x0 - segments[-1][-1].x1 <= 2.0 * height:
                segments[-1].append(word)
            else:
                segments.append([word])
        segs = [Segment(ocr_text(" ".join(w.text for w in s)), s[0].x0, s[-1].x1) for s in segments]
        text = ocr_text(" ".join(s.text for s in segs))
        top, bottom = min(w.top for w in group), max(w.bottom for w in group)
        lines.append(Line(text, group[0].x0, group[-1].x1, top, bottom, bottom - top, segs))
    return sorted(lines, key=lambda line: line.top)


def _blank_tables(image: Any, grids: list[Grid]) -> Any:
    from PIL import ImageDraw

    blanked = image.copy()
    draw = ImageDraw.Draw(blanked)
    for grid in grids:
        draw.rectangle((grid.xs[0] - 3, grid.ys[0] - 3, grid.xs[-1] + 3, grid.ys[-1] + 3), fill=255)
    return blanked


@dataclass
class PageScan:
    """A page prepared for OCR: scaled greyscale with ruling lines erased, its grids and inked cells."""

    image: Any
    scale: float
    grids: list[Grid]
    inks: list[CellInk]


def scan_page(image: Any, limits: Limits) -> PageScan:
    image, scale = prepare(image, limits)
    grids, cleaned = find_grids(image)
    return PageScan(cleaned, scale, grids, find_cells(cleaned, grids))


def outside_tables(scan: PageScan) -> tuple[Any, int, int] | None:
    """What of the page is not ruled table, cropped to its ink with a margin, and where the crop starts;
    None when nothing is left (an image that is all table: most pasted statistics tables). Tesseract's
    page layout pass costs by the pixel, blank ones included (~0.2 s for a table screenshot)."""
    blanked = _blank_tables(scan.image, scan.grids)
    dark = np.asarray(blanked) < INK
    if dark.sum() < MIN_INK:
        return None
    rows, cols = np.flatnonzero(dark.any(axis=1)), np.flatnonzero(dark.any(axis=0))
    x0, y0 = max(0, int(cols[0]) - PAGE_MARGIN), max(0, int(rows[0]) - PAGE_MARGIN)
    x1 = min(blanked.width, int(cols[-1]) + 1 + PAGE_MARGIN)
    y1 = min(blanked.height, int(rows[-1]) + 1 + PAGE_MARGIN)
    return blanked.crop((x0, y0, x1, y1)), x0, y0


def _moved(words: list[Word], dx: int, dy: int) -> list[Word]:
    return [replace(w, x0=w.x0 + dx, x1=w.x1 + dx, top=w.top + dy, bottom=w.bottom + dy) for w in words]


def read_scans(scans: list[PageScan], timeout: float) -> list[Page]:
    """Pages from their scans: cells and the text outside tables read side by side (two tesseract
    processes, or two library engines)."""
    regions = [outside_tables(s) for s in scans]
    to_read = [r[0] for r in regions if r is not None]
    with ThreadPoolExecutor(max_workers=1) as pool:
        page_words = pool.submit(read_pages, to_read, timeout)
        read_cells([(s.image, s.inks) for s in scans], timeout)
        found = iter(page_words.result())
    words = [_moved(next(found), r[1], r[2]) if r is not None else [] for r in regions]
    return [_page(scan, found) for scan, found in zip(scans, words, strict=True)]


def _page(scan: PageScan, words: list[Word]) -> Page:
    texts = cell_texts(scan.grids, scan.inks)
    items: list[Line | TableItem] = [_table(g, t) for g, t in zip(scan.grids, texts, strict=True)]
    tables, lines = find_unruled_tables(_lines(words))
    items += tables
    items += lines
    image = scan.image
    page = Page(image.width, image.height, sorted(items, key=lambda i: i.top))
    if scan.scale != 1.0:
        _rescale(page, 1 / scan.scale)
        page.width, page.height = page.width / scan.scale, page.height / scan.scale
    return page


def ocr_pages(images: Iterable[Any], limits: Limits, deadline: Deadline) -> Iterator[Page]:
    """Pages (in each image's own pixel coordinates) from page images, read ``BATCH`` at a time. Images
    are taken one by one as needed: the caller's iterator decides when time is up."""
    batch: list[PageScan] = []
    for image in images:
        batch.append(scan_page(image, limits))
        if len(batch) == BATCH or sum(s.image.width * s.image.height for s in batch) >= BATCH_PIXELS:
            yield from _read_batch(batch, limits, deadline)
            batch = []
    if batch:
        yield from _read_batch(batch, limits, deadline)


def _read_batch(batch: list[PageScan], limits: Limits, deadline: Deadline) -> list[Page]:
    return read_scans(batch, max(5.0, min(limits.tool_timeout, deadline.remaining())))


def _rescale(page: Page, factor: float) -> None:
    for item in page.items:
        item.top, item.bottom = item.top * factor, item.bottom * factor
        if isinstance(item, Line):
            item.x0, item.x1, item.size = item.x0 * factor, item.x1 * factor, item.size * factor
        elif item.extents:
            item.extents = [[(a * factor, b * factor) for a, b in row] for row in item.extents]
