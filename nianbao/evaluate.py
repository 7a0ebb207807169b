"""Measure a harvest against the testbed's truth: discovery recall and precision, text F1 of the cleaned
reports, value accuracy of the parsed statistics. Pure functions over truth rows and store rows."""

from __future__ import annotations

import json
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPORT_ROLES = ("report", "report_attachment")


def load_truth(path: str | Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


@dataclass
class Discovery:
    expected: int
    found: int
    true_positives: int
    missed: list[str] = field(default_factory=list)
    false_positives: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.true_positives / self.expected if self.expected else 1.0

    @property
    def precision(self) -> float:
        return self.true_positives / self.found if self.found else 1.0


def discovery(truth: Iterable[dict[str, Any]], reported_urls: Iterable[str]) -> Discovery:
    """Recall over truth reports, precision over what the harvest called a report.

    A report published under two URLs (``duplicate_of``) counts once and is found under either;
    continuation pages (``part_of``) are part of their first page."""
    canonical: dict[str, str] = {}
    for row in truth:
        if row.get("role") in REPORT_ROLES and not row.get("part_of"):
            canonical[row["url"]] = row.get("duplicate_of") or row["url"]
    expected = set(canonical.values())
    found = {canonical.get(url, url) for url in reported_urls}
    hits = expected & found
    return Discovery(len(expected), len(found), len(hits), sorted(expected - found), sorted(found - expected))


def char_ngrams(text: str, n: int = 3) -> Counter[str]:
    """Character n-grams after NFKC with all whitespace removed (the extraction benchmark's unit)."""
    flat = "".join(unicodedata.normalize("NFKC", text).split())
    return Counter(flat[i : i + n] for i in range(max(0, len(flat) - n + 1)))


def text_prf(output: str, gold: str) -> tuple[float, float, float]:
    """Character-3-gram precision, recall and F1 of ``output`` against ``gold``."""
    got, want = char_ngrams(output), char_ngrams(gold)
    overlap = sum((got & want).values())
    precision = overlap / sum(got.values()) if got else float(not want)
    recall = overlap / sum(want.values()) if want else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


@dataclass
class ValueScore:
    expected: int = 0
    correct: int = 0
    wrong: list[str] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.correct / self.expected if self.expected else 1.0


def value_score(
    gold_values: Iterable[dict[str, Any]], parsed: Iterable[dict[str, Any]], where: str = ""
) -> ValueScore:
    """Share of gold cells whose parsed value equals the gold (null must stay null, numbers compare as floats)."""
    got = {(v["table"], v["row"], v["col"]): v.get("value") for v in parsed}
    score = ValueScore()
    for gold in gold_values:
        key = (gold["table"], gold["row"], gold["col"])
        score.expected += 1
        if _same(got.get(key, "<missing>"), gold.get("value")):
            score.correct += 1
        elif len(score.wrong) < 20:
            score.wrong.append(
                f"{where} {'/'.join(key)}: got {got.get(key, '<missing>')!r}, want {gold.get('value')!r}"
            )
    return score


def _same(got: Any, want: Any) -> bool:
    if want is None or got is None:
        return got is None and want is None
    if isinstance(want, int | float) and isinstance(got, int | float):
        return abs(float(got) - float(want)) < 1e-9
    return str(got).strip() == str(want).strip()
