"""Page metadata and title: the mandated ``<meta>`` tags first, then the page's own field lines.

《政府网站发展指引》 mandates ``ArticleTitle``, ``PubDate``, ``ContentSource``, ``SiteIDCode``,
``ColumnName`` and ``SiteName``; they win over anything read from the text. Field lines and
information-disclosure index tables (来源, 发布日期, 索引号, 文号, 发布机构, 生成日期…) fill the gaps.
"""

from __future__ import annotations

import re

from lxml import etree

from nianbao.document import Metadata, normalize_line

_META_FIELDS = {
    "articletitle": "title", "pubdate": "published", "contentsource": "source", "siteidcode": "site_id",
    "columnname": "column", "sitename": "site_name", "firstpubtime": "published", "publishdate": "published", "sitedomain": "site_domain",
}  # fmt: skip
_STOP = r"(?=\s|$|发布|来源|点击|浏览|阅读|字体|字号|分享|打印|索引号|文号|生成日期|成文日期|主题|组配|体裁|【|\[)"
_FIELD_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("index_number", re.compile(r"索\s*引\s*号\s*[:：]\s*([\w\-/.]+)")),
    ("document_number", re.compile(r"(?:发文字号|文\s*号)\s*[:：]\s*(\S*?〔\d{4}〕\d+\s*号|\S+?)" + _STOP)),
    ("source", re.compile(r"(?:发布机构|信息来源|来\s*源|发文机关)\s*[:：]\s*(\S+?)" + _STOP)),
    ("published", re.compile(r"(?:发布日期|发布时间|生成日期|公开日期|成文日期|日\s*期)\s*[:：]\s*([\d\-/.年月日:\s]{8,19})")),
    ("published", re.compile(r"(\d{4}-\d{1,2}-\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?)\s*(?:信息来源|来源|作者|点击|浏览|【字体|字体)")),
    ("site_id", re.compile(r"网站标识码\s*[:：]?\s*([0-9A-Za-z]{10})")),
)  # fmt: skip
_DATETIME = re.compile(
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[T\s]*(\d{1,2})[:：](\d{2})(?:[:：](\d{2}))?)?"
)
_INDEX_LABELS = re.compile(
    r"索引号|发布机构|生成日期|成文日期|发文日期|文\s*号|主题分类|组配分类|体裁分类|公开方式|公开时限|有效性|主题词"
)
_TITLE_SPLIT = re.compile(r"\s*(?:[_|｜]|--|—+|－|\s-\s)\s*")


def iso_datetime(text: str | None) -> str | None:
    """``2018-02-13 11:37`` or ``2018年2月13日`` → ISO 8601 (date only when no time is given)."""
    match = _DATETIME.search(text or "")
    if not match:
        return None
    year, month, day, hour, minute, second = match.groups()
    if not (1 <= int(month) <= 12 and 1 <= int(day) <= 31):
        return None
    date = f"{int(year):04d}-{int(month):02d}-{int(day):02d}"
    if hour is None:
        return date
    return f"{date}T{int(hour):02d}:{int(minute):02d}:{int(second or 0):02d}"


def meta_tags(root: etree._Element) -> dict[str, str]:
    """The mandated ``<meta name=...>`` values present, keyed by Metadata field (plus ``title``)."""
    found: dict[str, str] = {}
    for meta in root.iter("meta"):
        key = _META_FIELDS.get((meta.get("name") or "").strip().lower())
        value = normalize_line(meta.get("content") or "")
        if key and value and key not in found:
            found[key] = value
    return found


def fields_from_text(text: str, known: Metadata | None = None) -> dict[str, str]:
    """Field values printed on the page (索引号, 文号, 来源/发布机构, 发布日期, 网站标识码); fields already
    ``known`` (from the mandated ``<meta>`` tags) are not searched for."""
    found: dict[str, str] = {}
    for key, pattern in _FIELD_PATTERNS:
        if key in found or (known is not None and getattr(known, key, None) is not None):
            continue
        match = pattern.search(text)
        if match and match.group(1).strip():
            found[key] = match.group(1).strip()
    return found


def fill(metadata: Metadata, values: dict[str, str]) -> None:
    """Set each empty Metadata field from ``values`` (earlier sources win); dates become ISO."""
    for key, value in values.items():
        if key == "published":
            value = iso_datetime(value) or ""
        if value and hasattr(metadata, key) and getattr(metadata, key) is None:
            setattr(metadata, key, value)


def is_index_table(element: etree._Element) -> bool:
    """A 信息公开 index block (索引号/发布机构/生成日期/文号…): metadata, not body."""
    text = "".join(element.itertext())
    if len(text) > 600:
        return False
    return len(set(_INDEX_LABELS.findall(text))) >= 3


def page_title(root: etree._Element, meta_title: str | None) -> str:
    """ArticleTitle meta, else the article heading matching ``<title>``, else ``<title>`` minus site name."""
    if meta_title:
        return meta_title
    head = root.find(".//title")
    raw = normalize_line("".join(head.itertext())) if head is not None else ""
    parts = [p for p in _TITLE_SPLIT.split(raw) if p]
    candidate = max(parts, key=len) if parts else ""
    heading = _matching_heading(root, candidate)
    return heading or candidate


def _matching_heading(root: etree._Element, title: str) -> str | None:
    """The first h1–h3 (or *title* element) whose text the ``<title>`` starts with, or any h1 if no title."""
    key = re.sub(r"\s+", "", title)
    for element in root.iter("h1", "h2", "h3", "div", "p", "td", "span", "strong"):
        if (
            element.tag in ("div", "p", "td", "span", "strong")
            and "title" not in (element.get("class") or "").lower()
        ):
            continue
        text = normalize_line("".join(element.itertext()))
        compact = text.replace(" ", "")
        if 4 <= len(compact) <= 200 and (not key or same_title(compact, key)):
            return text
    return None


def same_title(heading: str, title: str) -> bool:
    """The heading is the ``<title>``'s article name: equal, or one a truncation (``…``) of the other.

    A site-name heading (``<h2>某县人民政府</h2>``) is a prefix of many titles but far shorter, so the
    shorter side must cover most of the longer one."""
    heading, title = heading.rstrip(".…"), title.rstrip(".…")
    if heading == title:
        return True
    shorter, longer = sorted((heading, title), key=len)
    return longer.startswith(shorter) and len(shorter) >= max(8, 0.6 * len(longer))
