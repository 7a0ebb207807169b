"""PDF → CleanedDocument (pdfplumber): ruled tables with their merged cells, text lines built from
character positions (spaced-out CJK closed up), unruled tables from column alignment, and pages without a
text layer sent to OCR. Encrypted, corrupt and over-long files give warnings, never exceptions.
"""

from __future__ import annotations

import io
import re
from itertools import groupby
from operator import itemgetter
from typing import Any

from nianbao.convert.columns import find_unruled_tables
from nianbao.convert.layout import Line, Page, Segment, TableItem, assemble
from nianbao.convert.limits import ConversionError, Deadline, Limits
from nianbao.convert.lines import CJK, close_up, join_wrapped
from nianbao.convert.ruling import closing_lines, is_cut, table_settings
from nianbao.convert.textruns import assign, is_rotated, overprinted_runs, rotated_lines
from nianbao.document import Cell, CleanedDocument, Table

_CJK_CHAR = re.compile(f"[{CJK}]")


def _is_cjk(ch: str) -> bool:
    return bool(_CJK_CHAR.match(ch))


def chars_to_text(chars: list[dict[str, Any]], ordered: bool = False) -> str:
    """One line's characters left to right (or in the given order); a space only where a gap separates
    non-CJK words or is wide."""
    out, prev = "", None
    for ch in chars if ordered else sorted(chars, key=lambda c: c["x0"]):
        if prev is not None:
            gap, size = ch["x0"] - prev["x1"], max(prev["size"], 1.0)
            both_cjk = _is_cjk(prev["text"]) and _is_cjk(ch["text"])
            if gap > (2.5 * size if both_cjk else 0.25 * size):
                out += " "
        out += ch["text"]
        prev = ch
    return close_up(out)


