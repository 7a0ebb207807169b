"""Testbed report content: determinism, identities of domain.md §5, nulls, breaks, titles, distractors."""

from __future__ import annotations

import time

import pytest

from nianbao import schema
from testbed.content import (
    DISTRACTOR_KINDS,
    NAIVE_TITLE_RE,
    REPORT_TITLE_RE,
    Issuer,
    Report,
    make_distractor,
    make_report,
)

ISSUERS = [
    Issuer("乌审旗人民政府", "county_gov", "150626", "乌审旗", "鄂尔多斯市", "内蒙古自治区"),
    Issuer("乌审旗教育局", "department", "150626", "乌审旗", "鄂尔多斯市", "内蒙古自治区"),
    Issuer("嘎鲁图镇人民政府", "township", "150626", "乌审旗", "鄂尔多斯市", "内蒙古自治区"),
    Issuer("灵山县人民政府", "county_gov", "450721", "灵山县", "钦州市", "广西壮族自治区"),
    Issuer("灵山县财政局", "department", "450721", "灵山县", "钦州市", "广西壮族自治区"),
    Issuer("三爪仑乡人民政府", "township", "360925", "靖安县", "宜春市", "江西省"),
]
NULLS = {"", "/", "—", "无"}
# Leaves of Table 3's 三、本年度办理结果 whose sum is （七）总计 (domain.md §3.3, §3.4), written out here
# independently of the generator.
T3_LEAVES_2019 = [
    "granted",
    "partial",
    *(f"denied_{k}" for k in ("state_secret", "law_forbidden", "3safety_1stability", "third_party")),
    *(f"denied_{k}" for k in ("internal_affairs", "process_info", "enforcement_file", "admin_query")),
    "unable_not_held",
    "unable_need_creation",
    "unable_unclear",
    *(f"np_{k}" for k in ("petition", "repeat", "publication", "massive", "confirm")),
]
T3_LEAVES = {
    "v2019": [*T3_LEAVES_2019, "other_handling"],
    "v2021": [*T3_LEAVES_2019, "oh_no_correction", "oh_fee_unpaid", "oh_other"],
}
APPLICANTS = ["natural", "commercial", "research", "social_welfare", "legal_service", "other_org"]


def _num(value: object) -> float:
    return value if isinstance(value, int | float) and not isinstance(value, bool) else 0


def violations(report: Report) -> list[str]:
    """Every failing identity instance of domain.md §5 (nulls count as 0)."""
    v = {(g.table, g.row, g.col): _num(g.value) for g in report.values}
    out: list[str] = []

    def check(name: str, total: float, parts: list[float]) -> None:
        if abs(total - sum(parts)) > 1e-9:
            out.append(name)

    if report.template == "old2014":
        s = lambda key: v[("statistics", key, "")]  # noqa: E731
        check(
            "received",
            s("s3_received"),
            [s(f"s3_recv_{k}") for k in ("in_person", "fax", "online", "letter")],
        )
        check("closed", s("s3_closed"), [s("s3_closed_ontime"), s("s3_closed_extended")])
        answers = [
            "already_public",
            "granted",
            "partial",
            "denied",
            "not_this_agency",
            "not_exist",
            "amend",
            "other_channel",
        ]
        check("answered", s("s3_answered"), [s(f"s3_ans_{k}") for k in answers])
    elif report.template in T3_LEAVES:
        t3 = lambda row, col: v[("t3", row, col)]  # noqa: E731
        for col in [*APPLICANTS, "total"]:
            check(
                f"a[{col}]",
                t3("new_received", col) + t3("carried_over", col),
                [t3("results_total", col), t3("carry_forward", col)],
            )
            check(
                f"b[{col}]", t3("results_total", col), [t3(leaf, col) for leaf in T3_LEAVES[report.template]]
            )
        for row in {r for t, r, _ in v if t == "t3"}:
            check(f"c[{row}]", t3(row, "total"), [t3(row, col) for col in APPLICANTS])
        for block in ("review", "lit_direct", "lit_after_review"):
            parts = [v[("t4", "", f"{block}.{p}")] for p in ("upheld", "corrected", "other", "pending")]
            check(f"t4[{block}]", v[("t4", "", f"{block}.total")], parts)
    return out


