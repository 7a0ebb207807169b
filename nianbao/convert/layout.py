"""Positioned page content (text lines and tables, from a PDF text layer or OCR) → CleanedDocument.

Removes running headers, footers and page numbers, takes the title from the largest leading line, rejoins
paragraphs wrapped over lines and pages, and joins tables continued over pages, dropping repeated header
rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from statistics import median

from nianbao.convert.lines import (
    block_kind,
    close_up,
    is_attachment_label,
    is_heading,
    is_page_number,
)
from nianbao.convert.pagejoin import drop_repeated_headers, join_tables, same_frame
from nianbao.document import Block, CleanedDocument, Table

BAND = 0.085  # top and bottom share of the page where running headers and footers live


@dataclass
class Segment:
    """A run of text in a line, separated from the next by a column-wide gap."""

    text: str
    x0: float
    x1: float


@dataclass
class Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    segments: list[Segment] = field(default_factory=list)


@dataclass
class TableItem:
    table: Table
    top: float
    bottom: float
    extents: list[list[tuple[float, float]]] | None = None  # x0, x1 of each cell, parallel to rows
    cut_top: int | None = None  # the first row whose top border no rule drew (a page break cut it)
    cut_bottom: bool = False  # no rule drawn under the last row: it goes on on the next page
    cuts_known: bool = False  # cut_top and cut_bottom were read from the ruling (not guessed)


@dataclass
class Page:
    width: float
    height: float
    items: list[Line | TableItem] = field(default_factory=list)


def _band_key(line: Line, page: Page) -> str | None:
    if line.top < page.height * BAND:
        return "top:" + re.sub(r"\d+", "#", line.text)
    if line.bottom > page.height * (1 - BAND):
        return "bottom:" + re.sub(r"\d+", "#", line.text)
    return None


def strip_running_lines(pages: list[Page]) -> int:
    """Remove page numbers in the margins and margin lines repeated on several pages; count them."""
    counts: dict[str, int] = {}
    for page in pages:
        keys = {_band_key(i, page) for i in page.items if isinstance(i, Line)}
        for key in keys:
            if key is not None:
                counts[key] = counts.get(key, 0) + 1
    removed = 0
    for page in pages:
        keep: list[Line | TableItem] = []
        for item in page.items:
            key = _band_key(item, page) if isinstance(item, Line) else None
            if key and (is_page_number(item.text) or (len(pages) > 1 and counts[key] >= 2)):  # type: ignore[union-attr]
                removed += 1
                continue
            keep.append(item)
        page.items = keep
    return removed


def _title(lines: list[Line]) -> tuple[str, int]:
    """The title and how many leading lines it used: the largest-font lines at the start."""
    start = 1 if lines and is_attachment_label(lines[0].text) and len(lines) > 1 else 0
    if start >= len(lines):
        return "", 0
    body = median(line.size for line in lines)
    first = lines[start]
    end = start + 1
    if first.size > body * 1.12:
        while end < len(lines) and abs(lines[end].size - first.size) < 0.1 * first.size and end - start < 3:
            end += 1
    return close_up("".join(line.text for line in lines[start:end])), end


def _continues(prev: Line, nxt: Line, right: float, left: float) -> bool:
    if is_heading(nxt.text) or abs(prev.size - nxt.size) > 0.15 * prev.size or nxt.x0 > left + 0.8 * nxt.size:
        return False
    short_label = nxt.x1 < right - 1.6 * nxt.size and not nxt.text.endswith(
        ("。", "，", "；", "、", ".", ",")
    )
    if prev.text.endswith(("。", "！", "？")) and short_label:
        return False  # a sentence ended and a label or heading follows
    if prev.x1 >= right - 1.6 * prev.size:
        return True  # a full line: the paragraph wraps
    # a line cut short by an unbreakable number or word, not by the end of a sentence
    return prev.x1 >= right - 5 * prev.size and not prev.text.endswith(
        ("。", "！", "？", "；", ".", "!", "?")
    )


def _paragraphs(lines: list[Line]) -> list[Block]:
    if not lines:
        return []
    rights = sorted(line.x1 for line in lines)
    lefts = sorted(line.x0 for line in lines)
    right, left = rights[int(len(rights) * 0.9)], lefts[int(len(lefts) * 0.1)]
    blocks: list[Block] = []
    prev: Line | None = None
    for line in lines:
        text = close_up(line.text)
        if prev is not None and blocks and _continues(prev, line, right, left):
            blocks[-1].text = close_up(blocks[-1].text + text)
        else:
            blocks.append(Block(block_kind(text), text))  # type: ignore[arg-type]
        prev = line
    return blocks


def assemble(pages: list[Page], warnings: list[str] | None = None) -> CleanedDocument:
    """Pages of positioned lines and tables → title and blocks in reading order."""
    removed = strip_running_lines(pages)
    lines = [i for p in pages for i in p.items if isinstance(i, Line)]
    title, used = _title(lines)
    skip = {id(line) for line in lines[:used]}
    blocks: list[Block] = []
    pending: list[Line] = []
    last_item: TableItem | None = None
    for number, page in enumerate(pages):
        for position, item in enumerate(page.items):
            if isinstance(item, Line):
                if id(item) not in skip:
                    pending.append(item)
                continue
            blocks += _paragraphs(pending)
            pending = []
            drop_repeated_headers(item)
            last = blocks[-1] if blocks else None
            continued = number > 0 and position == 0 and last is not None and last.table is not None
            if continued and last_item is not None and same_frame(last_item, item):
                join_tables(last_item, item)
            else:
                blocks.append(Block("table", table=item.table))
                last_item = item
    blocks += _paragraphs(pending)
    doc = CleanedDocument(title=title, blocks=blocks, warnings=list(warnings or []))
    if removed:
        doc.removed["running_header_footer"] = removed
    return doc
