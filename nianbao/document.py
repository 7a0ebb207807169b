"""The cleaned document: what every cleaner and converter returns, and its text/JSON/Markdown forms.

The text form is the contract with downstream tools and with the testbed's ``gold_text``: the title on
the first line, then one block per line in reading order, each table row on its own line with its cells
separated by TAB (a merged cell written once), whitespace inside a line collapsed, U+3000 and zero-width
characters removed.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

BlockKind = Literal["heading", "paragraph", "list_item", "caption", "attachment", "table"]

_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACE = re.compile(r"[\s\u3000\u00a0]+")


def normalize_line(text: str) -> str:
    """Collapse whitespace (U+3000 and NBSP included) to one space, drop zero-width characters, strip."""
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text  # already normal: other whitespace and format characters are not printable
    return _SPACE.sub(" ", _INVISIBLE.sub("", text)).strip()


@dataclass
class Cell:
    """A table cell as printed, with its spans (1 when absent)."""

    text: str
    rowspan: int = 1
    colspan: int = 1


@dataclass
class Table:
    """A table as rows of printed cells; ``grid()`` expands rowspan/colspan."""

    rows: list[list[Cell]] = field(default_factory=list)

    def text_rows(self) -> list[str]:
        """One TAB-joined line per row, each merged cell written once, empty rows dropped."""
        lines = ["\t".join(normalize_line(c.text) for c in row) for row in self.rows]
        return [line for line in lines if line.strip("\t ")]

    def placements(self) -> list[PlacedCell]:
        """Every printed cell with the grid slot it starts in (a cell takes the next slot no span above
        covers) and its spans: the one place the span rules live."""
        taken: set[tuple[int, int]] = set()
        placed: list[PlacedCell] = []
        for r, row in enumerate(self.rows):
            col = 0
            for index, cell in enumerate(row):
                while (r, col) in taken:
                    col += 1
                rs, cs = max(1, cell.rowspan), max(1, cell.colspan)
                taken.update((r + dr, col + dc) for dr in range(rs) for dc in range(cs))
                placed.append(PlacedCell(r, col, rs, cs, normalize_line(cell.text), index))
                col += cs
        return placed

    def grid(self, spanned: str | None = None) -> list[list[str]]:
        """Rows with spans expanded: a merged cell's text in every slot it covers, or, with ``spanned``,
        that marker in the slots a colspan adds after its first (a rowspan always repeats the text)."""
        slots: dict[tuple[int, int], str] = {}
        for p in self.placements():
            for dr in range(p.rowspan):
                for dc in range(p.colspan):
                    slots[(p.row + dr, p.col + dc)] = p.text if dc == 0 or spanned is None else spanned
        nrows = max(len(self.rows), max((r for r, _ in slots), default=-1) + 1)
        widths = [0] * nrows
        for r, c in slots:
            widths[r] = max(widths[r], c + 1)
        return [[slots.get((r, c), "") for c in range(widths[r])] for r in range(nrows)]


@dataclass(frozen=True)
class PlacedCell:
    """A printed cell at its grid slot (see ``Table.placements``)."""

    row: int
    col: int
    rowspan: int
    colspan: int
    text: str  # normalised
    index: int = 0  # the cell's position in its printed row: ``table.rows[row][index]``


@dataclass
class Block:
    """One block of the body in reading order; ``table`` is set when ``kind == "table"``."""

    kind: BlockKind
    text: str = ""
    table: Table | None = None

    def lines(self) -> list[str]:
        if self.table is not None:
            return self.table.text_rows()
        line = normalize_line(self.text)
        return [line] if line else []


@dataclass
class Attachment:
    name: str
    url: str


@dataclass
class Metadata:
    """Page metadata, from the mandated ``<meta>`` tags first, then the page's own lines."""

    published: str | None = None  # ISO 8601 datetime or date
    source: str | None = None  # 来源 / 发布机构 / ContentSource
    index_number: str | None = None  # 索引号
    document_number: str | None = None  # 文号
    site_id: str | None = None  # 网站标识码 / SiteIDCode
    site_name: str | None = None
    column: str | None = None  # ColumnName
    url: str | None = None


@dataclass
class CleanedDocument:
    """Result of cleaning a page or converting a file."""

    title: str
    blocks: list[Block] = field(default_factory=list)
    metadata: Metadata = field(default_factory=Metadata)
    attachments: list[Attachment] = field(default_factory=list)
    removed: dict[str, int] = field(default_factory=dict)  # what was stripped, by kind
    repairs: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    image_only: bool = False
    encoding: str | None = None

    @property
    def tables(self) -> list[Table]:
        return [b.table for b in self.blocks if b.table is not None]

    def body_lines(self) -> list[str]:
        return [line for block in self.blocks for line in block.lines()]

    def to_text(self) -> str:
        """The cleaned text format saved under ``archive/text/`` (ends with a newline)."""
        return "\n".join([normalize_line(self.title), *self.body_lines()]) + "\n"

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["text"] = self.to_text()
        return data

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    def to_markdown(self) -> str:
        out = [f"# {normalize_line(self.title)}", ""]
        for block in self.blocks:
            out += _block_markdown(block)
        return "\n".join(out).rstrip() + "\n"


def _block_markdown(block: Block) -> list[str]:
    if block.table is not None:
        grid = block.table.grid()
        if not grid:
            return []
        width = max(len(r) for r in grid)
        rows = [r + [""] * (width - len(r)) for r in grid]
        esc = [[c.replace("|", "\\|") for c in r] for r in rows]
        lines = ["| " + " | ".join(esc[0]) + " |", "|" + "---|" * width]
        return lines + ["| " + " | ".join(r) + " |" for r in esc[1:]] + [""]
    text = normalize_line(block.text)
    if not text:
        return []
    prefix = {"heading": "## ", "list_item": "- ", "attachment": "📎 ", "caption": "*"}.get(block.kind, "")
    suffix = "*" if block.kind == "caption" else ""
    return [f"{prefix}{text}{suffix}", ""]
