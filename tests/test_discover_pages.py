"""analyze_page on fixture pages of each CMS family (tests/fixtures/discover/), exact outputs."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs

import pytest

from nianbao.discover import analyze_page, browser_verdict
from nianbao.discover.model import PageAnalysis

FIXTURES = Path(__file__).parent / "fixtures" / "discover"


def analyze(name: str, url: str, content_type: str = "text/html", status: int = 200) -> PageAnalysis:
    return analyze_page((FIXTURES / name).read_bytes(), url, content_type, status=status)


def reports(analysis: PageAnalysis) -> list[tuple[str, str, int | None]]:
    """(url, date, year) of the items whose title says report."""
    return [
        (r.url, r.date, r.classification.year)
        for r in analysis.report_links
        if r.classification is not None and r.classification.is_report
    ]


def test_home_page_leads_to_zwgk() -> None:
    a = analyze("trs_home.html", "http://www.wsq.gov.cn/")
    assert [(c.url, c.text) for c in a.column_links] == [("http://www.wsq.gov.cn/zwgk/", "政务公开")]
    assert not a.is_report_column and not a.is_article and not a.needs_browser
    assert reports(a) == [] and a.listing_requests == []
    assert a.meta["SiteIDCode"] == "1527260001"


def test_zwgk_page_leads_to_the_report_column() -> None:
    a = analyze("trs_zwgk.html", "http://www.wsq.gov.cn/zwgk/")
    best = a.column_links[0]
    assert (best.url, best.text, best.is_column) == (
        "http://www.wsq.gov.cn/zwgk/zfxxgk/zfxxgknb/",
        "政府信息公开年报",
        True,
    )
    urls = [c.url for c in a.column_links]
    assert "http://www.wsq.gov.cn/zwgk/zfxxgk/xxgkzn/" not in urls  # 指南 is not on the path
    assert not any(c.is_column for c in a.column_links[1:])
    assert not a.is_report_column and a.listing_requests == []


def test_trs_listing() -> None:
    a = analyze("trs_listing.html", "http://www.wsq.gov.cn/zwgk/zfxxgk/zfxxgknb/index.html")
    base = "http://www.wsq.gov.cn/zwgk/zfxxgk/zfxxgknb/"
    assert a.is_report_column and a.column_reason == "meta ColumnName=政府信息公开年报"
    assert a.family == "trs"
    assert [(r.url, r.method, r.family) for r in a.listing_requests] == [
        (base + "index_1.html", "GET", "trs"),
        (base + "index_2.html", "GET", "trs"),
    ]
    assert reports(a) == [
        (base + "201801/t20180130_2134567.html", "2018-01-30", 2017),
        (base + "201801/t20180125_2133001.html", "2018-01-25", 2017),
        (base + "201703/P020170328512345678901.pdf", "2017-03-28", 2016),
    ]
    by_url = {r.url: r for r in a.report_links}
    notice = by_url[base + "201712/t20171220_2120011.html"]
    assert not notice.follow and notice.classification is not None and "做好" in notice.classification.reason
    assert by_url[base + "201703/P020170328512345678901.pdf"].is_attachment
    # the title attribute wins over the truncated link text
    assert (
        by_url[base + "201801/t20180125_2133001.html"].title == "乌审旗教育局2017年政府信息公开工作年度报告"
    )


def test_trs_page_of_listing_lists_the_others() -> None:
    body = (
        (FIXTURES / "trs_listing.html").read_bytes().replace(b"var currentPage = 0;", b"var currentPage = 2;")
    )
    a = analyze_page(body, "http://www.wsq.gov.cn/zwgk/zfxxgk/zfxxgknb/index_2.html")
    assert [r.url.rsplit("/", 1)[1] for r in a.listing_requests] == ["index.html", "index_1.html"]


def test_trs_article_gb18030_multipage_and_attachments() -> None:
    url = "http://www.wsq.gov.cn/zwgk/zfxxgk/zfxxgknb/201801/t20180130_2134567.html"
    a = analyze("trs_article.html", url, "text/html")
    assert a.is_article and not a.is_report_column and a.listing_requests == []
    assert a.title == "乌审旗人民政府2017年政府信息公开工作年度报告"
    assert a.publisher == "乌审旗人民政府办公室"
    assert a.multipage_links == [url.replace(".html", "_1.html")]
    assert [(t.url.rsplit("/", 1)[1], t.extension) for t in a.attachments] == [
        ("P020180130567890123456.pdf", "pdf"),
        ("downfile.jsp?classid=0&filename=1801301512345.xls", "xls"),
    ]
    assert a.text_head.splitlines()[1] == "本报告中所列数据的统计期限自2017年1月1日起至2017年12月31日止。"
    assert all(c.url != a.multipage_links[0] for c in a.column_links)  # 下一页 is not a column link


def test_hanweb_column_page_posts_to_dataproxy() -> None:
    a = analyze("hanweb_column.html", "http://www.gxls.gov.cn/col/col4052/index.html")
    assert a.family == "hanweb" and a.is_report_column
    assert [(r.method, r.url.split("?")[1]) for r in a.listing_requests] == [
        ("POST", "startrecord=1&endrecord=15&perpage=15"),
        ("POST", "startrecord=16&endrecord=30&perpage=15"),
        ("POST", "startrecord=31&endrecord=37&perpage=15"),
    ]
    first = a.listing_requests[0]
    assert first.url.startswith("http://www.gxls.gov.cn/module/web/jpage/dataproxy.jsp?")
    assert first.headers == {"Content-Type": "application/x-www-form-urlencoded"}
    assert {k: v[0] for k, v in parse_qs(first.body or "").items()} == {
        "col": "1", "appid": "1", "webid": "12", "path": "/", "columnid": "4052", "sourceContentType": "1",
        "unitid": "15390", "webname": "灵山县人民政府", "permissiontype": "0",
    }  # fmt: skip
    assert reports(a) == [
        ("http://www.gxls.gov.cn/art/2018/1/29/art_4052_1203456.html", "2018-01-29", 2017),
        ("http://www.gxls.gov.cn/art/2018/1/26/art_4052_1203111.html", "2018-01-26", 2017),
    ]
    assert not a.needs_browser


def test_hanweb_column_without_total_asks_first_page_with_form_in_query() -> None:
    body = (FIXTURES / "hanweb_column.html").read_bytes().replace(b"totalRecord: 37,", b"")
    a = analyze_page(body, "http://www.gxls.gov.cn/col/col4052/index.html")
    assert len(a.listing_requests) == 1
    query = parse_qs(a.listing_requests[0].url.split("?")[1])
    assert query["startrecord"] == ["1"] and query["columnid"] == ["4052"] and query["unitid"] == ["15390"]


def test_hanweb_dataproxy_answer() -> None:
    url = "http://www.gxls.gov.cn/module/web/jpage/dataproxy.jsp?startrecord=16&endrecord=30&perpage=15"
    a = analyze("hanweb_dataproxy.xml", url, "text/xml;charset=UTF-8")
    assert a.kind == "hanweb_xml" and a.is_report_column
    assert reports(a) == [
        ("http://www.gxls.gov.cn/art/2017/3/28/art_4052_1100001.html", "2017-03-28", 2016),
        (
            "http://www.gxls.gov.cn/module/download/downfile.jsp?classid=0&filename=1703281234567.pdf",
            "2017-03-20",
            2016,
        ),
    ]
    assert [r.is_attachment for r in a.report_links] == [False, False, True]
    assert a.listing_requests == []  # the column form is not in this URL: the column page asked for all pages


def test_hanweb_answer_with_form_in_query_names_the_rest() -> None:
    url = (
        "http://www.gxls.gov.cn/module/web/jpage/dataproxy.jsp?startrecord=1&endrecord=15&perpage=15&col=1&appid=1"
        "&webid=12&path=/&columnid=4052&sourceContentType=1&unitid=15390&webname=x&permissiontype=0"
    )
    a = analyze("hanweb_dataproxy.xml", url, "text/xml")
    starts = [parse_qs(r.url.split("?")[1])["startrecord"][0] for r in a.listing_requests]
    assert starts == ["1", "16", "31"]
    assert all(r.method == "POST" and "columnid=4052" in (r.body or "") for r in a.listing_requests)


def test_hanweb_article_body_and_source() -> None:
    a = analyze("hanweb_article.html", "http://www.gxls.gov.cn/art/2018/1/29/art_4052_1203456.html")
    assert a.is_article and a.publisher == "灵山县人民政府办公室"
    assert a.text_head.startswith("根据《中华人民共和国政府信息公开条例》")
    assert [t.extension for t in a.attachments] == ["xls"]


def test_lonsun_list() -> None:
    a = analyze("lonsun_list.html", "http://www.yixian.gov.cn/public/column/6616891?type=3&action=list")
    assert a.family == "lonsun" and a.is_report_column
    assert [r.url for r in a.listing_requests] == [
        "http://www.yixian.gov.cn/public/column/6616891?action=list&type=3&pageIndex=2",
        "http://www.yixian.gov.cn/public/column/6616891?action=list&type=3&pageIndex=3",
    ]
    assert reports(a) == [
        ("http://www.yixian.gov.cn/public/6616891/1108237201.html", "2018-03-19", 2017),
        ("http://www.yixian.gov.cn/public/6616891/1108230011.html", "2018-03-15", 2017),
    ]
    enterprise = [r for r in a.report_links if "企业" in r.title]
    assert len(enterprise) == 1 and not enterprise[0].follow


def test_gkmlpt_index_names_the_api_without_browser() -> None:
    a = analyze("gkmlpt_index.html", "http://www.liannan.gov.cn/gkmlpt/index")
    assert a.family == "gkmlpt"
    assert [r.url for r in a.listing_requests] == [
        "http://www.liannan.gov.cn/gkmlpt/api/all/2567?page=1&sid=763018"
    ]
    assert not a.needs_browser


def test_gkmlpt_api_answer() -> None:
    a = analyze(
        "gkmlpt_api.json",
        "http://www.liannan.gov.cn/gkmlpt/api/all/2567?page=1&sid=763018",
        "application/json",
    )
    assert a.kind == "json" and a.family == "gkmlpt"
    assert [r.url.split("?")[1] for r in a.listing_requests] == [f"page={n}&sid=763018" for n in range(2, 9)]
    first = a.report_links[0]
    assert (first.title, first.publisher, first.date) == (
        "连南瑶族自治县2021年政府信息公开工作年度报告",
        "连南瑶族自治县人民政府办公室",
        "2022-01-24",
    )
    assert [r.follow for r in a.report_links] == [True, True, False]


def test_js_shell_needs_browser_and_names_its_xhr() -> None:
    a = analyze("jsportal_shell.html", "http://www.arq.gov.cn/xxgk/zfxxgknb/")
    assert a.needs_browser and a.browser_reason.startswith("JS shell")
    assert a.xhr_urls == ["http://www.arq.gov.cn/api/xxgk/articles.json?column=zfxxgknb&page=1"]
    assert a.data_urls == a.xhr_urls  # the spider can read them itself (RENDER_READ_DATA)


def test_js_portal_json_answer() -> None:
    url = "http://www.arq.gov.cn/api/xxgk/articles.json?column=zfxxgknb&page=1"
    a = analyze("jsportal_api.json", url, "application/json;charset=utf-8")
    assert reports(a) == [
        ("http://www.arq.gov.cn/xxgk/zfxxgknb/2023/0120/9101.html", "2023-01-20", 2022),
        ("http://www.arq.gov.cn/xxgk/zfxxgknb/2023/0118/9087.html", "2023-01-18", 2022),
    ]
    assert a.report_links[1].publisher == "那吉镇人民政府"
    assert [r.url for r in a.listing_requests] == [url.replace("page=1", "page=2")]


@pytest.mark.parametrize(
    ("name", "status", "reason"),
    [
        ("antibot_412.html", 412, "anti-bot status 412"),
        ("antibot_412.html", 200, "瑞数 challenge ($_ts)"),
        ("antibot_521.html", 521, "anti-bot status 521"),
        ("antibot_521.html", 200, "cookie challenge (document.cookie=)"),
    ],
)
def test_antibot_stubs(name: str, status: int, reason: str) -> None:
    a = analyze(name, "http://www.cdgx.gov.cn/", status=status)
    assert (a.needs_browser, a.browser_reason) == (True, reason)
    assert browser_verdict((FIXTURES / name).read_bytes(), status, "text/html") == reason


def test_468_and_tiny_script_stub() -> None:
    assert browser_verdict(b"", 468) == "anti-bot status 468"
    stub = b"<html><head><script src='/a.js'></script></head><body><script>var a=1;</script></body></html>"
    assert browser_verdict(stub, 200, "text/html") == "tiny script-only body"


def test_ordinary_pages_and_files_need_no_browser() -> None:
    for name in ("trs_home.html", "trs_listing.html", "hanweb_column.html", "lonsun_list.html"):
        assert browser_verdict((FIXTURES / name).read_bytes(), 200, "text/html") == "", name
    assert browser_verdict(b"%PDF-1.7 ...", 200, "application/pdf") == ""


def test_generic_next_and_last_page() -> None:
    a = analyze("generic_listing.html", "http://www.hejing.gov.cn/zwgk/ndbg/list_2.html")
    assert a.is_report_column and a.column_reason == "url: ndbg"
    assert sorted(r.url.rsplit("/", 1)[1] for r in a.listing_requests) == [
        "list_1.html", "list_3.html", "list_4.html", "list_5.html",
    ]  # fmt: skip
    assert {r.family for r in a.listing_requests} == {"generic"}
    assert [y for _, _, y in reports(a)] == [2019, 2018]


def test_empty_and_broken_bodies() -> None:
    assert analyze_page(b"", "http://x.gov.cn/").kind == "empty"
    assert analyze_page(b"{not json", "http://x.gov.cn/a.json", "application/json").kind in ("html", "empty")
    assert analyze_page(b"\xff\xfe\x00garbage<<<", "http://x.gov.cn/").report_links == []


def test_json_pages_take_the_page_size_from_the_first_page_not_a_short_last_one() -> None:
    from nianbao.discover.pagination import json_pages

    url = "http://www.ssq.gov.cn.test/gkmlpt/api/all/2404?page={}&sid=757663"
    assert json_pages({"total": 31, "articles": []}, url.format(1), 10) == [url.format(n) for n in (2, 3, 4)]
    assert json_pages({"total": 31, "articles": []}, url.format(4), 1) == []  # was pages 1..31
    assert json_pages({"total": 31, "pageSize": 10}, url.format(4), 1) == [url.format(n) for n in (1, 2, 3)]
