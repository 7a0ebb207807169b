"""How close a conversion is to its source document: character error rate of the text and accuracy of
the table cells (each source cell compared with the converted cell at the same grid position)."""

from __future__ import annotations

from difflib import SequenceMatcher

from nianbao.document import CleanedDocument


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance (two-row dynamic programme)."""
    if len(a) < len(b):
        a, b = b, a
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def char_error_rate(gold: str, got: str) -> float:
    """Edits per gold character (line breaks not counted in the total). The texts are aligned on their
    longest common runs first (difflib) and only the differing stretches are edit-compared, so a paragraph
    split over two lines costs one edit instead of misaligning every later line."""
    total = len(gold.replace("\n", "")) or 1
    edits = 0
    for op, a0, a1, b0, b1 in SequenceMatcher(None, gold, got, autojunk=False).get_opcodes():
        if op == "replace":
            edits += edit_distance(gold[a0:a1], got[b0:b1])
        elif op != "equal":
            edits += (a1 - a0) + (b1 - b0)
    return edits / total


def cell_accuracy(gold: CleanedDocument, got: CleanedDocument, numbers_only: bool = False) -> tuple[int, int]:
    """(cells right, cells compared) over all tables, by grid position; ``numbers_only`` compares the
    value cells (digits) only."""
    right = total = 0
    for index, table in enumerate(gold.tables):
        other = got.tables[index].grid() if index < len(got.tables) else []
        for r, row in enumerate(table.grid()):
            for c, text in enumerate(row):
                if numbers_only and not text.replace(".", "", 1).lstrip("-").isdigit():
                    continue
                total += 1
                right += r < len(other) and c < len(other[r]) and other[r][c] == text
    return right, total
