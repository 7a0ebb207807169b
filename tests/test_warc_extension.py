"""The WARC extension in process: browser-rendered responses become conversion records, never responses."""

from __future__ import annotations

from pathlib import Path

from scrapy import Request, Spider
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from crawler.extensions.warc import WarcExtension, warc_extension
from nianbao.warc.check import check_files
from nianbao.warc.reader import iter_members, parse_record


def test_rendered_dom_is_a_conversion_referring_to_the_raw_response(tmp_path: Path) -> None:
    crawler = get_crawler(Spider, {"ARCHIVE_ROOT": str(tmp_path), "WARC_ENABLED": True})
    extension = WarcExtension.from_crawler(crawler)
    assert warc_extension(crawler) is extension
    spider = Spider("t")
    extension.spider_opened(spider)
    url = "http://county.gov.cn/list?page=1"
    raw_request = Request(url)
    raw = HtmlResponse(url, status=200, body=b"<html><script>load()</script></html>", request=raw_request)
    extension.response_downloaded(raw, raw_request, spider)
    rendered_request = Request(url, meta={"playwright": True}, dont_filter=True)
    dom = HtmlResponse(
        url,
        body="<html><ul><li>报告</li></ul></html>".encode(),
        encoding="utf-8",
        flags=["playwright"],
        request=rendered_request,
    )
    extension.response_downloaded(dom, rendered_request, spider)
    extension.spider_closed(spider)
    [path] = list((tmp_path / "warc").glob("*.warc.gz"))
    records = [parse_record(m.data) for m in iter_members(path)]
    by_type = {r.warc_type: r for r in records}
    assert [r.warc_type for r in records].count("response") == 1
    conversion = by_type["conversion"]
    assert conversion.header("WARC-Refers-To") == by_type["response"].header("WARC-Record-ID")
    assert conversion.header("WARC-Target-URI") == "urn:dom:" + url
    assert "报告".encode() in conversion.block
    assert rendered_request.meta["warc_record_id"] == by_type["response"].header("WARC-Record-ID")
    assert check_files([path]).problems == []
