"""A JS portal's article data answer (JSON) read as the page it fills: pure, no browser.

A JS-shell article page (``detail.html?id=N``) is empty in its HTML; its script fetches the article as
JSON (``/api/…/article?id=N``) and writes title, date, source, body and attachment links into the shell.
``article_of(data)`` finds those fields by what they hold, not by one portal's key names: the body is the
longest string that is HTML or long prose; title, date and source are the short strings beside it whose
keys say so (``title``/``name``/``subject``, ``date``/``time``/``publish``, ``source``/``publisher``…);
attachments are a list of objects with a link. ``article_page(body)`` renders them as a plain HTML page
with the mandated ``<meta>`` tags, which the cleaner, the classifier and discovery then read as any page.
``None`` means the answer is not an article: the caller renders the shell in a browser instead.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any

from nianbao.discover.htmldoc import decode_body
from nianbao.discover.items import json_date
from nianbao.discover.page import json_answer

MIN_BODY_CHARS = 80  # a body shorter than this (tags included) is no article
MAX_DEPTH = 4  # how deep into the answer's objects the article is looked for
_TAG = re.compile(r"<(?:p|div|table|br|span|img|h\d|strong|td|tr)\b", re.IGNORECASE)
_DATE = re.compile(r"^\s*(?:\d{4}[-/.年]\d{1,2}|\d{10}(?:\d{3})?\s*$)")
_TITLE_KEYS = re.compile(r"title|^name$|subject|biaoti|^bt$|headline", re.IGNORECASE)
_DATE_KEYS = re.compile(r"date|time|publish|^fbrq$|^fbsj$|^rq$", re.IGNORECASE)
_SOURCE_KEYS = re.compile(r"source|publisher|^author$|^ly$|laiyuan|organ|^fbjg$|^unit", re.IGNORECASE)
_BODY_KEYS = re.compile(r"content|body|html|^text$|article|^zw$|detail", re.IGNORECASE)
_URL_KEYS = re.compile(r"url|href|link|path|^file", re.IGNORECASE)
_LINK = re.compile(r"^(?:https?://|\.{0,2}/)?[\w\-./%?=&~+#:;,]+$", re.ASCII)
_NAME_KEYS = re.compile(r"name|title|text", re.IGNORECASE)


@dataclass
class JsonArticle:
    title: str
    body_html: str
    date: str = ""
    source: str = ""
    attachments: list[tuple[str, str]] = field(default_factory=list)  # (name, URL as written)


def load_json(body: bytes) -> Any:
    """The answer as JSON, or None (cheap on anything that does not start like JSON)."""
    head = body[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    return json_answer(decode_body(body), "") if head.startswith((b"{", b"[")) else None


def article_of(data: Any) -> JsonArticle | None:
    """The article an answer holds, or None when no object in it carries an article body."""
    best = _best_body(data, 0)
    if best is None:
        return None
    holder, key = best
    return JsonArticle(
        title=_field(holder, _TITLE_KEYS, exclude=key),
        body_html=_as_html(holder[key]),
        date=_date_text(_field(holder, _DATE_KEYS, exclude=key, accept=_DATE.match)),
        source=_field(holder, _SOURCE_KEYS, exclude=key),
        attachments=_attachments(holder),
    )


def article_page(body: bytes) -> bytes | None:
    """The HTML page an article data answer fills in, or None when ``body`` is not one."""
    data = load_json(body)
    article = article_of(data) if data is not None else None
    return render_page(article).encode("utf-8") if article is not None else None


def render_page(article: JsonArticle) -> str:
    title, date, source = (html.escape(v) for v in (article.title, article.date, article.source))
    links = "".join(
        f'<li><a href="{html.escape(url)}">{html.escape(name or url)}</a></li>'
        for name, url in article.attachments
    )
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8">'
        f'<title>{title}</title><meta name="ArticleTitle" content="{title}">'
        f'<meta name="PubDate" content="{date}"><meta name="ContentSource" content="{source}">'
        '<meta name="generator" content="nianbao: page assembled from its JSON data answer">'
        f'</head><body><h1>{title}</h1><div class="info">来源：{source} 发布日期：{date}</div>'
        f'<div class="article-content"><!--正文开始-->{article.body_html}<!--正文结束--></div>'
        f'<ul class="attachments">{links}</ul></body></html>'
    )


def _best_body(data: Any, depth: int) -> tuple[dict[str, Any], str] | None:
    """The object and key of the longest article-like string anywhere in ``data``: long enough to be an
    article, or beside a title (a page whose body only says 详见附件 and links the report file)."""
    found: list[tuple[int, dict[str, Any], str]] = []
    _collect(data, depth, found)
    if not found:
        return None
    length, holder, key = max(found, key=lambda f: f[0])
    return (holder, key) if length >= MIN_BODY_CHARS or _field(holder, _TITLE_KEYS, key) else None


def _collect(data: Any, depth: int, found: list[tuple[int, dict[str, Any], str]]) -> None:
    if depth > MAX_DEPTH:
        return
    if isinstance(data, list) and len(data) == 1:  # one article wrapped in a list
        _collect(data[0], depth + 1, found)
    if not isinstance(data, dict):
        return
    for key, value in data.items():
        if isinstance(value, str) and _is_body(key, value):
            found.append((len(value), data, key))
        elif isinstance(value, (dict, list)):
            _collect(value, depth + 1, found)


def _is_body(key: str, value: str) -> bool:
    if value.lstrip().startswith(("http://", "https://", "/")):
        return False
    if _TAG.search(value) or len(value) >= 3 * MIN_BODY_CHARS:
        return True
    return bool(_BODY_KEYS.search(key)) and bool(value.strip())


def _field(holder: dict[str, Any], keys: re.Pattern[str], exclude: str, accept: Any = None) -> str:
    for key, value in holder.items():
        if key == exclude or not keys.search(key) or isinstance(value, (dict, list)) or value is None:
            continue
        text = str(value).strip()
        if text and len(text) < 300 and (accept is None or accept(text)):
            return text
    return ""


def _date_text(value: str) -> str:
    """A date as printed; an epoch (seconds or milliseconds) as its Beijing date."""
    return json_date(int(value)) if value.isdigit() else value


def _as_html(body: str) -> str:
    if _TAG.search(body):
        return body
    return "".join(f"<p>{html.escape(line)}</p>" for line in body.splitlines() if line.strip())


def _attachments(holder: dict[str, Any]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for value in holder.values():
        if isinstance(value, list):
            out.extend(link for item in value if (link := _link_of(item)))
    return out


def _link_of(item: Any) -> tuple[str, str] | None:
    if not isinstance(item, dict):
        return None
    url = next((v.strip() for k, v in item.items() if _URL_KEYS.search(k) and _is_link(v)), "")
    if not url:
        return None
    name = next((v for k, v in item.items() if _NAME_KEYS.search(k) and isinstance(v, str) and v), "")
    return name, url.strip()


def _is_link(value: Any) -> bool:
    """A URL or path as a link holds it (a file name such as 年报.pdf is not one)."""
    return isinstance(value, str) and bool(_LINK.match(value.strip())) and "/" in value
