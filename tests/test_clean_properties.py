"""Bad input never crashes ``clean_page``: it returns a document, with a warning when nothing is usable."""

from __future__ import annotations

import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nianbao.clean import clean_page
from nianbao.document import CleanedDocument

TAGS = st.sampled_from(
    ["div", "p", "span", "table", "tr", "td", "html", "body", "script", "style", "a", "br"]
)
FRAGMENT = st.one_of(
    st.text(max_size=40),
    TAGS.map(lambda t: f"<{t}>"),
    TAGS.map(lambda t: f"</{t}>"),
    st.sampled_from(
        [
            "<!--",
            "-->",
            "<![CDATA[",
            "<meta charset=gbk>",
            "DETAIL: {",
            "<!--ZJEG_RSS.content.begin-->",
            "style='display:none'",
            "&#x0;",
            "&nbsp;",
            "\x00",
            "\ufffd",
        ]
    ),  # fmt: skip
)


def _check(document: CleanedDocument) -> None:
    assert isinstance(document, CleanedDocument)
    text = document.to_text()
    assert text.endswith("\n")
    if not document.body_lines():
        assert document.warnings


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000))
def test_arbitrary_bytes(body: bytes) -> None:
    _check(clean_page(body))


@settings(max_examples=150, deadline=None)
@given(st.lists(FRAGMENT, max_size=60).map("".join), st.sampled_from(["utf-8", "gb18030", "latin-1"]))
def test_tag_soup(markup: str, encoding: str) -> None:
    _check(clean_page(markup.encode(encoding, errors="replace")))


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=1, max_size=500), st.integers(min_value=1, max_value=400))
def test_truncated_and_invalid_utf8(text: str, cut: int) -> None:
    body = f"<html><body><div id='zoom'><p>{text}</p></div></body></html>".encode()
    _check(clean_page(body[:cut] + b"\xff\xfe\xc3"))


def test_empty_and_whitespace() -> None:
    for body in (b"", b"   \n", b"\xef\xbb\xbf"):
        document = clean_page(body)
        assert document.warnings and document.to_text() == "\n"


def test_binary_file_is_refused_with_warning() -> None:
    document = clean_page(b"%PDF-1.4\n" + bytes(range(256)) * 10)
    assert "binary" in document.warnings[0]


def test_ten_thousand_deep_nesting() -> None:
    body = ("<html><body>" + "<div>" * 10_000 + "深层正文" + "</div>" * 10_000 + "</body></html>").encode()
    start = time.perf_counter()
    document = clean_page(body)
    assert time.perf_counter() - start < 5
    assert any("nested deeper" in w for w in document.warnings)


def test_fifty_megabyte_page_in_bounded_time() -> None:
    paragraph = (
        "<p>本报告根据《中华人民共和国政府信息公开条例》编制，统计期限自2017年1月1日起。</p>\n".encode()
    )
    body = (
        b"<html><body><div id='zoom'>" + paragraph * (50_000_000 // len(paragraph)) + b"</div></body></html>"
    )
    start = time.perf_counter()
    document = clean_page(body)
    assert time.perf_counter() - start < 60
    assert any("larger than" in w for w in document.warnings)
    assert document.body_lines()
