"""Failures the testbed exposed, pinned as small pages (each held on real portals too)."""

from __future__ import annotations

from nianbao.clean import clean_page
from nianbao.clean.chrome import chrome_kind

_CHROME = (
    '<div class="position">当前位置：<a href="/">首页</a> &gt; 政务公开</div>'
    '<div class="footer"><p>主办：某县人民政府 网站标识码：1501030211</p></div>'
)


def _page(body: str, title: str = "某县2013年度政府信息公开年报", head: str = "") -> bytes:
    return (
        f"<html><head><meta charset='utf-8'><title>{title}_某县人民政府</title>{head}</head><body>"
        f"<div class='header'><h2>某县人民政府</h2></div>{_CHROME.split('</div>')[0]}</div>"
        f"<div class='main'><h1>{title}</h1>{body}</div>{_CHROME.split('</div>', 1)[1]}</body></html>"
    ).encode()


def test_short_body_with_visible_spam_keeps_its_body() -> None:
    """A TRS body of one line plus a 88明升 line was dropped whole as spam ('no body text found')."""
    body = (
        '<div class="view TRS_UEDITOR"><div class="TRS_Editor"><p>详见附件。</p>'
        '<p><a href="http://www.88ms-bet.com/">88明升</a>|88明升备用【明陞】</p></div></div>'
    )
    document = clean_page(_page(body), url="http://www.wsq.gov.cn/zwgk/t20140211_1.html")
    assert document.body_lines() == ["详见附件。"]
    assert document.removed["spam"] == 1
    assert "no body text found" not in document.warnings


def test_site_name_heading_is_not_the_title() -> None:
    body = '<div id="zoom"><p>本报告根据《条例》编制。</p></div>'
    assert clean_page(_page(body)).title == "某县2013年度政府信息公开年报"


def test_attachment_below_the_container_is_metadata_not_body() -> None:
    body = (
        '<div class="TRS_Editor"><p>详见附件。</p></div>'
        '<div class="fjxz">附件：<a href="/P020140211.pdf">某县2013年度政府信息公开年报.pdf</a></div>'
    )
    document = clean_page(_page(body), url="http://www.x.gov.cn/zwgk/t1.html")
    assert document.body_lines() == ["详见附件。"]
    assert [a.url for a in document.attachments] == ["http://www.x.gov.cn/P020140211.pdf"]


def test_body_line_with_a_chrome_word_is_kept() -> None:
    assert chrome_kind("（二）被依法纠错数") is None
    assert chrome_kind("47 | （二）被依法纠错数 | 件 | 0 |") is None
    assert chrome_kind("【打印本页】【关闭窗口】") == "tools"


def test_hidden_by_external_stylesheet_spam_link_removed_by_vocabulary() -> None:
    body = (
        '<div id="zoom"><p>本报告根据《条例》编制。</p>'
        '<div class="hidden-ad"><a href="http://www.88ms-bet.com/?id=1">北京赛车pk10开奖直播 稳赚计划</a></div></div>'
    )
    document = clean_page(_page(body), url="http://www.x.gov.cn/a.html")
    assert document.body_lines() == ["本报告根据《条例》编制。"]


def test_private_use_characters_survive() -> None:
    body = '<div id="zoom"><p>二、主动公开政府信息情况\ue004</p><table><tr><td>甲\ue004</td><td>1</td></tr></table></div>'
    assert clean_page(_page(body)).body_lines() == ["二、主动公开政府信息情况\ue004", "甲\ue004\t1"]
