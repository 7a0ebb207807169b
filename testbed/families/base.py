"""The site layout every family starts from: home → 政务公开 → 政府信息公开 → 年报 column → listings →
details, attachments and images. A family subclasses ``Layout`` and overrides its URL scheme, its body
container, its listing pages or its detail pages.
"""

from __future__ import annotations

from functools import partial
from html import escape

from testbed import chrome, search, traps
from testbed.families import common
from testbed.model import Entry, Site
from testbed.pages import Page, Reply, html, paginate


class Layout:
    family = "generic"
    per_page = 10
    container = ('<div id="zoom">', "</div>")
    charset = "utf-8"

    def __init__(self, site: Site, traps_on: bool = False) -> None:
        self.site = site
        self.p = site.prefix
        self.traps_on = traps_on
        self.info_host = site.xxgk or site.host  # host of the 信息公开 platform
        self.province = site.county.province if site.county else ""

    # URL scheme -----------------------------------------------------------------------------------------
    def home(self) -> str:
        return f"{self.p}/"

    def zwgk(self) -> str:
        return f"{self.p}/zwgk/"

    def xxgk(self) -> str:
        return f"{self.p}/zwgk/zfxxgk/index.html"

    def listing(self, n: int) -> str:
        base = f"{self.p}/zwgk/zfxxgk/{self.site.slug}/"
        return base + ("index.html" if n == 0 else f"list_{n + 1}.html")

    def detail(self, entry: Entry) -> str:
        return f"{self.p}/zwgk/zfxxgk/{self.site.slug}/{entry.published:%Y}/{entry.number}.html"

    def duplicate(self, entry: Entry) -> str:
        return f"{self.p}/zwgk/fdzdgknr/{entry.published:%Y%m}/{entry.number}.html"

    def attachment(self, entry: Entry, file_type: str) -> str:
        return f"{self.p}/uploads/{entry.published:%Y%m}/{entry.number}.{common.file_ext(file_type)}"

    def container_for(self, entry: Entry) -> tuple[str, str]:
        return self.container

    def dynamic(self, path: str, query: str, body: bytes) -> Reply | None:
        """Answer URLs outside the page map (query-driven APIs); None when not one of them."""
        return None

    def render_page(self, site: Site, parts: chrome.Parts, province: str) -> str:
        return chrome.render(site, parts, province)

    def page_html(self, parts: chrome.Parts) -> Reply:
        parts.charset = self.charset
        return html(self.render_page(self.site, parts, self.province), self.charset)

    def link(self, host: str, path: str) -> str:
        """``path`` as linked from a page on ``self.site.host``: absolute when on another host."""
        return path if host == self.site.host else f"http://{host}{path}"

    # Pages ----------------------------------------------------------------------------------------------
    def pages(self) -> list[Page]:
        out = common.static_pages(self.site)
        if self.info_host != self.site.host:
            out += common.static_pages(self.site, self.info_host)
            root = Reply(302, b"", "text/html", [("Location", self.xxgk())])
            out.append(
                Page(self.info_host, "/", "other", self.site, lambda: root, note={"redirect_to": self.xxgk()})
            )
        if not self.p:
            out.append(traps.robots(self.site, self.traps_on, search.robots_disallow(self)))
            if self.traps_on:
                out += traps.pages(self.site)
        out += self.nav_pages() + self.listing_pages()
        entries = self.site.entries
        for i, entry in enumerate(entries):
            neighbours = (entries[i - 1] if i else None, entries[i + 1] if i + 1 < len(entries) else None)
            out += self.detail_pages(entry, self.detail(entry), neighbours)
            if entry.duplicate:
                dup = self.detail_pages(entry, self.duplicate(entry), (None, None))[0]
                dup.note["duplicate_of"] = f"http://{self.info_host}{self.detail(entry)}"
                out.append(dup)
        if self.site.search_only:  # recorded in the truth: these are found by site search only
            for page in out:
                if page.role in ("column", "listing", "report", "report_attachment", "distractor"):
                    page.note["search_only"] = True
        return out

    def crumbs(self) -> list[tuple[str, str]]:
        zwgk = self.link(self.site.host, self.zwgk())
        return [("政务公开", zwgk), ("政府信息公开", self.xxgk()), ("政府信息公开年报", self.listing(0))]

    def nav_pages(self) -> list[Page]:
        s = self.site
        column_link = self.link(self.info_host, self.listing(0))
        xxgk_link = self.link(self.info_host, self.xxgk())
        home = [
            ("最新公开：" + str(e.year) + "年度报告", self.duplicate(e)) for e in s.entries if e.duplicate
        ]
        home += traps.links(s) if self.traps_on and not self.p else []
        nav = [
            ("政府信息公开", xxgk_link),
            ("政府信息公开指南", xxgk_link),
            ("政府信息公开年报", column_link),
        ]
        xxgk_items = [
            ("政府信息公开指南", xxgk_link),
            ("政府信息公开制度", xxgk_link),
            ("法定主动公开内容", xxgk_link),
            ("政府信息公开年报", self.listing(0)),
        ]
        if s.search_only:  # the column exists, but no menu leads to it
            nav, xxgk_items = nav[:-1], xxgk_items[:-1]
        return [
            Page(s.host, self.home(), "other", s, lambda: self.page_html(self._nav_parts(s.name, home, []))),
            Page(
                s.host,
                self.zwgk(),
                "column",
                s,
                lambda: self.page_html(self._nav_parts("政务公开", nav, [("政务公开", self.zwgk())])),
            ),
            Page(
                self.info_host,
                self.xxgk(),
                "column",
                s,
                lambda: self.page_html(self._nav_parts("政府信息公开", xxgk_items, self.crumbs()[:2])),
            ),
        ]

    def _nav_parts(
        self, title: str, links: list[tuple[str, str]], crumbs: list[tuple[str, str]]
    ) -> chrome.Parts:
        items = "".join(f'<li><a href="{h}">{escape(t)}</a></li>' for t, h in links)
        news = [
            (common.title_of(e), self.link(self.info_host, self.detail(e)), e.published.isoformat())
            for e in self.site.entries
            if e.distractor_kind == "news"
        ]
        body = f'<ul class="menu">{items}</ul>' + (common.listing_items(news) if not crumbs else "")
        return chrome.Parts(
            title=title,
            body=body,
            crumbs=crumbs,
            column=title,
            meta=bool(crumbs) or len(self.site.name) % 2 == 0,
        )

    def listing_pages(self) -> list[Page]:
        chunks = paginate(self.site.entries, self.per_page)
        return [
            Page(
                self.info_host,
                self.listing(n),
                "column" if n == 0 else "listing",
                self.site,
                partial(self.listing_reply, n, chunk, len(chunks)),
            )
            for n, chunk in enumerate(chunks)
        ]

    def listing_reply(self, n: int, chunk: list[Entry], total: int) -> Reply:
        items = [(common.title_of(e), self.detail(e), e.published.isoformat()) for e in chunk]
        pager = "".join(
            f'<a href="{self.listing(k)}">{label}</a>'
            for k, label in (
                (0, "首页"),
                (max(0, n - 1), "上一页"),
                (min(total - 1, n + 1), "下一页"),
                (total - 1, "尾页"),
            )
        )
        body = common.listing_items(items) + f'<div class="page">共{total}页 {pager}</div>'
        parts = chrome.Parts(
            title=common.COLUMN_NAME, body=body, crumbs=self.crumbs(), column=common.COLUMN_NAME
        )
        return self.page_html(parts)

    def detail_pages(
        self, entry: Entry, path: str, neighbours: tuple[Entry | None, Entry | None]
    ) -> list[Page]:
        assets, links = common.asset_pages(
            self.site, entry, path, lambda ft: self.attachment(entry, ft), self.info_host
        )

        def parts() -> chrome.Parts:
            body, _ = common.body_of(entry)
            p = common.detail_parts(
                self.site,
                entry,
                self.crumbs(),
                self.container_for(entry),
                body,
                links,
                meta=entry.number % 7 != 0,
            )
            p.prev_next = tuple(  # type: ignore[assignment]
                (common.title_of(e), self.detail(e)) if e else None for e in neighbours
            )
            p.charset = self.charset
            return p

        page = common.article_page(
            self.site, entry, path, parts, self.charset, self.info_host, self.render_page
        )
        return [page, *assets]
