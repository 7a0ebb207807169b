"""Scope middleware: domains, private addresses, testbed hosts, traps and the per-host budget."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from scrapy import Request
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.utils.test import get_crawler

from crawler.middlewares.scope import ScopeConfig, ScopeMiddleware, trap_reason
from nianbao.errors import ConfigError

SCOPE = {"scope_domains": ["wsq.gov.cn"]}
TESTBED_SCOPE = {"scope_domains": ["wsq.gov.cn.test"]}


def middleware(
    testbed: bool = False, addresses: dict[str, list[str]] | None = None, **settings: Any
) -> ScopeMiddleware:
    crawler = get_crawler(settings_dict={"TESTBED_ENABLED": testbed, **settings})
    crawler.stats.open_spider()
    mw = ScopeMiddleware.from_crawler(crawler)
    table = addresses or {}

    async def resolve(host: str) -> list[str]:
        if host not in table:
            raise OSError(f"no such host {host}")
        return table[host]

    mw.resolver = resolve
    return mw


def outcome(mw: ScopeMiddleware, url: str, meta: dict[str, Any] | None = None) -> str:
    """'' when the request passes, else the drop reason (from the stats)."""
    before = dict(mw.stats.get_stats()) if mw.stats else {}
    try:
        asyncio.run(mw.process_request(Request(url, meta=dict(meta if meta is not None else SCOPE))))
    except IgnoreRequest:
        after = mw.stats.get_stats() if mw.stats else {}
        changed = [k for k, v in after.items() if k.startswith("scope/dropped/") and before.get(k) != v]
        assert len(changed) == 1
        return changed[0].removeprefix("scope/dropped/")
    return ""


@pytest.mark.parametrize(
    "url",
    [
        "http://www.wsq.gov.cn/zwgk/zfxxgk/zfxxgknb/index_3.html",
        "http://xxgk.wsq.gov.cn/col/col4052/index.html",
        "https://wsq.gov.cn/art/2018/1/29/art_4052_1203456.html",
        "http://www.wsq.gov.cn/module/web/jpage/dataproxy.jsp?startrecord=46&endrecord=60&perpage=15",
    ],
)
def test_in_scope(url: str) -> None:
    assert (
        outcome(
            middleware(
                addresses={h: ["202.99.1.1"] for h in ("www.wsq.gov.cn", "xxgk.wsq.gov.cn", "wsq.gov.cn")}
            ),
            url,
        )
        == ""
    )


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://www.ordos.gov.cn/", "out_of_scope"),
        ("http://wsq.gov.cn.evil.com/", "out_of_scope"),
        ("http://evilwsq.gov.cn/", "out_of_scope"),
        ("http://www.baidu.com/s?wd=x", "out_of_scope"),
        ("ftp://www.wsq.gov.cn/a.pdf", "scheme"),
        ("http://10.0.0.5/zwgk/", "private_address"),
        ("http://127.0.0.1:8000/", "private_address"),
        ("http://169.254.169.254/latest/meta-data/", "private_address"),
        ("http://192.168.1.1/", "private_address"),
        ("http://172.16.0.9/", "private_address"),
        ("http://[::1]/", "private_address"),
        ("http://[fe80::1]/", "private_address"),
        ("http://[::ffff:127.0.0.1]/", "private_address"),
        ("http://0.0.0.0/", "private_address"),
        ("http://localhost:6800/", "private_address"),
    ],
)
def test_out_of_scope_and_private(url: str, reason: str) -> None:
    # private addresses are refused even when the spider would allow the host
    meta = (
        {"scope_domains": ["wsq.gov.cn", "10.0.0.5", "127.0.0.1", "localhost"]}
        if reason == "private_address"
        else SCOPE
    )
    assert outcome(middleware(), url, meta) == reason


def test_host_resolving_to_private_address() -> None:
    mw = middleware(addresses={"intranet.wsq.gov.cn": ["10.1.2.3"], "www.wsq.gov.cn": ["202.99.1.1"]})
    assert outcome(mw, "http://intranet.wsq.gov.cn/") == "resolves_private"
    assert outcome(mw, "http://www.wsq.gov.cn/") == ""
    assert outcome(mw, "http://unknown.wsq.gov.cn/") == ""  # DNS failure is the downloader's to report


def test_dns_not_resolved_when_disabled() -> None:
    mw = middleware(addresses={"intranet.wsq.gov.cn": ["10.1.2.3"]}, SCOPE_RESOLVE_DNS=False)
    assert outcome(mw, "http://intranet.wsq.gov.cn/") == ""


def test_testbed_mode() -> None:
    mw = middleware(testbed=True)  # no resolver entries: any DNS lookup would fail the test below

    async def no_dns(host: str) -> list[str]:
        raise AssertionError(f"resolved {host} in testbed mode")

    mw.resolver = no_dns
    assert outcome(mw, "http://www.wsq.gov.cn.test/zwgk/", TESTBED_SCOPE) == ""
    assert outcome(mw, "http://xxgk.wsq.gov.cn.test/", TESTBED_SCOPE) == ""
    assert outcome(mw, "http://127.0.0.1:8080/zwgk/", TESTBED_SCOPE) == "private_address"
    assert outcome(mw, "http://www.wsq.gov.cn/", {"scope_domains": ["wsq.gov.cn"]}) == "not_testbed_host"
    assert outcome(mw, "http://www.ordos.gov.cn.test/", TESTBED_SCOPE) == "out_of_scope"


def test_scope_extra_domains_hosts_and_prefixes() -> None:
    mw = middleware(testbed=True)
    meta = {
        "scope_domains": ["aes.gov.cn.test"],
        "scope_extra": ["xam.gov.cn.test", "http://platform.nmg.gov.cn.test/aes"],
    }
    assert outcome(mw, "http://www.xam.gov.cn.test/xxgk/2018/t1.html", meta) == ""
    assert outcome(mw, "http://platform.nmg.gov.cn.test/aes/zfxxgknb/", meta) == ""
    assert outcome(mw, "http://platform.nmg.gov.cn.test/wsq/zfxxgknb/", meta) == "out_of_scope"


def test_without_scope_meta_falls_back_to_no_domain_rule() -> None:
    mw = middleware(addresses={"www.other.gov.cn": ["202.99.1.2"]})
    assert outcome(mw, "http://www.other.gov.cn/robots.txt", {}) == ""
    assert outcome(mw, "http://192.168.0.1/robots.txt", {}) == "private_address"


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://www.wsq.gov.cn/zwgk/zwgk/zwgk/index.html", "repeated_segment"),
        ("http://www.wsq.gov.cn/a/b/a/b/a/index.html", "repeated_segment"),
        ("http://www.wsq.gov.cn/" + "/".join(f"d{i}" for i in range(13)) + "/x.html", "path_depth"),
        ("http://www.wsq.gov.cn/calendar.jsp?year=2099&month=1", "calendar"),
        ("http://www.wsq.gov.cn/calendar.jsp?year=1890", "calendar"),
        ("http://www.wsq.gov.cn/calendar.jsp?year=2018&month=13", "calendar"),
        ("http://www.wsq.gov.cn/list.jsp?date=2099-01-01", "calendar"),
        ("http://www.wsq.gov.cn/art/2150/1/29/art_1_2.html", "calendar"),
        ("http://www.wsq.gov.cn/zwgk/215001/t21500101_1.html", "calendar"),
        ("http://www.wsq.gov.cn/list.jsp?page=201", "page_number"),
        ("http://www.wsq.gov.cn/public/column/1?type=3&action=list&pageIndex=9999", "page_number"),
        ("http://www.wsq.gov.cn/zfxxgknb/index_250.html", "page_number"),
        (
            "http://www.wsq.gov.cn/module/web/jpage/dataproxy.jsp?startrecord=4501&endrecord=4515&perpage=15",
            "page_number",
        ),
    ],
)
def test_traps(url: str, reason: str) -> None:
    assert trap_reason(url, ScopeConfig()) == reason
    assert outcome(middleware(SCOPE_RESOLVE_DNS=False), url) == reason


@pytest.mark.parametrize(
    "url",
    [
        "http://www.wsq.gov.cn/zwgk/zfxxgk/zfxxgknb/201801/t20180130_2134567.html",
        "http://www.wsq.gov.cn/art/2018/1/29/art_4052_1203456.html",
        "http://www.wsq.gov.cn/public/6616891/1108237201.html",
        "http://www.wsq.gov.cn/calendar.jsp?year=2018&month=12",
        "http://www.wsq.gov.cn/list.jsp?page=200",
        "http://www.wsq.gov.cn/zfxxgknb/index_199.html",
        "http://www.wsq.gov.cn/gkmlpt/api/all/2567?page=3&sid=763018",
        "http://www.wsq.gov.cn/xxgk/xxgk/index.html",
    ],
)
def test_not_traps(url: str) -> None:
    assert trap_reason(url, ScopeConfig()) == ""


def test_max_page_setting() -> None:
    mw = middleware(SCOPE_MAX_PAGE=5, SCOPE_RESOLVE_DNS=False)
    assert outcome(mw, "http://www.wsq.gov.cn/list.jsp?page=5") == ""
    assert outcome(mw, "http://www.wsq.gov.cn/list.jsp?page=6") == "page_number"


def test_host_budget() -> None:
    mw = middleware(SCOPE_HOST_BUDGET=3, SCOPE_RESOLVE_DNS=False)
    results = [outcome(mw, f"http://www.wsq.gov.cn/p{i}.html") for i in range(5)]
    assert results == ["", "", "", "host_budget", "host_budget"]
    assert outcome(mw, "http://xxgk.wsq.gov.cn/p.html") == ""  # per host
    assert mw.stats is not None and mw.stats.get_value("scope/dropped/host_budget") == 2


def test_disabled_and_bad_config() -> None:
    with pytest.raises(NotConfigured):
        middleware(SCOPE_ENABLED=False)
    with pytest.raises(ConfigError, match="SCOPE_MAX_PAGE"):
        middleware(SCOPE_MAX_PAGE=0)


def test_registered_before_robots() -> None:
    from crawler import settings

    assert settings.DOWNLOADER_MIDDLEWARES["crawler.middlewares.scope.ScopeMiddleware"] < 100
