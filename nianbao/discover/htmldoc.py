"""Decode an answer and read the parts of an HTML page discovery needs: links, metas, scripts, text.

Government portals serve UTF-8, GBK/GB2312 or GB18030, declared in the Content-Type header, a ``<meta>``
or not at all; GB declarations are read as GB18030 (a superset).
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass

import lxml.html
from lxml import etree

from nianbao.discover.urls import canonicalize_url

_CHARSET = re.compile(rb"""charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", re.IGNORECASE)
_GB = {"gb2312", "gbk", "gb18030", "x-gbk", "cp936", "gb_2312-80"}
_SPACE = re.compile(r"[\s\u3000\u00a0]+")
_DATE = re.compile(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_CONTEXT_TAGS = ("li", "tr", "dd", "dt", "p")
_SCRIPT_STYLE = ("script", "style", "noscript", "template")


@dataclass(frozen=True)
class Link:
    """One ``<a href>``: absolute canonical URL, visible text (or title attribute), and its list item."""

    url: str
    raw_href: str
    text: str
    title: str
    context: str  # text of the enclosing li/tr/dd (dates live there)
    in_list: bool


def clean_text(text: str) -> str:
    """Collapse whitespace (U+3000, NBSP included) to single spaces and strip."""
    return _SPACE.sub(" ", text).strip()


def decode_body(body: bytes, content_type: str = "") -> str:
    """Text of ``body`` using the header charset, then a ``<meta>`` charset, then UTF-8, then GB18030."""
    candidates: list[str] = []
    for source in (content_type.encode("latin-1", "ignore"), body[:2048]):
        match = _CHARSET.search(source)
        if match:
            candidates.append(match.group(1).decode("ascii").lower())
    candidates += ["utf-8", "gb18030"]
    for name in candidates:
        name = "gb18030" if name in _GB else name
        try:
            return body.decode(name)
        except (LookupError, UnicodeDecodeError):
            continue
    return body.decode("utf-8", "replace")


def parse_html(text: str) -> lxml.html.HtmlElement | None:
    """An lxml tree of ``text`` (None for an empty or unparsable document)."""
    text = re.sub(r"^\s*<\?xml[^>]*>", "", text)
    if not text.strip():
        return None
    try:
        return lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError):
        return None


def iso_date(text: str) -> str:
    """The first date in ``text`` as YYYY-MM-DD, or ''."""
    match = _DATE.search(text)
    if not match:
        return ""
    year, month, day = (int(g) for g in match.groups())
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return ""
    return f"{year:04d}-{month:02d}-{day:02d}"


def _context_of(anchor: lxml.html.HtmlElement) -> tuple[str, bool]:
    for parent in anchor.iterancestors():
        if parent.tag in _CONTEXT_TAGS:
            return clean_text(parent.text_content()), parent.tag != "p"
        if parent.tag in ("ul", "table", "body", "div"):
            break
    return "", False


def links_of(root: lxml.html.HtmlElement, base_url: str) -> list[Link]:
    """Every followable ``<a href>`` of the tree, in document order (javascript:/mailto: skipped)."""
    out: list[Link] = []
    for anchor in root.iter("a"):
        href = (anchor.get("href") or "").strip()
        url = canonicalize_url(href, base_url) if href and not href.startswith("#") else ""
        if not url:
            continue
        context, in_list = _context_of(anchor)
        title = clean_text(anchor.get("title") or "")
        out.append(Link(url, href, clean_text(anchor.text_content()), title, context, in_list))
    return out


def metas_of(root: lxml.html.HtmlElement) -> dict[str, str]:
    """``<meta name=… content=…>`` pairs (first one wins), names as written."""
    out: dict[str, str] = {}
    for meta in root.iter("meta"):
        name, content = meta.get("name"), meta.get("content")
        if name and content is not None and name not in out:
            out[name] = clean_text(content)
    return out


def scripts_of(root: lxml.html.HtmlElement) -> str:
    """All inline script text joined, plus the ``src`` of external scripts (one per line)."""
    parts = [(s.text or "") + "\n" + (s.get("src") or "") for s in root.iter("script")]
    return "\n".join(parts)


def visible_text(root: lxml.html.HtmlElement) -> str:
    """Text of the page without scripts, styles and templates, whitespace collapsed."""
    body = root.find("body")
    clone = copy.deepcopy(body if body is not None else root)
    etree.strip_elements(clone, *_SCRIPT_STYLE, etree.Comment, with_tail=False)
    return clean_text(clone.text_content())
