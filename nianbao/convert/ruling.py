"""Ruling lines a table broken over a page leaves out, put back from the lines that are there.

A word processor that breaks a table inside a row draws the row's vertical rules down to the page's end and
up from the next page's table top, but no horizontal rule where the row was cut: the first part has no
bottom rule, the rest no top rule (under a repeated header row, too). In a whole table every vertical rule
starts and ends on a horizontal one; where one ends in the open, a horizontal rule is missing there. These
closing lines are handed to pdfplumber's table finder, and their positions mark the rows a page break cut.
"""

from __future__ import annotations

from typing import Any

TOLERANCE = 2.0  # points: a rule ends "on" another within this distance


def _joined(verticals: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Vertical rules drawn in pieces (one per cell, as word processors do) joined into whole lines: the
    pieces at one x (within the tolerance), merged where they touch or overlap."""
    columns: list[list[dict[str, Any]]] = []
    for v in sorted(verticals, key=lambda e: e["x0"]):
        if columns and v["x0"] - columns[-1][0]["x0"] <= TOLERANCE:
            columns[-1].append(v)
        else:
            columns.append([v])
    out: list[dict[str, Any]] = []
    for pieces in columns:
        merged: list[dict[str, Any]] = []
        for v in sorted(pieces, key=lambda e: e["top"]):
            if merged and v["top"] <= merged[-1]["bottom"] + TOLERANCE:
                merged[-1]["bottom"] = max(merged[-1]["bottom"], v["bottom"])
            else:
                merged.append({"x0": pieces[0]["x0"], "top": v["top"], "bottom": v["bottom"]})
        out += merged
    return out


def _covered(y: float, x: float, horizontals: list[dict[str, Any]]) -> bool:
    return any(
        abs(h["top"] - y) <= TOLERANCE and h["x0"] - TOLERANCE <= x <= h["x1"] + TOLERANCE
        for h in horizontals
    )


def _open_ends(verticals: list[dict[str, Any]], horizontals: list[dict[str, Any]]) -> list[float]:
    """The y positions where a vertical rule starts or ends without meeting a horizontal one."""
    ends: list[float] = []
    for v in verticals:
        for y in (v["top"], v["bottom"]):
            if not _covered(y, v["x0"], horizontals) and all(abs(y - e) > TOLERANCE for e in ends):
                ends.append(y)
    return sorted(ends)


def _across(y: float, verticals: list[dict[str, Any]]) -> tuple[float, float] | None:
    """The x extent of the vertical rules present at ``y`` (a table's width there), if two or more."""
    xs = [v["x0"] for v in verticals if v["top"] - TOLERANCE <= y <= v["bottom"] + TOLERANCE]
    return (min(xs), max(xs)) if len(xs) >= 2 and max(xs) - min(xs) > TOLERANCE else None


def _drawn_share(y: float, x0: float, x1: float, horizontals: list[dict[str, Any]]) -> float:
    """The share of [x0, x1] that horizontal rules at ``y`` cover."""
    spans = sorted(
        (max(h["x0"], x0), min(h["x1"], x1)) for h in horizontals if abs(h["top"] - y) <= TOLERANCE
    )
    covered, reach = 0.0, x0
    for a, b in spans:
        if b > max(a, reach):
            covered += b - max(a, reach)
            reach = b
    return covered / max(x1 - x0, 1e-9)


def closing_lines(edges: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Horizontal lines (pdfplumber line objects) across the table wherever a vertical rule ends open.
    Each carries ``cut``: true where (almost) no rule was drawn along it — a row cut by the page's end —
    false where only a cell spanning on past the page was left open."""
    verticals = _joined([e for e in edges if e.get("orientation") == "v"])
    horizontals = [e for e in edges if e.get("orientation") == "h"]
    lines: list[dict[str, Any]] = []
    for y in _open_ends(verticals, horizontals):
        extent = _across(y, verticals)
        if extent is not None:
            x0, x1 = extent
            cut = _drawn_share(y, x0, x1, horizontals) < 0.5
            lines.append(
                {"object_type": "line", "x0": x0, "x1": x1, "top": y, "bottom": y, "width": x1 - x0}
                | {"height": 0.0, "cut": cut}
            )
    return lines


def is_cut(y: float, lines: list[dict[str, Any]]) -> bool:
    """Is ``y`` a border no rule was drawn for (a closing line marked ``cut``)?"""
    return any(abs(line["top"] - y) <= TOLERANCE and line["cut"] for line in lines)


def table_settings(lines: list[dict[str, Any]]) -> dict[str, Any]:
    """pdfplumber table settings with the closing lines added to the drawn ones."""
    return {"explicit_horizontal_lines": lines} if lines else {}
