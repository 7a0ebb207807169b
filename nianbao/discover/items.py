"""Candidate report items of a listing (HTML, Hanweb XML records, gkmlpt or generic JSON), attachments
and the parts of a TRS multi-page article.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

import lxml.html

from nianbao.discover.classify import PHRASE, classify_title, normalize_title
from nianbao.discover.htmldoc import Link, clean_text, iso_date, links_of
from nianbao.discover.model import Attachment, ReportLink
from nianbao.discover.urls import canonicalize_url

_ATTACHMENT_EXT = re.compile(r"\.(pdf|docx?|wps|xlsx?|et|ofd|zip|rar)$", re.IGNORECASE)
_TRS_FILE = re.compile(r"/[PW]0\d{6,}[\w\-]*\.(\w+)$")
_DOWNFILE = re.compile(r"/module/download/downfile\.jsp", re.IGNORECASE)
_ARTICLE_URL = re.compile(
    r"/t\d{8}_\d+|/art/\d{4}/|/art_\d+_\d+|/public/\d+/\d+\.html|/post_\d+|/content_\d+|/content/|"
    r"/\d{6}/|/c\d+/|info/\d+|detail|\.jhtml",
    re.IGNORECASE,
)
_YEARISH = re.compile(r"(?:19|20)\d{2}|[〇○零一二三四五六七八九]{4}年")
_REPORTISH = re.compile(r"年报|年度报告|工作报告|信息公开|公开工作")
_TITLE_KEYS = ("title", "name", "doctitle", "articletitle", "subject", "bt", "wjbt", "filename", "topic")
_URL_KEYS = ("url", "link", "href", "docurl", "pageurl", "detailurl", "fileurl", "path", "linkurl", "art_url")
_DATE_KEYS = (
    "display_publish_time",
    "publish_time",
    "pubdate",
    "publishdate",
    "publishtime",
    "releasedate",
    "date",
    "time",
    "fbrq",
    "createtime",
    "created",
    "first_publish_time",
)
_PUBLISHER_KEYS = ("publisher", "source", "organname", "unitname", "deptname", "fbjg", "publishorgan")


def attachment_extension(url: str) -> str:
    """'pdf', 'doc', … for an attachment URL (TRS P0…/W0… files and downfile.jsp included), else ''."""
    path = urlsplit(url).path
    if _DOWNFILE.search(path):
        name = re.search(r"filename=[^&]*?\.(\w+)(?:&|$)", url)
        return name.group(1).lower() if name else "file"
    match = _ATTACHMENT_EXT.search(path) or _TRS_FILE.search(path)
    return match.group(1).lower() if match else ""


_IMAGE_EXT = re.compile(r"\.(jpe?g|png|tiff?|gif|bmp)$", re.IGNORECASE)


def image_extension(url: str, text: str) -> str:
    """'jpg', 'png', … for a link to an image that is named like a file or a report (a scanned report
    published as an attachment), not for links around pictures (logos, QR codes, photos have no text)."""
    match = _IMAGE_EXT.search(urlsplit(url).path)
    if not match or not text:
        return ""
    named = _IMAGE_EXT.search(text.strip()) or any(
        word in text for word in ("年报", "报告", "附件", "统计表")
    )
    return match.group(1).lower() if named else ""


def attachments_of(links: Iterable[Link]) -> list[Attachment]:
    """Attachment links, one per URL, in document order."""
    out: dict[str, Attachment] = {}
    for link in links:
        ext = attachment_extension(link.url) or image_extension(link.url, link.text or link.title)
        if ext and link.url not in out:
            out[link.url] = Attachment(link.url, link.text or link.title, ext)
    return list(out.values())


_SCRIPT_FILE = re.compile(
    r'"(?:name|title|filename|fileName)"\s*:\s*"(?P<name>[^"]{0,200})"\s*,\s*'
    r'"(?:url|path|href|filepath|filePath|fileUrl|downloadUrl)"\s*:\s*"(?P<url>[^"]+)"'
    r'|"(?:url|path|href|filepath|filePath|fileUrl|downloadUrl)"\s*:\s*"(?P<url2>[^"]+)"'
)


def script_attachments(scripts: str, base_url: str) -> list[Attachment]:
    """Attachments listed in a page's script data (gkmlpt's ``DETAIL: {..., "attachment": [...]}`` and
    similar JSON): ``"url": "...pdf"`` values, with a ``"name"`` just before them when there is one."""
    out: dict[str, Attachment] = {}
    for match in _SCRIPT_FILE.finditer(scripts):
        raw = (match.group("url") or match.group("url2") or "").replace("\\/", "/")
        url = canonicalize_url(raw, base_url) if raw else ""
        name = clean_text(match.group("name") or "")
        ext = (attachment_extension(url) or image_extension(url, name)) if url else ""
        if ext and url not in out:
            out[url] = Attachment(url, name, ext)
    return list(out.values())


def _item(url: str, title: str, date: str = "", publisher: str = "") -> ReportLink:
    title = clean_text(title)
    ext = attachment_extension(url) or image_extension(url, title)
    return ReportLink(url, title, date, bool(ext), clean_text(publisher), classify_title(title))


def html_items(links: Iterable[Link], column: bool) -> list[ReportLink]:
    """Report-like links of an HTML page; on the 年报 column also every article-like list item."""
    out: dict[str, ReportLink] = {}
    for link in links:
        title = link.title if len(link.title) > len(link.text) else link.text
        if len(normalize_title(title)) < 6 or link.url in out:
            continue
        itemish = bool(_ARTICLE_URL.search(link.url)) or bool(attachment_extension(link.url))
        has_year = bool(_YEARISH.search(title))
        phrase = bool(PHRASE.search(normalize_title(title)))
        reportish = (phrase and (has_year or itemish)) or (bool(_REPORTISH.search(title)) and has_year)
        article = link.in_list and itemish
        if reportish or (column and article):
            out[link.url] = _item(link.url, title, iso_date(link.context))
    return list(out.values())


_CDATA_RECORD = re.compile(r"<record>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>", re.DOTALL | re.IGNORECASE)


def hanweb_record_items(text: str, base_url: str) -> list[ReportLink]:
    """Items of a Hanweb ``<datastore>``: each CDATA ``<record>`` holds one ``<li><a href=…>`` fragment."""
    out: dict[str, ReportLink] = {}
    for fragment in _CDATA_RECORD.findall(text):
        try:
            root = lxml.html.fragment_fromstring(fragment, create_parent="div")
        except Exception:  # lxml raises several types for junk fragments
            continue
        date = iso_date(clean_text(root.text_content()))
        for link in links_of(root, base_url):
            title = link.title if len(link.title) > len(link.text) else link.text
            if title and link.url not in out:
                out[link.url] = _item(link.url, title, date)
    return list(out.values())


def _pick(record: dict[str, Any], keys: tuple[str, ...]) -> Any:
    lowered = {str(k).lower(): v for k, v in record.items()}
    for key in keys:
        value = lowered.get(key)
        if value not in (None, ""):
            return value
    return None


def json_date(value: Any) -> str:
    """A JSON date as YYYY-MM-DD: an epoch in seconds or milliseconds (Beijing time), or a printed date."""
    if isinstance(value, (int, float)) and value > 0:
        seconds = value / 1000 if value > 10**11 else value
        tz = datetime.timezone(datetime.timedelta(hours=8))
        return datetime.datetime.fromtimestamp(seconds, tz).date().isoformat()
    return iso_date(str(value)) if value else ""


def json_items(data: Any, base_url: str) -> list[ReportLink]:
    """Items of any JSON answer: every list of objects with a title-like and a URL-like key
    (gkmlpt ``articles[]`` included)."""
    out: dict[str, ReportLink] = {}
    for record in _records(data):
        title, raw_url = _pick(record, _TITLE_KEYS), _pick(record, _URL_KEYS)
        url = canonicalize_url(str(raw_url), base_url) if isinstance(raw_url, str) else ""
        if not url or not isinstance(title, str) or url in out:
            continue
        date = json_date(_pick(record, _DATE_KEYS))
        publisher = _pick(record, _PUBLISHER_KEYS)
        out[url] = _item(url, title, date, publisher if isinstance(publisher, str) else "")
    return list(out.values())


def _records(data: Any, depth: int = 0) -> Iterable[dict[str, Any]]:
    if depth > 6:
        return
    if isinstance(data, list):
        for element in data:
            if isinstance(element, dict):
                yield element
            yield from _records(element, depth + 1) if isinstance(element, (dict, list)) else ()
    elif isinstance(data, dict):
        for value in data.values():
            if isinstance(value, (dict, list)):
                yield from _records(value, depth + 1)


def multipage_links(links: Iterable[Link], page_url: str) -> list[str]:
    """Other parts of a TRS multi-page article: ``stem_N.ext`` siblings of ``stem.ext`` (page left out)."""
    path = urlsplit(page_url).path
    match = re.match(r"(?P<dir>.*/)(?P<stem>t\d{8}_\d+)(?:_\d+)?\.(?P<ext>s?html?)$", path)
    if not match:
        return []
    sibling = re.compile(rf"^{re.escape(match['dir'])}{match['stem']}(?:_\d+)?\.{match['ext']}$")
    found = [link.url for link in links if sibling.match(urlsplit(link.url).path) and link.url != page_url]
    return list(dict.fromkeys(found))
