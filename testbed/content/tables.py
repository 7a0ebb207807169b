"""Statistics tables as printed, with real rowspan/colspan, built from a ``Sheet``.

old2014: 统计指标 | 单位 | 统计数 (optionally 序号 first, a title row, a signature footer; Inner Mongolia
rows 66–83). v2019/v2021: Table 2 stacked sub-tables under 第二十条第（N）项 caption rows, Table 3 with its
3-row header and rowspan label groups, Table 4 with its two-level header over 15 value cells.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from nianbao.document import Cell, Table
from testbed.content.values import T3_COLUMNS, T4_BLOCKS, T4_PARTS, Sheet, entries, old_rows

T3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
NMG_WORDING = {
    "s1_other": "5.其它方式公开政府信息数",
    "s2_interview": "2.政府网站在线访谈或电视问政次数",
    "s2_interview_head": "其中：主要负责同志参加政府网站在线访谈或电视问政次数",
    "s2_other": "5.其它方式回应事件数",
    "s3_den_not_gov_info": "不是《政府信息公开条例》所指政府信息",
    "s3_ans_other_channel": "8.告知通过其它途径办理数",
    "s9_meetings": "（一）召开政务公开工作会议或专题会议数",
}
FOOTER = "单位负责人：　　审核人：　　填报人：　　联系电话：　　填报日期："


@dataclass(frozen=True)
class TableStyle:
    """How a report prints its tables (chosen per report)."""

    seq: bool = False  # 序号 column in the old table
    title_row: str = ""  # the table's title printed inside its first row
    heading_unit: str = ""  # unit cell of heading rows: "" or "——"
    footer: bool = False  # 单位负责人/审核人/填报人 row at the end
    indent: bool = False  # full-width spaces before sub-row labels (seed 002)
    split_t2: bool = False  # Table 2 as one table per 第二十条 item


@cache
def labels(template: str, table: str) -> dict[str, str]:
    return {e.key: e.label for e in entries(template, table)}


@cache
def _old_depths() -> dict[str, int]:
    rows = {e.key: e.parent for e in old_rows(True)}
    depths: dict[str, int] = {}
    for key, parent in rows.items():
        depths[key] = depths.get(parent, -1) + 1 if parent else 0
    return depths


def old2014_table(sheet: Sheet, style: TableStyle, nmg: bool) -> Table:
    width = 4 if style.seq else 3
    rows: list[list[Cell]] = []
    if style.title_row:
        rows.append([Cell(style.title_row, colspan=width)])
    header = ["统计指标", "单位", "统计数"]
    rows.append([Cell(t) for t in (["序号"] if style.seq else []) + header])
    for entry in old_rows(nmg):
        label = NMG_WORDING.get(entry.key, entry.label) if nmg else entry.label
        if style.indent:
            label = "　　" * _old_depths()[entry.key] + label
        key = ("statistics", entry.key, "")
        if not entry.unit:
            unit, value = style.heading_unit, ""
        else:
            unit, value = ("" if entry.unit == "text" else entry.unit), sheet.printed[key]
        lead = [Cell(str(entry.seq))] if style.seq else []
        rows.append([*lead, Cell(label), Cell(unit), Cell(value)])
    if style.footer:
        rows.append([Cell(FOOTER, colspan=width)])
    return Table(rows)


def table2(sheet: Sheet, style: TableStyle) -> list[Table]:
    """Table 2: one stacked table, or one table per sub-table when ``style.split_t2``."""
    parts: list[list[list[Cell]]] = []
    blocks = labels(sheet.template, "t2")
    for block, caption in blocks.items():
        table = f"t2.{block}"
        cols = entries(sheet.template, table, "col")
        last = 4 - len(cols)
        rows = [
            [Cell(caption, colspan=4)],
            _with_tail([Cell("信息内容"), *(Cell(c.label) for c in cols)], last),
        ]
        for row in entries(sheet.template, table, "row"):
            cells = [Cell(row.label), *(Cell(sheet.printed[(table, row.key, c.key)]) for c in cols)]
            rows.append(_with_tail(cells, last))
        parts.append(rows)
    if style.split_t2:
        return [Table(rows) for rows in parts]
    return [Table([row for rows in parts for row in rows])]


def _with_tail(cells: list[Cell], extra: int) -> list[Cell]:
    """Widen the last cell so a sub-table with fewer columns fills the stacked table's 4 columns."""
    if extra > 0:
        cells[-1] = Cell(cells[-1].text, colspan=1 + extra)
    return cells


def table3(sheet: Sheet) -> Table:
    col_labels = labels(sheet.template, "t3")
    rows: list[list[Cell]] = [
        [Cell(T3_NOTE, rowspan=3, colspan=3), Cell("申请人情况", colspan=7)],
        [Cell("自然人", rowspan=2), Cell("法人或其他组织", colspan=5), Cell("总计", rowspan=2)],
        [Cell(col_labels[c]) for c in T3_COLUMNS[1:]],
    ]
    for key in ("new_received", "carried_over"):
        rows.append([Cell(col_labels[key], colspan=3), *_t3_values(sheet, key)])
    result_rows = _t3_result_rows(sheet)
    result_rows[0].insert(0, Cell(col_labels["results"], rowspan=len(result_rows)))
    rows += result_rows
    rows.append([Cell(col_labels["carry_forward"], colspan=3), *_t3_values(sheet, "carry_forward")])
    return Table(rows)


def _t3_values(sheet: Sheet, row: str) -> list[Cell]:
    return [Cell(sheet.printed[("t3", row, col)]) for col in (*T3_COLUMNS, "total")]


def _t3_result_rows(sheet: Sheet) -> list[list[Cell]]:
    """Rows under 三、本年度办理结果: groups as rowspan labels, or flat rows when subtotals print."""
    groups = [e for e in entries(sheet.template, "t3", "row") if e.parent == "results"]
    rows: list[list[Cell]] = []
    for entry in groups:
        children = [e for e in entries(sheet.template, "t3", "row") if e.parent == entry.key]
        if not children or sheet.subtotals_printed:
            rows.append([Cell(entry.label, colspan=2), *_t3_values(sheet, entry.key)])
            if children:
                rows += [[Cell(c.label, colspan=2), *_t3_values(sheet, c.key)] for c in children]
            continue
        for index, child in enumerate(children):
            lead = [Cell(entry.label, rowspan=len(children))] if index == 0 else []
            rows.append([*lead, Cell(child.label), *_t3_values(sheet, child.key)])
    return rows


def table4(sheet: Sheet) -> Table:
    parts = labels(sheet.template, "t4")
    part_labels = [parts[f"review.{p}"] for p in (*T4_PARTS, "total")]
    return Table(
        [
            [Cell("行政复议", colspan=5), Cell("行政诉讼", colspan=10)],
            [
                *(Cell(label, rowspan=2) for label in part_labels),
                Cell("未经复议直接起诉", colspan=5),
                Cell("复议后起诉", colspan=5),
            ],
            [Cell(label) for label in part_labels * 2],
            [Cell(sheet.printed[("t4", "", f"{b}.{p}")]) for b in T4_BLOCKS for p in (*T4_PARTS, "total")],
        ]
    )
