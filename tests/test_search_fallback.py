"""SearchFallback extension: which portals get searched, once, with the spider's request shape."""

from __future__ import annotations

from typing import Any

import pytest
import scrapy
from scrapy.exceptions import DontCloseSpider, NotConfigured
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from crawler.extensions.search_fallback import SearchFallback
from crawler.items import Portal
from nianbao.errors import ConfigError

HOME = (
    b'<html><head><meta charset="utf-8"></head><body><form action="/was5/web/search">'
    b'<input type="hidden" name="channelid" value="7"><input name="searchword"></form></body></html>'
)


class Engine:
    def __init__(self) -> None:
        self.crawled: list[scrapy.Request] = []

    def crawl(self, request: scrapy.Request) -> None:
        self.crawled.append(request)


class Spider(scrapy.Spider):
    name = "portal"

    def parse(self, response: Any, **_: Any) -> None:  # the callback the searches must use
        return None

    def failed(self, failure: Any) -> None:
        return None


def extension(**settings: Any) -> tuple[SearchFallback, Engine, Spider]:
    crawler = get_crawler(Spider, settings_dict=settings)
    engine = Engine()
    crawler.engine = engine  # type: ignore[assignment]
    spider = Spider()
    return SearchFallback.from_crawler(crawler), engine, spider


def portal(adcode: str) -> Portal:
    return Portal(adcode, f"县{adcode}", portal_url=f"http://www.c{adcode}.gov.cn.test/")


def seen(ext: SearchFallback, adcode: str, url: str, stage: str, body: bytes = HOME, **meta: Any) -> None:
    request = scrapy.Request(url, meta={"stage": stage, "portal": portal(adcode), **meta})
    response = HtmlResponse(url, body=body, headers={"Content-Type": "text/html; charset=utf-8"})
    ext.response_received(response=response, request=request, spider=None)


def home(ext: SearchFallback, adcode: str) -> str:
    url = f"http://www.c{adcode}.gov.cn.test/"
    seen(ext, adcode, url, "nav", hops=0, scope_domains=[f"c{adcode}.gov.cn.test"], scope_extra=["http://x/"])
    return url


def test_portal_without_column_is_searched_once_with_the_spiders_request_shape() -> None:
    ext, engine, spider = extension()
    url = home(ext, "150001")
    with pytest.raises(DontCloseSpider):
        ext.spider_idle(spider)
    assert len(engine.crawled) == 3  # one request per query
    request = engine.crawled[0]
    assert request.url.startswith("http://www.c150001.gov.cn.test/was5/web/search?channelid=7&searchword=%E4")
    assert request.callback == spider.parse and request.errback == spider.failed
    assert request.meta["stage"] == "listing" and request.meta["portal"].adcode == "150001"
    assert request.meta["scope_domains"] == ["c150001.gov.cn.test"]
    assert request.meta["scope_extra"] == ["http://x/"]
    assert request.headers["Referer"] == url.encode()
    ext.spider_idle(spider)  # nothing new: the spider may close
    assert len(engine.crawled) == 3
    assert ext.crawler.stats.get_value("search_fallback/portals") == 1  # type: ignore[union-attr]


def test_portals_that_reached_their_column_are_not_searched() -> None:
    ext, engine, spider = extension()
    home(ext, "150001")
    home(ext, "150002")
    seen(ext, "150001", "http://www.c150001.gov.cn.test/a/t20200101_1.html", "report")
    seen(ext, "150002", "http://www.c150002.gov.cn.test/a.pdf", "file", body=b"%PDF-1.4")
    ext.spider_idle(spider)
    assert engine.crawled == []


def test_a_failed_report_or_a_later_nav_page_does_not_count() -> None:
    ext, engine, spider = extension()
    home(ext, "150001")
    request = scrapy.Request(
        "http://www.c150001.gov.cn.test/x.html", meta={"stage": "report", "portal": portal("150001")}
    )
    ext.response_received(
        response=HtmlResponse(request.url, status=404, body=b"<html></html>"), request=request, spider=None
    )
    other = b'<html><body><form action="/other/"><input name="q"></form></body></html>'
    seen(ext, "150001", "http://www.c150001.gov.cn.test/zwgk/", "nav", body=other, hops=1)
    with pytest.raises(DontCloseSpider):
        ext.spider_idle(spider)
    assert all("/was5/web/search" in r.url for r in engine.crawled)  # the home page's form, not hop 1's


def test_no_form_no_search_and_custom_queries() -> None:
    ext, engine, spider = extension(SEARCH_FALLBACK_QUERIES="年报", SEARCH_FALLBACK_MAX_FORMS=2)
    seen(
        ext,
        "150003",
        "http://www.c150003.gov.cn.test/",
        "nav",
        body=b"<html><body>none</body></html>",
        hops=0,
    )
    home(ext, "150004")
    with pytest.raises(DontCloseSpider):
        ext.spider_idle(spider)
    assert [r.url.rsplit("=", 1)[1] for r in engine.crawled] == ["%E5%B9%B4%E6%8A%A5"]


def test_switches_and_bad_settings() -> None:
    with pytest.raises(NotConfigured):
        extension(SEARCH_FALLBACK_ENABLED=False)
    with pytest.raises(ConfigError, match="SEARCH_FALLBACK_MAX_FORMS"):
        extension(SEARCH_FALLBACK_MAX_FORMS=0)


def test_state_lives_in_spider_state_for_a_resumed_run() -> None:
    import pickle

    ext, engine, spider = extension()
    spider.state = {}  # type: ignore[attr-defined]  # what SpiderState gives under JOBDIR
    ext.spider_opened(spider)
    home(ext, "150001")
    with pytest.raises(DontCloseSpider):
        ext.spider_idle(spider)
    saved = pickle.loads(pickle.dumps(spider.state))  # type: ignore[attr-defined]
    resumed, engine2, spider2 = extension()
    spider2.state = saved  # type: ignore[attr-defined]
    resumed.spider_opened(spider2)
    resumed.spider_idle(spider2)  # searched before the interruption: not again
    assert engine2.crawled == [] and saved["search_fallback"]["150001"].searched


def test_a_portal_settles_when_the_spider_is_done_with_its_last_request() -> None:
    from crawler.signals import portal_settled
    from crawler.spiders.pending import PendingRequests

    crawler = get_crawler()
    settled: list[str] = []
    crawler.signals.connect(
        lambda portal, **_: settled.append(portal.adcode), signal=portal_settled, weak=False
    )
    pending = PendingRequests(crawler.signals)
    portal = Portal("150626", "乌审旗", "鄂尔多斯市", "内蒙古自治区")
    home = scrapy.Request("http://www.wsq.gov.cn.test/", meta={"portal": portal})
    menu = scrapy.Request("http://www.wsq.gov.cn.test/zwgk/", meta={"portal": portal})
    again = scrapy.Request("http://www.wsq.gov.cn.test/zwgk/", meta={"portal": portal})
    for request in (home, menu, again):
        pending.issue(request)
    pending.settle(home.meta)
    pending.dropped(again)  # a duplicate the scheduler refused
    retry = menu.replace(dont_filter=True)  # a retry or a render keeps the token
    pending.settle(retry.meta)
    pending.settle(menu.meta)  # settling twice (an HTTP error answered, then its errback) counts once
    assert settled == ["150626"]
    pending.settle({"portal": portal})  # a request without a token (the searches themselves)
    assert settled == ["150626"]
