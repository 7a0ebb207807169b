"""A JS portal's article data answer read as the page it fills: fields found by content, the shell's data
URL completed from its own query, and the cleaned document the same as for any page."""

from __future__ import annotations

import json

from nianbao.discover import analyze_page
from nianbao.discover.browser import xhr_urls
from nianbao.discover.jsonarticle import article_of, article_page
from nianbao.image_splice import body_image_urls
from nianbao.ingest import as_pages, to_document

BODY = "<p>　　本报告根据《中华人民共和国政府信息公开条例》编制。</p>" + "<p>主动公开政府信息119条。</p>" * 5
SHELL = "http://www.ybs.gov.cn.test/xxgk/nb/detail.html?id=42"
API = "http://www.ybs.gov.cn.test/api/xxgk/article?id=42"


def _answer(**fields: object) -> bytes:
    return json.dumps(fields, ensure_ascii=False).encode("utf-8")


def test_fields_are_found_by_what_they_hold_whatever_the_keys() -> None:
    flat = article_of(
        json.loads(
            _answer(
                title="甲县2023年政府信息公开工作年度报告",
                source="甲县人民政府",
                date="2024-01-20 09:00:00",
                content=BODY,
            )
        )
    )
    nested = article_of(
        {
            "code": 0,
            "data": {
                "docTitle": "甲县2023年政府信息公开工作年度报告",
                "publishTime": 1705712400,
                "zw": BODY,
                "ly": "甲县人民政府",
            },
        }
    )
    for article in (flat, nested):
        assert article is not None
        assert article.title == "甲县2023年政府信息公开工作年度报告" and article.source == "甲县人民政府"
        assert article.date.startswith("2024-01-20") and article.body_html == BODY


def test_attachments_and_a_body_that_only_points_to_them() -> None:
    answer = {
        "title": "乙镇2022年政府信息公开工作年度报告",
        "content": "<p>详见附件。</p>",
        "files": [{"fileName": "年报.pdf", "filePath": "/files/2023/1.pdf"}, {"size": 3}],
    }
    article = article_of(answer)
    assert article is not None and article.attachments == [("年报.pdf", "/files/2023/1.pdf")]
    page = analyze_page(article_page(json.dumps(answer).encode()) or b"", SHELL, "text/html")
    assert [a.url for a in page.attachments] == ["http://www.ybs.gov.cn.test/files/2023/1.pdf"]


def test_answers_that_are_not_articles() -> None:
    assert article_page(b'{"total": 3, "items": [{"id": 1, "title": "a"}, {"id": 2, "title": "b"}]}') is None
    assert article_page(b"<html><body>x</body></html>") is None
    assert article_page(b'{"broken": ') is None
    assert article_page(_answer(status="ok", message="no such article")) is None


def test_a_shell_data_url_is_completed_from_its_own_query() -> None:
    script = "var id = q.get('id'); fetch('/api/xxgk/article?id=' + id); $.getJSON('/api/x?token=' + t);"
    assert xhr_urls(script, SHELL) == [API]  # token: not in the page's query, so left out
    listing = "xhr.open('GET', '/api/xxgk/list?col=nb&page=' + page);"
    assert xhr_urls(listing, "http://h.test/xxgk/nb/index.html") == [
        "http://h.test/api/xxgk/list?col=nb&page=1"
    ]
    assert xhr_urls(listing, "http://h.test/xxgk/nb/index.html?page=3")[0].endswith("page=3")


def test_a_data_answer_cleans_as_its_page_with_links_resolved_against_the_shell() -> None:
    body = BODY + '<p><img src="42-table1.png"></p>'
    answer = _answer(
        title="甲县2023年政府信息公开工作年度报告", date="2024-01-20", source="甲县人民政府", content=body
    )
    doc = to_document([answer], SHELL, {"Content-Type": "application/json"}, part_urls=[API])
    assert doc.title == "甲县2023年政府信息公开工作年度报告"
    assert "主动公开政府信息119条。" in doc.to_text()
    assert doc.warnings == ["1 body image(s) not read (not fetched)"]
    pages, bases = as_pages([answer], SHELL, [API])
    # the image resolves against the shell (/xxgk/nb/), not the data URL (/api/xxgk/): the warning check
    # below matches by file name only, so it alone could not tell
    assert bases == [SHELL] and body_image_urls(pages, [SHELL]) == [
        "http://www.ybs.gov.cn.test/xxgk/nb/42-table1.png"
    ]
    fetched = [("http://www.ybs.gov.cn.test/xxgk/nb/42-table1.png", b"not an image")]
    assert "not fetched" not in " ".join(
        to_document([answer], SHELL, images=fetched, part_urls=[API]).warnings
    )
