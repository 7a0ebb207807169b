"""DOCX → CleanedDocument (python-docx): paragraphs and tables in body order, merged cells as spans
(``w:gridSpan`` → colspan, ``w:vMerge`` → rowspan). The package's declared sizes are checked first."""

from __future__ import annotations

import io
from typing import Any

from nianbao.convert.limits import ConversionError, Deadline, Limits, check_zip
from nianbao.convert.lines import block_kind, is_attachment_label, join_wrapped
from nianbao.document import Block, Cell, CleanedDocument, Table, normalize_line

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _text(element: Any) -> str:
    """All text of a paragraph element (runs, hyperlinks, fields), tabs as spaces."""
    parts = []
    for node in element.iter(f"{W}t", f"{W}tab", f"{W}br"):
        parts.append(node.text or "" if node.tag == f"{W}t" else " ")
    return normalize_line("".join(parts))


def _cell_text(tc: Any) -> str:
    return join_wrapped([_text(p) for p in tc.iter(f"{W}p")])


def _props(tc: Any) -> tuple[int, str | None]:
    """(gridSpan, vMerge state: "restart", "continue" or None) of a ``w:tc``."""
    pr = tc.find(f"{W}tcPr")
    span, merge = 1, None
    if pr is not None:
        grid = pr.find(f"{W}gridSpan")
        if grid is not None:
            span = int(grid.get(f"{W}val", "1") or 1)
        vmerge = pr.find(f"{W}vMerge")
        if vmerge is not None:
            merge = vmerge.get(f"{W}val") or "continue"
    return max(1, span), merge


def table_from_xml(tbl: Any) -> Table:
    """A ``w:tbl`` as a Table; a vMerge continuation adds to the rowspan of the cell above it."""
    rows: list[list[Cell]] = []
    above: dict[int, Cell] = {}  # grid column -> the cell that starts a vertical merge there
    for tr in tbl.iter(f"{W}tr"):
        if tr.getparent() is not tbl:
            continue
        row: list[Cell] = []
        col = 0
        for tc in tr.findall(f"{W}tc"):
            span, merge = _props(tc)
            if merge == "continue" and col in above:
                above[col].rowspan += 1
            else:
                cell = Cell(_cell_text(tc), colspan=span)
                row.append(cell)
                for c in range(col, col + span):
                    above.pop(c, None)
                if merge == "restart":
                    above[col] = cell
            col += span
        rows.append(row)
    return Table(rows)


def convert_docx(data: bytes, limits: Limits, deadline: Deadline) -> CleanedDocument:
    import docx

    check_zip(data, limits)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:
        raise ConversionError(f"corrupt DOCX: {type(exc).__name__}: {exc}") from exc
    blocks: list[Block] = []
    for element in document.element.body.iterchildren():
        if element.tag == f"{W}p":
            text = _text(element)
            if text:
                blocks.append(Block(block_kind(text), text))  # type: ignore[arg-type]
        elif element.tag == f"{W}tbl":
            blocks.append(Block("table", table=table_from_xml(element)))
    return _with_title(blocks, [])


def _with_title(blocks: list[Block], warnings: list[str]) -> CleanedDocument:
    """The first text block (after a "附件1" label) is the title."""
    doc = CleanedDocument(title="", warnings=warnings)
    for i, block in enumerate(blocks):
        if block.table is not None:
            break
        if is_attachment_label(block.text):
            doc.removed["attachment_label"] = 1
            continue
        doc.title = block.text
        doc.blocks = blocks[:i] + blocks[i + 1 :]
        doc.blocks = [b for b in doc.blocks if not (b.table is None and is_attachment_label(b.text))]
        return doc
    doc.blocks = blocks
    return doc
