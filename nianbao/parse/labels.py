"""Match printed labels to schema entries: normalised exact or prefix match, then a fuzzy fallback.

Matching is ordered: a report prints rows in the schema's order, so the search starts just after the
last matched row and looks a few rows ahead first (which also tells apart repeated labels such as the
two （二）被依法纠错数). Only entries of the detected template are ever candidates.
"""

from __future__ import annotations

from difflib import SequenceMatcher
from functools import lru_cache

from nianbao.parse.normalize import Label, split_label
from nianbao.schema import SchemaEntry

WINDOW = 14
THRESHOLD = 0.72


@lru_cache(maxsize=4096)
def _label(text: str) -> Label:
    return split_label(text)


def _ordinal_kind(ordinal: str) -> str:
    if not ordinal:
        return ""
    return "paren" if ordinal.startswith("(") else ("num" if ordinal.isdigit() else "cn")


def score(candidate: Label, target: Label, floor: float = 0.0) -> float:
    """Similarity of a printed label and a schema label, 0–1 (0 when it cannot beat ``floor``)."""
    a, b = candidate.core, target.core
    if not a or not b:
        return 0.0
    if a == b:
        s = 1.0
    elif (a.startswith(b) or b.startswith(a)) and min(len(a), len(b)) >= 4:
        s = 0.9
    elif min(len(a), len(b)) >= 4:
        if 2 * min(len(a), len(b)) / (len(a) + len(b)) * 0.9 <= floor:
            return 0.0  # even a perfect overlap could not beat the floor
        matcher = SequenceMatcher(None, a, b, autojunk=False)
        if matcher.quick_ratio() * 0.9 <= floor:
            return 0.0
        s = matcher.ratio() * 0.9
    else:
        return 0.0
    if candidate.ordinal and target.ordinal:
        if candidate.ordinal != target.ordinal:
            s -= 0.15 if _ordinal_kind(candidate.ordinal) == _ordinal_kind(target.ordinal) else 0.25
    elif target.ordinal and len(b) <= 4:
        return 0.0  # "总计" in a header is not "（七）总计"
    return s


_TABLE_IDS: dict[tuple[str, ...], int] = {}
_TABLE_LABELS: list[list[Label]] = []


def _table_id(entries: list[SchemaEntry]) -> int:
    """A small number for a list of schema labels (the lists are few: all come from the schema)."""
    key = tuple(e.label for e in entries)
    found = _TABLE_IDS.get(key)
    if found is None:
        found = _TABLE_IDS[key] = len(_TABLE_LABELS)
        _TABLE_LABELS.append([_label(label) for label in key])
    return found


@lru_cache(maxsize=65536)
def _match(table: int, text: str, start: int) -> int | None:
    """``Matcher.match``, remembered: reports print the same labels again and again."""
    cand = _label(text)
    if not cand.core:
        return None
    labels = _TABLE_LABELS[table]
    best = _best(labels, cand, range(start, min(start + WINDOW, len(labels))))
    if best is None:
        best = _best(labels, cand, range(len(labels)), minimum=0.95)
    return best


def _best(labels: list[Label], cand: Label, indexes: range, minimum: float = THRESHOLD) -> int | None:
    best, best_score = None, minimum
    for i in indexes:
        s = score(cand, labels[i], best_score)
        if s > best_score + 1e-9:
            best, best_score = i, s
            if s >= 1.0:
                break
    return best


class Matcher:
    """Ordered matcher over one list of schema entries (one table of one template)."""

    def __init__(self, entries: list[SchemaEntry]) -> None:
        self.table = _table_id(entries)

    def match(self, text: str, start: int = 0) -> int | None:
        """Index of the entry ``text`` names, searching from ``start`` (window first, then everywhere)."""
        return _match(self.table, text, start)

    def match_any(self, texts: list[str], start: int = 0) -> int | None:
        """Match the most specific of several label cells (last first), then all of them joined."""
        for text in reversed(texts):
            idx = self.match(text, start)
            if idx is not None:
                return idx
        return self.match("".join(texts), start) if len(texts) > 1 else None
