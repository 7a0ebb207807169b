"""Is it a 政府信息公开工作年度报告, and on which year? From the title and, when needed, the text.

The title decides when it can: a notice or interpretation about reports (关于做好…年度报告编制工作的通知,
…年度报告解读) is never a report; a title with the report phrase and a year is one. A title without a year,
or no title at all (seed 004 lost its title), is decided by the first lines of the text: the report phrase
with a year, or 本报告/本年度报告 with the statistics period (统计期限自2017年…). The year is always the
report year, never the publication date.
"""

from __future__ import annotations

import datetime
import re

from nianbao.discover.model import Classification

_PHRASE = (
    r"(?:政府信息|信息|政务|政府)公开(?:工作)?年度?报告?"  # 年报, 年度报告, 年度报, 年报告
    r"|(?:政府信息|信息|政务)公开工作(?:情况)?报告"  # 2012年政府信息公开工作报告
)
PHRASE = re.compile(_PHRASE)
_YEAR_BEFORE = re.compile(r"((?:19|20)\d{2})年(?!\d{1,2}月)")
_YEAR_BRACKET = re.compile(r"[（(〔\[]((?:19|20)\d{2})(?:年度?)?[)）〕\]]")
_NOTICE = re.compile(
    r"通知|通报|的函|报送|编制|编写|做好|督查|督促|检查|评估|评议|考核|培训|会议|要点|方案|意见|提醒|催报"
    r"|征集|解读|图解|问答|整改|抽查|测评|排名|公示|预告"
)
_OTHER_REPORT = re.compile(
    r"法治政府|法治建设|依法行政|企业|年报公示|网站.{0,6}年度报表|年度工作报表|统计公报|国民经济|决算|预算|审计"
    r"|工作总结|述职|人大|政协|环境状况|社会责任|社会信用|营商|双随机|财政"
)
_GUIDE = re.compile(r"公开指南|公开目录|公开制度|规定|办法|条例|申请表")
_TEXT_MARK = re.compile(r"本(?:年度)?报告|年度报告|年报")
_TEXT_PERIOD = re.compile(
    r"统计(?:数据)?(?:的)?(?:期限|期间|时限|时间|期|区间|范围)?(?:为|是|自|从|：|:)?\s*((?:19|20)\d{2})\s*年"
)
_CN_DIGITS = str.maketrans("〇○零Ｏ一二三四五六七八九０１２３４５６７８９", "0000123456789" + "0123456789")
_CN_YEAR = re.compile(r"[〇○零Ｏ一二三四五六七八九]{4}(?=年)")
_FULLWIDTH = str.maketrans("０１２３４５６７８９（）", "0123456789()")
_PLACEHOLDER_TITLE = 8  # a bare issuer name or 正文 where the title was lost (seed 004)
_LONGEST_TITLE = 80
_SHORT = "title too short to tell (lost title?)"
_SPACES = re.compile(r"[\s\u3000\u00a0\u200b]+")


def normalize_title(text: str) -> str:
    """Spaces removed, full-width digits and Chinese-numeral years (二〇一七年) made ASCII."""
    text = _SPACES.sub("", text).translate(_FULLWIDTH)
    return _CN_YEAR.sub(lambda m: m.group(0).translate(_CN_DIGITS), text)


def _plausible(year: int) -> bool:
    return 2000 <= year <= datetime.date.today().year


def report_year(title: str) -> int | None:
    """The report year of a report title: the year nearest before the report phrase, else a bracketed one."""
    text = normalize_title(title)
    phrase = PHRASE.search(text)
    end = phrase.start() if phrase else len(text)
    before = [int(y) for y in _YEAR_BEFORE.findall(text[:end]) if _plausible(int(y))]
    if before:
        return before[-1]
    after = [int(y) for y in _YEAR_BRACKET.findall(text) + _YEAR_BEFORE.findall(text) if _plausible(int(y))]
    return after[0] if after else None


def classify_title(title: str) -> Classification:
    """Decide from the title alone; ``undecided`` when the page text is needed."""
    text = normalize_title(title)
    if not text:
        return Classification(False, None, "no title", "none", undecided=True)
    if len(text) > _LONGEST_TITLE or "。" in text:
        return Classification(False, None, "not a title (a sentence)", "none", undecided=True)
    phrase = PHRASE.search(text)
    notice = _NOTICE.search(text)
    if phrase:
        if notice:
            return Classification(False, None, f"about reports, not a report ({notice.group(0)})")
        year = report_year(text)
        if year is not None:
            return Classification(True, year, f"title: {phrase.group(0)} with year")
        return Classification(False, None, "title: report phrase without year", undecided=True)
    for pattern, why in ((_OTHER_REPORT, "other annual report or document"), (_GUIDE, "guide or rules")):
        found = pattern.search(text)
        if found:
            return Classification(False, None, f"{why} ({found.group(0)})")
    if notice:
        return Classification(False, None, f"notice ({notice.group(0)})")
    if len(text) <= _PLACEHOLDER_TITLE:
        return Classification(False, None, _SHORT, undecided=True)
    return Classification(False, None, "title lacks the report phrase")


def text_head(text: str, lines: int = 20, chars: int = 2000) -> str:
    """The first non-empty lines of ``text``, normalised as titles are, joined by newlines."""
    kept = [normalize_title(line) for line in text.splitlines() if line.strip()]
    return "\n".join(kept[:lines])[:chars]


def classify_text(text: str) -> Classification:
    """Decide from the first lines of the body text (for a title that is missing or lacks a year)."""
    head = text_head(text)
    first = head.split("\n", 1)[0]
    if first.startswith("关于") and _NOTICE.search(first):
        return Classification(False, None, "text: a notice", "text")
    for line in head.split("\n"):
        phrase = PHRASE.search(line)
        year = report_year(line) if phrase else None
        if phrase and year and not _NOTICE.search(line[: phrase.start()]):
            return Classification(True, year, f"text: {phrase.group(0)} with year", "text")
    period = _TEXT_PERIOD.search(head)
    if _TEXT_MARK.search(head) and period and _plausible(int(period.group(1))):
        return Classification(True, int(period.group(1)), "text: 本报告 with statistics period", "text")
    return Classification(False, None, "text: no report phrase or statistics period", "text")


def classify_report(title: str | None, text: str | None = None) -> Classification:
    """Report or not, and the report year, from the title and the text together."""
    by_title = classify_title(title or "")
    if not by_title.undecided or not text:
        return by_title
    by_text = classify_text(text)
    if not by_text.is_report:
        return Classification(False, None, f"{by_title.reason}; {by_text.reason}", "title+text")
    decided_by = "title+text" if by_title.reason.startswith("title: ") else "text"
    return Classification(True, by_text.year, f"{by_title.reason}; {by_text.reason}", decided_by)
