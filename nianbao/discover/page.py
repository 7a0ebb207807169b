"""``analyze_page``: one answer (HTML, Hanweb dataproxy XML, JSON) in, a ``PageAnalysis`` out.

Pure: bytes, URL, content type and status in; nothing fetched. The spider routes on the result: column
links towards the 年报 column, listing requests for every further listing page, report links and
attachments to fetch, multi-page parts to join, body images (a table pasted as a screenshot), and whether
the host needs a browser.
"""

from __future__ import annotations

import json
import re
from typing import Any

import lxml.html

from nianbao.discover import browser, cms, columns, images, items, pagination
from nianbao.discover.htmldoc import (
    Link,
    decode_body,
    links_of,
    metas_of,
    parse_html,
    scripts_of,
    visible_text,
)
from nianbao.discover.model import ListingRequest, PageAnalysis
from nianbao.discover.text import article_title, body_container, body_text, breadcrumb, publisher_of
from nianbao.discover.urls import canonicalize_url

_HAS_IMG = re.compile(r"<img\b", re.IGNORECASE)
_JSONP = re.compile(r"^\s*[\w$.]+\s*\(\s*(.*?)\s*\)\s*;?\s*$", re.DOTALL)


def analyze_page(body: bytes, url: str, content_type: str = "", status: int = 200) -> PageAnalysis:
    """Analyse one downloaded answer; see ``PageAnalysis`` for the fields."""
    url = canonicalize_url(url) or url
    text = decode_body(body, content_type)
    data = json_answer(text, content_type)
    if data is not None:
        return _analyze_json(data, url)
    if "<datastore" in text[:4096].lower() and "<html" not in text[:4096].lower():
        return _analyze_hanweb_xml(text, url)
    root = parse_html(text)
    if root is None:
        reason = browser.antibot_reason(status, body, "")
        return PageAnalysis(url, kind="empty", needs_browser=bool(reason), browser_reason=reason)
    return _analyze_html(root, text, body, url, status)


def verdict_and_analysis(
    body: bytes,
    status: int = 200,
    content_type: str = "",
    url: str = "",
    read_data: bool = False,
    nav: bool = False,
) -> tuple[str, PageAnalysis | None]:
    """Why this answer needs a real browser ('' when plain HTTP sees it: an anti-bot answer or a JS shell),
    and the page analysis that was judged by (None for a file or data answer).

    Files and data answers (PDF, JSON, XML) only by their status. ``read_data``: the caller reads a JS
    shell's data answers itself when its scripts name them in full (``PageAnalysis.data_urls``), so such a
    shell needs no browser; on a navigation page (``nav``) only when the shell is the 年报 column itself
    (other navigation shells may build their menus by script: those are rendered).
    """
    looks_html = "html" in content_type.lower() or body.lstrip()[:1] == b"<"
    if not looks_html or "xml" in content_type.lower() or "json" in content_type.lower():
        return browser.antibot_reason(status, b"", "x" * 100, found=True), None
    analysis = analyze_page(body, url or "http://localhost/", content_type, status)
    readable = read_data and analysis.data_urls and (analysis.is_report_column or not nav)
    return ("" if readable else analysis.browser_reason), analysis


def browser_verdict(body: bytes, *args: Any, **kwargs: Any) -> str:
    """``verdict_and_analysis`` without the analysis (same arguments)."""
    return verdict_and_analysis(body, *args, **kwargs)[0]


def json_answer(text: str, content_type: str) -> Any:
    """A JSON (or JSONP) answer's data; None when ``text`` is not one."""
    stripped = text.strip().lstrip("\ufeff")
    if not stripped or (stripped[0] not in "[{" and "json" not in content_type.lower()):
        return None
    jsonp = _JSONP.match(stripped) if stripped[0] not in "[{" else None
    try:
        return json.loads(jsonp.group(1) if jsonp else stripped)
    except ValueError:
        return None


def _analyze_json(data: Any, url: str) -> PageAnalysis:
    found = items.json_items(data, url)
    family = "gkmlpt" if "/gkmlpt/" in url or (isinstance(data, dict) and "articles" in data) else ""
    pages = pagination.as_requests(pagination.json_pages(data, url, len(found)), family or "json")
    return PageAnalysis(
        url,
        kind="json",
        family=family,
        is_report_column=bool(found),
        column_reason="JSON listing" if found else "",
        listing_requests=pages,
        report_links=found,
    )


