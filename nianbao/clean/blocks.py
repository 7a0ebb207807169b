"""DOM → reading-order blocks: headings, paragraphs, list items, captions, attachment links and tables.

Inline elements are joined WITHOUT inserting anything: Word-exported HTML splits one word across many
``<span>``s with different fonts (seed 001 lost 年, 月, 〕, 号 and 一 to a naive extractor), and every
character must survive. A line break in the source between two CJK characters is dropped, as browsers
do for Chinese text; any other whitespace run becomes one space later. ``<br>`` and block elements end a
line. Layout tables (nested tables, one cell per row) are walked through like ``<div>``s; data tables
become ``Table`` blocks of ``Cell``s with their spans.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

from lxml import etree

from nianbao.clean.density import BLOCK_TAGS
from nianbao.document import Attachment, Block, BlockKind, Cell, Table, normalize_line

SKIP_TAGS = frozenset(
    [
        "script",
        "style",
        "noscript",
        "template",
        "select",
        "option",
        "button",
        "input",
        "textarea",
        "object",
        "embed",
        "svg",
        "canvas",
        "iframe",
        "map",
        "area",
        "head",
        "title",
        "meta",
        "link",
        "audio",
        "video",
    ]
)
_KIND_OF_TAG: dict[str, BlockKind] = {
    **{f"h{n}": "heading" for n in range(1, 7)},
    "li": "list_item", "dt": "list_item", "dd": "list_item", "caption": "caption", "figcaption": "caption",
}  # fmt: skip
_CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f"
_CJK_BREAK = re.compile(f"(?<=[{_CJK}])[ \\t\\r]*\\n\\s*(?=[{_CJK}])")
_ATTACHMENT = re.compile(
    r"\.(?:pdf|docx?|xlsx?|wps|et|pptx?|zip|rar|7z|ofd|ceb|tif)(?:$|[?#])|downfile\.jsp|download\.jsp|filename=",
    re.IGNORECASE,
)
_INLINE = "|span|font|b|strong|i|em|u|sup|sub|small|big|label|o:p|st1:chsdate|ins|del|s|strike|tt|code|"
_INLINE_ONLY = etree.XPath(f"boolean(descendant::*[not(contains('{_INLINE}', concat('|', name(), '|')))])")
_SIMPLE_CELL = etree.XPath(
    f"not(descendant::*[not(contains('{_INLINE}p|', concat('|', name(), '|')))]) and count(descendant::p) <= 1"
)
_MAX_DEPTH = 200
_MAX_SPAN = 1000


def join_inline(text: str) -> str:
    """Drop source line breaks between CJK characters (browser rendering of Chinese), keep all else."""
    return _CJK_BREAK.sub("", text)


def is_attachment_href(href: str) -> bool:
    return bool(_ATTACHMENT.search(href))


class BlockBuilder:
    """Walks a subtree once and collects blocks, attachments and an image count."""

    def __init__(self, base_url: str | None = None) -> None:
        self.base_url = base_url
        self.blocks: list[Block] = []
        self.attachments: list[Attachment] = []
        self.images = 0
        self._buffer: list[str] = []
        self._attachment_chars = 0

    def build(self, element: etree._Element) -> list[Block]:
        self._walk(element, "paragraph", 0)
        self._flush("paragraph")
        return self.blocks

    def _flush(self, kind: BlockKind) -> None:
        text = normalize_line(join_inline("".join(self._buffer)))
        if text:
            if self._attachment_chars * 2 >= len(text):
                kind = "attachment"
            self.blocks.append(Block(kind=kind, text=text))
        self._buffer = []
        self._attachment_chars = 0

    def _walk(self, element: etree._Element, kind: BlockKind, depth: int) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in SKIP_TAGS or not tag:
            return
        if depth > _MAX_DEPTH:
            self._buffer.append("".join(element.itertext()))
            return
        if tag == "br":
            self._flush(kind)
        elif tag == "img":
            self.images += 1
        elif tag == "table":
            self._table(element, kind, depth)
        elif tag in BLOCK_TAGS:
            self._block(element, kind, depth)
        else:
            self._inline(element, kind, depth)

    def _block(self, element: etree._Element, kind: BlockKind, depth: int) -> None:
        self._flush(kind)
        inner = _KIND_OF_TAG.get(element.tag, kind if kind != "attachment" else "paragraph")
        if len(element) == 0 or not _INLINE_ONLY(element):
            self._buffer.append("".join(element.itertext()))
        else:
            self._children(element, inner, depth)
        self._flush(inner)

    def _inline(self, element: etree._Element, kind: BlockKind, depth: int) -> None:
        if element.tag == "a" and is_attachment_href(element.get("href") or ""):
            self._attachment(element)
        self._children(element, kind, depth)

    def _children(self, element: etree._Element, kind: BlockKind, depth: int) -> None:
        if element.text:
            self._buffer.append(element.text)
        for child in element:
            self._walk(child, kind, depth + 1)
            if child.tail:
                self._buffer.append(child.tail)

    def _attachment(self, link: etree._Element) -> None:
        href = (link.get("href") or "").strip()
        name = normalize_line("".join(link.itertext())) or href.rsplit("/", 1)[-1]
        url = urljoin(self.base_url, href) if self.base_url else href
        if all(a.url != url for a in self.attachments):
            self.attachments.append(Attachment(name=name, url=url))
        self._attachment_chars += len(name)

    def _table(self, table: etree._Element, kind: BlockKind, depth: int) -> None:
        self._flush(kind)
        rows = table_rows(table)
        if is_layout_table(table, rows):
            for row in rows:
                for cell in _cells(row):
                    self._block(cell, kind, depth + 2)
            return
        data = Table(rows=[[self._cell(cell, depth) for cell in _cells(row)] for row in rows])
        data.rows = [row for row in data.rows if row]
        if data.text_rows():
            self.blocks.append(Block(kind="table", table=data))

    def _cell(self, cell: etree._Element, depth: int) -> Cell:
        spans = {"rowspan": _span(cell.get("rowspan")), "colspan": _span(cell.get("colspan"))}
        if len(cell) == 0 or _SIMPLE_CELL(cell):
            return Cell(text=normalize_line(join_inline("".join(cell.itertext()))), **spans)
        inner = BlockBuilder(self.base_url)
        inner._walk(cell, "paragraph", depth + 1)
        inner._flush("paragraph")
        self.attachments += [a for a in inner.attachments if a not in self.attachments]
        self.images += inner.images
        lines = [line for block in inner.blocks for line in block.lines()]
        text = join_inline("\n".join(lines)).replace("\n", " ")
        return Cell(text=text, **spans)


def table_rows(table: etree._Element) -> list[etree._Element]:
    """The table's own rows (not those of nested tables), in order."""
    return [e for e in table.iter("tr") if _owning_table(e) is table]


def _owning_table(row: etree._Element) -> etree._Element | None:
    for ancestor in row.iterancestors("table"):
        return ancestor
    return None


def _cells(row: etree._Element) -> list[etree._Element]:
    return [child for child in row if child.tag in ("td", "th")]


def is_layout_table(table: etree._Element, rows: list[etree._Element]) -> bool:
    """A table used for page layout: it nests tables, or no row has two cells."""
    if table.find(".//table") is not None:
        return True
    return max((len(_cells(row)) for row in rows), default=0) <= 1


def _span(value: str | None) -> int:
    try:
        return max(1, min(_MAX_SPAN, int((value or "1").strip() or 1)))
    except ValueError:
        return 1
