"""A small archive built without a crawl, for the reparse/export tests and the reparse benchmark.

``ArchiveBuilder(root)`` writes gzip-per-record WARC files with warcio (response, revisit and
browser-rendered ``conversion`` records, as the WARC extension lays them out) and records each capture in
the store, then registers documents the way the crawl's store pipeline leaves them before parsing
(url, parts, adcode, listing title), so ``reparse`` has everything to derive the rest from.
"""

from __future__ import annotations

import gzip
import io
import zlib
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from nianbao.paths import ArchivePaths
from nianbao.store import Capture, DocumentRecord, Store
from testbed.content import Issuer, Report, render_body

ISSUERS = [
    Issuer("乌审旗人民政府", "county_gov", "150626", "乌审旗"),
    Issuer("灵山县教育局", "department", "450721", "灵山县"),
    Issuer("三爪仑乡人民政府", "township", "360924", "宜丰县"),
]
YEARS = (2012, 2016, 2019, 2022)


def page_html(
    title: str, body: str, published: str = "2020-03-01", source: str = "", charset: str = "utf-8"
) -> str:
    """A portal article page around ``body``: navigation, breadcrumbs, info line and footer chrome."""
    return f"""<!DOCTYPE html><html><head><meta charset="{charset}"><title>{title}_{source}</title></head>
<body><div class="header"><ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li>
<li><a href="/xxgk/">政府信息公开</a></li><li><a href="/hdjl/">互动交流</a></li></ul></div>
<div class="crumbs">当前位置：<a href="/">首页</a> &gt; <a href="/xxgk/">政府信息公开</a> &gt; 年度报告</div>
<div class="main"><div class="article"><h1>{title}</h1>
<div class="info">发布日期：{published} 来源：{source}</div>
<div class="content">{body}</div></div></div>
<div class="footer">版权所有：{source} 地址：人民路1号 备案号：蒙ICP备00000000号</div></body></html>"""


def report_page(report: Report, shape: str = "table", body: str | None = None) -> str:
    html = body if body is not None else render_body(report, shape).html
    return page_html(report.title, html, report.published.isoformat(), report.issuer.name)


def split_body(report: Report, shape: str = "table") -> tuple[str, str]:
    """The body in two at the start of its first table (a TRS article and its ``_1.html`` continuation)."""
    html = render_body(report, shape).html
    cut = html.find("<table")
    cut = cut if cut > 0 else len(html) // 2
    return html[:cut], html[cut:]


class ArchiveBuilder:
    """Writes one WARC file ``test-00001.warc.gz`` under ``root/warc`` and the store ``root/nianbao.db``."""

    def __init__(self, root: Path, name: str = "test-00001.warc.gz") -> None:
        self.paths = ArchivePaths(root)
        self.paths.warc.mkdir(parents=True, exist_ok=True)
        self.name = name
        self.stream = open(self.paths.warc / name, "ab")  # noqa: SIM115 - closed by close()
        self.writer = WARCWriter(self.stream, gzip=True)
        self.store = Store(self.paths.db)

    def _write(self, record: object) -> tuple[int, int]:
        self.stream.seek(0, io.SEEK_END)
        start = self.stream.tell()
        self.writer.write_record(record)
        self.stream.flush()
        return start, self.stream.tell() - start

    def response(
        self,
        url: str,
        body: bytes,
        content_type: str = "text/html; charset=utf-8",
        encoding: str = "",
        status: int = 200,
    ) -> Capture:
        """A response record (``encoding`` gzip or deflate: the body is stored so encoded) and its capture."""
        stored = _encode(body, encoding)
        headers = [("Content-Type", content_type), ("Content-Length", str(len(stored)))]
        headers += [("Content-Encoding", encoding)] * bool(encoding)
        http = StatusAndHeaders(f"{status} OK", headers, protocol="HTTP/1.1")
        record = self.writer.create_warc_record(
            url, "response", payload=io.BytesIO(stored), http_headers=http
        )
        offset, length = self._write(record)
        return self._capture(url, status, content_type, record, offset, length, "response")

    def revisit(self, url: str, original: Capture) -> Capture:
        record = self.writer.create_revisit_record(
            url, original.payload_digest, original.url, original.fetched_at
        )
        offset, length = self._write(record)
        return self._capture(url, 200, original.content_type, record, offset, length, "revisit", original)

    def rendered(self, url: str, dom: str) -> Capture:
        """The browser-rendered DOM of ``url``: a ``conversion`` record at ``urn:dom:URL``, ``via_browser``."""
        payload = dom.encode("utf-8")
        record = self.writer.create_warc_record(
            f"urn:dom:{url}",
            "conversion",
            payload=io.BytesIO(payload),
            warc_content_type="text/html; charset=utf-8",
        )
        offset, length = self._write(record)
        capture = self._capture(url, 0, "text/html; charset=utf-8", record, offset, length, "conversion")
        return capture

    def _capture(self, url, status, content_type, record, offset, length, kind, original=None) -> Capture:  # type: ignore[no-untyped-def]
        headers = record.rec_headers
        capture = Capture(
            url=url,
            status=status,
            content_type=content_type,
            warc_file=self.name,
            offset=offset,
            length=length,
            payload_digest=original.payload_digest
            if original
            else headers.get_header("WARC-Payload-Digest") or "",
            record_id=headers.get_header("WARC-Record-ID"),
            record_type=kind,
            fetched_at=headers.get_header("WARC-Date"),
            via_browser=kind == "conversion",
        )
        self.store.add_capture(capture)
        return capture

    def document(self, url: str, parts: list[str] | None = None, **fields: object) -> int:
        """A candidate as the crawl registers it, before (or without) parse results."""
        return self.store.upsert_document(DocumentRecord(url, parts=parts or [url], **fields))  # type: ignore[arg-type]

    def close(self) -> None:
        self.stream.close()
        self.store.close()


def _encode(body: bytes, encoding: str) -> bytes:
    if encoding == "gzip":
        return gzip.compress(body)
    if encoding == "deflate":
        return zlib.compress(body)
    return body
