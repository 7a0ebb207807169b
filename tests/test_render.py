"""Render on demand, without a browser: which answers switch to Chromium, and what is remembered."""

from __future__ import annotations

from scrapy import Request
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from crawler.items import Portal
from crawler.middlewares.render import (
    RenderConfig,
    RenderOnDemandMiddleware,
    parse_cookie_string,
    passed_challenge,
)

STUB = b"<html><head><script>document.cookie='x=1';location.reload()</script></head><body></body></html>"
SHELL = (
    b"<html><body><h1>\xe6\x94\xbf\xe5\xba\x9c\xe4\xbf\xa1\xe6\x81\xaf\xe5\x85\xac\xe5\xbc\x80\xe5\xb9\xb4\xe6\x8a\xa5</h1>"
    b'<ul id="list"></ul><script>fetch("/api/xxgk/list?col=nb&page=1").then(r=>r.json())</script></body></html>'
)
PORTAL = Portal("150981", "丰镇市", "乌兰察布市", "内蒙古自治区")


def _middleware(config: RenderConfig | None = None) -> RenderOnDemandMiddleware:
    return RenderOnDemandMiddleware(config or RenderConfig(), get_crawler(settings_dict={}))


def _request(url: str, stage: str = "nav") -> Request:
    return Request(url, meta={"stage": stage, "portal": PORTAL})


def test_an_antibot_wall_switches_and_is_remembered_for_the_prefecture() -> None:
    mw = _middleware()
    request = _request("http://www.fengzhen.gov.cn.test/")
    retry = mw.process_response(request, HtmlResponse(request.url, status=412, body=STUB, request=request))
    assert isinstance(retry, Request) and retry.meta["playwright"] and retry.dont_filter
    later = _request("http://xxgk.other.gov.cn.test/a.html")  # same prefecture, another host
    mw.process_request(later)
    assert later.meta.get("playwright")
    file = _request("http://www.fengzhen.gov.cn.test/a.pdf", stage="file")
    mw.process_request(file)
    assert not file.meta.get("playwright")  # files stay plain HTTP


def test_a_js_shell_renders_but_each_page_keeps_its_direct_fetch() -> None:
    mw = _middleware(RenderConfig(read_data=False))
    request = _request("http://www.fengzhen.gov.cn.test/xxgk/nb/index.html", stage="listing")
    retry = mw.process_response(
        request, HtmlResponse(request.url, body=SHELL, encoding="utf-8", request=request)
    )
    assert isinstance(retry, Request) and retry.meta["playwright"]
    following = _request("http://www.fengzhen.gov.cn.test/xxgk/nb/detail.html?id=1")
    mw.process_request(following)
    assert not following.meta.get("playwright")


def test_a_listing_or_report_shell_naming_its_data_goes_to_the_spider_unrendered() -> None:
    mw = _middleware()
    menu_shell = SHELL.replace("政府信息公开年报".encode(), "首页".encode())  # a menu page built by script
    cases = [
        ("listing", SHELL, False),
        ("report", SHELL, False),
        ("nav", SHELL, False),
        ("nav", menu_shell, True),
    ]
    for stage, body, rendered in cases:
        request = _request("http://www.fengzhen.gov.cn.test/xxgk/nb/index.html", stage=stage)
        response = HtmlResponse(request.url, body=body, encoding="utf-8", request=request)
        answer = mw.process_response(request, response)
        assert (answer is not response) is rendered, (stage, body[:60])
    opaque = SHELL.replace(b'fetch("/api/xxgk/list?col=nb&page=1")', b'fetch(base + "/list")')
    request = _request("http://www.fengzhen.gov.cn.test/xxgk/nb/index.html", stage="listing")
    answer = mw.process_response(
        request, HtmlResponse(request.url, body=opaque, encoding="utf-8", request=request)
    )
    assert isinstance(answer, Request) and answer.meta["playwright"]  # its data cannot be named: rendered


def test_the_spider_can_ask_for_the_browser() -> None:
    request = _request("http://www.fengzhen.gov.cn.test/xxgk/nb/detail.html?id=1", stage="report")
    request.meta["render"] = True
    _middleware().process_request(request)
    assert request.meta["playwright"]


def test_plain_pages_and_api_calls_are_left_alone() -> None:
    mw = _middleware()
    request = _request("http://www.wsq.gov.cn.test/", stage="listing")
    body = "<html><body><div class='TRS_Editor'>" + "正文内容。" * 200 + "</div></body></html>"
    response = HtmlResponse(request.url, body=body.encode(), encoding="utf-8", request=request)
    assert mw.process_response(request, response) is response
    api = _request("http://www.fengzhen.gov.cn.test/api/xxgk/list?page=1", stage="listing")
    api.meta["plain"] = True
    assert mw.process_response(api, HtmlResponse(api.url, status=412, body=STUB, request=api)).status == 412


