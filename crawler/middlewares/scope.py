"""Scope and trap defences: drop every request the crawl must not make, before it is made.

A request is dropped (``IgnoreRequest``, a log line, stat ``scope/dropped/<reason>``) when its host is
outside ``request.meta["scope_domains"]`` (the portal's registrable domain and subdomains; the spider's
``allowed_domains`` when the meta is absent) and ``request.meta["scope_extra"]`` (shared platforms a
portal links to for its own reports: domains, hosts or URL prefixes); when the host is a private,
loopback, link-local or reserved address, ``localhost``, or (outside testbed mode) resolves to one; in
testbed mode when the host is not a ``.test`` host; or when the URL looks like a crawler trap: a path
segment repeated more than ``SCOPE_MAX_SEGMENT_REPEAT`` times, a path deeper than ``SCOPE_MAX_PATH_DEPTH``,
a calendar parameter outside ``SCOPE_MIN_YEAR``..next year, a page number above ``SCOPE_MAX_PAGE``, or the
host's ``SCOPE_HOST_BUDGET`` of requests used up.
"""

from __future__ import annotations

import datetime
import logging
import re
from collections import Counter
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured

from nianbao.config import read_config
from nianbao.discover.urls import canonicalize_url, host_of, in_domain, ip_of, is_private_ip
from nianbao.errors import ConfigError

log = logging.getLogger(__name__)

Resolver = Callable[[str], Awaitable[list[str]]]
_PAGE_KEYS = frozenset({"page", "pageindex", "pageno", "pagenum", "cur_page", "curpage", "currentpage", "pn"})
_YEAR_KEYS = frozenset({"year", "yyyy", "nian", "y"})
_MONTH_KEYS = frozenset({"month", "mm", "yue", "m"})
_DATE_KEYS = frozenset({"date", "day", "riqi", "rq", "ymd", "ym", "calendar", "d", "time"})
_PATH_PAGE = re.compile(
    r"/(?:index|list|page|default|more)[_\-/](\d+)\.(?:s?html?|jsp|jhtml)$", re.IGNORECASE
)
_PATH_YEAR_MONTH = re.compile(r"/((?:19|20|21)\d{2})(?:[/-](\d{1,2})(?=[/.-]|$)|(0[1-9]|1[0-2])(?=/))")
_YEAR_IN_VALUE = re.compile(r"^((?:1[0-9]|2[0-9]|[3-9][0-9])\d{2})(?:\D|\d{2}|$)")


@dataclass
class ScopeConfig:
    enabled: bool = True
    max_page: int = 200
    host_budget: int = 2000
    max_path_depth: int = 12
    max_segment_repeat: int = 2
    min_year: int = 1990
    resolve_dns: bool = True

    def validate(self) -> None:
        for name in ("max_page", "host_budget", "max_path_depth", "max_segment_repeat"):
            if getattr(self, name) < 1:
                raise ConfigError(f"SCOPE_{name.upper()} must be at least 1")


def _max_year() -> int:
    return datetime.date.today().year + 1


def address_reason(host: str, testbed: bool) -> str:
    """'private_address' for IP literals and names never to be crawled, 'not_testbed_host' for a
    non-``.test`` host in testbed mode, else ''."""
    address = ip_of(host)
    if address is not None and is_private_ip(address):
        return "private_address"
    if host == "localhost" or host.endswith(".localhost"):
        return "private_address"
    if testbed and not host.endswith(".test"):
        return "not_testbed_host"
    return ""


def domain_reason(url: str, host: str, domains: Iterable[str], extra: Iterable[str]) -> str:
    """'out_of_scope' unless the host is in a scope domain or matches a ``scope_extra`` entry."""
    if any(in_domain(host, d) for d in domains):
        return ""
    for entry in extra:
        if "://" in entry:
            if url.startswith(canonicalize_url(entry).rstrip("/")):
                return ""
        elif in_domain(host, entry):
            return ""
    return "out_of_scope"


def _out_of_calendar(key: str, value: str, min_year: int) -> bool:
    key = key.lower()
    digits = value.strip()
    if key in _MONTH_KEYS and digits.isdigit():
        return not 1 <= int(digits) <= 12
    if key in _YEAR_KEYS | _DATE_KEYS:
        match = _YEAR_IN_VALUE.match(digits)
        if match and (key not in ("d", "time") or len(digits) >= 8):
            return not min_year <= int(match.group(1)) <= _max_year()
        if key == "day" and digits.isdigit():
            return not 1 <= int(digits) <= 31
    return False


def _page_of(key: str, value: str, query: dict[str, str]) -> int | None:
    key = key.lower()
    if key in _PAGE_KEYS and value.isdigit():
        return int(value)
    if key == "startrecord" and value.isdigit():  # Hanweb dataproxy
        perpage = int(query.get("perpage", "15") or 15) or 15
        return int(value) // perpage + 1
    return None


