"""Does this answer need a real browser? Anti-bot answers and JS shells whose content arrives by XHR.

domain.md §10: 瑞数 answers 412 with an inline VM that sets cookies; 加速乐 answers 521 with
``document.cookie=`` JS or a ``go({…})`` hash challenge; 阿里云 sets ``acw_sc__v2`` from ``arg1=``; 广元's
districts answer 468. The stubs are ~1.2 KB of script with no text. A JS shell is a page whose list
container is empty and whose scripts fetch JSON.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, quote, urljoin, urlsplit

import lxml.html

from nianbao.discover.pagination import PAGE_KEYS
from nianbao.discover.urls import canonicalize_url

ANTIBOT_STATUSES = frozenset({412, 521, 468})
TINY_BODY = 2048
_CHALLENGES = (
    (re.compile(r"document\.cookie\s*=", re.IGNORECASE), "cookie challenge (document.cookie=)"),
    (re.compile(r"\bgo\(\s*\{"), "加速乐 hash challenge (go({)"),
    (re.compile(r"acw_sc__v2|\barg1\s*=", re.IGNORECASE), "阿里云 acw_sc__v2 challenge"),
    (re.compile(r"\$_ts\s*=|\$_ts\."), "瑞数 challenge ($_ts)"),
    (re.compile(r"__jsl_clearance", re.IGNORECASE), "加速乐 clearance cookie"),
)
_XHR = re.compile(
    r"\$\.(?:ajax|getJSON|get|post)\s*\(|\bfetch\s*\(|XMLHttpRequest|axios\.|\.jpage\s*\(", re.IGNORECASE
)
_XHR_URL = re.compile(
    r"(?:\burl\s*:\s*|\$\.(?:getJSON|get|post)\(\s*|\bfetch\(\s*|axios\.(?:get|post)\(\s*|"
    r"\.open\(\s*['\"](?:GET|POST)['\"]\s*,\s*)['\"`]([^'\"`\s]+)['\"`]",
    re.IGNORECASE,
)
_CONTAINER = re.compile(r"list|content|app|data|main|result|article|news|items?\b", re.IGNORECASE)
_FEW_CHARS = 20
_SHELL_TEXT = 400


_OPEN_PARAM = re.compile(r"[?&]([\w.-]+)=$")


def xhr_urls(scripts: str, base_url: str) -> list[str]:
    """URLs the page's scripts fetch (``$.ajax({url:…})``, ``fetch(…)``, ``$.getJSON(…)``, ``xhr.open``).

    A URL left open for the script to complete (``'/api/article?id=' + id``) is completed the way such
    scripts do: from the page's own query parameter of that name (``detail.html?id=7``), or page 1 for a
    page parameter; one that cannot be completed is left out."""
    found = []
    for raw in _XHR_URL.findall(scripts):
        if raw.lower().endswith((".js", ".css")) or "{" in raw or "+" in raw:
            continue
        url = _completed(canonicalize_url(urljoin(base_url, raw)), base_url)
        if url:
            found.append(url)
    return list(dict.fromkeys(found))


def _completed(url: str, page_url: str) -> str:
    """``url`` with its trailing open parameter filled in ('' when it cannot be)."""
    match = _OPEN_PARAM.search(url) if url else None
    if match is None:
        return url
    own = parse_qs(urlsplit(page_url).query).get(match.group(1))
    if own and own[0]:
        return url + quote(own[0], safe="")
    return url + "1" if match.group(1).lower() in PAGE_KEYS else ""


def antibot_reason(status: int, body: bytes, visible: str, found: bool = False) -> str:
    """Why the answer is an anti-bot wall ('' when it is not); ``found``: the page yielded links or data
    to follow, which a tiny challenge stub never does."""
    if status in ANTIBOT_STATUSES:
        return f"anti-bot status {status}"
    head = body[:65536].decode("utf-8", "replace")
    if len(body) < 8 * TINY_BODY or len(visible) < _FEW_CHARS:
        for pattern, reason in _CHALLENGES:
            if pattern.search(head):
                return reason
    if not found and len(body) < TINY_BODY and b"<script" in body.lower() and len(visible) < _FEW_CHARS:
        return "tiny script-only body"
    return ""


def has_empty_container(root: lxml.html.HtmlElement) -> bool:
    """An element named like a list/content container (id or class) with no text and no links."""
    for element in root.iter("div", "ul", "ol", "table", "tbody", "section", "main"):
        name = f"{element.get('id', '')} {element.get('class', '')}"
        if _CONTAINER.search(name) and not element.text_content().strip() and element.find(".//a") is None:
            return True
    return False


def shell_reason(root: lxml.html.HtmlElement, scripts: str, visible: str, found_items: bool) -> str:
    """Why the page is a JS shell whose content arrives by XHR ('' when it is not)."""
    if found_items or not _XHR.search(scripts):
        return ""
    if has_empty_container(root) and len(visible) < _SHELL_TEXT * 4:
        return "JS shell: empty list container filled by XHR"
    if len(visible) < _FEW_CHARS:
        return "JS shell: no text, content loaded by script"
    return ""
