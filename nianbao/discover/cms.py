"""Listing requests of the CMS families that page through a data endpoint (domain.md §8).

- Hanweb JCMS: POST ``/module/web/jpage/dataproxy.jsp?startrecord=&endrecord=&perpage=`` with the column's
  form (``col=1&appid=1&webid=…&path=/&columnid=…&sourceContentType=1&unitid=…&webname=…&permissiontype=0``);
  ``unitid`` from ``jpageform_(\\d+)`` or ``unitid=``, the record count from ``totalRecord``/``<totalrecord>``.
- LonSun excms: ``/public/column/{organId}?type=3&action=list&pageIndex=P``, page count from the page.
- gkmlpt: ``{base}/gkmlpt/api/all/{catId}?page=N&sid={siteId}``; the JSON answer's ``total`` gives the rest
  (``pagination.json_pages``).
"""

from __future__ import annotations

import math
import re
from urllib.parse import parse_qsl, unquote, urlencode, urljoin, urlsplit

from nianbao.discover.model import ListingRequest

MAX_PAGES = 500
_FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def _find(patterns: tuple[str, ...], text: str) -> str:
    for pattern in patterns:
        match = re.search(pattern, text, re.IGNORECASE)
        if match:
            return match.group(1)
    return ""


def _key(name: str) -> tuple[str, ...]:
    return (rf"\b{name}['\"]?\s*[:=]\s*['\"]?(\d+)",)


# --- Hanweb JCMS -----------------------------------------------------------------------------------
def hanweb_form(text: str, url: str) -> dict[str, str] | None:
    """The dataproxy form of a Hanweb column page (None when the page has no jpage listing)."""
    if "dataproxy.jsp" not in text and "jpage" not in text.lower():
        return None
    unitid = _find((r"jpageform_(\d+)", *_key("unitid")), text)
    columnid = _find((*_key("columnid"), r"/col/col(\d+)/"), text + "\n" + url)
    if not unitid or not columnid:
        return None
    webname = _find((r"\bwebname['\"]?\s*[:=]\s*['\"]([^'\"&]*)['\"]", r"webname=([^&'\"<>\s]+)"), text)
    return {
        "col": "1",
        "appid": "1",
        "webid": _find(_key("webid"), text) or "1",
        "path": "/",
        "columnid": columnid,
        "sourceContentType": "1",
        "unitid": unitid,
        "webname": unquote(webname),
        "permissiontype": "0",
    }


def hanweb_requests(text: str, url: str) -> list[ListingRequest]:
    """One POST per listing page of a Hanweb column (the first page only when the total is unknown)."""
    form = hanweb_form(text, url)
    if form is None:
        return []
    proxy = urljoin(
        url, _find((r"['\"]?(/[\w/]*dataproxy\.jsp)",), text) or "/module/web/jpage/dataproxy.jsp"
    )
    perpage = int(_find((*_key("perpage"), r"perpage=(\d+)"), text) or 15) or 15
    total = _find((r"<totalrecord>\s*(\d+)", *_key("totalRecord")), text)
    if not total:
        return [_hanweb_request(proxy, 1, perpage, perpage, form, in_query=True)]
    return hanweb_pages(proxy, int(total), perpage, form)


def hanweb_pages(proxy: str, total: int, perpage: int, form: dict[str, str]) -> list[ListingRequest]:
    """POSTs covering records 1..total, ``perpage`` records each."""
    pages = min(math.ceil(total / perpage), MAX_PAGES)
    return [
        _hanweb_request(proxy, k * perpage + 1, min((k + 1) * perpage, total), perpage, form)
        for k in range(pages)
    ]


def _hanweb_request(
    proxy: str, start: int, end: int, perpage: int, form: dict[str, str], in_query: bool = False
) -> ListingRequest:
    query = {"startrecord": str(start), "endrecord": str(end), "perpage": str(perpage)}
    if in_query:  # lets the XML answer name the rest of the pages (see hanweb_answer_requests)
        query.update(form)
    return ListingRequest(f"{proxy}?{urlencode(query)}", "POST", urlencode(form), dict(_FORM), "hanweb")


