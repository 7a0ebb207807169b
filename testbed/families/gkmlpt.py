"""Guangdong gkmlpt (政府信息公开目录平台): a JSON listing API ``/gkmlpt/api/all/{catId}?page=N&sid={sid}``
(``articles[]``, ``total``); the category tree is printed on ``/gkmlpt/index``; detail pages
``/gkmlpt/content/{a}/{b}/post_{id}.html`` carry the body only inside an embedded ``DETAIL: {…}`` object.
"""

from __future__ import annotations

import calendar
import json
from functools import partial

from testbed import chrome
from testbed.families import common
from testbed.families.base import Layout
from testbed.model import Entry
from testbed.pages import Page, Reply, html, json_reply, paginate


class GkmlptLayout(Layout):
    family = "gkmlpt"
    per_page = 10
    container = ('<div class="content" id="content">', "</div>")

    @property
    def sid(self) -> int:
        return 750000 + int(self.site.site_code[-4:])

    @property
    def cat(self) -> int:
        return 2000 + int(self.site.site_code[2:6]) % 7000

    def xxgk(self) -> str:
        return "/gkmlpt/index"

    def listing(self, n: int) -> str:
        return f"/gkmlpt/api/all/{self.cat}?page={n + 1}&sid={self.sid}"

    def detail(self, entry: Entry) -> str:
        n = entry.number
        return f"/gkmlpt/content/{n // 10**8 % 10}/{n // 1000}/post_{n}.html"

    def duplicate(self, entry: Entry) -> str:
        n = entry.number + 1
        return f"/gkmlpt/content/{n // 10**8 % 10}/{n // 1000}/post_{n}.html"

    def attachment(self, entry: Entry, file_type: str) -> str:
        k = entry.attachments.index(file_type)
        return f"/attachment/0/{entry.number % 997}/{entry.number}{k}.{common.file_ext(file_type)}"

    def crumbs(self) -> list[tuple[str, str]]:
        return [
            ("政务公开", self.zwgk()),
            ("政府信息公开", self.xxgk()),
            (common.COLUMN_NAME, f"{self.xxgk()}#{self.cat}"),
        ]

    def tree(self) -> list[dict[str, object]]:
        return [
            {"id": self.cat - 3, "name": "政府信息公开指南", "parent": 0},
            {"id": self.cat, "name": common.COLUMN_NAME, "parent": 0, "url": f"/gkmlpt/index#{self.cat}"},
        ]

    def listing_pages(self) -> list[Page]:
        chunks = paginate(self.site.entries, self.per_page)
        index = Page(self.site.host, self.xxgk(), "column", self.site, self.index_reply)
        api = [
            Page(self.site.host, self.listing(n), "listing", self.site, partial(self.api_reply, c))
            for n, c in enumerate(chunks)
        ]
        return [index, *api]

    def nav_pages(self) -> list[Page]:
        return [p for p in super().nav_pages() if p.path != self.xxgk()]

    def index_reply(self) -> Reply:
        config = json.dumps(
            {"SID": self.sid, "TREE": self.tree(), "API": "/gkmlpt/api/all/{catId}?page={page}&sid={sid}"},
            ensure_ascii=False,
        )
        body = '<div id="app"><div class="tree"></div><div class="list"></div></div>'
        script = (
            f'<script>window._CONFIG = {config};</script><script src="/gkmlpt/static/js/app.js"></script>'
        )
        parts = chrome.Parts(
            title="政府信息公开",
            body=body,
            crumbs=self.crumbs()[:2],
            column="政府信息公开",
            tail_extra=script,
        )
        return html(chrome.render(self.site, parts, self.province))

    def api_reply(self, chunk: list[Entry]) -> Reply:
        articles = [
            {
                "id": e.number,
                "identifier": f"{self.site.site_code[:6]}/{e.published.year}-{e.number % 100000:05d}",
                "title": common.title_of(e),
                "publisher": e.issuer.name,
                "display_publish_time": calendar.timegm(e.published.timetuple()) + 3600,
                "date": e.published.isoformat(),
                "url": f"http://{self.site.host}{self.detail(e)}",
            }
            for e in chunk
        ]
        return json_reply(
            json.dumps({"total": len(self.site.entries), "articles": articles}, ensure_ascii=False)
        )

    def detail_pages(
        self, entry: Entry, path: str, neighbours: tuple[Entry | None, Entry | None]
    ) -> list[Page]:
        pages = super().detail_pages(entry, path, neighbours)
        pages[0].render = lambda: self.detail_reply(entry, path)
        return pages

    def detail_reply(self, entry: Entry, path: str) -> Reply:
        body, _ = common.body_of(entry)
        spammed = common.spammed_body(entry, body)
        _, links = common.asset_pages(self.site, entry, path, lambda ft: self.attachment(entry, ft))
        detail = {
            "id": entry.number,
            "title": common.title_of(entry),
            "publisher": entry.issuer.name,
            "date": common.stamp(entry),
            "content": spammed.body,
            "attachment": [{"name": n, "url": h} for n, h in links],
        }
        script = (
            f"<script>window._CONFIG = {{\n  DETAIL: {json.dumps(detail, ensure_ascii=False)},\n"
            f"  TREE: {json.dumps(self.tree(), ensure_ascii=False)}\n}};</script>"
        )
        parts = chrome.Parts(
            title=common.title_of(entry),
            body="",
            crumbs=self.crumbs(),
            column=common.COLUMN_NAME,
            published=common.stamp(entry),
            source=entry.issuer.name,
            article=True,
            container=self.container,
            style=spammed.style,
            tail_extra=script,
        )
        return html(chrome.render(self.site, parts, self.province))
