"""Evaluation gate: corpus scores may not fall below the floors pinned in ``eval_baseline.json``.

Two corpora: the hand-built portal-family fixtures and a 40-page sample of the served testbed (every CMS
family, report shape, distractor kind, charset and spam kind; gold taken from the testbed's truth, not from
the cleaner). Same metric code as ``benchmarks/extraction.py`` (``nianbao.clean.evaluate``). Raise a floor
when the cleaner improves; lowering one is a deliberate, reviewed edit of the JSON file.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nianbao.clean.evaluate import corpus_f1

FIXTURES = Path(__file__).parent / "fixtures" / "clean"
CORPORA = {"fixtures": FIXTURES, "testbed": FIXTURES / "testbed"}


@pytest.mark.parametrize("name", sorted(CORPORA))
def test_corpus_meets_pinned_floors(name: str) -> None:
    floors = json.loads((FIXTURES / "eval_baseline.json").read_text(encoding="utf-8"))[name]
    scores = corpus_f1(CORPORA[name])
    assert scores["pages"] >= floors["pages"]
    assert scores["f1"] >= floors["f1"]
    assert scores["min_f1"] >= floors["min_f1"]
    assert scores["leak_rate"] <= floors["leak_rate"]
    assert scores["loss_rate"] <= floors["loss_rate"]
