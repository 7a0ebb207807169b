"""A JS-only portal: the column and article pages are empty shells; the list and the article arrive by XHR
JSON (``/api/xxgk/list?col=nb&page=N``, ``/api/xxgk/article?id=ID``). The raw HTML has neither, so only a
client that runs the scripts (Chromium) sees the reports.
"""

from __future__ import annotations

import json
from functools import partial

from testbed import chrome
from testbed.families import common
from testbed.families.base import Layout
from testbed.model import Entry
from testbed.pages import Page, Reply, html, json_reply, paginate

LIST_SCRIPT = """<script>
(function () {
  var page = parseInt(new URLSearchParams(location.search).get('page') || '1', 10);
  var xhr = new XMLHttpRequest();
  xhr.open('GET', '/api/xxgk/list?col=nb&page=' + page);
  xhr.onload = function () {
    var data = JSON.parse(xhr.responseText), ul = document.getElementById('list');
    data.items.forEach(function (it) {
      var li = document.createElement('li'), a = document.createElement('a');
      a.href = it.url; a.textContent = it.title; li.appendChild(a);
      var s = document.createElement('span'); s.textContent = it.date; li.appendChild(s); ul.appendChild(li);
    });
    var pager = document.getElementById('pager');
    for (var k = 1; k <= data.pages; k++) {
      var a = document.createElement('a'); a.href = '?page=' + k; a.textContent = k; pager.appendChild(a);
    }
  };
  xhr.send();
})();
</script>"""

ARTICLE_SCRIPT = """<script>
(function () {
  var id = new URLSearchParams(location.search).get('id');
  fetch('/api/xxgk/article?id=' + id).then(function (r) { return r.json(); }).then(function (d) {
    document.title = d.title;
    document.getElementById('title').textContent = d.title;
    document.getElementById('info').textContent = '来源：' + d.source + ' 发布日期：' + d.date;
    document.getElementById('content').innerHTML = d.content;
    var box = document.getElementById('files');
    d.attachments.forEach(function (f) {
      var a = document.createElement('a'); a.href = f.url; a.textContent = f.name; box.appendChild(a);
    });
  });
})();
</script>"""


class JsPortalLayout(Layout):
    family = "jsportal"
    per_page = 10
    container = ('<div id="content" class="article-body">', "</div>")

    def listing(self, n: int) -> str:
        return "/xxgk/nb/index.html" + (f"?page={n + 1}" if n else "")

    def detail(self, entry: Entry) -> str:
        return f"/xxgk/nb/detail.html?id={entry.number}"

    def duplicate(self, entry: Entry) -> str:
        return f"/xxgk/zdgk/detail.html?id={entry.number}"

    def attachment(self, entry: Entry, file_type: str) -> str:
        return f"/files/{entry.published:%Y}/{entry.number}{entry.attachments.index(file_type)}.{common.file_ext(file_type)}"

    def listing_pages(self) -> list[Page]:
        chunks = paginate(self.site.entries, self.per_page)
        out = []
        for n, chunk in enumerate(chunks):
            out.append(
                Page(
                    self.site.host,
                    self.listing(n),
                    "column" if n == 0 else "listing",
                    self.site,
                    self.shell_list,
                )
            )
            out.append(
                Page(
                    self.site.host,
                    f"/api/xxgk/list?col=nb&page={n + 1}",
                    "listing",
                    self.site,
                    partial(self.list_json, chunk, len(chunks)),
                )
            )
        return out

    def shell_list(self) -> Reply:
        body = '<ul id="list" class="list"></ul><div id="pager" class="page"></div>'
        parts = chrome.Parts(
            title=common.COLUMN_NAME,
            body=body,
            crumbs=self.crumbs(),
            column=common.COLUMN_NAME,
            tail_extra=LIST_SCRIPT,
        )
        return html(chrome.render(self.site, parts, self.province))

    def list_json(self, chunk: list[Entry], pages: int) -> Reply:
        items = [
            {
                "id": e.number,
                "title": common.title_of(e),
                "date": e.published.isoformat(),
                "url": self.detail(e),
            }
            for e in chunk
        ]
        data = {"total": len(self.site.entries), "pages": pages, "items": items}
        return json_reply(json.dumps(data, ensure_ascii=False))

    def detail_pages(
        self, entry: Entry, path: str, neighbours: tuple[Entry | None, Entry | None]
    ) -> list[Page]:
        pages = super().detail_pages(entry, path, neighbours)
        pages[0].render = self.shell_article
        api = f"/api/xxgk/article?id={entry.number}"
        if path == self.detail(entry):
            pages.append(
                Page(
                    self.site.host,
                    api,
                    "other",
                    self.site,
                    lambda: self.article_json(entry, path),
                    entry,
                    note={"part_of": f"http://{self.site.host}{path}"},
                )
            )
        return pages

    def shell_article(self) -> Reply:
        body = '<h1 id="title"></h1><div id="info" class="info"></div>'
        parts = chrome.Parts(
            title="详情",
            body="",
            crumbs=self.crumbs(),
            column=common.COLUMN_NAME,
            meta=False,
            container=(body + self.container[0], self.container[1]),
            tail_extra='<div id="files" class="fjxz"></div>' + ARTICLE_SCRIPT,
        )
        return html(chrome.render(self.site, parts, self.province))

    def article_json(self, entry: Entry, path: str) -> Reply:
        body, _ = common.body_of(entry)
        spammed = common.spammed_body(entry, body)
        _, links = common.asset_pages(self.site, entry, path, lambda ft: self.attachment(entry, ft))
        data = {
            "id": entry.number,
            "title": common.title_of(entry),
            "source": entry.issuer.name,
            "date": common.stamp(entry),
            "content": spammed.body,
            "attachments": [{"name": n, "url": h} for n, h in links],
        }
        return json_reply(json.dumps(data, ensure_ascii=False))
