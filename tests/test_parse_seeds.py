"""The five seeds parse exactly: every table value and narrative figure against hand-made gold."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nianbao.parse import parse_report

ROOT = Path(__file__).resolve().parent.parent
GOLD = sorted((ROOT / "tests" / "golden" / "seeds").glob("*.json"))


def _seed_text(number: str) -> str:
    return (ROOT / "tests" / "fixtures" / "parse" / "seeds" / f"{number}.txt").read_text("utf-8")


@pytest.mark.parametrize("gold_path", GOLD, ids=[p.stem for p in GOLD])
def test_seed_values_match_gold(gold_path: Path) -> None:
    gold = json.loads(gold_path.read_text("utf-8"))
    report = parse_report(_seed_text(gold_path.stem))
    got = {(v.table, v.row, v.col): v.value for v in report.values}
    want = {(v["table"], v["row"], v["col"]): v["value"] for v in gold["values"]}
    missing = {k: want[k] for k in want.keys() - got.keys()}
    extra = {k: got[k] for k in got.keys() - want.keys()}
    wrong = {
        k: (got[k], want[k])
        for k in want.keys() & got.keys()
        if got[k] != want[k] or type(got[k]) is not type(want[k]) and want[k] is None
    }
    assert not missing and not extra and not wrong, (missing, extra, wrong)


@pytest.mark.parametrize("gold_path", GOLD, ids=[p.stem for p in GOLD])
def test_seed_metadata_and_checks(gold_path: Path) -> None:
    gold = json.loads(gold_path.read_text("utf-8"))
    report = parse_report(_seed_text(gold_path.stem))
    got = (report.template, report.year, report.issuer, report.level, report.published)
    assert got == (gold["template"], gold["year"], gold["issuer"], gold["level"], gold["published"])
    assert sorted(c.rule for c in report.failed_checks()) == sorted(gold["failed_checks"])


def test_null_is_not_zero_in_seed_000() -> None:
    values = parse_report(_seed_text("000")).table_values()
    assert values[("statistics", "s1_gazette", "")] is None
    assert values[("statistics", "s3_recv_in_person", "")] == 2


def test_narrative_values_carry_evidence_and_stay_apart() -> None:
    report = parse_report(_seed_text("003"))
    narrative = [v for v in report.values if v.source == "narrative"]
    assert all(v.table == "narrative" and v.evidence for v in narrative)
    website = next(v for v in narrative if v.row == "proactive_website")
    assert "18326" in website.evidence
    assert report.table_values()[("statistics", "s1_website", "")] == 29265


def test_testbed_values_equal_golden() -> None:
    for gold_path in GOLD:
        gold = json.loads(gold_path.read_text("utf-8"))
        testbed = json.loads(
            (ROOT / "testbed" / "data" / "seeds" / f"{gold_path.stem}.values.json").read_text()
        )
        assert testbed == gold["values"]


def test_narrative_keys_are_the_canonical_ones() -> None:
    """Every narrative key the parser, its checks and the seed gold use is one of ``NARRATIVE_KEYS``."""
    from nianbao.parse import NARRATIVE_KEYS, checks, narrative

    produced = {k for k, _ in narrative._CHANNELS} | {k for k, _, _ in narrative._PATTERNS}
    produced |= {k for k, _ in narrative._NEGATIONS} | {"proactive_total"}
    produced |= {k for kind in checks.TEXT_VS_TABLE.values() for k in kind}
    for path in GOLD:
        gold = json.loads(path.read_text("utf-8"))
        produced |= {v["row"] for v in gold["values"] if v["table"] == "narrative"}
    assert produced <= set(NARRATIVE_KEYS), produced - set(NARRATIVE_KEYS)
    assert all(label and unit for label, unit in NARRATIVE_KEYS.values())
