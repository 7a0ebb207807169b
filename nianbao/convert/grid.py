"""Ruled tables in a page image: long horizontal and vertical dark runs are ruling lines; lines that cross
form a grid; grid slots not separated by a drawn line belong to one (merged) cell."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np


@dataclass
class Grid:
    xs: list[float]
    ys: list[float]
    cells: list[tuple[int, int, int, int]] = field(default_factory=list)  # row, col, rowspan, colspan
    slots: dict[tuple[int, int], int] = field(default_factory=dict)  # (row, col) -> index in cells

    def contains(self, x: float, y: float) -> bool:
        return self.xs[0] <= x <= self.xs[-1] and self.ys[0] <= y <= self.ys[-1]

    def cell_at(self, x: float, y: float) -> int | None:
        row = next((i for i in range(len(self.ys) - 1) if y < self.ys[i + 1]), None)
        col = next((j for j in range(len(self.xs) - 1) if x < self.xs[j + 1]), None)
        return None if row is None or col is None else self.slots.get((row, col))


def long_runs(dark: Any, length: int) -> Any:
    """Mask of the pixels lying on a horizontal run of at least ``length`` dark pixels (run-length coding
    of the flattened rows, each row ended by a light pixel, so no run crosses a row end)."""
    height, width = dark.shape
    if width < length:
        return np.zeros_like(dark)
    padded = np.zeros((height, width + 1), dtype=np.int8)
    padded[:, :width] = dark
    edges = np.diff(padded.ravel(), prepend=np.int8(0))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    keep = ends - starts >= length
    marks = np.zeros(padded.size + 1, dtype=np.int8)
    marks[starts[keep]] = 1
    marks[ends[keep]] = -1
    return (np.cumsum(marks[:-1], dtype=np.int8) > 0).reshape(height, width + 1)[:, :width]


def _segments(mask: Any) -> list[tuple[float, float, float]]:
    """Lines in a run mask: (position across, start, end along), one per band of adjacent rows."""
    rows = np.flatnonzero(mask.any(axis=1))
    out: list[tuple[float, float, float]] = []
    for band in np.split(rows, np.flatnonzero(np.diff(rows) > 1) + 1) if rows.size else []:
        cols = np.flatnonzero(mask[band].any(axis=0))
        for run in np.split(cols, np.flatnonzero(np.diff(cols) > 3) + 1):
            out.append((float(band.mean()), float(run.min()), float(run.max())))
    return out


def _cluster(values: list[float], gap: float = 6.0) -> list[float]:
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= gap:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(c) / len(c) for c in out]


def _groups(
    hs: list[tuple[float, float, float]], vs: list[tuple[float, float, float]]
) -> list[tuple[list, list]]:
    """Horizontal and vertical lines joined into grids where they cross."""
    parent = list(range(len(hs) + len(vs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, (hy, hx0, hx1) in enumerate(hs):
        for j, (vx, vy0, vy1) in enumerate(vs):
            if hx0 - 4 <= vx <= hx1 + 4 and vy0 - 4 <= hy <= vy1 + 4:
                parent[find(i)] = find(len(hs) + j)
    groups: dict[int, tuple[list, list]] = {}
    for i, h in enumerate(hs):
        groups.setdefault(find(i), ([], []))[0].append(h)
    for j, v in enumerate(vs):
        groups.setdefault(find(len(hs) + j), ([], []))[1].append(v)
    return [g for g in groups.values() if len(g[0]) >= 2 and len(g[1]) >= 2]


def _build(h_mask: Any, v_mask: Any, xs: list[float], ys: list[float]) -> Grid:
    """Cells from grid slots: neighbours not separated by a drawn line are merged (union-find)."""
    nr, nc = len(ys) - 1, len(xs) - 1
    parent = {(r, c): (r, c) for r in range(nr) for c in range(nc)}

    def find(k: tuple[int, int]) -> tuple[int, int]:
        while parent[k] != k:
            k = parent[k]
        return k

    def drawn(mask: Any, pos: float, a: float, b: float) -> bool:
        p, lo, hi = int(pos), int(a) + 4, int(b) - 4
        return hi <= lo or mask[lo:hi, max(0, p - 3) : p + 4].any(axis=1).mean() > 0.6

    for r in range(nr):
        for c in range(nc):
            if c + 1 < nc and not drawn(v_mask, xs[c + 1], ys[r], ys[r + 1]):
                parent[find((r, c + 1))] = find((r, c))
            if r + 1 < nr and not drawn(h_mask.T, ys[r + 1], xs[c], xs[c + 1]):
                parent[find((r + 1, c))] = find((r, c))
    members: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for key in parent:
        members.setdefault(find(key), []).append(key)
    grid = Grid(xs, ys)
    for slots in sorted(members.values(), key=min):
        r0, c0 = min(s[0] for s in slots), min(s[1] for s in slots)
        r1, c1 = max(s[0] for s in slots), max(s[1] for s in slots)
        grid.cells.append((r0, c0, r1 - r0 + 1, c1 - c0 + 1))
        grid.slots.update((s, len(grid.cells) - 1) for s in slots)
    return grid


def _ends_on_lines(v: tuple[float, float, float], hs: list[tuple[float, float, float]]) -> bool:
    """A ruling line runs from one horizontal line to another; a character's stroke does not."""

    def touches(y: float) -> bool:
        return any(abs(hy - y) < 8 and hx0 - 4 <= v[0] <= hx1 + 4 for hy, hx0, hx1 in hs)

    return touches(v[1]) and touches(v[2])


def _keep_columns(mask: Any, vs: list[tuple[float, float, float]]) -> Any:
    keep = np.zeros_like(mask)
    for x, y0, y1 in vs:
        lo, hi = int(x) - 4, int(x) + 5
        keep[int(y0) : int(y1) + 1, max(0, lo) : hi] = mask[int(y0) : int(y1) + 1, max(0, lo) : hi]
    return keep


def find_grids(image: Any) -> tuple[list[Grid], Any]:
    """Ruled tables in a greyscale page and the page with its ruling lines erased (for OCR)."""
    from PIL import Image

    pixels = np.asarray(image)
    dark = pixels < 150
    length = max(40, min(dark.shape) // 12)
    h_mask = long_runs(dark, length)
    v_mask = long_runs(dark.T, max(24, length // 4)).T  # short: a one-row table has short verticals
    hs = _segments(h_mask)
    vs = [v for v in _segments(v_mask.T) if _ends_on_lines(v, hs)]
    v_mask = _keep_columns(v_mask, vs)
    grids = []
    for group_h, group_v in _groups(hs, vs):
        grids.append(
            _build(h_mask, v_mask, _cluster([v[0] for v in group_v]), _cluster([h[0] for h in group_h]))
        )
    cleaned = np.where(h_mask | v_mask, 255, pixels).astype(np.uint8)
    return sorted(grids, key=lambda g: g.ys[0]), Image.fromarray(cleaned)
