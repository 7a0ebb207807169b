"""Further listing pages of a column: TRS ``createPageHTML`` and the generic 下一页/尾页 fallback.

The CMS families with data endpoints (Hanweb dataproxy, LonSun excms, gkmlpt) are in ``cms.py``. TRS uses
the same ``createPageHTML(count, current, name, ext)`` call for multi-page articles; whether the pages
are listing pages or article parts is decided by the caller (``analyze_page``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from nianbao.discover.htmldoc import Link
from nianbao.discover.model import ListingRequest

MAX_EXPANDED_PAGES = 500
_ARG = r"\s*([\w'\"]+)\s*"
_TRS_CALL = re.compile(
    r"createPageHTML\(" + _ARG + "," + _ARG + r",\s*['\"]([\w\-]+)['\"]\s*,\s*['\"](\w+)['\"]"
)
_VAR = r"(?:var|let|const)?\s*{name}\s*=\s*['\"]?(\d+)"
_NEXT_TEXT = re.compile(r"^(?:下一页|下页|后一页|后页|next|>|›|»|>>)$", re.IGNORECASE)
_LAST_TEXT = re.compile(r"^(?:尾页|末页|最后一页|last|>>\||»\|)$", re.IGNORECASE)
_NUMBER_TEXT = re.compile(r"^\[?(\d{1,3})\]?$")
PAGE_KEYS = ("page", "pageindex", "pageno", "pagenum", "cur_page", "curpage", "currentpage", "p", "pn")
_PATH_NUMBER = re.compile(
    r"(?P<head>.*/(?:index|list|page|default|more|zfxxgk_list)[_\-/])(?P<n>\d{1,5})(?P<tail>\.(?:s?html?|jsp|jhtml))$",
    re.IGNORECASE,
)


def _resolve(token: str, scripts: str) -> int | None:
    token = token.strip("'\"")
    if token.isdigit():
        return int(token)
    match = re.search(_VAR.format(name=re.escape(token)), scripts)
    return int(match.group(1)) if match else None


def trs_pages(scripts: str, page_url: str) -> tuple[str, list[str]]:
    """``(name, urls)`` of all pages a TRS ``createPageHTML`` call names, the current page left out.

    Page 0 is ``name.ext``, page i is ``name_i.ext``, relative to the current page's directory.
    """
    match = _TRS_CALL.search(scripts)
    if not match:
        return "", []
    count = _resolve(match.group(1), scripts)
    current = _resolve(match.group(2), scripts) or 0
    name, ext = match.group(3), match.group(4)
    if not count or count < 2:
        return name, []
    count = min(count, MAX_EXPANDED_PAGES)
    files = [f"{name}.{ext}"] + [f"{name}_{i}.{ext}" for i in range(1, count)]
    return name, [urljoin(page_url, f) for i, f in enumerate(files) if i != current]


def _with_number(url: str, number: int) -> str | None:
    """``url`` with its page number replaced by ``number`` (None when it has none)."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    for i, (key, value) in enumerate(query):
        if key.lower() in PAGE_KEYS and value.isdigit():
            query[i] = (key, str(number))
            return urlunsplit(parts._replace(query=urlencode(query)))
    match = _PATH_NUMBER.match(parts.path)
    if match:
        path = f"{match.group('head')}{number}{match.group('tail')}"
        return urlunsplit(parts._replace(path=path))
    return None


def page_number(url: str) -> int | None:
    """The page number a URL carries in a page parameter or an ``_N.html`` / ``page_N`` path."""
    parts = urlsplit(url)
    for key, value in parse_qsl(parts.query):
        if key.lower() in PAGE_KEYS and value.isdigit():
            return int(value)
    match = _PATH_NUMBER.match(parts.path)
    return int(match.group("n")) if match else None


def generic_pages(links: Iterable[Link], page_url: str) -> list[str]:
    """下一页/尾页/numbered page links; a 尾页 link with a page number is expanded to every page."""
    out: list[str] = []
    for link in links:
        text = link.text or link.title
        if link.url == page_url:
            continue
        if _LAST_TEXT.match(text):
            out.append(link.url)
            out += _expand_to(link.url)
        elif _NEXT_TEXT.match(text) or _NUMBER_TEXT.match(text):
            out.append(link.url)
    return [u for u in dict.fromkeys(out) if u != page_url]


def _expand_to(last_url: str) -> list[str]:
    last = page_number(last_url)
    if last is None or last < 2:
        return []
    urls = (_with_number(last_url, n) for n in range(1, min(last, MAX_EXPANDED_PAGES) + 1))
    return [u for u in urls if u]


def as_requests(urls: Iterable[str], family: str) -> list[ListingRequest]:
    """GET listing requests for ``urls`` (order kept, duplicates dropped)."""
    return [ListingRequest(u, family=family) for u in dict.fromkeys(urls)]


_TOTAL_KEYS = ("total", "totalcount", "totalrecord", "totalrecords", "count", "recordcount")
_SIZE_KEYS = ("page_size", "pagesize", "size", "perpage", "per_page", "limit", "rows")
_PAGES_KEYS = ("totalpage", "totalpages", "pagecount", "pages", "total_page")


def _int_of(data: dict[str, Any], keys: tuple[str, ...]) -> int:
    lowered = {str(k).lower(): v for k, v in data.items()}
    for key in keys:
        value = lowered.get(key)
        if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
            return int(value)
    return 0


def json_pages(data: Any, url: str, records: int) -> list[str]:
    """The other pages of a paged JSON answer (gkmlpt ``total`` + ``articles``, or any total/size/page
    keys), built by replacing the page number in ``url``; [] when the URL carries none."""
    if not isinstance(data, dict):
        return []
    holder = next((v for v in data.values() if isinstance(v, dict) and _int_of(v, _TOTAL_KEYS)), data)
    current = page_number(url)
    total, size = _int_of(holder, _TOTAL_KEYS), _int_of(holder, _SIZE_KEYS)
    if not size and current == 1:  # the page size as the first page shows it (a last page holds fewer)
        size = records
    pages = _int_of(holder, _PAGES_KEYS) or (-(-total // size) if size else 0)
    if current is None or pages < 2:
        return []
    urls = (_with_number(url, n) for n in range(1, min(pages, MAX_EXPANDED_PAGES) + 1) if n != current)
    return [u for u in urls if u]
