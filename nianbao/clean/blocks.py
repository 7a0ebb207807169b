"""DOM → reading-order blocks: headings, paragraphs, list items, captions, attachment links and tables.

One C-level pass: an XSLT stylesheet (libxslt) serialises the body subtree as text with private-use
sentinels marking block boundaries, ``<br>``, headings/list items/captions, data-table cells and rows, and
images; Python then only splits that string. Nothing is inserted between inline elements: Word-exported
HTML splits one word across many ``<span>``s (seed 001 lost 年, 月, 〕, 号 and 一 to a naive extractor), and
every character must survive. A source line break between two CJK characters is dropped, as browsers do
for Chinese text; any other whitespace run becomes one space. Layout tables (nested tables, or no row with
two cells) are read like ``<div>``s, cell by cell; data tables become ``Table`` blocks with their spans.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

from lxml import etree

from nianbao.clean.density import BLOCK_TAGS
from nianbao.document import Attachment, Block, BlockKind, Cell, Table

SKIP_TAGS = (
    "script", "style", "noscript", "template", "select", "option", "button", "input", "textarea", "object",
    "embed", "svg", "canvas", "iframe", "map", "area", "head", "title", "meta", "link", "audio", "video",
)  # fmt: skip
# sentinels (Unicode noncharacters, removed from the input by ``parsing``; private-use characters are
# real content in PUA-font reports): block boundary, image, kind start/end, table/row/cell, attachment link
BREAK, IMAGE, KIND, KIND_END = "\ufdd0", "\ufdd1", "\ufdd2", "\ufdd3"
TABLE, TABLE_END, ROW_END, CELL, SPAN_END = "\ufdd4", "\ufdd5", "\ufdd6", "\ufdd7", "\ufdd8"  # fmt: skip
LINK, LINK_END = "\ufdda", "\ufddb"
_KINDS: dict[str, BlockKind] = {"h": "heading", "l": "list_item", "c": "caption"}
_KIND_TAGS = {**{f"h{n}": "h" for n in range(1, 7)}, "li": "l", "dt": "l", "dd": "l", "caption": "c",
              "figcaption": "c"}  # fmt: skip
_PLAIN_BLOCKS = sorted(BLOCK_TAGS - set(_KIND_TAGS) - {"table"})
_DATA_TABLE = "not(.//table) and .//tr[count(td|th) > 1]"
_ATTACHMENT_MARK = "data-nianbao-attachment"

_XSLT = f"""<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
<xsl:output method="text" encoding="UTF-8"/>
<xsl:template match="{"|".join(SKIP_TAGS)}"/>
<xsl:template match="br">{BREAK}</xsl:template>
<xsl:template match="img">{IMAGE}</xsl:template>
<xsl:template match="a[@{_ATTACHMENT_MARK}]">{LINK}<xsl:apply-templates/>{LINK_END}</xsl:template>
<xsl:template match="{"|".join(_PLAIN_BLOCKS)}">{BREAK}<xsl:apply-templates/>{BREAK}</xsl:template>
{"".join(f'<xsl:template match="{tag}">{BREAK}{KIND}{code}<xsl:apply-templates/>{KIND_END}{BREAK}</xsl:template>'
         for tag, code in _KIND_TAGS.items())}
<xsl:template match="table[{_DATA_TABLE}]">{BREAK}{TABLE}<xsl:for-each select=".//tr[td|th]">
  <xsl:for-each select="td|th">{CELL}<xsl:if test="@rowspan|@colspan"><xsl:value-of select="@rowspan"/>,<xsl:value-of select="@colspan"/></xsl:if>{SPAN_END}<xsl:apply-templates/></xsl:for-each>{ROW_END}</xsl:for-each>{TABLE_END}{BREAK}</xsl:template>