def trap_reason(url: str, config: ScopeConfig) -> str:
    """The trap a URL falls into ('' for none): repeated_segment, path_depth, calendar, page_number."""
    parts = urlsplit(url)
    segments = [s for s in parts.path.split("/") if s]
    if segments and max(Counter(s.lower() for s in segments).values()) > config.max_segment_repeat:
        return "repeated_segment"
    if len(segments) > config.max_path_depth:
        return "path_depth"
    query = parse_qsl(parts.query, keep_blank_values=True)
    if any(_out_of_calendar(k, v, config.min_year) for k, v in query):
        return "calendar"
    for match in _PATH_YEAR_MONTH.finditer(parts.path):
        month = int(match.group(2) or match.group(3))
        if not config.min_year <= int(match.group(1)) <= _max_year() or not 1 <= month <= 12:
            return "calendar"
    values = dict(query)
    pages = [_page_of(k, v, values) for k, v in query]
    path_page = _PATH_PAGE.search(parts.path)
    pages.append(int(path_page.group(1)) if path_page else None)
    if any(p is not None and p > config.max_page for p in pages):
        return "page_number"
    return ""


async def twisted_resolve(host: str) -> list[str]:
    """Addresses of ``host`` through Scrapy's resolver (and its DNS cache)."""
    from scrapy.utils.defer import maybe_deferred_to_future
    from twisted.internet import reactor

    address = await maybe_deferred_to_future(reactor.resolve(host))  # type: ignore[arg-type,attr-defined]
    return [str(address)]


class ScopeMiddleware:
    """Downloader middleware; see the module docstring. Settings: ``SCOPE_*`` (crawler/settings.py)."""

    def __init__(self, config: ScopeConfig, crawler: Crawler | None = None, testbed: bool = False) -> None:
        if not config.enabled:
            raise NotConfigured("SCOPE_ENABLED is off")
        self.config, self.crawler, self.testbed = config, crawler, testbed
        self.stats = crawler.stats if crawler is not None else None
        self.resolver: Resolver = twisted_resolve
        self.requests_per_host: Counter[str] = Counter()
        self.resolved: dict[str, str] = {}  # host -> '' (public) or a drop reason

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ScopeMiddleware:
        config = read_config(ScopeConfig, crawler.settings, "SCOPE")
        return cls(config, crawler, testbed=crawler.settings.getbool("TESTBED_ENABLED"))

    async def process_request(self, request: Request) -> None:
        host = host_of(request.url)
        reason = self.static_reason(request.url, host, request.meta)
        if not reason and self.config.resolve_dns and not self.testbed and ip_of(host) is None:
            reason = await self._dns_reason(host)
        if not reason:
            reason = self._budget_reason(host)
        if reason:
            self._drop(request, reason)

    def static_reason(self, url: str, host: str, meta: dict[str, Any]) -> str:
        """Every check that needs neither DNS nor state."""
        if urlsplit(url).scheme not in ("http", "https") or not host:
            return "scheme"
        reason = address_reason(host, self.testbed)
        if reason:
            return reason
        domains = meta.get("scope_domains") or self._spider_domains()
        if domains and (
            reason := domain_reason(canonicalize_url(url), host, domains, meta.get("scope_extra") or [])
        ):
            return reason
        return trap_reason(url, self.config)

    def _spider_domains(self) -> list[str]:
        spider = getattr(self.crawler, "spider", None)
        return list(getattr(spider, "allowed_domains", None) or [])

    async def _dns_reason(self, host: str) -> str:
        if host not in self.resolved:
            try:
                addresses = await self.resolver(host)
            except Exception:  # an unresolvable host fails in the downloader with a clear DNS error
                addresses = []
            private = [a for a in addresses if (ip := ip_of(a)) is not None and is_private_ip(ip)]
            self.resolved[host] = "resolves_private" if private else ""
        return self.resolved[host]

    def _budget_reason(self, host: str) -> str:
        self.requests_per_host[host] += 1
        used = self.requests_per_host[host]
        if used == self.config.host_budget + 1:
            log.warning(
                "scope: page budget of %d used up for %s (SCOPE_HOST_BUDGET)", self.config.host_budget, host
            )
        return "host_budget" if used > self.config.host_budget else ""

    def _drop(self, request: Request, reason: str) -> None:
        if self.stats is not None:
            self.stats.inc_value(f"scope/dropped/{reason}")
        level = (
            logging.INFO
            if reason in ("private_address", "resolves_private", "not_testbed_host")
            else logging.DEBUG
        )
        log.log(level, "scope: dropped %s (%s)", request.url, reason)
        raise IgnoreRequest(f"out of scope: {reason}")
