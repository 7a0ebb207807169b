"""Reading the cells of ruled tables in a page image (ruling lines erased).

Each cell's inked part is cut into its text lines (rows of ink between blank rows). A dash cell (one flat
stroke) needs no OCR. Short one-line cells are first read as numbers: tesseract's ``eng`` model with a digit
whitelist, one line per frame, all frames in one run; a number is kept when the recogniser is confident and
its digit count fits the width of the ink. Everything else (labels, and numbers that did not read cleanly)
is read line by line with ``chi_sim``, lines scaled to the height that model reads best, and a cell's lines
rejoined. Reading cells apart keeps neighbouring cells and centred multi-line labels from mixing; reading
numbers with digits only keeps 1 from becoming 工 and 7 from becoming 了.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from nianbao.convert.grid import Grid
from nianbao.convert.limits import ConversionError
from nianbao.convert.lines import join_wrapped, ocr_text
from nianbao.convert.tesseract import Word, read_lines

Box = tuple[int, int, int, int]  # x0, top, x1, bottom

INK = 150  # grey level below which a pixel is ink
LINE_GAP = 3  # blank pixel rows that separate two text lines of a cell
MIN_INK = 12  # ink pixels: fewer is a speck, not text
FRAME_PAD = 12
LABEL_HEIGHT = 36.0  # px: chi_sim drops short lines printed at ~24 px, reads them at ~36 (measured)
NUMBER_HEIGHT = (16, 32)  # px: digit heights eng reads as they are; others are scaled to 22
NUMBER_CHARS = "0123456789.-/"
MIN_NUMBER_CONF = 20.0
_NUMBER = re.compile(r"-?\d+(\.\d+)?|/")
_ITEM_NUMBER = {"|": "1", "l": "1", "I": "1", "工": "1", "了": "7"}  # a label's leading "1." misread


@dataclass
class CellInk:
    """The inked text lines of one cell (``grid`` and ``index`` place it)."""

    grid: int
    index: int
    lines: list[Box]
    text: str = ""
    pending: bool = field(default=True)

    @property
    def box(self) -> Box:
        return (
            min(b[0] for b in self.lines),
            self.lines[0][1],
            max(b[2] for b in self.lines),
            self.lines[-1][3],
        )


def text_lines(dark: Any, box: Box) -> list[Box]:
    """Text lines inside ``box`` of a boolean ink mask: bands of inked rows, each cropped to its ink."""
    x0, y0, x1, y1 = box
    crop = dark[y0:y1, x0:x1]
    rows = np.flatnonzero(crop.any(axis=1))
    if rows.size == 0 or crop.sum() < MIN_INK:
        return []
    bands = np.split(rows, np.flatnonzero(np.diff(rows) > LINE_GAP) + 1)
    inked = [band for band in bands if crop[band[0] : band[-1] + 1].sum() >= MIN_INK] or bands
    lines = []
    for band in inked:  # a speck of scanner dust apart from the text is no line of its own
        cols = np.flatnonzero(crop[band[0] : band[-1] + 1].any(axis=0))
        lines.append((x0 + int(cols[0]), y0 + int(band[0]), x0 + int(cols[-1]) + 1, y0 + int(band[-1]) + 1))
    return lines


def cell_inks(dark: Any, grids: list[Grid]) -> list[CellInk]:
    inks = []
    for g, grid in enumerate(grids):
        for index, (r, c, rs, cs) in enumerate(grid.cells):
            box = (
                int(grid.xs[c]) + 4,
                int(grid.ys[r]) + 4,
                int(grid.xs[c + cs]) - 4,
                int(grid.ys[r + rs]) - 4,
            )
            lines = text_lines(dark, box) if box[2] > box[0] and box[3] > box[1] else []
            if lines:
                inks.append(CellInk(g, index, lines))
    return inks


def _median(values: Sequence[float], default: float) -> float:
    return float(np.median(values)) if values else default


def read_dashes(inks: list[CellInk]) -> None:
    """A cell holding one flat stroke is a dash: "-" when short, "——" when about two characters wide."""
    text_height = _median([b[3] - b[1] for ink in inks for b in ink.lines if b[3] - b[1] > 8], 24.0)
    for ink in inks:
        if len(ink.lines) == 1:
            x0, y0, x1, y1 = ink.lines[0]
            if y1 - y0 <= max(8.0, 0.3 * text_height) and x1 - x0 >= 3 * (y1 - y0):
                ink.text, ink.pending = ("——" if x1 - x0 > 1.5 * text_height else "-"), False


def _frame(image: Any, box: Box, scale: float) -> Any:
    from PIL import Image

    crop = image.crop(box)
    if scale != 1.0:
        size = (max(1, round(crop.width * scale)), max(1, round(crop.height * scale)))
        crop = crop.resize(size, Image.Resampling.LANCZOS)
    frame = Image.new("L", (crop.width + 2 * FRAME_PAD, crop.height + 2 * FRAME_PAD), 255)
    frame.paste(crop, (FRAME_PAD, FRAME_PAD))
    return frame


def plausible_number(text: str, width: float, height: float) -> bool:
    """Does a number read from ink ``width`` x ``height`` have about as many characters as fit? Digits are
    about 0.74 of their height wide (0.6–0.75 in common fonts); a dot or minus counts half."""
    if not _NUMBER.fullmatch(text):
        return False
    if text == "/":
        return width <= 1.2 * height
    chars = sum(1.0 if ch.isdigit() else 0.5 for ch in text)
    expected = (width / height + 0.1) / 0.74
    return abs(chars - expected) <= 0.5 + 0.08 * chars


def number_candidates(inks: list[CellInk]) -> list[CellInk]:
    """Pending one-line cells that may hold a number: at most ~7 characters wide and shorter than the
    table's words (digits stand about 0.75–0.8 as tall as Chinese characters), or as narrow as a "/"."""
    one_line = [ink for ink in inks if ink.pending and len(ink.lines) == 1]
    shape = {id(ink): (ink.box[2] - ink.box[0], ink.box[3] - ink.box[1]) for ink in one_line}
    words = sorted(h for w, h in shape.values() if w >= 2.5 * h)
    cut = 0.9 * words[3 * len(words) // 4] if len(words) >= 3 else float("inf")
    return [
        ink
        for ink in one_line
        if (w := shape[id(ink)][0]) <= 5.5 * (h := shape[id(ink)][1]) and (h <= cut or w <= 0.6 * h)
    ]


def read_numbers(pages: list[tuple[Any, list[CellInk]]], timeout: float) -> None:
    """Number-shaped cells of every page read with digits only (one run); confident, plausible numbers are
    final. ``pages`` holds (page image, the page's cells)."""
    jobs: list[tuple[CellInk, Any]] = []
    for image, inks in pages:
        short = number_candidates(inks)
        height = _median([ink.box[3] - ink.box[1] for ink in short], 22.0)
        scale = 1.0 if NUMBER_HEIGHT[0] <= height <= NUMBER_HEIGHT[1] else 22.0 / height
        jobs += [(ink, _frame(image, ink.box, scale)) for ink in short]
    try:
        found = read_lines([frame for _, frame in jobs], timeout, "eng", NUMBER_CHARS)
    except ConversionError:  # no eng model (tesseract-ocr-eng): chi_sim reads the numbers too
        return
    for (ink, _), words in zip(jobs, found, strict=True):
        text = "".join(w.text for w in words)
        x0, y0, x1, y1 = ink.box
        if (
            words
            and min(w.conf for w in words) >= MIN_NUMBER_CONF
            and plausible_number(text, x1 - x0, y1 - y0)
        ):
            ink.text, ink.pending = text, False


def label_text(lines: list[list[Word]]) -> str:
    """A cell's text from the words of its lines; a leading item number misread as a glyph is repaired."""
    text = ocr_text(join_wrapped([ocr_text(" ".join(w.text for w in words)) for words in lines]))
    if len(text) > 2 and text[0] in _ITEM_NUMBER and text[1] in ".．、":
        text = _ITEM_NUMBER[text[0]] + text[1:]
    return text


def read_labels(pages: list[tuple[Any, list[CellInk]]], timeout: float) -> None:
    """The pending cells of every page read line by line with chi_sim (one run)."""
    jobs: list[tuple[CellInk, list[Any]]] = []
    for image, inks in pages:
        pending = [ink for ink in inks if ink.pending]
        heights = [b[3] - b[1] for ink in pending for b in ink.lines]
        scale = min(3.0, max(0.5, LABEL_HEIGHT / _median(heights, LABEL_HEIGHT)))
        jobs += [(ink, [_frame(image, box, scale) for box in ink.lines]) for ink in pending]
    words = iter(read_lines([frame for _, frames in jobs for frame in frames], timeout, "chi_sim"))
    for ink, frames in jobs:
        ink.text, ink.pending = label_text([next(words) for _ in frames]), False


def find_cells(image: Any, grids: list[Grid]) -> list[CellInk]:
    """The inked cells of a page's ruled tables, dashes already read."""
    inks = cell_inks(np.asarray(image) < INK, grids)
    read_dashes(inks)
    return inks


def read_cells(pages: list[tuple[Any, list[CellInk]]], timeout: float) -> None:
    """Every pending cell of every page read: numbers first, then the rest."""
    read_numbers(pages, timeout)
    read_labels(pages, timeout)


def cell_texts(grids: list[Grid], inks: list[CellInk]) -> list[list[str]]:
    """Cell texts per grid, in the order of ``grid.cells`` (empty cells blank)."""
    texts = [[""] * len(grid.cells) for grid in grids]
    for ink in inks:
        texts[ink.grid][ink.index] = ink.text
    return texts
