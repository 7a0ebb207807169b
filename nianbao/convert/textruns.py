"""Characters of a PDF text layer into table cells and reading order, beyond "the box holding its centre".

- Runs: characters in drawing order that continue a line to the right or wrap onto the next line. A run
  that spills out of its cell and is printed over another cell's text (a word processor drawing the first
  part of a row broken over a page on top of the row above) belongs to the cell where it ends.
- Rotated text: characters drawn with a rotation matrix (pdfplumber ``upright`` false, ``matrix``) are read
  along their baseline, lines following each other across it, instead of left to right, top to bottom.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Char = dict[str, Any]


def _size(ch: Char) -> float:
    return max(float(ch.get("size") or ch["bottom"] - ch["top"]), 1.0)


def _continues(prev: Char, ch: Char, left: float) -> bool:
    """Does ``ch`` follow ``prev`` in one run: next on the line, or first on the line below near its left?"""
    size = _size(prev)
    if abs(ch["top"] - prev["top"]) < 0.5 * size:
        return -0.5 * size <= ch["x0"] - prev["x1"] <= 2.0 * size
    return 0 <= ch["top"] - prev["bottom"] <= 0.8 * size and abs(ch["x0"] - left) <= 2.0 * size


def text_runs(chars: list[Char]) -> list[list[Char]]:
    """Characters in drawing (content stream) order cut into runs."""
    runs: list[list[Char]] = []
    for ch in chars:
        if runs and _continues(runs[-1][-1], ch, min(c["x0"] for c in runs[-1])):
            runs[-1].append(ch)
        else:
            runs.append([ch])
    return runs


def collide(a: Char, b: Char) -> bool:
    """Two glyphs printed over each other: over half the narrower one's width and a fifth of the shorter one's
    height in common (lines of text never overlap that much)."""
    dx = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])
    dy = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
    width = min(a["x1"] - a["x0"], b["x1"] - b["x0"])
    height = min(a["bottom"] - a["top"], b["bottom"] - b["top"])
    return dx > 0.5 * width and dy > 0.2 * height


def assign(chars: list[Char], locate: Callable[[Char], int | None]) -> dict[int, list[Char]]:
    """Characters grouped by the box ``locate`` puts their centre in; a run that spans boxes and is printed
    over another run's text goes whole to the box of its last character."""
    where = {id(ch): locate(ch) for ch in chars}
    members: dict[int, list[Char]] = {}
    for ch in chars:
        box = where[id(ch)]
        if box is not None:
            members.setdefault(box, []).append(ch)
    for run in text_runs(chars):
        boxes = [where[id(ch)] for ch in run]
        last = boxes[-1]
        if last is None or len(set(boxes)) == 1 or not _overprinted(run, boxes, members):
            continue
        for ch, box in zip(run, boxes, strict=True):
            if box != last:
                if box is not None:
                    members[box].remove(ch)
                members[last].append(ch)
    return members


def _overprinted(run: list[Char], boxes: list[int | None], members: dict[int, list[Char]]) -> bool:
    mine = {id(ch) for ch in run}
    for ch, box in zip(run, boxes, strict=True):
        if (
            box is not None
            and box != boxes[-1]
            and any(id(other) not in mine and collide(ch, other) for other in members[box])
        ):
            return True
    return False


def overprinted_runs(chars: list[Char]) -> list[list[Char]]:
    """The characters of one box cut into groups of runs that are printed over each other: a new group
    starts at a run colliding with the one before. One group when nothing collides."""
    groups: list[list[Char]] = []
    for run in text_runs(chars):
        if not groups or _collides(run, groups[-1]):
            groups.append(list(run))
        else:
            groups[-1] += run
    return groups


def _collides(run: list[Char], group: list[Char]) -> bool:
    top, bottom = min(ch["top"] for ch in run), max(ch["bottom"] for ch in run)
    near = [ch for ch in group if ch["bottom"] > top and ch["top"] < bottom]
    return any(collide(a, b) for a in run for b in near)


def is_rotated(chars: list[Char]) -> bool:
    """Are most of these characters drawn rotated (not upright)?"""
    turned = sum(1 for ch in chars if ch.get("upright") is False)
    return turned * 2 > len(chars)


def rotated_lines(chars: list[Char]) -> list[list[Char]]:
    """Rotated characters as lines in reading order: along the baseline direction of their text matrix,
    lines ordered across it (text turned to read upwards has its next line to the right)."""
    a, b = _direction(chars)

    def along(ch: Char) -> float:
        return (ch["x0"] + ch["x1"]) / 2 * a - (ch["top"] + ch["bottom"]) / 2 * b

    def across(ch: Char) -> float:
        return (ch["x0"] + ch["x1"]) / 2 * b + (ch["top"] + ch["bottom"]) / 2 * a

    lines: list[list[Char]] = []
    for ch in sorted(chars, key=across):
        if lines and abs(across(ch) - across(lines[-1][-1])) < 0.5 * _size(ch):
            lines[-1].append(ch)
        else:
            lines.append([ch])
    return [sorted(line, key=along) for line in lines]


def _direction(chars: list[Char]) -> tuple[float, float]:
    """The unit baseline direction (PDF space, y up) most rotated characters share."""
    votes: dict[tuple[int, int], int] = {}
    for ch in chars:
        matrix = ch.get("matrix") or (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
        key = (_sign(matrix[0]), _sign(matrix[1]))
        votes[key] = votes.get(key, 0) + 1
    a, b = max(votes, key=lambda k: votes[k]) if votes else (1, 0)
    norm = (a * a + b * b) ** 0.5 or 1.0
    return a / norm, b / norm


def _sign(value: float) -> int:
    return 0 if abs(value) < 1e-6 else (1 if value > 0 else -1)
