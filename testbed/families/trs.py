"""TRS WCM (拓尔思): ``index.html``/``index_N.html`` listings whose page links exist only in a
``createPageHTML(...)`` script call; details ``…/YYYYMM/tYYYYMMDD_ID.html`` with the body in
``div.TRS_Editor``; attachments ``P0…pdf``/``W0…doc``; multi-page articles continue on ``…_1.html``.
"""

from __future__ import annotations

from testbed import chrome
from testbed.families import common
from testbed.families.base import Layout
from testbed.model import Entry
from testbed.pages import Page, Reply, html


class TrsLayout(Layout):
    family = "trs"
    per_page = 15
    container = (
        '<div class="view TRS_UEDITOR trs_paper_default trs_web"><div class="TRS_Editor">',
        "</div></div>",
    )

    def column_base(self) -> str:
        return f"{self.p}/zwgk/zfxxgk/{self.site.slug}/"

    def listing(self, n: int) -> str:
        return self.column_base() + ("index.html" if n == 0 else f"index_{n}.html")

    def detail(self, entry: Entry) -> str:
        d = entry.published
        return f"{self.column_base()}{d:%Y%m}/t{d:%Y%m%d}_{entry.number}.html"

    def duplicate(self, entry: Entry) -> str:
        d = entry.published
        return f"{self.p}/zwgk/zfxxgk/fdzdgknr/qtfdxx/{d:%Y%m}/t{d:%Y%m%d}_{entry.number + 1}.html"

    def attachment(self, entry: Entry, file_type: str) -> str:
        d = entry.published
        letter = "W" if file_type.startswith("doc") else "P"
        k = entry.attachments.index(file_type)
        return f"{self.column_base()}{d:%Y%m}/{letter}0{d:%Y%m%d}{entry.number % 100000:05d}{k}.{common.file_ext(file_type)}"

    def listing_reply(self, n: int, chunk: list[Entry], total: int) -> Reply:
        items = [
            (
                common.title_of(e),
                "./" + self.detail(e).removeprefix(self.column_base()),
                e.published.isoformat(),
            )
            for e in chunk
        ]
        script = (
            f'<div class="page"><script>var countPage = {total};'
            f'createPageHTML({total}, {n}, "index", "html");</script></div>'
        )
        parts = chrome.Parts(
            title=common.COLUMN_NAME,
            body=common.listing_items(items) + script,
            crumbs=self.crumbs(),
            column=common.COLUMN_NAME,
            head_extra='<script src="/js/trs_page.js"></script>',
        )
        return html(chrome.render(self.site, parts, self.province))

    def detail_pages(
        self, entry: Entry, path: str, neighbours: tuple[Entry | None, Entry | None]
    ) -> list[Page]:
        pages = super().detail_pages(entry, path, neighbours)
        if not entry.multipage or path != self.detail(entry):
            return pages
        second = path.replace(".html", "_1.html")
        pages[0].render = lambda: self._part(entry, path, 0, second)
        part2 = Page(
            self.info_host,
            second,
            "report",
            self.site,
            lambda: self._part(entry, path, 1, second),
            entry,
            note={"part_of": f"http://{self.info_host}{path}"},
        )
        pages[0].note["pages"] = [f"http://{self.info_host}{path}", f"http://{self.info_host}{second}"]
        return [pages[0], part2, *pages[1:]]

    def _part(self, entry: Entry, path: str, index: int, second: str) -> Reply:
        body, _ = common.body_of(entry)
        halves = common.split_body(body) or (body, "")
        name = path.rsplit("/", 1)[1]
        pager = (
            f'<div class="page">1 <a href="{second.rsplit("/", 1)[1]}">2</a> <a href="{second.rsplit("/", 1)[1]}">下一页</a></div>'
            if index == 0
            else f'<div class="page"><a href="{name}">上一页</a> <a href="{name}">1</a> 2</div>'
        )
        _, links = common.asset_pages(
            self.site, entry, path, lambda ft: self.attachment(entry, ft), self.info_host
        )
        parts = common.detail_parts(self.site, entry, self.crumbs(), self.container, halves[index], links)
        parts.tail_extra = pager + parts.tail_extra
        return html(chrome.render(self.site, parts, self.province))
