"""Which links lead towards the 政府信息公开年报 column, and is this page that column?

Path (domain.md §7): home → 政务公开/政府信息公开 → 政府信息公开年报. Links are scored by their text and by
URL slugs; the highest score is the closest to the column. Report items themselves (a year in the text)
are not column links.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import parse_qs, urlsplit

from nianbao.discover.htmldoc import Link
from nianbao.discover.model import ColumnLink

# (pattern on link text, score, reason), first match wins
_TEXT_RULES: tuple[tuple[re.Pattern[str], int, str], ...] = (
    (
        re.compile(r"^(?:政府)?信息公开(?:工作)?年(?:度)?报(?:告)?$|^公开年报$|^年度报告$|^年报$"),
        100,
        "text: 年报 column",
    ),
    (re.compile(r"(?:政府信息|信息)公开(?:工作)?年(?:度)?报"), 95, "text: 年报 column"),
    (re.compile(r"^(?:政府)?信息公开$|^政府信息公开(?:平台|专栏)?$"), 60, "text: 政府信息公开"),
    (re.compile(r"^政务公开$|^政务公开专栏$"), 55, "text: 政务公开"),
    (re.compile(r"法定主动公开内容"), 40, "text: 法定主动公开内容"),
    (re.compile(r"^(?:政府)?信息公开目录$"), 35, "text: 信息公开目录"),
)
# (path slug, score, reason); matched against whole path segments (or the file stem)
_SLUG_RULES: tuple[tuple[str, int], ...] = (
    ("zfxxgknb", 90),
    ("xxgknb", 90),
    ("xxgk-xxgknb", 90),
    ("gknb", 85),
    ("ndbg", 80),
    ("fdzdgknr", 40),
    ("xxgk", 40),
    ("zfxxgk", 45),
    ("zwgk", 35),
)
_SLUGS = dict(_SLUG_RULES)
_YEAR = re.compile(r"(?:19|20)\d{2}")
_EXCLUDE_TEXT = re.compile(
    r"^(?:上一页|下一页|上页|下页|首页|尾页|末页|\d+)$|指南|制度|申请|规定|办法|意见箱|年报公示|企业|网站.{0,4}报表"
)
ARTICLE_URL = re.compile(
    r"/t\d{8}_\d+(?:_\d+)?\.s?html?$|/art/\d{4}/|/art_\d+_\d+\.html|/public/\d+/\d+\.html|/post_\d+|/content_\d+"
)
_ATTACHMENT = re.compile(r"\.(?:pdf|docx?|wps|xlsx?|zip|rar|jpe?g|png|gif)$", re.IGNORECASE)
COLUMN_NAMES = re.compile(r"^(?:政府)?信息公开(?:工作)?年(?:度)?报(?:告)?$|^公开年报$|^年度报告$|^年报$")


def slug_score(url: str) -> tuple[int, str]:
    """Best slug score of the URL's path segments and of an excms ``type=3`` (公开年报) column."""
    parts = urlsplit(url)
    if "/public/column/" in parts.path and parse_qs(parts.query).get("type") == ["3"]:
        return 90, "url: excms type=3 (公开年报)"
    best, reason = 0, ""
    for segment in parts.path.lower().split("/"):
        stem = segment.rsplit(".", 1)[0]
        for candidate in {segment, stem, stem.split("_")[0]}:
            score = _SLUGS.get(candidate, 0)
            if score > best:
                best, reason = score, f"url: {candidate}"
    return best, reason


def text_score(text: str) -> tuple[int, str]:
    """Score of a link text under ``_TEXT_RULES`` (0 when none applies)."""
    for pattern, score, reason in _TEXT_RULES:
        if pattern.search(text):
            return score, reason
    return 0, ""


def score_link(link: Link) -> ColumnLink | None:
    """A ColumnLink for ``link`` when its text or URL points at the column path, else None."""
    text = link.text or link.title
    if _YEAR.search(text) or len(text) > 16 or _EXCLUDE_TEXT.search(text) or _ATTACHMENT.search(link.url):
        return None
    if ARTICLE_URL.search(urlsplit(link.url).path):
        return None
    by_text, text_reason = text_score(text)
    by_slug, slug_reason = slug_score(link.url)
    if not by_text and not by_slug:
        return None
    score = max(by_text, by_slug) + (5 if by_text and by_slug else 0)
    reason = "; ".join(r for r in (text_reason, slug_reason) if r)
    return ColumnLink(link.url, text, score, reason)


def column_links(links: Iterable[Link], page_url: str) -> list[ColumnLink]:
    """Scored column links, one per URL (best score kept), best first; the page itself left out."""
    best: dict[str, ColumnLink] = {}
    for link in links:
        scored = score_link(link)
        if scored is None or scored.url == page_url:
            continue
        if scored.url not in best or scored.score > best[scored.url].score:
            best[scored.url] = scored
    return sorted(best.values(), key=lambda c: (-c.score, c.url))


def report_column_reason(url: str, meta: dict[str, str], heading: str) -> str:
    """Why this page is the 年报 column itself ('' when it is not): ColumnName meta, slug or heading."""
    column_name = meta.get("ColumnName", "")
    if COLUMN_NAMES.search(column_name) or (
        column_name and "年报" in column_name and "公示" not in column_name
    ):
        return f"meta ColumnName={column_name}"
    score, reason = slug_score(url)
    if score >= 80:
        return reason
    if heading and COLUMN_NAMES.search(heading):
        return f"heading: {heading}"
    return ""
