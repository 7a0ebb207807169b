"""PDF tables broken over pages and rotated group labels, on PDFs generated here (reportlab).

Two kinds of input: reports laid out by reportlab's table flowable with a row group taller than a page
(rows split inside, header rows repeated: what the testbed serves and word processors do), and tables drawn
rule by rule on a canvas, so that exactly one thing differs from a whole table (a row cut with no rule
under it or over its rest, a label drawn rotated or one character per line).
"""

from __future__ import annotations

import io
from typing import Any

import pdfplumber
import pytest
from convert_fixtures import T3_GROUPS

from nianbao.convert import convert_file
from nianbao.convert.layout import TableItem
from nianbao.convert.pagejoin import coverage, drop_repeated_headers, stitch
from nianbao.convert.pdf import cell_text
from nianbao.convert.ruling import closing_lines, is_cut
from nianbao.convert.textruns import assign, collide, text_runs
from nianbao.document import Block, Cell, CleanedDocument, Table
from nianbao.parse import parse_document
from testbed.attachments.pdf import FONT, render_pdf

NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
ITEMS = [  # the result rows of Table 3 in print order, group heads included
    "（一）予以公开",
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    *[label for head, items in T3_GROUPS for label in (head, *items)],
    "（六）其他处理",
    "（七）总计",
]


def application_table(seed: int) -> Table:
    """Table 3 as the testbed prints it when subtotal rows print: the 三、本年度办理结果 group spans 23 rows of
    labels in two columns no cell of their own measures, so they come out narrow and wrap over many lines."""
    values = iter(str((seed * 7 + i * 13) % 17) if (seed + i) % 5 else "—" for i in range(400))
    row = lambda: [Cell(next(values)) for _ in range(7)]  # noqa: E731
    rows = [
        [Cell(NOTE, rowspan=3, colspan=3), Cell("申请人情况", colspan=7)],
        [Cell("自然人", rowspan=2), Cell("法人或其他组织", colspan=5), Cell("总计", rowspan=2)],
        [Cell(t) for t in ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")],
        [Cell("一、本年新收政府信息公开申请数量", colspan=3), *row()],
        [Cell("二、上年结转政府信息公开申请数量", colspan=3), *row()],
        [Cell("三、本年度办理结果", rowspan=len(ITEMS)), Cell(ITEMS[0], colspan=2), *row()],
        *[[Cell(item, colspan=2), *row()] for item in ITEMS[1:]],
        [Cell("四、结转下年度继续办理", colspan=3), *row()],
    ]
    return Table(rows)


def report(seed: int) -> CleanedDocument:
    blocks = [
        Block("heading", "三、收到和处理政府信息公开申请情况"),
        Block("paragraph", "本年度共收到政府信息公开申请若干件。" * (1 + seed % 3)),
        Block("table", table=application_table(seed)),
        Block("heading", "四、政府信息公开行政复议、行政诉讼情况"),
    ]
    return CleanedDocument(title="某县人民政府2020年政府信息公开工作年度报告", blocks=blocks)


def _pages_cut(data: bytes) -> int:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return sum(1 for page in pdf.pages if any(line["cut"] for line in closing_lines(page.edges)))


def merged_columns_out(grid: list[list[str]]) -> list[list[str]]:
    """The grid without columns that repeat their left neighbour in every row (a grid line no cell
    border draws cannot be seen in a PDF)."""
    width = max(len(row) for row in grid)
    rows = [row + [""] * (width - len(row)) for row in grid]
    keep = [c for c in range(width) if c == 0 or any(row[c] != row[c - 1] for row in rows)]
    return [[row[c] for c in keep] for row in rows]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_table_with_rows_split_over_pages_round_trips(seed):  # type: ignore[no-untyped-def]
    source = report(seed)
    data = render_pdf(source)
    assert _pages_cut(data) >= 1  # the group is taller than a page: rows were cut
    doc = convert_file(data, name="report.pdf")
    assert [merged_columns_out(t.grid()) for t in doc.tables] == [
        merged_columns_out(t.grid()) for t in source.tables
    ]


def test_split_table_parses_to_the_source_values():
    source = report(2)
    parsed = parse_document(convert_file(render_pdf(source), name="report.pdf"))
    expected = parse_document(source)
    assert len(expected.values) >= 150
    assert [(v.row, v.col, v.value) for v in parsed.values] == [
        (v.row, v.col, v.value) for v in expected.values
    ]


# --- tables drawn rule by rule -------------------------------------------------------------------------

PAGE_H = 842.0
COLS = [72.0, 130.0, 300.0, 400.0]  # group label | label | value


def _canvas() -> tuple[Any, io.BytesIO]:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=(595.0, PAGE_H), invariant=1)
    c.setFont(FONT, 9)
    return c, out