<xsl:template match="table">{BREAK}<xsl:for-each select=".//tr[count(ancestor::table[1] | current()) = 1]"><xsl:for-each select="td|th">{BREAK}<xsl:apply-templates/>{BREAK}</xsl:for-each></xsl:for-each>{BREAK}</xsl:template>
</xsl:stylesheet>"""  # fmt: skip
_TRANSFORM = etree.XSLT(etree.XML(_XSLT))

_CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f"
_CJK_BREAK = re.compile(f"(?<=[{_CJK}{LINK}{LINK_END}])[ \\t\\r]*\\n\\s*(?=[{LINK}{LINK_END}]*[{_CJK}])")
_INVISIBLE_CHARS = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_INVISIBLE = re.compile(f"[{_INVISIBLE_CHARS}]")
_CJK_NEWLINE = re.compile(f"\n(?<=[{_CJK}{LINK}{LINK_END}]\n)\\s*(?=[{LINK}{LINK_END}]*[{_CJK}])")
_SPACE = re.compile(r"[\s\u3000\u00a0]+")
_STRUCTURE = re.compile(f"([{BREAK}{KIND}{KIND_END}{TABLE}{TABLE_END}])")
_TABLES = re.compile(f"{TABLE}([^{TABLE_END}]*){TABLE_END}")
_LINK_TEXT = re.compile(f"{LINK}([^{LINK_END}]*){LINK_END}")
_ATTACHMENT = re.compile(
    r"\.(?:pdf|docx?|xlsx?|wps|et|pptx?|zip|rar|7z|ofd|ceb|tif)(?:$|[?#])|downfile\.jsp|download\.jsp|filename=",
    re.IGNORECASE,
)
_TRIMS = ((" " + BREAK, BREAK), (BREAK + " ", BREAK), (SPAN_END + " ", SPAN_END), (" " + CELL, CELL),
          (" " + ROW_END, ROW_END))  # fmt: skip
_BREAK_RUN = re.compile(f"{BREAK}{BREAK}+")
_BREAK_EDGES = ((SPAN_END + BREAK, SPAN_END), (BREAK + CELL, CELL), (BREAK + ROW_END, ROW_END))
_CJK_PARAGRAPH_BREAK = re.compile(f"{BREAK}(?<=[{_CJK}]{BREAK})(?=[{_CJK}])")
_MAX_SPAN = 1000


def join_inline(text: str) -> str:
    """Drop source line breaks between CJK characters (browser rendering of Chinese), keep all else."""
    return _CJK_BREAK.sub("", text)


def _join_lines(text: str) -> str:
    """``join_inline`` for a whole body, as far as ``_collapse_space`` can tell: blanks before a newline
    go first, so the join needs no look-behind over blanks and its scan can jump from newline to newline."""
    if "\n" not in text:
        return text
    if " \n" in text or "\t\n" in text or "\r\n" in text:
        text = "\n".join([line.rstrip(" \t\r") for line in text.split("\n")])
    return _CJK_NEWLINE.sub("", text)


def _remove_invisible(text: str) -> str:
    return _INVISIBLE.sub("", text) if any(char in text for char in _INVISIBLE_CHARS) else text


def _collapse_space(text: str) -> str:
    """Every whitespace run as one space, the ends trimmed (``str.split`` is a C loop; a regex over a
    whitespace class tests each character in turn)."""
    return " ".join(text.split())


def is_attachment_href(href: str) -> bool:
    return bool(_ATTACHMENT.search(href))


class BlockBuilder:
    """Reads a subtree once and collects blocks, attachments and an image count."""

    def __init__(self, base_url: str | None = None) -> None:
        self.base_url = base_url
        self.blocks: list[Block] = []
        self.attachments: list[Attachment] = []
        self.images = 0

    def build(self, element: etree._Element) -> list[Block]:
        self._mark_attachments(element)
        text = str(_TRANSFORM(element))
        self.images = text.count(IMAGE)
        text = _collapse_space(_remove_invisible(_join_lines(text.replace(IMAGE, ""))))
        kinds: list[BlockKind] = ["paragraph"]
        position = 0
        for table in _TABLES.finditer(text):
            self._lines(text[position : table.start()], kinds)
            self._table(table.group(1))
            position = table.end()
        self._lines(text[position:], kinds)
        return self.blocks

    def _lines(self, text: str, kinds: list[BlockKind]) -> None:
        """Blocks of a table-free stretch; ``kinds`` is the stack of open heading/list/caption elements."""
        if KIND not in text:
            for piece in text.split(BREAK):
                if piece and not piece.isspace():
                    self._line(piece, kinds[-1])
            return
        after_kind = False
        for piece in _STRUCTURE.split(text):
            if piece == KIND:
                after_kind = True
            elif piece == KIND_END:
                if len(kinds) > 1:
                    kinds.pop()
            elif piece != BREAK:
                if after_kind:
                    kinds.append(_KINDS.get(piece[:1], "paragraph"))
                    piece, after_kind = piece[1:], False
                if piece:
                    self._line(piece, kinds[-1])

    def _mark_attachments(self, root: etree._Element) -> None:
        for link in root.iterdescendants("a") if root.tag != "a" else [root]:
            href = (link.get("href") or "").strip()
            if not href or not is_attachment_href(href):
                continue
            link.set(_ATTACHMENT_MARK, "")
            name = _clean("".join(link.itertext())) or href.rsplit("/", 1)[-1]
            url = urljoin(self.base_url, href) if self.base_url else href
            if all(a.url != url for a in self.attachments):
                self.attachments.append(Attachment(name=name, url=url))

    def _line(self, piece: str, kind: BlockKind) -> None:
        linked = sum(len(_clean(m)) for m in _LINK_TEXT.findall(piece)) if LINK in piece else 0
        text = _clean(piece)
        if text:
            self.blocks.append(Block(kind="attachment" if linked * 2 >= len(text) else kind, text=text))

    def _table(self, piece: str) -> None:
        if KIND in piece or LINK in piece:
            rows = [_row(row) for row in piece.split(ROW_END)]
        else:  # text and paragraphs only (the common case): string operations over the whole table
            rows = [_plain_row(row) for row in _plain_cells(piece).split(ROW_END)]
        table = Table(rows=[row for row in rows if row])
        if any(cell.text for row in table.rows for cell in row):
            self.blocks.append(Block(kind="table", table=table))


def _plain_cells(piece: str) -> str:
    """A table whose cells hold text and paragraphs only, with every cell's text in its final form, as
    ``_cell_text`` makes it cell by cell: trimmed, paragraphs joined by a space (nothing between CJK
    characters). Whitespace runs are single spaces by now, so each edge needs one replace."""
    for old, new in _TRIMS if BREAK in piece else _TRIMS[-3:]:
        piece = piece.replace(old, new)
    if BREAK not in piece:
        return piece
    piece = _BREAK_RUN.sub(BREAK, piece)
    for old, new in _BREAK_EDGES:
        piece = piece.replace(old, new)
    return _CJK_PARAGRAPH_BREAK.sub("", piece).replace(BREAK, " ")


def _plain_row(row: str) -> list[Cell]:
    """Cells of a row of final cell texts: one split, or a partition per cell when spans are given."""
    parts = row.split(CELL)[1:]
    if row.count(CELL + SPAN_END) == len(parts):  # no spans in the row
        return [Cell(part[1:]) for part in parts]
    cells = []
    for cell in parts:
        spans, _, content = cell.partition(SPAN_END)
        if spans:
            rowspan, _, colspan = spans.partition(",")
            cells.append(Cell(content, _span(rowspan), _span(colspan)))
        else:
            cells.append(Cell(content))
    return cells


def _row(row: str) -> list[Cell]:
    cells = []
    for cell in row.split(CELL)[1:]:
        spans, _, content = cell.partition(SPAN_END)
        text = _cell_text(content)
        if spans:
            rowspan, _, colspan = spans.partition(",")
            cells.append(Cell(text, _span(rowspan), _span(colspan)))
        else:
            cells.append(Cell(text))
    return cells


def _clean(text: str) -> str:
    """One line's final form: link sentinels gone, trimmed (whitespace is collapsed for the whole text)."""
    if LINK in text or LINK_END in text:
        text = _SPACE.sub(" ", text.replace(LINK, "").replace(LINK_END, ""))
    return text.strip()


def _cell_text(content: str) -> str:
    """A cell's text; block boundaries inside it become a space, or nothing between CJK characters."""
    if BREAK not in content and KIND not in content:
        return _clean(content)
    if KIND not in content and LINK not in content:  # paragraphs only (Word tables): split and strip
        lines = [line for line in (piece.strip() for piece in content.split(BREAK)) if line]
        return lines[0] if len(lines) == 1 else join_inline("\n".join(lines)).replace("\n", " ")
    lines = []
    after_kind = False
    for piece in _STRUCTURE.split(content):
        if piece in (BREAK, KIND_END, TABLE, TABLE_END, KIND):
            after_kind = piece == KIND
            continue
        line = _clean(piece[1:] if after_kind else piece)
        after_kind = False
        if line:
            lines.append(line)
    return join_inline("\n".join(lines)).replace("\n", " ")


def _span(value: str) -> int:
    try:
        return max(1, min(_MAX_SPAN, int(value.strip() or 1)))
    except ValueError:
        return 1
