"""``render_body``: a report's body as HTML in one of ``SHAPES``, with the gold lines a perfect cleaner emits.

Each shape first derives the document a perfect cleaner would return for it (tables kept, flattened to one
paragraph per cell, turned into pipe lines, or dropped for images) and takes its ``to_text()`` lines, so
the gold is exact by construction.
"""

from __future__ import annotations

import html
from random import Random

from nianbao.document import Block, CleanedDocument, Table, normalize_line
from testbed.content import image, word
from testbed.content.model import SHAPES, RenderedBody, Report

_TABLE_OPEN = {
    "table": '<table border="1" cellspacing="0" cellpadding="0" style="border-collapse:collapse;width:100%">',
    "borderless": '<table cellspacing="0" cellpadding="4" style="border:none;width:96%;margin:0 auto">',
}
_CELL_STYLE = {"table": "", "borderless": ' style="border:none;padding:3px 8px;vertical-align:middle"'}


def render_body(report: Report, shape: str) -> RenderedBody:
    """The body of ``report`` in ``shape``; ``ValueError`` for an unknown shape."""
    if shape not in SHAPES:
        raise ValueError(f"unknown shape {shape!r}; expected one of {', '.join(SHAPES)}")
    rng = Random(f"{report.id}:{shape}")
    blocks = report.doc.blocks
    images: dict[str, bytes] = {}
    if shape == "word":
        gold_blocks, body = blocks, word.render_blocks(rng, blocks)
    elif shape in ("table", "borderless"):
        gold_blocks, body = blocks, "\n".join(_block_html(b, shape, rng) for b in blocks)
    elif shape == "image":
        gold_blocks = [b for b in blocks if b.table is None]
        body = _image_body(report, blocks, images)
    else:
        gold_blocks = _flatten(blocks, rng) if shape == "flat" else _pipes(blocks)
        body = "\n".join(_block_html(b, "table", rng) for b in gold_blocks)
    gold = CleanedDocument(title=report.title, blocks=gold_blocks).to_text().splitlines()[1:]
    return RenderedBody(html=body, gold_lines=gold, images=images)


def _esc(text: str) -> str:
    return html.escape(text, quote=False)


def _block_html(block: Block, shape: str, rng: Random) -> str:
    if block.table is not None:
        return table_html(block.table, shape, rng)
    if block.kind == "heading":
        return f'<p style="text-indent:2em"><strong>{_esc(block.text)}</strong></p>'
    if block.kind == "caption":
        return f'<p style="text-align:center"><strong>{_esc(block.text)}</strong></p>'
    if not block.text:
        return "<p>&nbsp;</p>"
    return f'<p style="text-indent:2em">{_esc(block.text)}</p>'


def table_html(table: Table, shape: str, rng: Random) -> str:
    """A ``<table>`` with the table's rowspan/colspan (``table`` bordered, ``borderless`` styled)."""
    out = [_TABLE_OPEN[shape], "<tbody>"]
    for row in table.rows:
        cells = []
        for cell in row:
            spans = (f' rowspan="{cell.rowspan}"' if cell.rowspan > 1 else "") + (
                f' colspan="{cell.colspan}"' if cell.colspan > 1 else ""
            )
            text = _esc(cell.text) if cell.text.strip() else ("&nbsp;" if rng.random() < 0.5 else "")
            cells.append(f"<td{spans}{_CELL_STYLE[shape]}>{text}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


def _flatten(blocks: list[Block], rng: Random) -> list[Block]:
    """Seed 000: every table cell its own paragraph, empty cells omitted (an NBSP paragraph at most)."""
    out: list[Block] = []
    for block in blocks:
        if block.table is None:
            out.append(block)
            continue
        for row in block.table.rows:
            for cell in row:
                if normalize_line(cell.text):
                    out.append(Block("paragraph", cell.text))
                elif rng.random() < 0.3:
                    out.append(Block("paragraph", ""))
    return out


def _pipes(blocks: list[Block]) -> list[Block]:
    """Seed 003: each table row one line, cells followed by " |", a colspan's extra slots as "|"."""
    out: list[Block] = []
    for block in blocks:
        if block.table is None:
            out.append(block)
            continue
        for row in block.table.rows:
            pieces = []
            for cell in row:
                text = normalize_line(cell.text)
                pieces.append(f"{text} |" if text else "|")
                if cell.colspan > 1:
                    pieces.append("|" * (cell.colspan - 1))
            out.append(Block("paragraph", " ".join(pieces)))
    return out


def _image_body(report: Report, blocks: list[Block], images: dict[str, bytes]) -> str:
    parts = []
    for block in blocks:
        if block.table is None:
            parts.append(_block_html(block, "table", Random(0)))
            continue
        name = f"{report.id}-table{len(images) + 1}.png"
        images[name] = image.render_table(block.table)
        parts.append(
            f'<p style="text-align:center"><img src="{name}" alt="统计表" style="max-width:100%"></p>'
        )
    return "\n".join(parts)
