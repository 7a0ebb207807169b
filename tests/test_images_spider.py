"""The spider's routing of body images: a report page fetches them one after the other and yields one item
carrying their bytes; a failed image keeps the page; listing pages and switched-off settings fetch none."""

from __future__ import annotations

from typing import Any

import scrapy
from scrapy.http import HtmlResponse, Response
from scrapy.settings import Settings
from twisted.python.failure import Failure

from crawler.items import Portal, ReportItem
from crawler.spiders.portal import PortalSpider

PAGE = "http://www.xx.gov.cn.test/zwgk/nb/t20240101_1.html"
BODY = (
    "<html><head><title>2023年政府信息公开工作年度报告</title></head><body>"
    '<div class="header"><img src="/images/logo.png"></div><div class="TRS_Editor">'
    + "<p>本机关认真贯彻落实《条例》，主动公开政府信息。</p>"
    * 5
    + '<p><img src="a-table1.png"></p><p><img data-src="/u/cms/b.jpg" src="/loading.gif"></p></div>'
    '<a href="/files/report.pdf">附件：年度报告.pdf</a></body></html>'
).encode()
META = {"stage": "report", "portal": Portal("150626", "乌审旗"), "scope_domains": ["xx.gov.cn.test"]}


def _spider(images: bool = True) -> PortalSpider:
    spider = PortalSpider(entries=[])
    spider.settings = Settings({"CLEAN_IMAGES_ENABLED": images})
    return spider


def _response(url: str, body: bytes, meta: dict[str, Any], cls: type[Response] = HtmlResponse) -> Response:
    request = scrapy.Request(url, meta=dict(meta))
    return cls(url, body=body, request=request, headers={"Content-Type": "text/html; charset=utf-8"})


def _image_response(request: scrapy.Request, body: bytes) -> Response:
    return Response(request.url, body=body, request=request)


def test_a_report_page_fetches_its_images_then_yields_one_item() -> None:
    spider = _spider()
    out = list(spider.parse(_response(PAGE, BODY, META)))
    files = [r for r in out if isinstance(r, scrapy.Request) and "report_item" not in r.meta]
    assert [r.url for r in files] == ["http://www.xx.gov.cn.test/files/report.pdf"]
    first = next(r for r in out if isinstance(r, scrapy.Request) and "report_item" in r.meta)
    assert not any(isinstance(r, ReportItem) for r in out)  # the item waits for its images
    assert first.url == "http://www.xx.gov.cn.test/zwgk/nb/a-table1.png" and first.dont_filter
    assert first.meta["depth_reset"] and first.meta["stage"] == "file"
    second = next(iter(spider.parse(_image_response(first, b"PNG-1"))))
    assert isinstance(second, scrapy.Request) and second.url == "http://www.xx.gov.cn.test/u/cms/b.jpg"
    (item,) = list(spider.parse(_image_response(second, b"JPEG-2")))
    assert isinstance(item, ReportItem) and item.url == PAGE and item.bodies == [BODY]
    assert item.images_fetched and item.images == [(first.url, b"PNG-1"), (second.url, b"JPEG-2")]


def test_a_failed_image_does_not_lose_the_page() -> None:
    spider = _spider()
    first = next(
        r for r in spider.parse(_response(PAGE, BODY, META)) if "report_item" in getattr(r, "meta", {})
    )
    failure = Failure(ConnectionRefusedError("refused"))
    failure.request = first  # type: ignore[attr-defined]
    second = next(iter(spider.failed(failure)))
    assert isinstance(second, scrapy.Request)
    failure.request = second  # type: ignore[attr-defined]
    (item,) = list(spider.failed(failure))
    assert isinstance(item, ReportItem) and item.images == [] and item.images_fetched


def test_images_switched_off_or_absent_yield_the_item_at_once() -> None:
    out = list(_spider(images=False).parse(_response(PAGE, BODY, META)))
    (item,) = [r for r in out if isinstance(r, ReportItem)]
    assert not item.images_fetched and not any("report_item" in getattr(r, "meta", {}) for r in out)
    plain = BODY.replace(b"<img", b"<span")
    assert any(isinstance(r, ReportItem) for r in _spider().parse(_response(PAGE, plain, META)))


def test_listing_pages_fetch_no_images() -> None:
    listing = {**META, "stage": "listing"}
    out = list(_spider().parse(_response(PAGE, BODY, listing)))
    assert not any("report_item" in getattr(r, "meta", {}) for r in out)
    assert not any(r.url.endswith((".png", ".jpg")) for r in out if isinstance(r, scrapy.Request))


def test_an_image_request_survives_the_disk_queue_of_a_resumable_crawl() -> None:
    import pickle

    from scrapy.utils.request import request_from_dict

    spider = _spider()
    first = next(
        r for r in spider.parse(_response(PAGE, BODY, META)) if "report_item" in getattr(r, "meta", {})
    )
    restored = request_from_dict(pickle.loads(pickle.dumps(first.to_dict(spider=spider))), spider=spider)
    assert restored.callback == spider.parse and restored.errback == spider.failed
    (second,) = [r for r in spider.parse(_image_response(restored, b"x")) if isinstance(r, scrapy.Request)]
    assert second.meta["report_item"].bodies == [BODY]