def _hline(c: Any, top: float, x0: float = COLS[0], x1: float = COLS[-1]) -> None:
    c.line(x0, PAGE_H - top, x1, PAGE_H - top)


def _vlines(c: Any, top: float, bottom: float, xs: list[float]) -> None:
    for x in xs:
        c.line(x, PAGE_H - top, x, PAGE_H - bottom)


def _text(c: Any, x: float, top: float, text: str) -> None:
    c.drawString(x + 3, PAGE_H - top - 13, text)


def _header(c: Any, top: float) -> float:
    """The header row: its first cell spans the group and label columns (as Table 3's note does)."""
    _hline(c, top)
    _vlines(c, top, top + 20, [COLS[0], COLS[2], COLS[3]])
    _text(c, COLS[0], top, "项目")
    _text(c, COLS[2], top, "数量")
    return top + 20


def split_table_pdf(stacked_group: bool = False) -> bytes:
    """A 3-column table over two pages: the group label spans every row; row 3's label is cut after its
    first line by the page's end (no rule under it, none over its rest under the repeated header)."""
    c, out = _canvas()
    top = _header(c, 72.0)
    _hline(c, top)
    rows = [("（一）予以公开", "5"), ("（二）部分公开", "3")]
    for label, value in rows:
        _hline(c, top, COLS[1])
        _vlines(c, top, top + 20, COLS)
        _text(c, COLS[1], top, label)
        _text(c, COLS[2], top, value)
        top += 20
    _hline(c, top, COLS[1])
    _vlines(c, top, 780.0, COLS)  # the cut row runs to the page's end, no rule closes it
    _text(c, COLS[1], top, "（三）不予公开的")
    _text(c, COLS[2], top, "7")
    if stacked_group:
        for i, ch in enumerate("本年度办理结果"):
            _text(c, COLS[0], 100 + 12 * i, ch)
    else:
        _text(c, COLS[0], 100, "办理结果")
    c.showPage()
    c.setFont(FONT, 9)
    top = _header(c, 72.0)
    _vlines(c, top, top + 20, COLS)  # no rule between the repeated header and the rest of the cut row
    _text(c, COLS[1], top - 4, "其他情形")
    top += 20
    _hline(c, top, COLS[1])
    _vlines(c, top, top + 20, COLS)
    _text(c, COLS[1], top, "（四）无法提供")
    _text(c, COLS[2], top, "2")
    _hline(c, top + 20)
    c.showPage()
    c.save()
    return out.getvalue()


@pytest.mark.parametrize("stacked", [False, True], ids=["flat-label", "stacked-label"])
def test_drawn_table_cut_inside_a_row_is_rejoined(stacked):  # type: ignore[no-untyped-def]
    doc = convert_file(split_table_pdf(stacked_group=stacked), name="t.pdf")
    group = "本年度办理结果" if stacked else "办理结果"
    assert [t.grid() for t in doc.tables] == [
        [
            ["项目", "项目", "数量"],
            [group, "（一）予以公开", "5"],
            [group, "（二）部分公开", "3"],
            [group, "（三）不予公开的其他情形", "7"],
            [group, "（四）无法提供", "2"],
        ]
    ]


