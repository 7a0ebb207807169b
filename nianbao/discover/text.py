"""Article parts discovery needs before cleaning: title, body container and its first lines, breadcrumb,
publisher. Full cleaning is ``nianbao.clean``; this only reads enough to classify a candidate.
"""

from __future__ import annotations

import copy
import re

import lxml.html
from lxml import etree

from nianbao.discover.htmldoc import clean_text

_CONTAINERS = (
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' TRS_Editor ')]",
    "//*[contains(@class, 'Custom_UnionStyle')]",
    "//*[contains(@class, 'trs_editor_view')]",
    "//*[@id='zoom']",
    "//*[@id='UCAP-CONTENT']",
)
_ZJEG = re.compile(
    r"<!--\s*ZJEG_RSS\.content\.begin\s*-->(.*?)<!--\s*ZJEG_RSS\.content\.end\s*-->", re.DOTALL
)
_BLOCKS = frozenset({"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section"})
_CRUMB = re.compile(r"position|crumb|location|dqwz|weizhi|currentpath|nav-path", re.IGNORECASE)
_HANWEB_SOURCE = re.compile(
    r"<!--\s*<\$\[信息来源\]>begin\s*-->(.*?)<!--\s*<\$\[信息来源\]>end\s*-->", re.DOTALL
)
_SOURCE = re.compile(
    r"(?:信息来源|来源|发布机构|发文机关|发布单位)\s*[:：]\s*([^\s:：|]{2,30}?)(?=\s|发布|时间|日期|浏览|点击|$)"
)


def body_container(root: lxml.html.HtmlElement, raw: str) -> lxml.html.HtmlElement | None:
    """The article body element: Hanweb ZJEG_RSS markers, TRS_Editor, #zoom, #UCAP-CONTENT…"""
    match = _ZJEG.search(raw)
    if match and match.group(1).strip():
        try:
            return lxml.html.fragment_fromstring(match.group(1), create_parent="div")
        except etree.ParserError:
            pass
    for xpath in _CONTAINERS:
        found = root.xpath(xpath)
        if found:
            return found[0]
    return None


def body_text(container: lxml.html.HtmlElement) -> str:
    """Text of ``container`` with one line per block (p, div, br, tr, li, headings), scripts dropped."""
    clone = copy.deepcopy(container)
    etree.strip_elements(clone, "script", "style", etree.Comment, with_tail=False)
    for element in clone.iter():
        if isinstance(element.tag, str) and element.tag in _BLOCKS:
            element.tail = "\n" + (element.tail or "")
    lines = (clean_text(line) for line in clone.text_content().split("\n"))
    return "\n".join(line for line in lines if line)


def article_title(root: lxml.html.HtmlElement, meta: dict[str, str]) -> str:
    """``ArticleTitle`` meta, else the first short ``<h1>``, else the first part of ``<title>``."""
    if meta.get("ArticleTitle"):
        return meta["ArticleTitle"]
    for heading in root.iter("h1"):
        text = clean_text(heading.text_content())
        if 0 < len(text) <= 100:
            return text
    node = root.find(".//title")
    raw = clean_text(node.text_content()) if node is not None else ""
    return re.split(r"\s*[-_|—－｜]+\s*", raw)[0] if raw else ""


def breadcrumb(root: lxml.html.HtmlElement) -> list[str]:
    """Link texts of the 当前位置 breadcrumb (by id/class, or the element whose text starts with 当前位置)."""
    for element in root.iter("div", "span", "p", "ul", "ol", "nav", "td"):
        name = f"{element.get('id', '')} {element.get('class', '')}"
        own = clean_text(element.text or "")
        if _CRUMB.search(name) or own.startswith(("当前位置", "您的位置", "您现在的位置", "当前的位置")):
            texts = [clean_text(a.text_content()) for a in element.iter("a")]
            tail = clean_text(element.text_content()).split(">")[-1].strip()
            parts = [t for t in texts if t]
            if tail and tail not in parts and len(tail) <= 20:
                parts.append(tail)
            if parts:
                return parts
    return []


def publisher_of(root: lxml.html.HtmlElement, meta: dict[str, str], raw: str = "") -> str:
    """``ContentSource`` meta, else Hanweb's 信息来源 marker, else a 来源：… label in the page text."""
    if meta.get("ContentSource"):
        return meta["ContentSource"]
    match = _HANWEB_SOURCE.search(raw)
    if match:
        return clean_text(lxml.html.fragment_fromstring(match.group(1), create_parent="span").text_content())
    body = root.find("body")
    found = _SOURCE.search(clean_text((body if body is not None else root).text_content()))
    return found.group(1) if found else ""