def group_lines(chars: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Characters grouped into lines by vertical overlap, top to bottom."""
    lines: list[list[dict[str, Any]]] = []
    for ch in sorted(chars, key=lambda c: (round(c["top"], 1), c["x0"])):
        if lines:
            last = lines[-1]
            top = min(c["top"] for c in last)
            bottom = max(c["bottom"] for c in last)
            overlap = min(bottom, ch["bottom"]) - max(top, ch["top"])
            if overlap > 0.5 * min(bottom - top, ch["bottom"] - ch["top"]):
                last.append(ch)
                continue
        lines.append([ch])
    return lines


def segments(chars: list[dict[str, Any]]) -> list[Segment]:
    """A line's characters cut where a gap is wider than two characters (table columns)."""
    pieces: list[list[dict[str, Any]]] = []
    for ch in sorted(chars, key=lambda c: c["x0"]):
        if pieces and ch["x0"] - pieces[-1][-1]["x1"] <= 2.0 * max(ch["size"], 1.0):
            pieces[-1].append(ch)
        else:
            pieces.append([ch])
    return [Segment(chars_to_text(p), p[0]["x0"], max(c["x1"] for c in p)) for p in pieces]


def _line(chars: list[dict[str, Any]]) -> Line:
    return Line(
        segments=segments(chars),
        text=chars_to_text(chars),
        x0=min(c["x0"] for c in chars),
        x1=max(c["x1"] for c in chars),
        top=min(c["top"] for c in chars),
        bottom=max(c["bottom"] for c in chars),
        size=median_size(chars),
    )


def median_size(chars: list[dict[str, Any]]) -> float:
    sizes = sorted(c.get("size", 0.0) or (c["bottom"] - c["top"]) for c in chars)
    return float(sizes[len(sizes) // 2]) if sizes else 0.0


def _edges(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > 2.0:
            out.append(v)
    return out


def _index(edges: list[float], value: float) -> int:
    return min(range(len(edges)), key=lambda i: abs(edges[i] - value))


def ruled_table(
    found: Any, chars: list[dict[str, Any]], closing: list[dict[str, Any]] | None = None
) -> tuple[TableItem, list[dict[str, Any]]]:
    """A pdfplumber table → Table with spans from its cell rectangles; returns the characters it used.
    ``closing`` are the borders added where no rule was drawn (``ruling.closing_lines``): they mark the
    rows a page break cut."""
    boxes = sorted(set(found.cells), key=lambda b: (round(b[1]), b[0]))
    xs = _edges([b[0] for b in boxes] + [b[2] for b in boxes])
    ys = _edges([b[1] for b in boxes] + [b[3] for b in boxes])
    placed: dict[int, list[tuple[int, Cell, tuple[float, ...]]]] = {}
    for box in boxes:
        r0, r1 = _index(ys, box[1]), _index(ys, box[3])
        c0, c1 = _index(xs, box[0]), _index(xs, box[2])
        cell = Cell("", rowspan=max(1, r1 - r0), colspan=max(1, c1 - c0))
        placed.setdefault(r0, []).append((c0, cell, box))
    box_list = [(box, cell) for row in placed.values() for _, cell, box in row]
    texts = assign(chars, lambda ch: _box_of(ch, [box for box, _ in box_list]))
    for i, (_, cell) in enumerate(box_list):
        cell.text = cell_text(texts.get(i, []))
    ordered = [sorted(placed[r], key=lambda t: t[0]) for r in sorted(placed)]
    rows = [[cell for _, cell, _ in row] for row in ordered]
    extents = [[(box[0], box[2]) for _, _, box in row] for row in ordered]
    item = TableItem(Table(rows), found.bbox[1], found.bbox[3], extents)
    tops = [ys[r] for r in sorted(placed)]
    item.cut_top = next((i for i, y in enumerate(tops) if is_cut(y, closing or [])), None)
    item.cut_bottom = is_cut(ys[-1], closing or [])
    item.cuts_known = True
    return item, [ch for members in texts.values() for ch in members]


def _box_of(ch: dict[str, Any], boxes: list[tuple[float, ...]]) -> int | None:
    cx, cy = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
    return next((i for i, b in enumerate(boxes) if b[0] <= cx <= b[2] and b[1] <= cy <= b[3]), None)


def cell_text(chars: list[dict[str, Any]]) -> str:
    """A cell's characters as text: lines top to bottom rejoined, or rotated text read along its baseline.
    Runs printed over each other (the start of the next row drawn over this one at a page break) are read
    one after the other, in drawing order, instead of line by line through both."""
    if is_rotated(chars):
        return join_wrapped([chars_to_text(line, ordered=True) for line in rotated_lines(chars)])
    return "".join(
        join_wrapped([chars_to_text(line) for line in group_lines(group)])
        for group in overprinted_runs(chars)
    )


def dedupe_chars(chars: list[dict[str, Any]], tolerance: float = 1) -> list[dict[str, Any]]:
    """Fake bold (each glyph drawn twice, a hair apart) undone: pdfplumber's ``dedupe_chars``, which keeps
    the first of glyphs alike (text, font, size) within ``tolerance`` of each other, without its
    quadratic final sort (``list.index`` per kept glyph)."""
    from pdfplumber.utils import cluster_objects

    alike, where = itemgetter("upright", "text", "fontname", "size"), itemgetter("doctop", "x0")
    kept = []
    for _, group in groupby(sorted(chars, key=alike), key=alike):
        for row in cluster_objects(list(group), itemgetter("doctop"), tolerance):
            kept += [min(same, key=where) for same in cluster_objects(row, itemgetter("x0"), tolerance)]
    order = {id(ch): i for i, ch in enumerate(chars)}
    return sorted(kept, key=lambda ch: order[id(ch)])


def _page_items(page: Any, chars: list[dict[str, Any]]) -> list[Line | TableItem]:
    """A page's tables and lines; ``chars`` are its characters, fake bold undone."""
    chars = [c for c in chars if c["text"].strip()]
    items: list[Line | TableItem] = []
    in_tables: set[int] = set()
    closing = closing_lines(page.edges)
    for found in page.find_tables(table_settings(closing)):
        if len(found.cells) < 2:
            continue
        item, used = ruled_table(found, chars, closing)
        in_tables.update(id(c) for c in used)
        items.append(item)
    lines = [_line(group) for group in group_lines([c for c in chars if id(c) not in in_tables])]
    tables, lines = find_unruled_tables(lines)
    items += tables
    items += lines
    return sorted(items, key=lambda i: i.top)


def _is_image_page(page: Any) -> bool:
    return len(page.chars) < 5 and bool(page.images)


def convert_pdf(data: bytes, limits: Limits, deadline: Deadline) -> CleanedDocument:
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        count = len(pdf.pages)
    except Exception as exc:
        cause = exc.args[0] if type(exc).__name__ == "PdfminerException" and exc.args else exc
        if isinstance(cause, PDFPasswordIncorrect) or b"/Encrypt" in data[-4096:] + data[:4096]:
            raise ConversionError("PDF is encrypted with a password: not readable") from exc
        raise ConversionError(f"corrupt PDF: {type(cause).__name__}: {cause}".rstrip(": ")) from exc
    warnings: list[str] = []
    pages: list[Page | None] = []
    scanned: list[tuple[int, float, float, float]] = []  # page number, render scale, width, height
    with pdf:
        for number, page in enumerate(pdf.pages[: limits.max_pages]):
            if deadline.expired():
                warnings.append(f"time limit reached: pages {number + 1}-{count} not read")
                break
            try:
                if _is_image_page(page):
                    scanned.append((number, scan_scale(page), float(page.width), float(page.height)))
                    pages.append(None)
                else:
                    chars = dedupe_chars(page.chars)
                    pages.append(Page(float(page.width), float(page.height), _page_items(page, chars)))
            except Exception as exc:
                warnings.append(f"page {number + 1} not read: {type(exc).__name__}: {exc}")
    if scanned:
        _read_scanned(data, scanned, pages, limits, deadline, warnings)
    if count > limits.max_pages:
        warnings.append(f"{count} pages: only the first {limits.max_pages} were read")
    read = [page for page in pages if page is not None]
    doc = assemble(read, warnings)
    doc.image_only = bool(read) and len(read) == len(scanned)
    if scanned:
        doc.repairs.append(f"OCR on {len(scanned)} page(s) without a text layer")
    return doc


def scan_scale(page: Any) -> float:
    """Pixels per PDF point to render a scanned page at: the embedded scan's own resolution (no blur from
    resampling, no pixels OCR does not need), kept within 150–300 dpi."""
    widest = max(page.images, key=lambda im: float(im["x1"]) - float(im["x0"]), default=None)
    dpi = 300.0
    if widest is not None and float(widest["x1"]) - float(widest["x0"]) > 0 and widest.get("srcsize"):
        dpi = float(widest["srcsize"][0]) / (float(widest["x1"]) - float(widest["x0"])) * 72
    return min(300.0, max(150.0, dpi)) / 72


def _read_scanned(
    data: bytes,
    scanned: list[tuple[int, float, float, float]],
    pages: list[Page | None],
    limits: Limits,
    deadline: Deadline,
    warnings: list[str],
) -> None:
    """Render the pages without text (``None`` in ``pages``) and read them with OCR, in PDF points."""
    import pypdfium2

    from nianbao.convert.ocr import ocr_pages

    slots = [i for i, page in enumerate(pages) if page is None]
    pdf = pypdfium2.PdfDocument(data)
    try:
        images = (pdf[number].render(scale=scale, grayscale=True).to_pil() for number, scale, _, _ in scanned)
        for slot, (_, scale, width, height), result in zip(
            slots, scanned, ocr_pages(images, limits, deadline), strict=True
        ):
            for item in result.items:
                item.top, item.bottom = item.top / scale, item.bottom / scale
                if isinstance(item, Line):
                    item.x0, item.x1, item.size = item.x0 / scale, item.x1 / scale, item.size / scale
            pages[slot] = Page(width, height, result.items)
    except Exception as exc:
        warnings.append(f"scanned pages not read: {type(exc).__name__}: {exc}")
    finally:
        pdf.close()
