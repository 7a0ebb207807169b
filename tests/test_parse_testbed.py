"""Testbed reports (every template, real tables and their flattenings) parse to their gold values."""

from __future__ import annotations

import pytest

from nianbao.parse import parse_document, parse_report
from testbed.content import Issuer, make_report, render_body

ISSUERS = [
    Issuer("乌审旗人民政府", "county_gov", "150626", "乌审旗"),
    Issuer("灵山县教育局", "department", "450721", "灵山县"),
    Issuer("三爪仑乡人民政府", "township", "360924", "宜丰县"),
]
YEARS = (2012, 2016, 2019, 2022)
CASES = [(seed, issuer, year) for seed in range(4) for issuer in ISSUERS for year in YEARS]


def _diff(report, gold) -> dict:  # type: ignore[no-untyped-def]
    got = report.table_values()
    want = {(v.table, v.row, v.col): v.value for v in gold.values}
    keys = set(got) | set(want)
    return {
        k: (got.get(k, "MISSING"), want.get(k, "EXTRA")) for k in keys if got.get(k, 1j) != want.get(k, 2j)
    }


def _blank_modern_cell(gold) -> bool:  # type: ignore[no-untyped-def]
    return any(
        v.value is None and v.table in ("t3", "t4") or v.table.startswith("t2") and v.value is None
        for v in gold.values
    )


@pytest.mark.parametrize(("seed", "issuer", "year"), CASES)
def test_document_grids_and_cleaned_text_match_gold(seed: int, issuer: Issuer, year: int) -> None:
    gold = make_report(seed, issuer, year)
    from_doc = parse_document(gold.doc)
    from_text = parse_report("\n".join([gold.title, *render_body(gold, "table").gold_lines]))
    for report in (from_doc, from_text):
        assert _diff(report, gold) == {}
        assert (report.template, report.year, report.level) == (gold.template, gold.year, issuer.level)
        narrative = report.narrative_values()
        for key, value in gold.narrative.items():
            assert narrative.get(key) == value, key  # the testbed uses nianbao.parse.NARRATIVE_KEYS


FULL = [c for c in CASES if not _blank_modern_cell(make_report(*c))]
BLANK = [c for c in CASES if c not in FULL]


@pytest.mark.parametrize("shape", ["flat", "pipe"])
@pytest.mark.parametrize(("seed", "issuer", "year"), FULL)
def test_flattenings_match_gold(shape: str, seed: int, issuer: Issuer, year: int) -> None:
    gold = make_report(seed, issuer, year)
    report = parse_report("\n".join([gold.title, *render_body(gold, shape).gold_lines]))
    assert _diff(report, gold) == {}


@pytest.mark.parametrize(("seed", "issuer", "year"), BLANK)
def test_one_cell_per_line_with_blank_cells_warns(seed: int, issuer: Issuer, year: int) -> None:
    """Blank cells vanish from a one-cell-per-line flattening; the parser must say so, not guess silently."""
    gold = make_report(seed, issuer, year)
    report = parse_report("\n".join([gold.title, *render_body(gold, "flat").gold_lines]))
    assert _diff(report, gold) == {} or any("values for" in w for w in report.warnings)


def test_inconsistent_reports_fail_their_broken_identity() -> None:
    failed = 0
    for seed in range(6):
        gold = make_report(seed, ISSUERS[0], 2019, inconsistent=True)
        if gold.inconsistent:
            failed += bool(parse_document(gold.doc).failed_checks())
    assert failed >= 1
