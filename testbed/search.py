"""Site search of the testbed: the search form in every page header and the endpoints answering it.

Every site answers the generic ``{prefix}/search/?searchword=Q&page=N``; TRS sites also answer TRS WAS5
``/was5/web/search?channelid=…&searchword=Q&page=N`` and Hanweb sites ``/jrobot/search.do?webid=…&q=Q&p=N``,
and their header form points there. A result is an article of the site (report or distractor) whose title
contains every whitespace-separated term of the query, as the ``LIKE '%q%'`` search of small CMSs does.
The query is read as UTF-8, or as GB18030 when it is not valid UTF-8 (a GBK page's form submits GBK).

Most sites disallow their search paths in robots.txt; a *search-only* site (its 年报 column linked from no
menu: ``Site.search_only``) allows them, since search is the only way to its reports.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING
from urllib.parse import quote, unquote_to_bytes

from testbed import chrome
from testbed.families import common
from testbed.model import Entry
from testbed.pages import Reply, paginate

if TYPE_CHECKING:
    from testbed.families.base import Layout

PER_PAGE = 12
SEARCH_TITLE = "站内搜索"


@dataclass(frozen=True)
class Endpoint:
    """One search URL scheme: path, query and page parameter names, hidden form fields."""

    path: str
    query_key: str
    page_key: str
    hidden: tuple[tuple[str, str], ...] = ()


def endpoints(layout: Layout) -> list[Endpoint]:
    """The search endpoints of a site; the first is the one its header form uses."""
    generic = Endpoint(f"{layout.p}/search/", "searchword", "page")
    if layout.p:  # a site under a shared platform's path has only the generic search
        return [generic]
    if layout.site.cms == "trs":
        channel = 10_000 + int(layout.site.site_code[-4:])
        return [Endpoint("/was5/web/search", "searchword", "page", (("channelid", str(channel)),)), generic]
    if layout.site.cms == "hanweb":
        webid = str(int(layout.site.site_code[3:6]))
        return [Endpoint("/jrobot/search.do", "q", "p", (("webid", webid), ("pg", str(PER_PAGE)))), generic]
    return [generic]


def form_html(layout: Layout) -> str:
    """The header search form (GET) of a site."""
    ep = endpoints(layout)[0]
    hidden = "".join(f'<input type="hidden" name="{k}" value="{v}">' for k, v in ep.hidden)
    return (
        f'<form action="{ep.path}" method="get" name="searchform">{hidden}'
        f'<input name="{ep.query_key}" placeholder="请输入关键字"><button>搜索</button></form>'
    )


def robots_disallow(layout: Layout) -> list[str]:
    """The search paths robots.txt disallows on a site's host ([] for a search-only site)."""
    if layout.site.search_only:
        return []
    roots = (
        ep.path if ep.path.endswith("/") else "/" + ep.path.split("/")[1] + "/" for ep in endpoints(layout)
    )
    return list(dict.fromkeys(roots))


def matches(title: str, query: str) -> bool:
    """Every whitespace-separated term of ``query`` occurs in ``title`` (case-insensitive); never for ''."""
    terms = query.lower().split()
    return bool(terms) and all(term in title.lower() for term in terms)


def decode_param(raw: str) -> str:
    """A percent-encoded query value as text: UTF-8, else GB18030."""
    data = unquote_to_bytes(raw.replace("+", " "))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030", "replace")


def parse_query(query: str) -> dict[str, str]:
    """The first value of each parameter of a query string, decoded by ``decode_param``."""
    out: dict[str, str] = {}
    for pair in query.split("&"):
        key, _, value = pair.partition("=")
        if key and key not in out:
            out[key] = decode_param(value)
    return out


def answer(layout: Layout, path: str, query: str) -> Reply | None:
    """The results page for a search URL of ``layout``'s site, or None when ``path`` is not one."""
    endpoint = next((ep for ep in endpoints(layout) if path == ep.path), None)
    if endpoint is None:
        return None
    params = parse_query(query)
    words = params.get(endpoint.query_key, "").strip()
    try:
        page = max(1, int(params.get(endpoint.page_key, "1")))
    except ValueError:
        page = 1
    hits = [e for e in layout.site.entries if matches(common.title_of(e), words)]
    return results_page(layout, endpoint, words, hits, page)


def results_page(layout: Layout, endpoint: Endpoint, words: str, hits: list[Entry], page: int) -> Reply:
    """One page of results with the site's chrome: count line, result list, pager."""
    chunks = paginate(hits, PER_PAGE)
    chunk = chunks[page - 1] if page <= len(chunks) else []
    items = [
        (common.title_of(e), layout.link(layout.info_host, layout.detail(e)), e.published.isoformat())
        for e in chunk
    ]
    shown = escape(words)
    intro = f"<p>找到与“{shown}”相关的结果 {len(hits)} 条</p>" if words else "<p>请输入关键字后搜索。</p>"
    body = (
        f'<div class="search-result">{intro}{common.listing_items(items)}'
        f"{pager(layout, endpoint, words, page, len(chunks)) if hits else ''}</div>"
    )
    parts = chrome.Parts(
        title=f"{SEARCH_TITLE}：{words}" if words else SEARCH_TITLE,
        body=body,
        crumbs=[(SEARCH_TITLE, endpoint.path)],
        column=SEARCH_TITLE,
        container=('<div class="search-main">', "</div>"),
    )
    return layout.page_html(parts)


def search_url(layout: Layout, endpoint: Endpoint, words: str, page: int) -> str:
    """The path and query of one results page (the query encoded in the site's charset)."""
    charset = "gb18030" if layout.charset.startswith("gb") else "utf-8"
    params = [*endpoint.hidden, (endpoint.query_key, words), (endpoint.page_key, str(page))]
    return endpoint.path + "?" + "&amp;".join(f"{k}={quote(v, encoding=charset)}" for k, v in params)


def pager(layout: Layout, endpoint: Endpoint, words: str, page: int, pages: int) -> str:
    """共N页 line with 首页 / 上一页 / numbered pages / 下一页 / 尾页 links."""
    links = [(1, "首页"), (max(1, page - 1), "上一页")]
    links += [(n, str(n)) for n in range(1, pages + 1)]
    links += [(min(pages, page + 1), "下一页"), (pages, "尾页")]
    anchors = " ".join(
        f'<a href="{search_url(layout, endpoint, words, n)}">{label}</a>' if n != page else f"<b>{label}</b>"
        for n, label in links
    )
    return f'<div class="page">共{pages}页 第{page}页 {anchors}</div>'