def hanweb_answer_requests(xml_text: str, url: str) -> list[ListingRequest]:
    """Further pages named by a dataproxy XML answer: its ``<nextgroup>`` link, or the rest of the records
    when the request URL carried the column form."""
    out = [ListingRequest(urljoin(url, unquote(h)), family="hanweb") for h in _nextgroup_hrefs(xml_text)]
    query = dict(parse_qsl(urlsplit(url).query))
    total = _find((r"<totalrecord>\s*(\d+)",), xml_text)
    if total and "columnid" in query and "unitid" in query:
        form = {k: v for k, v in query.items() if k not in ("startrecord", "endrecord", "perpage")}
        perpage = int(query.get("perpage") or 15) or 15
        out += hanweb_pages(url.split("?", 1)[0], int(total), perpage, form)
    return out


def _nextgroup_hrefs(xml_text: str) -> list[str]:
    block = _find((r"<nextgroup>(.*?)</nextgroup>",), xml_text.replace("\n", " "))
    return re.findall(r"href\s*=\s*['\"]([^'\"]+)['\"]", block)


# --- LonSun excms -----------------------------------------------------------------------------------
def lonsun_requests(text: str, url: str) -> list[ListingRequest]:
    """``pageIndex`` pages of an excms 公开年报 list (type=3), when the page shows its page count."""
    parts = urlsplit(url)
    organ = _find((r"/public/column/(\d+)",), parts.path) or _find(_key("organId"), text)
    if not organ or ("/public/column/" not in url and "excms" not in text.lower()):
        return []
    count = _find((*_key("pageCount"), *_key("totalPages?"), r"共\s*(\d+)\s*页"), text)
    indexes = [int(n) for n in re.findall(r"pageIndex=(\d+)", text)]
    pages = max([int(count or 0), *indexes])
    if pages < 2:
        return []
    query = dict(parse_qsl(parts.query)) if "/public/column/" in parts.path else {}
    query.update({"type": "3", "action": "list"})
    current = int(query.get("pageIndex", "1") or 1)
    base = f"{parts.scheme}://{parts.netloc}/public/column/{organ}"
    urls = [
        f"{base}?{urlencode({**query, 'pageIndex': str(p)})}" for p in range(1, min(pages, MAX_PAGES) + 1)
    ]
    return [ListingRequest(u, family="lonsun") for i, u in enumerate(urls, 1) if i != current]


# --- Guangdong gkmlpt --------------------------------------------------------------------------------
_GK_CAT = (
    r"/gkmlpt/api/all/(\d+)",
    r"\{[^{}]*?\bid['\"]?\s*:\s*['\"]?(\d+)[^{}]*?\bname['\"]?\s*:\s*['\"][^'\"]*年报",
    r"\{[^{}]*?\bname['\"]?\s*:\s*['\"][^'\"]*年报[^{}]*?\bid['\"]?\s*:\s*['\"]?(\d+)",
)


def _gkmlpt_base(url: str) -> str:
    return url.split("/gkmlpt/", 1)[0] if "/gkmlpt/" in url else ""


def gkmlpt_requests(text: str, url: str) -> list[ListingRequest]:
    """The first API page of the 年报 category named in a gkmlpt page's script."""
    base = _gkmlpt_base(url) or _gkmlpt_base(_find((r"['\"]((?:https?:)?[^'\"]*/gkmlpt/)",), text))
    sid = _find((*_key("sid"), r"sid=(\d+)"), text)
    cat = _find(_GK_CAT, text)
    if not base or not sid or not cat:
        return []
    api = urljoin(url, f"{base}/gkmlpt/api/all/{cat}?{urlencode({'page': 1, 'sid': sid})}")
    return [ListingRequest(api, family="gkmlpt")]
