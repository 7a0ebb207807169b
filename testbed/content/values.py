"""Statistics values of a generated report, keyed by the canonical schema.

A ``Sheet`` holds the gold value and the printed text of every value cell of a template. Values satisfy
every identity of domain.md §5 (nulls count as 0); some zero cells are printed as a null marker (blank,
"/", "—", "无") and their gold value is ``None``. ``break_one_identity`` then perturbs one printed total so
that exactly one identity instance fails.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from random import Random

from nianbao import schema

Key = tuple[str, str, str]  # (table, row, col) as in nianbao.schema.value_cells
Value = int | float | str | None

NULL_MARKERS = ("", "/", "—", "无")
_SCALE = {"county_gov": 1.0, "department": 0.12, "township": 0.05}

OLD_IDENTITIES = {
    "s3_received": ("s3_recv_in_person", "s3_recv_fax", "s3_recv_online", "s3_recv_letter"),
    "s3_closed": ("s3_closed_ontime", "s3_closed_extended"),
    "s3_answered": (
        "s3_ans_already_public",
        "s3_ans_granted",
        "s3_ans_partial",
        "s3_ans_denied",
        "s3_ans_not_this_agency",
        "s3_ans_not_exist",
        "s3_ans_amend",
        "s3_ans_other_channel",
    ),
}
T3_COLUMNS = ("natural", "commercial", "research", "social_welfare", "legal_service", "other_org")
T4_BLOCKS = ("review", "lit_direct", "lit_after_review")
T4_PARTS = ("upheld", "corrected", "other", "pending")
T3_SUBTOTALS = {
    "denied": "denied_",
    "unable": "unable_",
    "not_processed": "np_",
    "other_handling": "oh_",
}


@dataclass
class Sheet:
    """Gold values and printed texts of one report's statistics."""

    template: str
    values: dict[Key, Value] = field(default_factory=dict)
    printed: dict[Key, str] = field(default_factory=dict)
    broken: str = ""
    subtotals_printed: bool = False  # Table 3 prints its （三）–（六） subtotal rows

    def set(self, key: Key, value: Value, text: str | None = None) -> None:
        self.values[key] = value
        self.printed[key] = fmt(value) if text is None else text

    def num(self, key: Key) -> float:
        """The value as a number, a null counting as 0."""
        value = self.values.get(key)
        return value if isinstance(value, int | float) else 0


def fmt(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".")
    return str(value)


@cache
def entries(
    template: str, table: str | None = None, kind: str | None = None
) -> tuple[schema.SchemaEntry, ...]:
    """``nianbao.schema.entries``, cached (the generator asks for the same lists thousands of times)."""
    return tuple(schema.entries(template, table, kind))


@cache
def old_rows(extended: bool = False) -> tuple[schema.SchemaEntry, ...]:
    return tuple(schema.old2014_rows(extended))


@cache
def tables(template: str) -> tuple[str, ...]:
    return tuple(schema.tables(template))


@cache
def cells(template: str, extended: bool = False) -> tuple[Key, ...]:
    """Value cells of a template; old2014 without the Inner Mongolia rows unless ``extended``."""
    keys = schema.value_cells(template)
    if template == "old2014" and not extended:
        base = {e.key for e in old_rows(False)}
        keys = [k for k in keys if k[1] in base]
    return tuple(keys)


@cache
def result_leaves(template: str) -> tuple[str, ...]:
    """Table 3 rows whose sum is （七）总计: every result row without children."""
    rows = entries(template, "t3", "row")
    parents = {r.parent for r in rows}
    return tuple(r.key for r in rows if r.parent and r.key not in parents and r.key != "results_total")


def split(rng: Random, total: int, parts: int, skew: float = 2.0) -> list[int]:
    """``total`` split into ``parts`` non-negative integers (uneven, like real counts)."""
    if total <= 0:
        return [0] * parts
    weights = [rng.random() ** skew for _ in range(parts)]
    norm = sum(weights) or 1.0
    shares = [int(total * w / norm) for w in weights]
    shares[weights.index(max(weights))] += total - sum(shares)
    return shares


def _randint(rng: Random, low: int, high: int, scale: float) -> int:
    return max(0, int(rng.randint(low, high) * scale))