def rotated_label_pdf(angle: int) -> bytes:
    """A table whose first column holds one label spanning three rows, drawn rotated by ``angle``."""
    c, out = _canvas()
    top = 100.0
    _hline(c, top)
    for label, value in (("甲项", "1"), ("乙项", "2"), ("丙项", "3")):
        _vlines(c, top, top + 30, COLS)
        _hline(c, top + 30, COLS[1] if label != "丙项" else COLS[0])
        _text(c, COLS[1], top + 5, label)
        _text(c, COLS[2], top + 5, value)
        top += 30
    c.saveState()
    cx, cy = (COLS[0] + COLS[1]) / 2, PAGE_H - 145
    c.translate(cx, cy)
    c.rotate(angle)
    c.drawCentredString(0, -3, "本年度办理结果")
    c.restoreState()
    c.showPage()
    c.save()
    return out.getvalue()


@pytest.mark.parametrize("angle", [90, -90])
def test_rotated_group_label_is_read_along_its_baseline(angle):  # type: ignore[no-untyped-def]
    doc = convert_file(rotated_label_pdf(angle), name="r.pdf")
    grid = doc.tables[0].grid()
    assert [row[0] for row in grid] == ["本年度办理结果"] * 3
    assert [row[1:] for row in grid] == [["甲项", "1"], ["乙项", "2"], ["丙项", "3"]]


# --- the pure pieces ------------------------------------------------------------------------------------


def _edge(x0: float, x1: float, top: float, bottom: float) -> dict[str, Any]:
    return {"x0": x0, "x1": x1, "top": top, "bottom": bottom, "orientation": "v" if x0 == x1 else "h"}


def test_closing_lines_only_where_vertical_rules_end_open():
    whole = [_edge(0, 100, 10, 10), _edge(0, 100, 50, 50), _edge(0, 0, 10, 50), _edge(100, 100, 10, 50)]
    assert closing_lines(whole) == []
    cut = [_edge(0, 100, 10, 10), _edge(0, 0, 10, 80), _edge(50, 50, 10, 80), _edge(100, 100, 10, 80)]
    (line,) = closing_lines(cut)
    assert (line["top"], line["x0"], line["x1"], line["cut"]) == (80, 0, 100, True)
    assert is_cut(80.5, [line]) and not is_cut(60, [line])
    # only a spanning first column left open under a drawn rule: closed, but no row was cut
    spanning = [
        _edge(0, 100, 10, 10),
        _edge(30, 100, 80, 80),
        _edge(0, 0, 10, 82),
        _edge(30, 30, 10, 80),
        _edge(100, 100, 10, 80),
    ]
    (line,) = closing_lines(spanning)
    assert not line["cut"]


def _char(text: str, x0: float, top: float, size: float = 9.0) -> dict[str, Any]:
    return {"text": text, "x0": x0, "x1": x0 + size, "top": top, "bottom": top + size, "size": size}


def test_overprinted_run_goes_to_the_cell_where_it_ends():
    own = [_char("甲", 0, 0), _char("乙", 9, 0)]
    spill = [_char("丙", 0, 3), _char("丁", 0, 15), _char("戊", 0, 27)]  # drawn over 甲, ends below
    boxes = [(0, 0, 20, 20), (0, 20, 20, 40)]

    def locate(ch: dict[str, Any]) -> int | None:
        cy = (ch["top"] + ch["bottom"]) / 2
        return next((i for i, b in enumerate(boxes) if b[1] <= cy <= b[3]), None)

    assert collide(own[0], spill[0]) and not collide(own[0], own[1])
    assert [len(r) for r in text_runs(own + spill)] == [2, 3]
    members = assign(own + spill, locate)
    assert [c["text"] for c in members[0]] == ["甲", "乙"]
    assert sorted(c["text"] for c in members[1]) == sorted("丙丁戊")
    # without overprinting, a run crossing a border stays split by position
    apart = [_char("丙", 0, 12), _char("丁", 0, 24)]
    members = assign(apart, locate)
    assert [c["text"] for c in members[0]] == ["丙"] and [c["text"] for c in members[1]] == ["丁"]


def test_repeated_header_block_inside_a_table_is_dropped():
    head = [[Cell("项目", rowspan=2), Cell("数量")], [Cell("件")]]
    body = [[Cell("甲"), Cell("1")], [Cell("乙"), Cell("2")]]
    rows = [*head, body[0], [Cell("项目", rowspan=2), Cell("数量")], [Cell("件")], body[1]]
    item = TableItem(Table(rows), 0, 100, extents=[[(0.0, 1.0)] * len(r) for r in rows])
    assert drop_repeated_headers(item) == 1
    assert item.table.grid() == [["项目", "数量"], ["项目", "件"], ["甲", "1"], ["乙", "2"]]
    assert item.extents is not None and len(item.extents) == 4
    numbers = TableItem(Table([[Cell("1")], [Cell("1")]]), 0, 10)
    assert drop_repeated_headers(numbers) == 0  # a first row of numbers is no header


