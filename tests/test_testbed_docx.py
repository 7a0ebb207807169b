"""The testbed's DOCX tables are written as XML in one pass (python-docx's ``cell.merge`` is quadratic):
the document must be byte for byte what the merge calls produced, for the report tables and random ones."""

from __future__ import annotations

import io
import random
import zipfile

import pytest
from convert_fixtures import old2014_report, small_report, v2019_report

from nianbao.document import Block, Cell, CleanedDocument, Table
from testbed.attachments import grid_size, office, place_cells


def _merged_with_python_docx(document: object, table: Table) -> None:
    """The former writer: ``add_table`` then one ``merge`` per spanning cell (the reference)."""
    cells = place_cells(table)
    nrows, ncols = grid_size(cells)
    grid = document.add_table(rows=nrows, cols=ncols)  # type: ignore[attr-defined]
    grid.style = "Table Grid"
    for c in cells:
        target = grid.cell(c.row, c.col)
        if c.rowspan > 1 or c.colspan > 1:
            target = target.merge(grid.cell(c.row + c.rowspan - 1, c.col + c.colspan - 1))
        target.text = c.text


def _random_tables(count: int) -> list[CleanedDocument]:
    rnd, docs = random.Random(5), list[CleanedDocument]()
    texts = ["", "x", " a b ", "1\t2", "l1\nl2", "<&>", "三、本年度办理结果"]
    while len(docs) < count:
        rows = [
            [
                Cell(rnd.choice(texts), rowspan=rnd.choice([1, 1, 1, 2, 3]), colspan=rnd.choice([1, 1, 2]))
                for _ in range(rnd.randint(1, 5))
            ]
            for _ in range(rnd.randint(1, 8))
        ]
        table = Table(rows=rows)
        if _overlapping(table):  # spans that collide are not a table a county prints
            continue
        docs.append(
            CleanedDocument(title="t", blocks=[Block("paragraph", "p"), Block("table", "", table=table)])
        )
    return docs


def _overlapping(table: Table) -> bool:
    seen: set[tuple[int, int]] = set()
    for c in table.placements():
        area = {(r, k) for r in range(c.row, c.row + c.rowspan) for k in range(c.col, c.col + c.colspan)}
        if area & seen:
            return True
        seen |= area
    return False


def _document_xml(data: bytes) -> bytes:
    return zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")


@pytest.mark.parametrize(
    "doc", [old2014_report(), small_report(), v2019_report(), *_random_tables(120)], ids=lambda _: "table"
)
def test_docx_tables_are_what_python_docx_merges_write(
    doc: CleanedDocument, monkeypatch: pytest.MonkeyPatch
) -> None:
    written = office.render_docx(doc)
    monkeypatch.setattr(office, "_docx_table", _merged_with_python_docx)
    assert _document_xml(written) == _document_xml(office.render_docx(doc))
