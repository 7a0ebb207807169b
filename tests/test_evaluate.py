"""Measures against the testbed truth: discovery with duplicates and continuation pages, text F1, values."""

from __future__ import annotations

from nianbao.evaluate import discovery, text_prf, value_score

TRUTH = [
    {"url": "a", "role": "report"},
    {"url": "a2", "role": "report", "duplicate_of": "a"},
    {"url": "b", "role": "report_attachment"},
    {"url": "b_1", "role": "report", "part_of": "b"},
    {"url": "n", "role": "distractor"},
]


def test_a_report_under_two_urls_counts_once() -> None:
    result = discovery(TRUTH, ["a2", "a", "b"])
    assert (result.expected, result.found, result.true_positives) == (2, 2, 2)
    assert result.recall == 1.0 and result.precision == 1.0


def test_distractors_lower_precision_and_misses_lower_recall() -> None:
    result = discovery(TRUTH, ["a", "n"])
    assert result.missed == ["b"] and result.false_positives == ["n"]
    assert result.recall == 0.5 and result.precision == 0.5


def test_text_prf_ignores_whitespace_and_width() -> None:
    assert text_prf("政府 信息\n公开", "政府信息公开") == (1.0, 1.0, 1.0)
    precision, recall, _ = text_prf("政府信息公开", "政府信息公开工作年度报告")
    assert precision == 1.0 and recall < 0.5


def test_value_score_null_is_not_zero() -> None:
    gold = [
        {"table": "t", "row": "r", "col": "", "value": None},
        {"table": "t", "row": "s", "col": "", "value": 3},
    ]
    assert (
        value_score(
            gold,
            [
                {"table": "t", "row": "r", "col": "", "value": 0},
                {"table": "t", "row": "s", "col": "", "value": 3.0},
            ],
        ).correct
        == 1
    )
    assert (
        value_score(
            gold,
            [
                {"table": "t", "row": "r", "col": "", "value": None},
                {"table": "t", "row": "s", "col": "", "value": 3},
            ],
        ).accuracy
        == 1.0
    )
