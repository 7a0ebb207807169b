"""Key figures stated in prose (主动公开政府信息N条, 收到申请N件, 行政复议N件 …), with the sentence.

Only body sentences are read (table rows are not prose). Each key keeps its first statement. Explicit
negative statements ("未收到…申请", "没有因政府信息公开申请行政复议…") give 0 — the report says so —
while silence gives nothing (null is not 0). Values go to table ``narrative``, never to table keys.
"""

from __future__ import annotations

import re

from nianbao.parse.flat import is_prose
from nianbao.parse.model import Value
from nianbao.parse.normalize import nfkc

NARRATIVE_KEYS: dict[str, tuple[str, str]] = {
    "proactive_total": ("主动公开政府信息数", "条"),
    "proactive_website": ("政府网站公开政府信息数", "条"),
    "proactive_gazette": ("政府公报公开政府信息数", "条"),
    "proactive_weibo": ("政务微博公开政府信息数", "条"),
    "proactive_weixin": ("政务微信公开政府信息数", "条"),
    "proactive_other": ("其他方式公开政府信息数", "条"),
    "applications_received": ("收到政府信息公开申请数", "件"),
    "applications_online": ("网上申请数", "件"),
    "applications_in_person": ("当面申请数", "件"),
    "review_cases": ("因政府信息公开申请行政复议数", "件"),
    "litigation_cases": ("因政府信息公开提起行政诉讼数", "件"),
    "press_conferences": ("新闻发布会次数", "次"),
    "online_interviews": ("在线访谈次数", "次"),
    "interpretations": ("政策解读稿件数", "篇"),
    "weibo_weixin_responses": ("微博微信回应事件数", "次"),
    "fees": ("收取费用", "元"),
}  # fmt: skip
"""The canonical narrative keys (the ``row`` of a ``narrative`` value): key → (label, default unit).
The testbed's ``Report.narrative`` and every gold file use these names."""

NUM = r"(\d[\d,]*(?:\.\d+)?)"
_SENTENCE = re.compile(r"[^。;!?\n]+[。;!?]?")
_CLAUSE = re.compile(r"[^,;:]+")
_PUBLISHED = re.compile(
    r"(?P<active>主动)?(?:公开|发布)(?:(?:政府)?(?:各类)?(?:政府)?信息(?:共计|共|总计|合计|累计|达)?(?P<n1>\d[\d,]*)(?:条)?"
    r"|(?:共计|共|累计)?(?P<n2>\d[\d,]*)条)(?![\d.%])"
)
_CHANNELS = (
    ("proactive_other", re.compile(r"其他(渠道|方式|途径)")),
    ("proactive_gazette", re.compile(r"公报")),
    ("proactive_weibo", re.compile(r"微博")),
    ("proactive_weixin", re.compile(r"微信|公众号")),
    ("proactive_website", re.compile(r"网站|门户网|政务网|公开网|网上")),
)
_PATTERNS: tuple[tuple[str, str, re.Pattern[str]], ...] = (
    (
        "applications_received",
        "件",
        re.compile(
            r"(?:收到|受理|接到|接收)[^,;。]{0,12}?(?:依?申请公开|公开申请)(?:件)?(?:共|总计)?"
            + NUM
            + r"(?:件|条|个)"
        ),
    ),
    ("applications_online", "件", re.compile(r"(?:网上|网络)(?:受理|申请)" + NUM + "件")),
    ("applications_in_person", "件", re.compile(r"当面(?:申请|受理)" + NUM + "件")),
    ("review_cases", "件", re.compile(r"行政复议(?:案件|案)?(?:共)?" + NUM + r"(?:件|个|起)")),
    ("litigation_cases", "件", re.compile(r"行政诉讼(?:案件|案)?(?:共)?" + NUM + r"(?:件|个|起)")),
    ("press_conferences", "次", re.compile(r"新闻发布会(?:共|累计|总计)?(?:达)?" + NUM + "次")),
    ("online_interviews", "次", re.compile(r"在线访谈(?:\([^)]*\))?(?:共)?" + NUM + "次")),
    ("interpretations", "篇", re.compile(r"政策解读(?:稿件|信息|文章)?(?:共)?" + NUM + r"(?:篇|条)")),
    ("weibo_weixin_responses", "次", re.compile(r"微博微信回应(?:事件)?" + NUM + "次")),
    ("fees", "元", re.compile(r"收取[^,;。]{0,12}?费用?(?:共)?" + NUM + r"(万元|元)")),
)
_NEGATIONS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("applications_received", re.compile(r"(未|没有)(收到|接到|接收到?|受理|发生)[^。]{0,30}?申请")),
    ("review_cases", re.compile(r"(未|没有|无)[^。]{0,30}?行政复议")),
    ("litigation_cases", re.compile(r"(未|没有|无)[^。]{0,40}?行政诉讼")),
    ("fees", re.compile(r"(未|没有|不存在|无)[^。]{0,20}?(收取|收费)[^。]{0,20}?(费|减免)")),
)


def sentences(text: str) -> list[str]:
    """Body sentences: prose lines split at 。；!?."""
    out: list[str] = []
    for line in text.splitlines():
        if "\t" in line.strip() or "|" in line or not is_prose(line) and len(line.strip()) < 20:
            continue
        out += [s.strip() for s in _SENTENCE.findall(line) if s.strip()]
    return out


def extract(text: str) -> list[Value]:
    """Narrative values in order of first statement."""
    found: dict[str, Value] = {}
    for sentence in sentences(text):
        flat = nfkc(sentence)
        for key, unit, value in _figures(flat):
            if key not in found:
                label = NARRATIVE_KEYS[key][0]
                found[key] = Value("narrative", key, "", label, unit, value, "narrative", sentence)
    return list(found.values())


def _figures(flat: str) -> list[tuple[str, str, int | float]]:
    figures = _published(flat)
    for key, unit, pattern in _PATTERNS:
        m = pattern.search(flat)
        if m:
            unit = m.group(2) if key == "fees" else unit
            figures.append((key, unit, _number(m.group(1))))
    figures += _negated(flat)
    return figures


def _published(flat: str) -> list[tuple[str, str, int | float]]:
    """主动公开/公开/发布 … 信息 N 条, assigned to a channel by the words before it in its clause."""
    out: list[tuple[str, str, int | float]] = []
    for clause in _CLAUSE.findall(flat):
        m = _PUBLISHED.search(clause)
        if not m:
            continue
        before = clause[: m.start()]
        if "微博" in before and "微信" in before:
            continue  # several channels in one figure
        key = next((k for k, p in _CHANNELS if p.search(before)), "")
        if not key and m.group("active") and not re.search(r"微博|微信|新媒体|查阅", before):
            key = "proactive_total"
        if key:
            out.append((key, "条", _number(m.group("n1") or m.group("n2"))))
    return out


def _negated(flat: str) -> list[tuple[str, str, int | float]]:
    out: list[tuple[str, str, int | float]] = []
    for key, pattern in _NEGATIONS:
        if key == "applications_received" and re.search("复议|诉讼", flat):
            continue
        if key == "review_cases" and re.search(r"行政复议[^。]{0,6}\d", flat):
            continue
        if key == "litigation_cases" and re.search(r"行政诉讼[^。]{0,6}\d", flat):
            continue
        if pattern.search(flat):
            out.append((key, "元" if key == "fees" else "件", 0))
    return out


def _number(text: str) -> int | float:
    s = text.replace(",", "")
    return float(s) if "." in s else int(s)
