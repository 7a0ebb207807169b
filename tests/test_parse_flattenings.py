"""Flattenings as served: pipe lines with blank cells, one-cell-per-line rows, blank Table 4, short rows."""

from __future__ import annotations

import pytest

from nianbao.document import Block, Cell, CleanedDocument, Table
from nianbao.parse import parse_document, parse_report
from testbed.content import Issuer, make_report, render_body

ISSUER = Issuer("乌审旗人民政府", "county_gov", "150626", "乌审旗")
T4_HEADER = [
    [Cell("行政复议", colspan=5), Cell("行政诉讼", colspan=10)],
    [*(Cell(t, rowspan=2) for t in ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计"))]
    + [Cell("未经复议直接起诉", colspan=5), Cell("复议后起诉", colspan=5)],
    [Cell(t) for t in ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计") * 2],
]


def _gold(report):  # type: ignore[no-untyped-def]
    return {(v.table, v.row, v.col): v.value for v in report.values}


@pytest.mark.parametrize("year", [2019, 2020, 2022, 2023])
@pytest.mark.parametrize("seed", range(6))
def test_pipe_lines_with_blank_cells_match_gold(seed: int, year: int) -> None:
    gold = make_report(seed, ISSUER, year)
    parsed = parse_report("\n".join([gold.title, *render_body(gold, "pipe").gold_lines]))
    got = parsed.table_values()
    assert {k: got.get(k, "MISSING") for k in _gold(gold)} == _gold(gold)


def test_one_value_per_line_short_of_columns_is_not_guessed() -> None:
    text = "\n".join(
        ["某县2020年政府信息公开年度报告", "二、主动公开政府信息情况", "第二十条第（一）项", "信息内容"]
        + ["本年新制作数量", "本年新公开数量", "对外公开总数量", "规章", "规范性文件", "0", "1"]
        + ["第二十条第（五）项", "信息内容", "上一年项目数量", "本年增/减", "处理决定数量"]
        + ["行政许可", "200", "9", "143"]
    )
    report = parse_report(text)
    values = report.table_values()
    assert values[("t2.a20_5", "license", "prev_items")] == 200
    assert values[("t2.a20_1", "rules", "new_made")] is None  # a row with no value line is blank
    assert ("t2.a20_1", "normative", "new_made") not in values
    assert any("not placed" in w for w in report.warnings)


def test_table4_values_row_printed_blank_gives_nulls() -> None:
    gold = make_report(2, ISSUER, 2020)
    blank = Block("table", table=Table([*T4_HEADER, [Cell("") for _ in range(15)]]))
    blocks = [blank if b.table and "行政复议" in b.table.text_rows()[0] else b for b in gold.doc.blocks]
    report = parse_document(CleanedDocument(gold.title, blocks))
    t4 = {k: v for k, v in report.table_values().items() if k[0] == "t4"}
    assert len(t4) == 15 and set(t4.values()) == {None}


def test_table4_pipe_line_of_blank_cells_gives_nulls() -> None:
    """A pipe flattening prints a blank values row as separators only: 15 nulls, not 'no values'."""
    gold = make_report(2, ISSUER, 2022)
    lines = render_body(gold, "pipe").gold_lines
    header = max(i for i, line in enumerate(lines) if line.count("总计") == 2)
    lines = [*lines[: header + 1], "| " * 15, *lines[header + 2 :]]
    report = parse_report("\n".join([gold.title, *lines]))
    t4 = {k: v for k, v in report.table_values().items() if k[0] == "t4"}
    assert len(t4) == 15 and set(t4.values()) == {None}
    assert "t4: no values found" not in report.warnings


def test_table3_row_missing_its_group_label_stays_aligned() -> None:
    gold = make_report(1, ISSUER, 2020)
    t3 = next(b.table for b in gold.doc.blocks if b.table and "申请人情况" in b.table.text_rows()[0])
    rows = [list(r) for r in t3.rows]
    for r, row in enumerate(rows):
        if row and row[0].rowspan > 1 and row[0].text.startswith("三、"):
            rows[r] = [*row[1:]]  # a page break lost the rowspan group label (all its rows one short)
    blocks = [b if b.table is not t3 else Block("table", table=Table(rows)) for b in gold.doc.blocks]
    report = parse_document(CleanedDocument(gold.title, blocks))
    got, want = report.table_values(), _gold(gold)
    t3_keys = [k for k in want if k[0] == "t3"]
    assert {k: got.get(k, "MISSING") for k in t3_keys} == {k: want[k] for k in t3_keys}


def test_old_table_row_whose_number_holds_two_rows_printed_over_each_other_is_found_by_label() -> None:
    """A PDF prints row 62 (a heading) over row 61: 序号 "6162" is no row of the table; the label finds it."""
    gold = make_report(1, ISSUER, 2016)
    lines = render_body(gold, "pipe").gold_lines
    at = next(i for i, line in enumerate(lines) if line.startswith("61 |"))
    label = lines[at].split(" | ")[1]
    lines[at : at + 2] = [f"6162 | {label}九、政府信息公开会议和培训情况 | 万元 | 5 |"]
    values = parse_report("\n".join([gold.title, *lines])).table_values()
    assert values[("statistics", "s8_budget", "")] == 5 == _gold(gold)[("statistics", "s8_budget", "")]


def test_table2_first_caption_repeated_on_a_new_page_does_not_restart_the_table() -> None:
    gold = make_report(3, ISSUER, 2020)
    lines = render_body(gold, "pipe").gold_lines
    at = next(i for i, line in enumerate(lines) if "第二十条第（六）项" in line)
    first = next(line for line in lines if "第二十条第（一）项" in line)
    lines.insert(at + 1, first)
    got = parse_report("\n".join([gold.title, *lines])).table_values()
    t2 = {k: v for k, v in _gold(gold).items() if k[0].startswith("t2")}
    assert {k: got.get(k, "MISSING") for k in t2} == t2
