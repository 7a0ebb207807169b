"""Hanweb JCMS (大汉): column ``col/col<id>/index.html`` with a jpage script and no list items; the items
come only from ``/module/web/jpage/dataproxy.jsp`` (POST or GET; XML ``<datastore>`` with CDATA records)
for the ``unitid`` printed on the column page; a static ``index_1.html`` answers 404; articles
``/art/YYYY/M/D/art_<col>_<id>.html`` carry the body between ZJEG_RSS markers.
"""

from __future__ import annotations

from functools import partial
from html import escape
from urllib.parse import parse_qs

from testbed import chrome
from testbed.families import common
from testbed.families.base import Layout
from testbed.model import Entry
from testbed.pages import Page, Reply, html, paginate

PROXY = "/module/web/jpage/dataproxy.jsp"
GROUP = 45  # records per dataproxy request (three pages of 15)


class HanwebLayout(Layout):
    family = "hanweb"
    per_page = 15

    @property
    def colid(self) -> int:
        return 1000 + int(self.site.site_code[-4:]) % 9000

    @property
    def unitid(self) -> int:
        return 3 * self.colid + 7

    @property
    def webid(self) -> int:
        return int(self.site.site_code[3:6])

    def zwgk(self) -> str:
        return f"/col/col{self.colid - 2}/index.html"

    def xxgk(self) -> str:
        return f"/col/col{self.colid - 1}/index.html"

    def listing(self, n: int) -> str:
        return f"/col/col{self.colid}/index.html"

    def detail(self, entry: Entry) -> str:
        d = entry.published
        return f"/art/{d.year}/{d.month}/{d.day}/art_{self.colid}_{entry.number}.html"

    def duplicate(self, entry: Entry) -> str:
        d = entry.published
        return f"/art/{d.year}/{d.month}/{d.day}/art_{self.colid + 5}_{entry.number}.html"

    def attachment(self, entry: Entry, file_type: str) -> str:
        return f"/module/download/downfile.jsp?classid=0&filename={entry.number:x}{entry.attachments.index(file_type)}.{common.file_ext(file_type)}"

    def container_for(self, entry: Entry) -> tuple[str, str]:
        source = f'<div class="laiyuan"><!--<$[信息来源]>begin-->信息来源：{escape(entry.issuer.name)}<!--<$[信息来源]>end--></div>'
        return (
            source + '<div id="zoom"><!--ZJEG_RSS.content.begin--><meta name="ContentStart">',
            '<meta name="ContentEnd"><!--ZJEG_RSS.content.end--></div>',
        )

    def proxy_query(self, start: int) -> str:
        return f"startrecord={start}&endrecord={start + GROUP - 1}&perpage={self.per_page}"

    def form(self) -> str:
        return (
            f"col=1&appid=1&webid={self.webid}&path=/&columnid={self.colid}&sourceContentType=1"
            f"&unitid={self.unitid}&permissiontype=0"
        )

    def listing_pages(self) -> list[Page]:
        column = Page(self.site.host, self.listing(0), "column", self.site, self.column_reply)
        groups = paginate(self.site.entries, GROUP)
        return [column] + [
            Page(
                self.site.host,
                f"{PROXY}?{self.proxy_query(1 + g * GROUP)}&{self.form()}",
                "listing",
                self.site,
                partial(self.datastore, 1 + g * GROUP, self.colid, self.unitid),
            )
            for g in range(len(groups))
        ]

    def column_reply(self) -> Reply:
        u = self.unitid
        script = (
            f'<div id="{u}"><script type="text/xml"><datastore><nextgroup><![CDATA[<a href="{PROXY}?{self.form()}"></a>]]>'
            f"</nextgroup><recordset></recordset></datastore></script></div>"
            f"<script>var jpageform_{u}; $(function(){{ $('#{u}').jpage({{dataStore: 'xml', perPage: {self.per_page}, "
            f"proxyUrl: '{PROXY}', groupSize: 3, barPosition: 'bottom', unitid: {u}, "
            f"columnid: {self.colid}, webid: {self.webid}, ajaxParam: '{self.form()}'}}); }});</script>"
        )
        parts = chrome.Parts(
            title=common.COLUMN_NAME,
            body=script,
            crumbs=self.crumbs(),
            column=common.COLUMN_NAME,
            head_extra='<script src="/module/jslib/jquery/jquery.js"></script>'
            '<script src="/module/jslib/jpage/jpage.js"></script>',
        )
        return html(chrome.render(self.site, parts, self.province))

    def datastore(self, start: int, columnid: int, unitid: int) -> Reply:
        """The XML a jpage request answers; an unknown column or unit gets an empty store."""
        ok = columnid == self.colid and unitid == self.unitid
        entries = self.site.entries if ok else []
        chunk = entries[max(0, start - 1) : start - 1 + GROUP]
        records = "".join(
            f'<record><![CDATA[<li><a href="{self.detail(e)}" title="{escape(common.title_of(e))}" target="_blank">'
            f"{escape(common.title_of(e))}</a><span>{e.published.isoformat()}</span></li>]]></record>"
            for e in chunk
        )
        pages = -(-len(entries) // self.per_page)
        xml = (
            f'<?xml version="1.0" encoding="UTF-8"?><datastore><totalrecord>{len(entries)}</totalrecord>'
            f"<totalpage>{pages}</totalpage><recordset>{records}</recordset></datastore>"
        )
        return Reply(200, xml.encode(), "text/xml; charset=UTF-8")

    def dynamic(self, path: str, query: str, body: bytes) -> Reply | None:
        if path != PROXY:
            return None
        params = parse_qs(query) | parse_qs(body.decode("utf-8", "replace"))

        def num(key: str, default: int = 0) -> int:
            try:
                return int(params.get(key, [str(default)])[0])
            except ValueError:
                return default

        return self.datastore(num("startrecord", 1), num("columnid"), num("unitid"))