def _reports(inconsistent: bool = False) -> list[Report]:
    years = (2011, 2014, 2016, 2018, 2019, 2020, 2021, 2023)
    return [
        make_report(seed, i, y, inconsistent=inconsistent)
        for seed in (1, 2, 3)
        for i in ISSUERS
        for y in years
    ]


def test_same_arguments_same_report_other_seed_other_report():
    for issuer in ISSUERS[:3]:
        assert make_report(7, issuer, 2019) == make_report(7, issuer, 2019)
        assert make_report(7, issuer, 2019).values != make_report(8, issuer, 2019).values


def test_template_by_year_and_inner_mongolia_rows():
    templates = {
        y: make_report(1, ISSUERS[3], y).template for y in (2008, 2013, 2014, 2018, 2019, 2020, 2021, 2024)
    }
    assert templates == {
        2008: "narrative",
        2013: "narrative",
        2014: "old2014",
        2018: "old2014",
        2019: "v2019",
        2020: "v2019",
        2021: "v2021",
        2024: "v2021",
    }
    nmg_rows = {g.row for g in make_report(1, ISSUERS[0], 2017).values}
    plain_rows = {g.row for g in make_report(1, ISSUERS[3], 2017).values}
    assert {"s10_has_online", "s11_village_points"} <= nmg_rows
    assert not {"s10_has_online", "s11_village_points"} & plain_rows
    assert (
        len(plain_rows) == 65 - 7
    )  # 65 rows, 7 of them headings without a unit (一、二、三、八、九 and two （二）)
    assert make_report(1, ISSUERS[0], 2012).values == []


def test_values_list_every_value_cell_of_the_template():
    for report in _reports():
        keys = [(g.table, g.row, g.col) for g in report.values]
        if report.template == "narrative":
            assert keys == []
        elif report.template == "old2014":
            expected = [
                k
                for k in schema.value_cells("old2014")
                if report.issuer.adcode.startswith("15") or not k[1].startswith(("s10", "s11"))
            ]
            assert keys == expected
        else:
            assert keys == schema.value_cells(report.template)


def test_default_reports_satisfy_every_identity():
    reports = _reports()
    assert {r.template for r in reports} == {"narrative", "old2014", "v2019", "v2021"}
    for report in reports:
        assert violations(report) == [], (report.id, report.template)
        assert not report.inconsistent and report.broken_identity == ""


def test_inconsistent_reports_break_exactly_one_identity():
    broken_kinds = set()
    for report in _reports(inconsistent=True):
        if report.template == "narrative":
            assert not report.inconsistent
            continue
        failing = violations(report)
        assert len(failing) == 1, (report.id, failing, report.broken_identity)
        assert report.inconsistent and report.broken_identity
        broken_kinds.add(failing[0].split("[")[0])
    assert {"received", "closed", "answered", "t4"} <= broken_kinds


def test_inconsistent_changes_only_one_value():
    for issuer in ISSUERS:
        for year in (2016, 2020, 2022):
            good, bad = make_report(5, issuer, year), make_report(5, issuer, year, inconsistent=True)
            changed = [(a, b) for a, b in zip(good.values, bad.values, strict=True) if a != b]
            assert len(changed) == 1


def test_some_cells_are_printed_null():
    values = [g.value for r in _reports() for g in r.values]
    assert values.count(None) > 50
    assert any(isinstance(x, float) for x in values) and any(isinstance(x, str) for x in values)


