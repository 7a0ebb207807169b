"""A legacy ASP site: GBK bytes under a ``gb2312`` declaration, nested layout tables, ``<font>`` tags,
``ShowClass.asp?ClassID=…&page=N`` listings, ``ShowArticle.asp?ArticleID=…`` details, and mostly
Word-exported report bodies (MsoNormal, ``<o:p>``, characters split across spans).
"""

from __future__ import annotations

from html import escape

from testbed import chrome
from testbed.families import common
from testbed.families.base import Layout
from testbed.model import Entry, Site

DECLARED = "gb2312"


class LegacyLayout(Layout):
    family = "legacy"
    per_page = 20
    charset = "gb18030"  # what the bytes are; pages declare gb2312
    container = (
        '<table width="100%" border="0" cellspacing="0" cellpadding="0"><tr><td class="content" id="zoom">'
        '<font size="3" face="宋体">',
        "</font></td></tr></table>",
    )

    def zwgk(self) -> str:
        return "/zwgk/Index.asp"

    def xxgk(self) -> str:
        return "/zwgk/ShowClass.asp?ClassID=10"

    def listing(self, n: int) -> str:
        return f"/zwgk/ShowClass.asp?ClassID=12&page={n + 1}"

    def detail(self, entry: Entry) -> str:
        return f"/zwgk/ShowArticle.asp?ArticleID={entry.number}"

    def duplicate(self, entry: Entry) -> str:
        return f"/Article/ShowArticle.asp?ArticleID={entry.number}"

    def attachment(self, entry: Entry, file_type: str) -> str:
        k = entry.attachments.index(file_type)
        return f"/UploadFiles/{entry.published:%Y%m}/{entry.number}{k}.{common.file_ext(file_type)}"

    def render_page(self, site: Site, parts: chrome.Parts, province: str) -> str:
        crumbs = " &gt;&gt; ".join(
            ['<a href="/">首页</a>'] + [f'<a href="{h}">{escape(t)}</a>' for t, h in parts.crumbs]
        )
        title_row = ""
        if parts.article:
            title_row = (
                f'<tr><td align="center"><font size="4" color="#FF0000"><b>{escape(parts.title)}</b></font></td></tr>'
                f'<tr><td align="center"><font color="#666666">{chrome.info_line(parts)}</font></td></tr>'
            )
        meta = chrome.head(site, parts).replace(self.charset, DECLARED)
        return (
            f"<html>{meta}<body topmargin=0 leftmargin=0>"
            f'<table width="980" align="center" border="0" cellpadding="0" cellspacing="0"><tr><td>{chrome.header(site)}</td></tr>'
            f'<tr><td><table width="100%" bgcolor="#F2F2F2"><tr><td><font color="#333333">当前位置：{crumbs}</font></td></tr></table></td></tr>'
            f'<tr><td><table width="100%" border="1" bordercolor="#CCCCCC" cellspacing="0">{title_row}'
            f"<tr><td>{parts.container[0]}{parts.body}{parts.container[1]}{parts.tail_extra}</td></tr>"
            f"<tr><td>{chrome.article_tail(site, parts) if parts.article else ''}</td></tr></table></td></tr>"
            f"<tr><td>{chrome.related(site)}</td></tr><tr><td>{chrome.footer(site, province)}</td></tr></table></body></html>"
        )
