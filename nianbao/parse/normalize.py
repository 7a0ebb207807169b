"""Label and number normalisation (domain.md §5): what makes two printings of one label compare equal.

Labels are split into an ordinal (``一、``, ``（一）``, ``1.``) and a core; the core is NFKC-normalised,
stripped of spaces, quotes, fill-in notes in parentheses and a leading ``其中``, with 其它→其他, ，→、
and every spelling of the 条例 reduced to ``《条例》``. Numbers are parsed strictly: a cell either is a
number (commas, full-width digits, a glued unit, a sign, a percent sign allowed) or it is not.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

UNITS = ("万元", "人次", "条", "件", "次", "篇", "个", "人", "项", "元", "份", "起", "家", "期", "%")
UNIT_CELLS = frozenset(UNITS) | {"是/否", "是否", "——", "—", "-", "/", "单位"}
NULL_MARKERS = frozenset({"", "/", "-", "—", "——", "－", "无", "－－", "--", "\\"})

_SPACES = re.compile(r"[\s\u3000\u00a0\u200b\ufeff]+")
_QUOTES = re.compile(r"[\"'“”‘’「」『』]")
_ORDINAL = re.compile(
    r"^(?:(?P<cn>[一二三四五六七八九十]{1,3})[、.]"
    r"|\((?P<paren>[一二三四五六七八九十\d]{1,3})\)"
    r"|(?P<num>\d{1,2})(?:[、.．](?!\d)|(?=[^\d.,]))"
    r")"
)
_PAREN = re.compile(r"\([^()]*\)")
_NUMBER = re.compile(
    r"^(?P<sign>[-+－﹣−]?)(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?P<frac>\.\d+)?\s*(?P<unit>"
    + "|".join(re.escape(u) for u in UNITS)
    + r")?$"
)
_LAW = re.compile(r"《(?:中华人民共和国)?政府信息公开条例》")


@dataclass(frozen=True)
class Label:
    """A label split into its ordinal (``一``, ``(一)``, ``1``; ``""`` when none) and normalised core."""

    ordinal: str
    core: str


@lru_cache(maxsize=1 << 16)  # cell texts repeat ("0", units, the labels of every report)
def nfkc(text: str) -> str:
    """NFKC plus whitespace removal: the base of every comparison."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", text))


@lru_cache(maxsize=1 << 14)
def split_label(text: str) -> Label:
    """Split a printed label into ordinal and normalised core (see module docstring)."""
    s = nfkc(text).replace("（", "(").replace("）", ")")
    s = s.lstrip(".、,")
    ordinal = ""
    m = _ORDINAL.match(s)
    if m:
        ordinal = m.group("cn") or ("(" + m.group("paren") + ")" if m.group("paren") else m.group("num"))
        s = s[m.end() :]
    return Label(ordinal, normalize_core(s))


def normalize_core(s: str) -> str:
    """Normalise the text of a label after its ordinal (see module docstring)."""
    s = nfkc(s).replace("（", "(").replace("）", ")")
    s = _LAW.sub("《条例》", s).replace("其它", "其他").replace("，", "、").replace(",", "、")
    s = _QUOTES.sub("", s)
    while True:
        stripped = _PAREN.sub("", s)
        if stripped == s:
            break
        s = stripped
    if "(" in s:  # an unclosed fill-in note: the label was cut inside it
        s = s[: s.index("(")]
    if ")" in s:  # the tail of a note broken over lines
        s = s[s.rindex(")") + 1 :]
    s = re.sub(r"^其中[:：、]?", "", s)
    return s.strip("、:：;；.。")


@lru_cache(maxsize=1 << 16)
def parse_number(text: str) -> tuple[float | int | None, str] | None:
    """``(value, unit)`` when ``text`` is a number or a null marker, else ``None``.

    "1,136条" → (1136, "条"); "１２" → (12, ""); "-8" → (-8, ""); "12.5%" → (12.5, "%"); "/" → (None, "").
    """
    s = nfkc(text)
    if s in NULL_MARKERS:
        return (None, "")
    m = _NUMBER.match(s)
    if not m:
        return None
    digits = m.group("int").replace(",", "")
    value: float | int = float(digits + m.group("frac")) if m.group("frac") else int(digits)
    if m.group("sign") and m.group("sign") != "+":
        value = -value
    return (value, m.group("unit") or "")


def is_number(text: str) -> bool:
    """True when ``text`` is a number (not a bare null marker)."""
    parsed = parse_number(text)
    return parsed is not None and parsed[0] is not None


def is_unit(text: str) -> bool:
    """True for a unit cell (条, 万元, 是/否, ——…)."""
    return nfkc(text) in UNIT_CELLS


def has_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)