def test_old_table_prints_the_gold_values():
    for report in _reports():
        if report.template != "old2014":
            continue
        table = report.doc.tables[0]
        body = [
            row for row in table.rows if len(row) >= 3 and row[-1].colspan == 1 and row[-2].text != "单位"
        ]
        assert len(body) == (83 if report.issuer.adcode.startswith("15") else 65)
        gold = {g.row: g.value for g in report.values}
        entries = schema.old2014_rows(report.issuer.adcode.startswith("15"))
        for entry, row in zip(entries, body, strict=True):
            printed = row[-1].text
            if entry.key not in gold:
                assert printed == ""
            elif gold[entry.key] is None:
                assert printed in NULLS
            elif isinstance(gold[entry.key], str):
                assert printed == gold[entry.key]
            else:
                assert float(printed) == gold[entry.key]


def test_table4_value_row_matches_the_gold_order():
    for report in _reports():
        if report.template in ("v2019", "v2021"):
            last = report.doc.tables[-1].rows[-1]
            gold = [g.value for g in report.values if g.table == "t4"]
            assert len(last) == 15
            assert [None if c.text in NULLS else int(c.text) for c in last] == gold


def test_narrative_states_the_key_figures():
    for report in _reports(inconsistent=True):
        text = report.doc.to_text()
        figures = report.narrative
        assert f"主动公开政府信息{figures['proactive_total']}条" in text
        assert f"收到政府信息公开申请{figures['applications_received']}件" in text
        assert f"行政复议{figures['review_cases']}件" in text
        assert f"行政诉讼{figures['litigation_cases']}件" in text


def test_new_format_section_titles_and_signature():
    titles = ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况"]
    titles += [
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ]
    report = make_report(1, ISSUERS[1], 2021)
    headings = [b.text for b in report.doc.blocks if b.kind == "heading"]
    assert [h for h in headings if h in titles] == titles
    lines = report.doc.to_text().splitlines()
    assert lines[-2] == "乌审旗教育局" and lines[-1].startswith("2022年")
    assert "第二十条第（一）项" in lines and "本年制发件数" in report.doc.to_text()


def test_report_titles_match_both_regexes_with_the_year():
    titles = {r.title for r in _reports()}
    assert len(titles) > 30
    for report in _reports():
        for regex in (NAIVE_TITLE_RE, REPORT_TITLE_RE):
            match = regex.search(report.title)
            assert match and int(match.group(1)) == report.year, report.title


@pytest.mark.parametrize("kind", DISTRACTOR_KINDS)
def test_distractor_titles_never_match_the_report_regex(kind):
    for seed in range(8):
        for issuer in ISSUERS:
            distractor = make_distractor(seed, issuer, kind)
            assert distractor.kind == kind and distractor.doc.title == distractor.title
            assert not REPORT_TITLE_RE.search(distractor.title), distractor.title
            assert distractor.doc.body_lines()
    assert make_distractor(1, ISSUERS[0], kind) == make_distractor(1, ISSUERS[0], kind)


def test_compile_notices_are_a_trap_for_the_naive_regex():
    titles = {make_distractor(s, i, "compile_notice").title for s in range(10) for i in ISSUERS}
    assert any(NAIVE_TITLE_RE.search(t) for t in titles)
    assert "关于做好2019年政府信息公开工作年度报告编制工作的通知" in {
        make_distractor(s, ISSUERS[0], "compile_notice", year=2019).title for s in range(20)
    }


def test_unknown_kind_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown distractor kind"):
        make_distractor(1, ISSUERS[0], "blog")


def test_three_thousand_reports_in_well_under_ten_seconds():
    start = time.perf_counter()
    count = 0
    for county in range(100):
        for index in range(10):
            level = ("county_gov", "department", "township")[index % 3]
            issuer = Issuer(f"测试{county}县单位{index}", level, f"{130100 + county}", f"测试{county}县")
            for year in (2012, 2017, 2022):
                make_report(0, issuer, year, inconsistent=count % 10 == 0)
                count += 1
    elapsed = time.perf_counter() - start
    assert count == 3000 and elapsed < 6.0, elapsed
