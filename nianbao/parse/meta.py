"""Report metadata: title, year (from title or body, never the publish date), issuer and its level."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from nianbao.parse.normalize import nfkc

TITLE = re.compile(r"(\d{4})年(度)?.*政府信息公开(工作)?(年度|年)?(报告|年报)|政府信息公开.*年度?报告")
_CHROME = re.compile(r"当前位置|首页|>>|->|【字体|分享到|打印本页")
_YEAR = re.compile(r"(20[0-3]\d|199\d)年")
_PERIOD = re.compile(r"(?:统计期限|统计期|统计数据时间|统计时间)[^。]{0,12}?(20[0-3]\d)年")
_ISSUER_TAIL = re.compile(
    r"(?:关于)?(?:\d{4}年度?)?(?:度)?(?:政府信息公开|政务公开|信息公开).*$|(?:\d{4}年度?).*$"
)
_DATE = re.compile(r"(20\d{2})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?")
_SOURCE = re.compile(r"(?:来源|信息来源|发布机构)[:：]\s*([^\s:：]+)")
_TOWNSHIP = re.compile(r"(乡|镇|苏木|街道|街道办事处|街道办)$")
_COUNTY = re.compile(r"(县|旗|市|区|自治县|自治旗|林区|特区)$")
_DEPARTMENT = re.compile(r"(局|委|委员会|办|办公室|中心|所|队|院|署|站|厅|部|处|会|馆|社)$")


def find_title(lines: list[str]) -> str | None:
    """The first line in cleaned text; in a raw page the first report-title-like line near the top."""
    head = [nfkc(line) for line in lines[:8] if line.strip()]
    if not head:
        return None
    if not _CHROME.search(head[0]) and len(head[0]) <= 60 and "。" not in head[0]:
        return lines[next(i for i, line in enumerate(lines) if line.strip())].strip()
    for line in head[1:]:
        if TITLE.search(line) and len(line) <= 60:
            return line
    return None


def find_year(title: str | None, text: str) -> int | None:
    if title:
        m = _YEAR.search(nfkc(title))
        if m:
            return int(m.group(1))
    flat = nfkc(text)
    for pattern in (_PERIOD, re.compile(r"(20[0-3]\d)年度"), TITLE):
        m = pattern.search(flat)
        if m and m.group(1):
            return int(m.group(1))
    years = Counter(int(y) for y in _YEAR.findall(flat))
    return years.most_common(1)[0][0] if years else None


def find_issuer(title: str | None, source: str | None, text: str) -> str | None:
    for candidate in (title, _caption_issuer(text), source):
        if candidate:
            name = _strip_title(candidate)
            if name:
                return name
    return None


def _strip_title(title: str) -> str:
    s = re.sub(r"^\d{4}年度?", "", nfkc(title))
    s = _ISSUER_TAIL.sub("", s)
    return s.strip("《》 :：")


def _caption_issuer(text: str) -> str | None:
    pattern = re.compile(
        r"^(?:[一二三四五六七八九十]+、)?([\u4e00-\u9fff]{2,15}?)(?:\d{4}年度?)?政府信息公开(?:情况统计表|工作年度报告|年度报告)"
    )
    for line in text.splitlines():
        m = pattern.match(nfkc(line))
        if m:
            return m.group(1)
    return None


def find_source(lines: list[str]) -> str | None:
    for line in lines[:8]:
        m = _SOURCE.search(line)
        if m:
            return m.group(1)
    return None


def find_published(lines: list[str]) -> str | None:
    """The first date (and time) in the page header lines, ISO formatted."""
    for line in lines[:6]:
        flat = unicodedata.normalize("NFKC", line).strip()
        m = _DATE.search(flat)
        if m and (m.start() == 0 or re.search(r"发布|日期|时间|来源", flat[: m.start()])):
            y, mo, d, h, mi, sec = m.groups()
            date = f"{y}-{int(mo):02d}-{int(d):02d}"
            return f"{date}T{int(h):02d}:{mi}:{sec or '00'}" if h else date
    return None


def level_of(issuer: str | None) -> str:
    """county_gov, department, township or other, from the issuer's name."""
    if not issuer:
        return "other"
    name = nfkc(issuer)
    base = name[: -len("人民政府")] if name.endswith("人民政府") else name
    if name.endswith("人民政府") or name.endswith("政府"):
        base = base[: -len("政府")] if base.endswith("政府") else base
        if _TOWNSHIP.search(base):
            return "township"
        return "county_gov" if _COUNTY.search(base) else "other"
    if _TOWNSHIP.search(name) or name.endswith("办事处"):
        return "township"
    if _DEPARTMENT.search(name):
        return "department"
    return "county_gov" if _COUNTY.search(name) else "other"