def test_challenge_status_and_cookies() -> None:
    request = _request("http://www.fengzhen.gov.cn.test/")
    body = ("<html><body><div class='TRS_Editor'>" + "正文内容。" * 200 + "</div></body></html>").encode()
    page = HtmlResponse(request.url, status=412, body=body, encoding="utf-8", request=request)
    assert passed_challenge(page).status == 200
    assert passed_challenge(HtmlResponse(request.url, status=412, body=STUB, request=request)).status == 412
    # the reload after the challenge answered 503 (a server error behind the wall): an error, to be retried,
    # not a passed challenge (the province run parsed such a page as its county's empty 年报 column)
    error = HtmlResponse(
        request.url, status=521, body=b"<h1>503 Service Temporarily Unavailable</h1>", request=request
    )
    assert passed_challenge(error, last_status=503).status == 503
    assert passed_challenge(page, last_status=200).flags == ["challenge_passed"]
    assert passed_challenge(page, last_status=412).status == 412  # the reload met the wall again
    assert parse_cookie_string("a=1; __jsl_clearance=x=y; bad") == {"a": "1", "__jsl_clearance": "x=y"}


def test_after_the_browser_passed_a_wall_the_host_is_fetched_plain_with_its_cookies() -> None:
    mw = _middleware()
    first = _request("http://www.fengzhen.gov.cn.test/")
    rendered = mw.process_response(first, HtmlResponse(first.url, status=412, body=STUB, request=first))
    assert isinstance(rendered, Request)
    rendered.meta["playwright_page_methods"][0].result = "__jsl_clearance=abc; x=1"
    body = ("<html><body><div class='TRS_Editor'>" + "正文内容。" * 200 + "</div></body></html>").encode()
    mw.process_response(rendered, HtmlResponse(first.url, body=body, encoding="utf-8", request=rendered))
    later = _request("http://www.fengzhen.gov.cn.test/zwgk/a.html")
    mw.process_request(later)
    assert not later.meta.get("playwright") and later.cookies == {"__jsl_clearance": "abc", "x": "1"}
    again = mw.process_response(later, HtmlResponse(later.url, status=521, body=STUB, request=later))
    assert isinstance(again, Request) and again.meta["playwright"]  # stale cookies: back to the browser
    assert "www.fengzhen.gov.cn.test" not in mw.cookies


def test_a_retry_of_a_plain_server_error_stays_plain_when_the_prefecture_is_walled_meanwhile() -> None:
    mw = _middleware()
    column = _request("http://xxgk.fengzhen.gov.cn.test/public/column/1?action=list", stage="listing")
    error = HtmlResponse(
        column.url, status=503, body=b"<h1>503 Service Temporarily Unavailable</h1>", request=column
    )
    assert mw.process_response(column, error) is error  # a server error, not a wall
    wall = _request("http://www.fengzhen.gov.cn.test/")
    mw.process_response(
        wall, HtmlResponse(wall.url, status=412, body=STUB, request=wall)
    )  # prefecture walled
    retry = column.copy()  # what the retry middleware sends again
    mw.process_request(retry)
    assert not retry.meta.get("playwright")
    fresh = _request("http://xxgk.fengzhen.gov.cn.test/public/column/2?action=list", stage="listing")
    mw.process_request(fresh)
    assert fresh.meta.get("playwright")  # a page not yet answered plainly goes straight to the browser


def test_the_spider_routes_a_plain_page_by_the_analysis_the_middleware_made() -> None:
    from crawler.answers import analysis_of

    mw = _middleware()
    request = _request("http://www.wsq.gov.cn.test/zwgk/", stage="listing")
    body = "<html><head><title>年报</title></head><body>" + "正文内容。" * 200 + "</body></html>"
    response = HtmlResponse(request.url, body=body.encode(), encoding="utf-8", request=request)
    mw.process_response(request, response)
    kept = request.meta["page_analysis"][1]
    assert analysis_of(response) is kept
    assert "page_analysis" not in request.meta  # taken once, not carried on


def test_an_answer_other_than_the_one_analysed_is_analysed_afresh() -> None:
    from crawler.answers import analysis_of

    mw = _middleware()
    request = _request("http://www.wsq.gov.cn.test/zwgk/", stage="listing")
    body = "<html><head><title>年报</title></head><body>" + "正文内容。" * 200 + "</body></html>"
    mw.process_response(
        request, HtmlResponse(request.url, body=body.encode(), encoding="utf-8", request=request)
    )
    kept = request.meta["page_analysis"][1]
    other = body.replace("年报", "2019年报").encode()  # e.g. a retry's answer carrying the same meta
    fresh = analysis_of(HtmlResponse(request.url, body=other, encoding="utf-8", request=request))
    assert fresh is not kept and fresh.title == "2019年报"
