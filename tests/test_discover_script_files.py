"""Attachments that exist only in a page's script data (gkmlpt's DETAIL object)."""

from __future__ import annotations

from nianbao.discover import analyze_page
from nianbao.discover.items import script_attachments

PAGE = """<html><head><title>x</title></head><body><div id="app"></div><script>
window.__CONFIG = { DETAIL: {"title": "松山区2019年政府信息公开工作年度报告", "content": "<p>详见附件</p>",
 "attachment": [{"name": "松山区2019年政府信息公开工作年度报告.xls", "url": "/attachment/0/574/1504040060.xls"}]},
 TREE: [{"id": 2404, "name": "政府信息公开年报"}] };
</script><a href="/attachment/0/574/1504040060.xls">附件</a></body></html>"""


def test_attachment_in_detail_json_is_found_once() -> None:
    url = "http://www.ssq.gov.cn.test/gkmlpt/content/1/150404/post_150404006.html"
    files = analyze_page(PAGE.encode(), url).attachments
    assert [(f.url, f.extension) for f in files] == [
        ("http://www.ssq.gov.cn.test/attachment/0/574/1504040060.xls", "xls")
    ]


def test_escaped_slashes_and_names() -> None:
    found = script_attachments('{"url": "http:\\/\\/a.gov.cn\\/f.pdf"}', "http://a.gov.cn/")
    assert [f.url for f in found] == ["http://a.gov.cn/f.pdf"]
    named = script_attachments('{"name": "报告.docx", "url": "/f/报告.docx"}', "http://a.gov.cn/x/")
    assert named[0].text == "报告.docx" and named[0].extension == "docx"
    assert script_attachments('{"url": "/index.html"}', "http://a.gov.cn/") == []


def test_scanned_reports_linked_as_images_are_attachments_but_pictures_are_not() -> None:
    page = """<html><body><div class="TRS_Editor"><p>详见附件。</p></div>
    <div class="fjxz"><a href="/zwgk/ndbg/202402/P020240211230090.jpg">2023年乌拉特前旗政府信息公开年报.jpg</a></div>
    <a href="/images/big.jpg"><img src="/images/small.jpg" alt="风景"></a>
    <a href="/images/qrcode.png">二维码</a></body></html>"""
    url = "http://www.wltqq.gov.cn.test/zwgk/ndbg/202402/t20240211_150823009.html"
    files = analyze_page(page.encode(), url).attachments
    assert [(f.url.rsplit("/", 1)[-1], f.extension) for f in files] == [("P020240211230090.jpg", "jpg")]


def test_a_page_parameter_the_script_fills_in_starts_at_one() -> None:
    from nianbao.discover.browser import xhr_urls

    scripts = 'fetch("/api/xxgk/list?col=nb&page=" + page).then(r => r.json())'
    assert xhr_urls(scripts, "http://www.fengzhen.gov.cn.test/xxgk/nb/index.html") == [
        "http://www.fengzhen.gov.cn.test/api/xxgk/list?col=nb&page=1"
    ]
