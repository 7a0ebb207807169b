"""Bad input never crashes the parser: garbage, truncated tables, odd numbers (hypothesis)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from nianbao.document import Cell, Table
from nianbao.parse import parse_report
from nianbao.parse.normalize import parse_number, split_label
from nianbao.schema import old2014_rows

ROWS = [e for e in old2014_rows() if e.unit]
CJK = st.text(
    alphabet=st.sampled_from("一二三四五主动公开申请数件条（）()、，|\t\n 0123456789,./—无%－"), max_size=400
)


@settings(max_examples=150, deadline=None)
@given(CJK)
def test_garbage_never_crashes(text: str) -> None:
    report = parse_report(text)
    assert report.template in ("old2014", "v2019", "v2021", "narrative", "unknown")


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=1, max_value=len(ROWS)), st.lists(st.integers(0, 10**6), min_size=len(ROWS)))
def test_truncated_old_table_keeps_what_is_there(cut: int, numbers: list[int]) -> None:
    lines = ["统计指标\t单位\t统计数"] + [
        f"{e.label}\t{e.unit}\t{n:,}" for e, n in zip(ROWS[:cut], numbers, strict=False)
    ]
    report = parse_report("某县2017年政府信息公开工作年度报告\n" + "\n".join(lines))
    got = report.table_values()
    for e, n in zip(ROWS[:cut], numbers, strict=False):
        assert got[("statistics", e.key, "")] == (n if e.unit not in ("text", "是/否") else f"{n:,}")
    if cut < len(ROWS):
        assert any("not found" in w for w in report.warnings)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.text(max_size=8), max_size=6), max_size=12))
def test_random_tables_never_crash(rows: list[list[str]]) -> None:
    table = Table(rows=[[Cell(t, rowspan=1 + len(t) % 2, colspan=1 + len(t) % 3) for t in r] for r in rows])
    parse_report("统计指标\n申请人情况\n第二十条第（一）项", [table])


def test_numbers_commas_fullwidth_units_negatives_percent() -> None:
    assert parse_number("1,136条") == (1136, "条")
    assert parse_number("１２") == (12, "")
    assert parse_number("-8") == (-8, "")
    assert parse_number("12.5%") == (12.5, "%")
    assert parse_number("0.5万元") == (0.5, "万元")
    for blank in ("", "/", "-", "—", "无"):
        assert parse_number(blank) == (None, "")
    assert parse_number("开通388项") is None


def test_label_normalisation() -> None:
    assert split_label("（一）主动公开政府信息数（不同渠道…计1条）") == split_label("(一)主动公开政府信息数")
    assert split_label("5.其它方式公开政府信息数").core == split_label("5、其他方式公开政府信息数").core
    assert (
        split_label("不是《政府信息公开条例》所指政府信息").core
        == split_label("不是《条例》所指政府信息").core
    )
    assert split_label("三 、本 年 度 办 理 结 果") == split_label("三、本年度办理结果")


def test_v2019_text_is_not_folded_into_v2021() -> None:
    text = "报告\n第二十条第（一）项\n信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量\n规章\t1\t2\t3\n申请人情况"
    report = parse_report(text)
    assert report.template == "v2019"
    assert report.table_values()[("t2.a20_1", "rules", "new_made")] == 1
    assert all(v.col not in ("issued", "repealed", "valid") for v in report.values)


def _pdf_text(report) -> str:  # type: ignore[no-untyped-def]
    """PDF-extraction-like text: labels spaced out and broken, 7 numbers per Table 3 row, 15 on one line."""
    from nianbao import schema

    vals = {(v.table, v.row, v.col): v.value for v in report.values}
    lines = [report.title, "三、收到和处理政府信息公开申请情况", "申请人情况", "自然人 法人或其他组织 总计"]
    for e in schema.entries(report.template, "t3", "row"):
        if ("t3", e.key) in schema.HEADING_ROWS:
            lines.append(" ".join(e.label))  # spaced-out characters
            continue
        nums = " ".join(str(vals[("t3", e.key, c.key)]) for c in schema.entries(report.template, "t3", "col"))
        nums = nums.replace("None", "").strip()
        if len(e.label) > 16:  # broken over two lines, numbers after the first part
            lines += [f"{e.label[:10]} {nums}", e.label[10:]]
        else:
            lines.append(f"{e.label} {nums}")
    lines += [
        "四、政府信息公开行政复议、行政诉讼情况",
        "行政复议 行政诉讼",
        "结果维持 结果纠正 其他结果 尚未审结 总计",
    ]
    lines.append(" ".join(str(vals[("t4", "", c.key)]) for c in schema.entries(report.template, "t4", "col")))
    lines.append("五、存在的主要问题及改进情况")
    return "\n".join(lines)


def test_pdf_like_flattening_of_tables_3_and_4() -> None:
    from testbed.content import Issuer, make_report

    checked = 0
    for seed in range(8):
        gold = make_report(
            seed, Issuer("灵山县人民政府", "county_gov", "450721", "灵山县"), 2019 + 3 * (seed % 2)
        )
        subtotals = ("denied", "unable", "not_processed", "other_handling")
        if any(v.value is None for v in gold.values if v.table in ("t3", "t4") and v.row not in subtotals):
            continue
        got = parse_report(_pdf_text(gold)).table_values()
        want = {(v.table, v.row, v.col): v.value for v in gold.values if v.table in ("t3", "t4")}
        want = {
            k: v
            for k, v in want.items()
            if k[1] not in ("denied", "unable", "not_processed")
            and (k[1] != "other_handling" or gold.template == "v2019")
        }
        assert {k: got.get(k) for k in want} == want
        checked += 1
    assert checked >= 3
