"""Evaluation gate: corpus scores may not fall below the floors pinned in ``eval_baseline.json``.

Same metric code as ``benchmarks/extraction.py`` (``nianbao.clean.evaluate``). Raise a floor when the
cleaner improves; lowering one is a deliberate, reviewed edit of the JSON file.
"""

from __future__ import annotations

import json
from pathlib import Path

from nianbao.clean.evaluate import corpus_f1

FIXTURES = Path(__file__).parent / "fixtures" / "clean"


def test_fixture_corpus_meets_pinned_floors() -> None:
    floors = json.loads((FIXTURES / "eval_baseline.json").read_text(encoding="utf-8"))["fixtures"]
    scores = corpus_f1(FIXTURES)
    assert scores["pages"] >= floors["pages"]
    assert scores["f1"] >= floors["f1"]
    assert scores["leak_rate"] <= floors["leak_rate"]
    assert scores["loss_rate"] <= floors["loss_rate"]
