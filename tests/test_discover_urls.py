"""URL helpers: canonical form and the offline registrable-domain rule."""

from __future__ import annotations

import pytest

from nianbao.discover.urls import canonicalize_url, in_domain, registrable_domain


@pytest.mark.parametrize(
    ("host", "domain"),
    [
        ("www.wsq.gov.cn", "wsq.gov.cn"),
        ("xxgk.wsq.gov.cn", "wsq.gov.cn"),
        ("wsq.gov.cn", "wsq.gov.cn"),
        ("chaoyang.changchun.gov.cn", "changchun.gov.cn"),
        ("www.example.com.cn", "example.com.cn"),
        ("www.beijing.cn", "beijing.cn"),
        ("www.example.com", "example.com"),
        ("xxgk.wsq.gov.cn.test", "wsq.gov.cn.test"),
        ("www.wsq.gov.cn.test", "wsq.gov.cn.test"),
        ("shared.test", "shared.test"),
        ("WWW.WSQ.GOV.CN.", "wsq.gov.cn"),
        ("127.0.0.1", "127.0.0.1"),
        ("gov.cn", "gov.cn"),
    ],
)
def test_registrable_domain(host: str, domain: str) -> None:
    assert registrable_domain(host) == domain


def test_registrable_domain_of_url() -> None:
    assert registrable_domain("http://xxgk.wsq.gov.cn.test:8080/zwgk/") == "wsq.gov.cn.test"


def test_in_domain() -> None:
    assert in_domain("xxgk.wsq.gov.cn", "wsq.gov.cn")
    assert in_domain("wsq.gov.cn", "wsq.gov.cn")
    assert not in_domain("evilwsq.gov.cn", "wsq.gov.cn")
    assert not in_domain("wsq.gov.cn.evil.com", "wsq.gov.cn")


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("HTTP://WWW.WSQ.GOV.CN:80/zwgk/#top", "http://www.wsq.gov.cn/zwgk/"),
        ("http://www.wsq.gov.cn", "http://www.wsq.gov.cn/"),
        ("https://a.gov.cn:443/x?b=2&a=1", "https://a.gov.cn/x?a=1&b=2"),
        ("http://a.gov.cn:8080/x", "http://a.gov.cn:8080/x"),
        ("http://a.gov.cn/list.jsp;jsessionid=ABC123?page=2", "http://a.gov.cn/list.jsp?page=2"),
        ("http://a.gov.cn/list.jsp?JSESSIONID=abc&page=2", "http://a.gov.cn/list.jsp?page=2"),
        ("http://a.gov.cn/api?page=1&sid=763018", "http://a.gov.cn/api?page=1&sid=763018"),
        ("http://a.gov.cn/年报/", "http://a.gov.cn/%E5%B9%B4%E6%8A%A5/"),
        ("javascript:void(0)", ""),
        ("mailto:x@a.gov.cn", ""),
        ("http://[::1]:8000/x", "http://[::1]:8000/x"),
    ],
)
def test_canonicalize(url: str, canonical: str) -> None:
    assert canonicalize_url(url) == canonical


def test_canonicalize_relative() -> None:
    assert (
        canonicalize_url("../zfxxgknb/index_1.html", "http://a.gov.cn/zwgk/x/")
        == "http://a.gov.cn/zwgk/zfxxgknb/index_1.html"
    )
    assert canonicalize_url("a\\b.html", "http://a.gov.cn/") == "http://a.gov.cn/a/b.html"


def test_canonical_urls_keep_the_bytes_of_gbk_escapes() -> None:
    """A GBK site's search form sends GBK-escaped queries; they must not turn into U+FFFD escapes."""
    url = "http://a.test/search/?searchword=%D0%C5%CF%A2%B9%AB%BF%AA&page=2"
    assert canonicalize_url(url) == "http://a.test/search/?page=2&searchword=%D0%C5%CF%A2%B9%AB%BF%AA"
    assert canonicalize_url("http://a.test/路径/x.html?q=年报") == (
        "http://a.test/%E8%B7%AF%E5%BE%84/x.html?q=%E5%B9%B4%E6%8A%A5"
    )
