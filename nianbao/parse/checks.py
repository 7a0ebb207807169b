"""Validation: the identities a report's numbers must satisfy (domain.md §5). Findings, never fixes.

A check runs only when the figures it needs were printed; blanks count as 0 inside a sum whose total is
printed (a blank leaf beside a printed total means "none"), but a missing total skips the check.
"""

from __future__ import annotations

from collections.abc import Sequence

from nianbao import schema
from nianbao.parse.model import CellValue, Check, Value

Cells = dict[tuple[str, str, str], CellValue]

_OLD_SUMS = (
    ("old2014.received", "s3_received", ("s3_recv_in_person", "s3_recv_fax", "s3_recv_online", "s3_recv_letter")),
    ("old2014.closed", "s3_closed", ("s3_closed_ontime", "s3_closed_extended")),
    (
        "old2014.answered",
        "s3_answered",
        (
            "s3_ans_already_public", "s3_ans_granted", "s3_ans_partial", "s3_ans_denied",
            "s3_ans_not_this_agency", "s3_ans_not_exist", "s3_ans_amend", "s3_ans_other_channel",
        ),
    ),
    ("old2014.review", "s4_review", ("s4_upheld", "s4_corrected", "s4_other")),
    ("old2014.litigation", "s5_litigation", ("s5_upheld", "s5_corrected", "s5_other")),
    ("old2014.staff", "s8_staff", ("s8_staff_fulltime", "s8_staff_parttime")),
)  # fmt: skip
_CHANNELS = ("s1_gazette", "s1_website", "s1_weibo", "s1_weixin", "s1_other")
_T3_SUBTOTALS = ("denied", "unable", "not_processed", "other_handling")
TEXT_VS_TABLE: dict[str, dict[str, list]] = {
    "old2014": {
        "proactive_total": ["s1_total"], "proactive_website": ["s1_website"], "proactive_weibo": ["s1_weibo"],
        "proactive_weixin": ["s1_weixin"], "proactive_gazette": ["s1_gazette"],
        "applications_received": ["s3_received"], "applications_online": ["s3_recv_online"],
        "applications_in_person": ["s3_recv_in_person"], "review_cases": ["s4_review"],
        "litigation_cases": ["s5_litigation"], "press_conferences": ["s2_press"],
        "online_interviews": ["s2_interview"], "interpretations": ["s2_interpretation"],
        "weibo_weixin_responses": ["s2_weibo_weixin"],
    },
    "modern": {
        "applications_received": [("t3", "new_received", "total")],
        "review_cases": [("t4", "", "review.total")],
        "litigation_cases": [("t4", "", "lit_direct.total"), ("t4", "", "lit_after_review.total")],
    },
}  # fmt: skip


def run_checks(template: str, values: list[Value]) -> list[Check]:
    cells: Cells = {v.key: v.value for v in values if v.source == "table"}
    narrative = {v.row: v.value for v in values if v.source == "narrative"}
    checks: list[Check] = []
    if template == "old2014":
        checks += _old(cells)
    elif template in ("v2019", "v2021"):
        checks += _t3(template, cells) + _t4(template, cells)
    checks += _text_vs_table(template, cells, narrative)
    return checks


def _num(v: CellValue) -> float | None:
    return float(v) if isinstance(v, int | float) else None


def _sum_check(rule: str, total: CellValue, parts: Sequence[CellValue], names: str) -> Check | None:
    t = _num(total)
    nums = [_num(p) for p in parts]
    if t is None or all(n is None for n in nums):
        return None
    s = sum(n or 0.0 for n in nums)
    return Check(rule, abs(s - t) < 1e-6, f"{names}: {_fmt(t)} vs sum {_fmt(s)}")


def _fmt(x: float) -> str:
    return str(int(x)) if x == int(x) else str(x)


def _old(cells: Cells) -> list[Check]:
    def get(key: str) -> CellValue:
        return cells.get(("statistics", key, ""))

    out = [_sum_check(rule, get(total), [get(p) for p in parts], total) for rule, total, parts in _OLD_SUMS]
    total, channels = _num(get("s1_total")), [_num(get(k)) for k in _CHANNELS]
    if total is not None and any(c is not None for c in channels):
        s, top = sum(c or 0 for c in channels), max(c or 0 for c in channels)
        ok = top <= total <= s
        detail = f"s1_total {_fmt(total)}: largest channel {_fmt(top)} ≤ total ≤ channel sum {_fmt(s)}"
        out.append(Check("old2014.channels_vs_total", ok, detail))
    return [c for c in out if c is not None]


def _t3(template: str, cells: Cells) -> list[Check]:
    rows = [e.key for e in schema.entries(template, "t3", "row")]
    cols = [e.key for e in schema.entries(template, "t3", "col")]
    leaves = _t3_leaves(template)
    out: list[Check | None] = []

    def get(r: str, c: str) -> CellValue:
        return cells.get(("t3", r, c))

    for c in cols:
        n = [_num(get(r, c)) for r in ("new_received", "carried_over", "results_total", "carry_forward")]
        if all(x is not None for x in (n[0], n[2])):
            lhs, rhs = (n[0] or 0) + (n[1] or 0), (n[2] or 0) + (n[3] or 0)
            out.append(Check("t3.balance", lhs == rhs, f"{c}: 一+二 {_fmt(lhs)} vs （七）+四 {_fmt(rhs)}"))
        out.append(_sum_check("t3.results_total", get("results_total", c), [get(r, c) for r in leaves], c))
    for r in rows:
        if r in [k for t, k in schema.HEADING_ROWS if t == "t3"]:
            continue
        out.append(_sum_check("t3.applicant_total", get(r, "total"), [get(r, c) for c in cols[:-1]], r))
    return [c for c in out if c is not None]


def _t3_leaves(template: str) -> list[str]:
    entries = schema.entries(template, "t3", "row")
    parents = {e.parent for e in entries}
    return [
        e.key for e in entries if e.parent == "results" and e.key not in parents and e.key != "results_total"
    ] + [e.key for e in entries if e.parent in _T3_SUBTOTALS]


def _t4(template: str, cells: Cells) -> list[Check]:
    out = []
    for block in ("review", "lit_direct", "lit_after_review"):
        parts = [cells.get(("t4", "", f"{block}.{k}")) for k in ("upheld", "corrected", "other", "pending")]
        out.append(_sum_check("t4.block_total", cells.get(("t4", "", f"{block}.total")), parts, block))
    return [c for c in out if c is not None]


def _text_vs_table(template: str, cells: Cells, narrative: dict[str, CellValue]) -> list[Check]:
    out: list[Check] = []
    kind = "old2014" if template == "old2014" else "modern"
    for key, targets in TEXT_VS_TABLE[kind].items():
        said = _num(narrative.get(key))
        keys = [("statistics", t, "") if isinstance(t, str) else t for t in targets]
        printed = [_num(cells.get(k)) for k in keys]
        if said is None or all(p is None for p in printed):
            continue
        table = sum(p or 0 for p in printed)
        out.append(
            Check(f"text_vs_table.{key}", said == table, f"text says {_fmt(said)}, table {_fmt(table)}")
        )
    return out
