"""Crawler traps on a host: an infinite calendar, endless pagination, redirect chains and loops, a
robots.txt-disallowed path and a very large page. Entry points are pages of the truth (role ``other`` with a
``trap`` note); the infinite parts are answered by ``dynamic``.
"""

from __future__ import annotations

import re
from functools import partial

from testbed import chrome
from testbed.model import Site
from testbed.pages import Page, Reply, html

CHAIN_LENGTH = 5
BIG_PAGE_BYTES = 3_000_000
_CAL = re.compile(r"^/calendar/(\d{4})-(\d{2})\.html$")
_NEWS = re.compile(r"^/dongtai/list_(\d+)\.html$")
_GO = re.compile(r"^/go/(\d+)$")


def robots(site: Site, traps: bool, search_paths: list[str]) -> Page:
    """robots.txt of a host: the trap host's private path and the site's search paths disallowed."""
    disallowed = (["/private/"] if traps else []) + search_paths
    text = "User-agent: *\n" + "".join(f"Disallow: {path}\n" for path in disallowed)
    if not disallowed:
        text += "Disallow:\n"
    return Page(site.host, "/robots.txt", "other", site, lambda: Reply(200, text.encode(), "text/plain"))


def links(site: Site) -> list[tuple[str, str]]:
    """Links the home page of a trap host carries."""
    return [
        ("活动日历", "/calendar/2024-01.html"),
        ("部门动态", "/dongtai/list_1.html"),
        ("旧版网站", f"/go/{CHAIN_LENGTH}"),
        ("专题专栏", "/loop/a"),
        ("内部资料", "/private/index.html"),
        ("领导活动汇编", "/big/notice.html"),
    ]


def pages(site: Site) -> list[Page]:
    """The trap entry points (finite), for the page map and the truth."""
    out = []
    for _, path in links(site):
        note = {"trap": path.split("/")[1]}
        if path.startswith("/private/"):
            note["robots_disallowed"] = "true"
        out.append(Page(site.host, path, "other", site, partial(_answer, site, path), note=note))
    return out


def _answer(site: Site, path: str) -> Reply:
    return dynamic(site, path) or Reply(404)


def dynamic(site: Site, path: str) -> Reply | None:
    """Answer a trap URL, or None when ``path`` is not one."""
    if m := _CAL.match(path):
        return _calendar(site, int(m[1]), int(m[2]))
    if m := _NEWS.match(path):
        n = int(m[1])
        return _plain(
            site, f"部门动态 第{n}页", f'<p>暂无信息</p><a href="/dongtai/list_{n + 1}.html">下一页</a>'
        )
    if m := _GO.match(path):
        n = int(m[1])
        return Reply(302, b"", "text/html", [("Location", f"/go/{n - 1}" if n > 1 else "/")])
    if path in ("/loop/a", "/loop/b"):
        return Reply(301, b"", "text/html", [("Location", "/loop/b" if path.endswith("a") else "/loop/a")])
    if path == "/private/index.html":
        return _plain(site, "内部资料", "<p>内部资料，请勿外传。</p>")
    if path == "/big/notice.html":
        line = "<p>领导活动：深入基层调研，召开专题会议，研究部署重点工作。</p>"
        return _plain(site, "领导活动汇编", line * (BIG_PAGE_BYTES // len(line.encode())))
    return None


def _calendar(site: Site, year: int, month: int) -> Reply:
    prev_y, prev_m = (year, month - 1) if month > 1 else (year - 1, 12)
    next_y, next_m = (year, month + 1) if month < 12 else (year + 1, 1)
    days = "".join(f'<td><a href="/calendar/{year}-{month:02d}.html#d{d}">{d}</a></td>' for d in range(1, 29))
    body = (
        f'<a href="/calendar/{prev_y}-{prev_m:02d}.html">上个月</a> {year}年{month}月 '
        f'<a href="/calendar/{next_y}-{next_m:02d}.html">下个月</a><table><tr>{days}</tr></table>'
    )
    return _plain(site, f"活动日历 {year}年{month}月", body)


def _plain(site: Site, title: str, body: str) -> Reply:
    province = site.county.province if site.county else ""
    return html(chrome.render(site, chrome.Parts(title=title, body=body, meta=False), province))
