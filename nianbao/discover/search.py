"""Site search, the fallback way to a portal's 年报 column when no menu leads to it (issue #7).

Pure: ``search_forms(body, url, content_type)`` reads a page's GET search forms (action, query field, the
hidden fields it submits, the charset it submits in) or, when the page has none, the search URL of the CMS
family the page shows (TRS WAS5 ``/was5/web/search``, Hanweb ``/jrobot/search.do``); ``search_urls`` builds
the result-page URLs for the queries a 年报 title contains. A results page is an ordinary list of links:
``analyze_page`` finds its report links and its 下一页/numbered pages as on any listing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlencode, urljoin, urlsplit, urlunsplit

import lxml.html

from nianbao.discover.htmldoc import decode_body, parse_html

QUERIES = ("信息公开年报", "信息公开年度报告", "信息公开工作年度报告")
"""Search terms covering the three title forms (…公开年报, …公开年度报告, …公开工作年度报告) under the
substring match of most CMS searches; a tokenising search finds the same reports with them."""

_QUERY_NAMES = re.compile(
    r"^(?:searchword|searchwords|q|query|keyword|keywords|kw|wd|word|key|sword|searchkey|searchtext|"
    r"search_text|search|title|text|content|qt|s)$",
    re.IGNORECASE,
)
_SEARCHISH = re.compile(r"search|sousuo|jrobot|was5|jsearch|fulltext|query|retrieval", re.IGNORECASE)
_TEXT_TYPES = ("", "text", "search")
_CHARSET = re.compile(r"""charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", re.IGNORECASE)
_GB = ("gb2312", "gbk", "gb18030", "x-gbk", "cp936")
_WEBID = re.compile(r"""webid['"]?\s*[:=]\s*['"]?(\d+)""", re.IGNORECASE)


@dataclass(frozen=True)
class SearchForm:
    """A GET search: where it goes, the field the words go in, what else it submits, in which charset."""

    action: str  # absolute URL; its own query string is replaced by the form data, as browsers do
    field: str
    hidden: tuple[tuple[str, str], ...] = ()
    charset: str = "utf-8"
    source: str = "form"  # "form", or "candidate:<family>" for a CMS's usual search URL

    def url_for(self, words: str) -> str:
        """The results URL for ``words``, encoded as a browser submitting this form would."""
        parts = urlsplit(self.action)
        params = [*self.hidden, (self.field, words)]
        query = urlencode(params, encoding=self.charset, errors="xmlcharrefreplace")
        return urlunsplit(parts._replace(query=query, fragment=""))


def search_forms(body: bytes, url: str, content_type: str = "") -> list[SearchForm]:
    """The page's search forms, best first; else the usual search URL of the CMS it is built with."""
    text = decode_body(body, content_type)
    root = parse_html(text)
    if root is None:
        return []
    charset = page_charset(body, content_type)
    found = [f for f in (form_of(node, url, charset) for node in root.iter("form")) if f is not None]
    found.sort(key=lambda f: -_score(f))
    return list({f.url_for(""): f for f in found}.values()) or candidate_forms(text, url)


def search_urls(forms: list[SearchForm], queries: tuple[str, ...] = QUERIES, limit: int = 1) -> list[str]:
    """Results URLs of the first ``limit`` forms for every query, in order, without duplicates."""
    return list(dict.fromkeys(form.url_for(q) for form in forms[:limit] for q in queries))


def page_charset(body: bytes, content_type: str = "") -> str:
    """The charset the page declares (header first, then a ``<meta>``), GB names as gb18030; utf-8 else."""
    for source in (content_type, body[:2048].decode("latin-1")):
        match = _CHARSET.search(source)
        if match:
            name = match.group(1).lower()
            return "gb18030" if name in _GB else name
    return "utf-8"


def form_of(node: lxml.html.HtmlElement, page_url: str, charset: str = "utf-8") -> SearchForm | None:
    """A ``SearchForm`` for a GET ``<form>`` with a text field to type words in, else None."""
    if (node.get("method") or "get").strip().lower() != "get":
        return None
    fields = list(node.iter("input", "select", "textarea"))
    if any((f.get("type") or "").lower() == "password" for f in fields):
        return None
    texts = [f for f in fields if f.tag == "input" and (f.get("type") or "").lower() in _TEXT_TYPES]
    named = [f for f in texts if f.get("name")]
    query_field = next((f for f in named if _QUERY_NAMES.match(f.get("name", ""))), None)
    action = (node.get("action") or "").strip()
    if query_field is None and len(named) == 1 and _SEARCHISH.search(action + " " + _attrs(node)):
        query_field = named[0]
    if query_field is None or action.lower().startswith(("javascript:", "mailto:")):
        return None
    hidden = tuple(
        (f.get("name", ""), value)
        for f in fields
        if f is not query_field and f.get("name") and (value := _submitted(f)) is not None
    )
    accept = (node.get("accept-charset") or "").split()
    own = accept[0].lower() if accept else charset
    return SearchForm(
        urljoin(page_url, action) if action else page_url.split("#")[0],
        query_field.get("name", ""),
        hidden,
        "gb18030" if own in _GB else own,
    )


def candidate_forms(text: str, url: str) -> list[SearchForm]:
    """The usual search URL of the CMS whose markers the page shows (none for an unknown CMS)."""
    root = f"{urlsplit(url).scheme}://{urlsplit(url).netloc}"
    lowered = text.lower()
    if "/module/web/jpage/" in lowered or "jpageform_" in lowered or "/col/col" in url:
        webid = _WEBID.search(text)
        hidden = (("webid", webid.group(1)),) if webid else ()
        return [SearchForm(f"{root}/jrobot/search.do", "q", hidden, source="candidate:hanweb")]
    if "trs_editor" in lowered or "createpagehtml" in lowered or re.search(r"/t\d{8}_\d+", lowered):
        return [SearchForm(f"{root}/was5/web/search", "searchword", source="candidate:trs")]
    return []


def _attrs(node: lxml.html.HtmlElement) -> str:
    return " ".join(node.get(a) or "" for a in ("id", "name", "class"))


def _submitted(field: lxml.html.HtmlElement) -> str | None:
    """What a field submits untouched: hidden and text values, a select's chosen option; None for buttons,
    unchecked boxes and fields without a value to send."""
    kind = (field.get("type") or "").lower()
    if field.tag == "select":
        options = list(field.iter("option"))
        chosen = next((o for o in options if o.get("selected") is not None), options[0] if options else None)
        return None if chosen is None else (chosen.get("value") or chosen.text_content()).strip()
    if field.tag == "textarea" or kind in ("submit", "button", "image", "reset", "file"):
        return None
    if kind in ("checkbox", "radio") and field.get("checked") is None:
        return None
    return field.get("value") or ""


def _score(form: SearchForm) -> int:
    action = urlsplit(form.action).path
    return 2 * bool(_SEARCHISH.search(action)) + bool(_QUERY_NAMES.match(form.field))
