"""How close a conversion is to its source document: character error rate of the text and accuracy of
the table cells (each source cell compared with the converted cell at the same grid position)."""

from __future__ import annotations

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
    """Edits per gold character, line by line (lines paired in order, missing ones count whole)."""
    gold_lines, got_lines = gold.splitlines(), got.splitlines()
    total = sum(len(line) for line in gold_lines) or 1
    edits = sum(edit_distance(g, o) for g, o in zip(gold_lines, got_lines, strict=False))
    edits += sum(len(line) for line in gold_lines[len(got_lines) :])
    edits += sum(len(line) for line in got_lines[len(gold_lines) :])
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
