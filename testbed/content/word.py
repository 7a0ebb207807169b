"""Word-exported HTML ("Save as Web Page"): MsoNormal paragraphs, ``<o:p>``, ``mso-`` styles, and the
characters of one word split across spans with different fonts — 年, 月, 〕, 号, 一 alone in their own span,
the markup that made a naive extractor drop them in seed 001.

Spans are concatenated without whitespace between them, so the visible text is exactly the block text.
"""

from __future__ import annotations

import html
from random import Random

from nianbao.document import Block, Table

SPLIT_CHARS = frozenset("年月〕号一")
_MAIN = "font-family:仿宋_GB2312;mso-hansi-font-family:宋体;mso-bidi-font-family:宋体"
_ALT = (
    "font-family:宋体;mso-ascii-font-family:仿宋_GB2312",
    "font-family:仿宋_GB2312;mso-fareast-font-family:宋体",
)
_LATIN = 'font-family:"Times New Roman";mso-fareast-font-family:仿宋_GB2312'


def render_blocks(rng: Random, blocks: list[Block]) -> str:
    out = ["<div class=WordSection1 style='layout-grid:15.6pt'>"]
    for block in blocks:
        if block.table is not None:
            out.append(table_html(rng, block.table))
        elif block.kind in ("heading", "caption"):
            align = (
                " align=center style='text-align:center'"
                if block.kind == "caption"
                else " style='text-indent:32.0pt'"
            )
            out.append(f"<p class=MsoNormal{align}><b>{runs(rng, block.text)}<o:p></o:p></b></p>")
        else:
            style = (
                "text-indent:32.0pt;mso-char-indent-count:2.0;line-height:28.0pt;mso-line-height-rule:exactly"
            )
            out.append(f"<p class=MsoNormal style='{style}'>{runs(rng, block.text)}<o:p></o:p></p>")
    out.append("</div>")
    return "\n".join(out)


def runs(rng: Random, text: str) -> str:
    """``text`` as Word spans: Latin/digits in Times New Roman, 年/月/〕/号/一 alone in another font."""
    pieces: list[tuple[str, str]] = []
    for char in text:
        kind = (
            "latin" if char.isascii() and not char.isspace() else ("split" if char in SPLIT_CHARS else "cjk")
        )
        if pieces and pieces[-1][0] == kind and kind != "split":
            pieces[-1] = (kind, pieces[-1][1] + char)
        else:
            pieces.append((kind, char))
    out = []
    for kind, chunk in pieces:
        if kind == "latin":
            out.append(f"<span lang=EN-US style='{_LATIN}'>{_esc(chunk)}</span>")
        elif kind == "split":
            out.append(f"<span style='{rng.choice(_ALT)}'>{_esc(chunk)}</span>")
        elif len(chunk) > 6 and rng.random() < 0.3:  # Word also breaks runs where editing history changed
            cut = rng.randint(1, len(chunk) - 1)
            out.append(
                f"<span style='{_MAIN}'>{_esc(chunk[:cut])}</span><span style='{_MAIN}'>{_esc(chunk[cut:])}</span>"
            )
        else:
            out.append(f"<span style='{_MAIN}'>{_esc(chunk)}</span>")
    return "".join(out)


def _esc(text: str) -> str:
    return html.escape(text, quote=False).replace("\u3000", "&#12288;")


def table_html(rng: Random, table: Table) -> str:
    out = [
        "<div align=center>",
        "<table class=MsoNormalTable border=1 cellspacing=0 cellpadding=0 style='border-collapse:collapse;"
        "border:none;mso-border-alt:solid windowtext .5pt;mso-yfti-tbllook:1184;mso-padding-alt:0cm 5.4pt 0cm 5.4pt'>",
    ]
    for index, row in enumerate(table.rows):
        out.append(f" <tr style='mso-yfti-irow:{index};height:20.1pt'>")
        for cell in row:
            spans = (f" rowspan={cell.rowspan}" if cell.rowspan > 1 else "") + (
                f" colspan={cell.colspan}" if cell.colspan > 1 else ""
            )
            style = "border:solid windowtext 1.0pt;mso-border-alt:solid windowtext .5pt;padding:0cm 5.4pt 0cm 5.4pt"
            content = (
                runs(rng, cell.text) if cell.text.strip() else "<span lang=EN-US><o:p>&nbsp;</o:p></span>"
            )
            out.append(
                f"  <td{spans} valign=center style='{style}'>"
                f"<p class=MsoNormal align=center style='text-align:center'>{content}</p></td>"
            )
        out.append(" </tr>")
    out.append("</table>")
    out.append("</div>")
    return "\n".join(out)