def test_runs_printed_over_each_other_in_one_cell_are_read_one_after_the_other():
    own = [_char("重", 10, 4), _char("复", 19, 4), _char("申", 10, 16), _char("请", 19, 16)]
    over = [_char("要", 10, 0), _char("求", 10, 12)]  # the next row's start, drawn over this one
    assert cell_text(own + over) == "重复申请要求"  # not 要重复 / 求申请 line by line through both
    assert cell_text(own) == "重复申请"


def _cells(text: str, count: int) -> list[Cell]:
    return [Cell(text) for _ in range(count)]


def test_a_continued_row_that_spans_other_columns_is_a_new_row_not_the_rest_of_the_last():
    """Table 3's 四、结转下年度继续办理 (three columns wide) continues a table whose last row had a
    rowspanning 三、本年度办理结果 cell and a two-column （七）总计: it is not glued into them."""
    prev = Table(
        [
            [Cell("项目", colspan=3), *_cells("人", 4)],
            [Cell("三、本年度办理结果", rowspan=2), Cell("（六）其他处理", colspan=2), *_cells("0", 4)],
            [Cell("（七）总计", colspan=2), *_cells("2", 4)],
        ]
    )
    new = Table([[Cell("四、结转下年度继续办理", colspan=3), *_cells("", 4)]])
    assert not stitch(prev, new.rows[0], coverage(new)[0])
    assert prev.rows[1][0].text == "三、本年度办理结果" and prev.rows[1][0].rowspan == 2
    cut = Table(
        [
            [Cell("项目", colspan=3), Cell("总计")],
            [Cell("三、本年度办理结果"), Cell("（七）总计", colspan=2), Cell("2")],
        ]
    )
    rest = Table([[Cell(""), Cell("（续）", colspan=2), Cell("")]])
    assert stitch(cut, rest.rows[0], coverage(rest)[0])  # the same cells, text added: one row cut in two
    assert cut.rows[1][1].text.endswith("（续）")


def test_fake_bold_glyphs_drawn_twice_are_read_once():
    """Word processors embolden a font they lack by drawing each glyph twice, a fraction of a point apart."""
    c, out = _canvas()
    top = _header(c, 72.0)
    _hline(c, top)
    _vlines(c, top, top + 20, [COLS[0], COLS[2], COLS[3]])
    for dx in (0.0, 0.3):
        _text(c, COLS[0] + dx, top, "行政许可")
        _text(c, COLS[2] + dx, top, "12")
    _hline(c, top + 20)
    _text(c, COLS[0], 120, "总体情况")
    _text(c, COLS[0] + 0.3, 120, "总体情况")
    c.showPage()
    c.save()
    doc = convert_file(out.getvalue(), name="bold.pdf")
    assert [t.grid() for t in doc.tables] == [[["项目", "数量"], ["行政许可", "12"]]]
    assert "总体情况" in doc.to_text() and "总总" not in doc.to_text()


def test_fake_bold_is_undone_glyph_for_glyph_as_pdfplumber_undoes_it():
    import random

    from pdfplumber.utils import dedupe_chars as pdfplumber_dedupe

    from nianbao.convert.pdf import dedupe_chars

    rng = random.Random(5)
    chars = [
        {"upright": rng.random() > 0.1, "text": rng.choice("政府0"), "fontname": rng.choice("AB")}
        | {"size": 10.0, "doctop": rng.choice([0.0, 0.6, 1.2, 30.0]), "x0": rng.uniform(0, 30)}
        for _ in range(400)
    ]  # chains of glyphs each within 1 pt of the next, in two fonts, some rotated
    ours = dedupe_chars(chars)
    assert [id(c) for c in ours] == [id(c) for c in pdfplumber_dedupe(chars, tolerance=1)]
    assert 50 < len(ours) < 300
