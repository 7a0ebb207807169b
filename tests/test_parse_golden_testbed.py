"""Served testbed pages (chrome, Word HTML, flattenings, multi-page TRS) clean and parse to their truth.

The corpus under ``tests/fixtures/parse/testbed/`` was saved from the served testbed by
``benchmarks/parse_testbed.py --save-sample``: ``NNN.html`` (+ ``NNN.2.html`` continuation parts),
``NNN.json`` (url, family, template, shape) and ``NNN.values.json`` — the gold values from the testbed's
truth, never from the parser.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nianbao.evaluate import value_score
from nianbao.ingest import to_document
from nianbao.parse import parse_document

CORPUS = Path(__file__).parent / "fixtures" / "parse" / "testbed"
PAGES = sorted(p.name.split(".")[0] for p in CORPUS.glob("[0-9][0-9][0-9].json"))


def _bodies(number: str) -> list[bytes]:
    parts = sorted(CORPUS.glob(f"{number}.[0-9].html"), key=lambda p: int(p.name.split(".")[1]))
    return [(CORPUS / f"{number}.html").read_bytes(), *(p.read_bytes() for p in parts)]


def test_corpus_covers_every_template_and_text_shape() -> None:
    infos = [json.loads((CORPUS / f"{n}.json").read_text(encoding="utf-8")) for n in PAGES]
    assert len(PAGES) >= 25
    assert {i["template"] for i in infos} >= {"old2014", "v2019", "v2021"}
    assert {i["shape"] for i in infos} >= {"table", "borderless", "word", "flat", "pipe"}
    assert {i["family"] for i in infos} >= {"trs", "hanweb", "lonsun", "shared"}


@pytest.mark.parametrize("number", PAGES)
def test_served_page_values_match_truth(number: str) -> None:
    info = json.loads((CORPUS / f"{number}.json").read_text(encoding="utf-8"))
    gold = json.loads((CORPUS / f"{number}.values.json").read_text(encoding="utf-8"))
    report = parse_document(to_document(_bodies(number), info["url"]))
    parsed = [{"table": v.table, "row": v.row, "col": v.col, "value": v.value} for v in report.values]
    score = value_score(gold, parsed)
    assert score.wrong == [], f"{info['shape']} {info['template']}: {score.correct}/{score.expected}"
    assert report.template == info["template"]