def _analyze_hanweb_xml(text: str, url: str) -> PageAnalysis:
    found = items.hanweb_record_items(text, url)
    return PageAnalysis(
        url,
        kind="hanweb_xml",
        family="hanweb",
        is_report_column=True,
        column_reason="Hanweb dataproxy answer",
        listing_requests=cms.hanweb_answer_requests(text, url),
        report_links=found,
    )


def detect_family(text: str, url: str) -> str:
    """trs | hanweb | lonsun | gkmlpt | '' from markers in the page and its URL."""
    lowered = text.lower()
    if "gkmlpt" in url or "/gkmlpt/" in lowered:
        return "gkmlpt"
    if "/module/web/jpage/" in lowered or "jpageform_" in lowered or "/col/col" in url:
        return "hanweb"
    if "/public/column/" in url or "/public/column/" in lowered or "excms" in lowered:
        return "lonsun"
    if "createpagehtml" in lowered or "trs_editor" in lowered or re.search(r"/t\d{8}_\d+", url):
        return "trs"
    return ""


def _analyze_html(root: lxml.html.HtmlElement, text: str, body: bytes, url: str, status: int) -> PageAnalysis:
    meta, scripts, links = metas_of(root), scripts_of(root), links_of(root, url)
    container = body_container(root, text)
    title = article_title(root, meta)
    is_article = (
        bool(meta.get("ArticleTitle")) or container is not None or bool(columns.ARTICLE_URL.search(url))
    )
    headings = [title, breadcrumb(root)[-1:] and breadcrumb(root)[-1] or "", *_title_parts(root)]
    reason = "" if is_article else _column_reason(url, meta, headings)
    result = PageAnalysis(url, family=detect_family(text, url), title=title, meta=meta, is_article=is_article)
    result.publisher = publisher_of(root, meta, text)
    result.text_head = body_text(container)[:2000] if container is not None else ""
    result.column_links = columns.column_links(links, url)
    result.is_report_column, result.column_reason = bool(reason), reason
    result.report_links = items.html_items(links, column=bool(reason)) + items.hanweb_record_items(text, url)
    listing = bool(reason) or (not is_article and sum(r.follow for r in result.report_links) >= 2)
    _add_pagination(result, text, scripts, links, listing)
    found_files = items.attachments_of(links) + items.script_attachments(scripts, url)
    result.attachments = list({a.url: a for a in reversed(found_files)}.values())[::-1]
    result.multipage_links = list(dict.fromkeys(result.multipage_links + items.multipage_links(links, url)))
    result.xhr_urls = browser.xhr_urls(scripts, url)
    if _HAS_IMG.search(text):  # an image the page also links as a file is fetched once, as that file
        files = {a.url for a in result.attachments}
        result.body_images = [i for i in images.body_images(root, text, url) if i.url not in files]
    visible = visible_text(root)
    found = bool(result.report_links or result.listing_requests) or len(result.text_head) > 200
    why = browser.antibot_reason(status, body, visible, found=True) or browser.shell_reason(
        root, scripts, visible, found
    )
    why = why or browser.antibot_reason(status, body, visible, found)
    result.needs_browser, result.browser_reason = bool(why), why
    result.data_urls = result.xhr_urls if why.startswith("JS shell") else []
    return result


def _title_parts(root: lxml.html.HtmlElement) -> list[str]:
    node = root.find(".//title")
    raw = node.text_content() if node is not None else ""
    return [p.strip() for p in re.split(r"[-_|—－｜>]+", raw) if p.strip()]


def _column_reason(url: str, meta: dict[str, str], headings: list[str]) -> str:
    for heading in headings or [""]:
        reason = columns.report_column_reason(url, meta, heading)
        if reason:
            return reason
    return ""


def _add_pagination(result: PageAnalysis, text: str, scripts: str, links: list[Link], listing: bool) -> None:
    url = result.url
    name, trs = pagination.trs_pages(scripts, url)
    if trs and (result.is_article or re.fullmatch(r"t\d{8}_\d+", name)):
        result.multipage_links = trs
        trs = []
    requests: list[ListingRequest] = cms.gkmlpt_requests(scripts, url)
    if listing:
        requests += pagination.as_requests(trs, "trs") + cms.hanweb_requests(text, url)
        requests += cms.lonsun_requests(text, url)
        if not requests:
            requests = pagination.as_requests(pagination.generic_pages(links, url), "generic")
    result.listing_requests = requests