def old2014_sheet(rng: Random, level: str, extended: bool) -> Sheet:
    scale = _SCALE.get(level, 1.0)
    v: dict[str, int | float] = {}
    total = max(3, _randint(rng, 300, 30000, scale))
    v["s1_total"] = total
    v["s1_normative_public"] = _randint(rng, 0, 60, scale)
    v["s1_normative_issued"] = int(v["s1_normative_public"]) + _randint(rng, 0, 30, scale)
    v["s1_gazette"] = _randint(rng, 0, 80, scale) if level == "county_gov" and rng.random() < 0.4 else 0
    v["s1_website"] = rng.randint(total // 3, total)
    for key in ("s1_weibo", "s1_weixin", "s1_other"):
        v[key] = _randint(rng, 0, total, 0.5) if rng.random() < 0.7 else 0
    _old_responses(rng, v, scale)
    _old_applications(rng, v, scale)
    for block in ("s4", "s5"):
        parts = [_randint(rng, 0, 4, 1.0) if rng.random() < 0.3 * scale + 0.05 else 0 for _ in range(3)]
        head = "s4_review" if block == "s4" else "s5_litigation"
        v[head] = sum(parts)
        for key, part in zip(("upheld", "corrected", "other"), parts, strict=True):
            v[f"{block}_{key}"] = part
    v["s6_complaints"] = _randint(rng, 0, 5, scale)
    v["s7_fees"] = 0 if rng.random() < 0.9 else round(rng.randint(1, 30) / 100, 2)
    _old_staff(rng, v, level)
    sheet = Sheet("old2014")
    for cell in cells("old2014", extended):
        sheet.set(cell, v.get(cell[1], 0))
    if extended:
        _nmg_extension(rng, sheet, level)
    return sheet


def _old_responses(rng: Random, v: dict[str, int | float], scale: float) -> None:
    v["s2_hotspots"] = _randint(rng, 0, 300, scale)
    v["s2_press"] = _randint(rng, 0, 20, scale)
    v["s2_press_head"] = rng.randint(0, int(v["s2_press"]))
    v["s2_interview"] = _randint(rng, 0, 25, scale)
    v["s2_interview_head"] = rng.randint(0, int(v["s2_interview"]))
    v["s2_interpretation"] = _randint(rng, 0, 600, scale)
    v["s2_weibo_weixin"] = _randint(rng, 0, 800, scale)
    v["s2_other"] = _randint(rng, 0, 100, scale)


def _old_applications(rng: Random, v: dict[str, int | float], scale: float) -> None:
    received = _randint(rng, 0, 80, scale) if rng.random() < 0.85 else 0
    for key, part in zip(OLD_IDENTITIES["s3_received"], split(rng, received, 4), strict=True):
        v[key] = part
    v["s3_received"] = received
    closed = received - (rng.randint(0, min(2, received)) if rng.random() < 0.2 else 0)
    extended = rng.randint(0, closed // 5) if closed else 0
    v["s3_closed"], v["s3_closed_ontime"], v["s3_closed_extended"] = closed, closed - extended, extended
    answers = split(rng, closed, 8)
    for key, part in zip(OLD_IDENTITIES["s3_answered"], answers, strict=True):
        v[key] = part
    v["s3_answered"] = closed
    denied_keys = [e.key for e in old_rows() if e.parent == "s3_ans_denied"]
    for key, part in zip(denied_keys, split(rng, answers[3], len(denied_keys)), strict=True):
        v[key] = part


def _old_staff(rng: Random, v: dict[str, int | float], level: str) -> None:
    v["s8_units"] = 1 if rng.random() < 0.8 else 0
    v["s8_reading_points"] = rng.randint(1, 5) if level == "county_gov" else rng.randint(0, 2)
    fulltime, parttime = rng.randint(0, 3), rng.randint(1, 6)
    v["s8_staff"], v["s8_staff_fulltime"], v["s8_staff_parttime"] = fulltime + parttime, fulltime, parttime
    v["s8_budget"] = rng.choice([0, 0, 1, 2, 3, 5, 10, 0.5, 1.5, 2.8])
    v["s9_meetings"] = rng.randint(0, 8)
    v["s9_trainings"] = rng.randint(0, 4)
    v["s9_trainees"] = int(v["s9_trainings"]) * rng.randint(15, 120)


def _nmg_extension(rng: Random, sheet: Sheet, level: str) -> None:
    """Rows 66–83 of the Inner Mongolia table (是/否, free text, 旗区 service counts)."""
    yes_no = ("s10_has_online", "s10_linked_approval", "s10_linked_supervision")
    for key in (*yes_no, "s11_joint_office", "s11_esupervision"):
        sheet.set(("statistics", key, ""), "是" if rng.random() < 0.75 else "否")
    items = rng.randint(20, 500)
    sheet.set(
        ("statistics", "s10_items", ""), f"开通网上办理{rng.choice('三四五六七')}类行政审批事项{items}项"
    )
    for head, first, second in (
        ("s11_approval_items", "s11_ai_license", "s11_ai_nonlicense"),
        ("s11_center_items", "s11_ci_license", "s11_ci_nonlicense"),
    ):
        a, b = rng.randint(50, 400), rng.randint(50, 700)
        for key, value in ((head, a + b), (first, a), (second, b)):
            sheet.set(("statistics", key, ""), value)
    for head, sub, low, high in (
        ("s11_townships", "s11_town_centers", 4, 15),
        ("s11_villages", "s11_village_points", 30, 150),
    ):
        count = rng.randint(low, high)
        sheet.set(("statistics", head, ""), count)
        sheet.set(("statistics", sub, ""), count - rng.randint(0, 2))
