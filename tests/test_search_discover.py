"""Site search discovery (pure): finding a page's search form, building results URLs, reading results pages."""

from __future__ import annotations

from urllib.parse import parse_qsl, quote, urlsplit

import pytest

from nianbao.discover import analyze_page
from nianbao.discover.search import QUERIES, SearchForm, candidate_forms, search_forms, search_urls
from testbed import app
from testbed import search as testbed_search
from testbed.families import layout_for

PAGE = "http://www.x.gov.cn/zwgk/index.html"


def page(body: str, charset: str = "utf-8") -> bytes:
    head = f'<head><meta charset="{charset}"><title>首页</title></head>'
    return f"<html>{head}<body>{body}</body></html>".encode(charset)


def test_trs_form_with_hidden_channel() -> None:
    html = (
        '<form action="/was5/web/search" method="get"><input type="hidden" name="channelid" value="229105">'
        '<input type="text" name="searchword" value=""><input type="submit" value="搜索"></form>'
    )
    [form] = search_forms(page(html), PAGE)
    assert form == SearchForm("http://www.x.gov.cn/was5/web/search", "searchword", (("channelid", "229105"),))
    url = form.url_for("信息公开年报")
    assert url.startswith("http://www.x.gov.cn/was5/web/search?channelid=229105&searchword=%E4%BF%A1")
    assert dict(parse_qsl(urlsplit(url).query))["searchword"] == "信息公开年报"


def test_hanweb_form_and_unnamed_query_field_in_a_search_form() -> None:
    html = (
        '<form id="searchform" action="http://www.x.gov.cn/jrobot/search.do">'
        '<input name="webid" type="hidden" value="12"><input name="zz" type="text"></form>'
    )
    [form] = search_forms(page(html), PAGE)
    assert (form.field, form.hidden) == ("zz", (("webid", "12"),))


@pytest.mark.parametrize(
    "html",
    [
        '<form action="/search" method="post"><input name="searchword"></form>',  # not a GET form
        '<form action="/login"><input name="username"><input name="pwd" type="password"></form>',
        '<form action="/vote"><input name="option" type="radio" value="1"></form>',  # no text field
        '<form action="/feedback"><input name="phone"></form>',  # text, but no search by name or action
        '<form action="javascript:doSearch()"><input name="q"></form>',
    ],
)
def test_forms_that_are_not_searches(html: str) -> None:
    assert search_forms(page(html), PAGE) == []


def test_search_form_ranks_before_other_get_forms_and_resolves_relative_actions() -> None:
    html = (
        '<form action="../mail/"><input name="title"></form>'
        '<form action="../search/index.jsp?old=1"><input name="keyword"></form>'
    )
    forms = search_forms(page(html), PAGE)
    assert [f.action for f in forms] == [
        "http://www.x.gov.cn/search/index.jsp?old=1",
        "http://www.x.gov.cn/mail/",
    ]
    assert forms[0].url_for("年报") == "http://www.x.gov.cn/search/index.jsp?keyword=%E5%B9%B4%E6%8A%A5"


def test_fields_submitted_like_a_browser() -> None:
    html = (
        '<form action="/s"><input name="q"><select name="range"><option value="all">全部</option>'
        '<option value="title" selected>标题</option></select>'
        '<input type="checkbox" name="exact" value="1"><input type="checkbox" name="site" value="x" checked>'
        '<input type="submit" name="go" value="搜索"><textarea name="note"></textarea></form>'
    )
    [form] = search_forms(page(html), PAGE)
    assert form.hidden == (("range", "title"), ("site", "x"))
    assert form.action == "http://www.x.gov.cn/s"


def test_empty_action_is_the_page_itself() -> None:
    [form] = search_forms(page('<form><input name="searchword"></form>'), PAGE + "#top")
    assert form.url_for("a b") == PAGE + "?searchword=a+b"


def test_gbk_page_submits_gbk_and_accept_charset_wins() -> None:
    gbk = search_forms(page('<form action="/search/"><input name="searchword"></form>', "gb2312"), PAGE)
    assert gbk[0].charset == "gb18030"
    assert gbk[0].url_for("年报").endswith("searchword=" + quote("年报", encoding="gbk"))
    utf = search_forms(page('<form action="/s" accept-charset="UTF-8"><input name="q"></form>', "gbk"), PAGE)
    assert utf[0].url_for("年报").endswith("q=%E5%B9%B4%E6%8A%A5")


def test_cms_candidates_when_the_page_has_no_form() -> None:
    trs = search_forms(page('<div class="TRS_Editor">正文</div>'), PAGE)
    assert [(f.action, f.field, f.source) for f in trs] == [
        ("http://www.x.gov.cn/was5/web/search", "searchword", "candidate:trs")
    ]
    hanweb = candidate_forms(
        "<script>$('#1').jpage({webid: 37, proxyUrl: '/module/web/jpage/x'})</script>", PAGE
    )
    assert hanweb[0].hidden == (("webid", "37"),) and hanweb[0].field == "q"
    assert search_forms(page("<p>无搜索</p>"), PAGE) == []
    assert search_forms(b"", PAGE) == []


def test_search_urls_per_query_best_form_first() -> None:
    forms = [SearchForm("http://a.test/s", "q"), SearchForm("http://a.test/t", "w")]
    urls = search_urls(forms)
    assert len(urls) == len(QUERIES) and all(u.startswith("http://a.test/s?q=") for u in urls)
    assert len(search_urls(forms, ("年报", "年报"), limit=2)) == 2


@pytest.fixture(scope="module")
def bed() -> app.Testbed:
    return app.Testbed(12, 1, profile="none", attachment_types=())


def test_results_page_reads_like_a_column(bed: app.Testbed) -> None:
    """analyze_page on a testbed results page: report links to follow, the other result pages to fetch."""
    site = next(s for s in bed.catalog.world.sites if s.search_only)
    home = bed.handle(app.Request("GET", site.host, "/")).reply
    [form] = search_forms(home.body, f"http://{site.host}/", home.content_type)
    url = form.url_for("信息公开工作年度报告")
    split = urlsplit(url)
    reply = bed.handle(app.Request("GET", site.host, f"{split.path}?{split.query}")).reply
    analysis = analyze_page(reply.body, url, reply.content_type)
    followed = [link for link in analysis.report_links if link.follow]
    assert not analysis.is_article and len(followed) >= testbed_search.PER_PAGE - 2
    assert all(urlsplit(link.url).path.startswith(("/zwgk/", "/art/", "/public/")) for link in followed)
    key = testbed_search.endpoints(layout_for(site))[0].page_key  # page=, p= (Hanweb)
    assert "2" in {dict(parse_qsl(urlsplit(r.url).query)).get(key) for r in analysis.listing_requests}
