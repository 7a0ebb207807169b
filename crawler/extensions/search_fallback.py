"""Site search as the fallback for portals whose 年报 column navigation never reached (issue #7).

Watches every response: a portal's home page (stage ``nav``, hop 0) gives its search forms
(``nianbao.discover.search``); a fetched report or attachment (stage ``report``/``file``) means the portal's
column was reached. As soon as none of a portal's requests is left in the crawl (``portal_settled``, from
the spider's ``crawler.spiders.pending``), and otherwise when the crawl falls idle, each portal whose home
showed a search form and whose column was never reached gets its search requests once: stage ``listing``, so the spider reads the results pages
like a column (report links, 下一页). robots.txt still applies: a disallowed search is dropped by Scrapy's
robots middleware like any request. The state survives a resumed run (``spider.state`` under JOBDIR). Settings: ``SEARCH_FALLBACK_ENABLED``, ``SEARCH_FALLBACK_QUERIES``,
``SEARCH_FALLBACK_MAX_FORMS``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider, NotConfigured
from scrapy.http import Response

from crawler import signals as nianbao_signals
from nianbao.config import read_config
from nianbao.discover.search import QUERIES, SearchForm, search_forms, search_urls

log = logging.getLogger(__name__)
LISTING_PRIORITY = 10  # the spider's priority for stage "listing"


@dataclass
class SearchFallbackConfig:
    enabled: bool = True
    queries: list[str] = field(default_factory=lambda: list(QUERIES))
    max_forms: int = 1  # search forms of a home page tried (best first)

    def validate(self) -> None:
        from nianbao.errors import ConfigError

        if not self.queries or not all(q.strip() for q in self.queries):
            raise ConfigError("SEARCH_FALLBACK_QUERIES needs at least one non-empty query")
        if self.max_forms < 1:
            raise ConfigError("SEARCH_FALLBACK_MAX_FORMS must be at least 1")


@dataclass
class PortalSearch:
    """What the crawl saw of one portal: its home page's search forms and whether its column was reached."""

    portal: Any = None
    home_url: str = ""
    home_meta: dict[str, Any] = field(default_factory=dict)  # scope of the home request, for the searches
    forms: list[SearchForm] = field(default_factory=list)
    reached: bool = False
    searched: bool = False

    @property
    def wants_search(self) -> bool:
        return bool(self.forms) and not self.reached and not self.searched


class SearchFallback:
    def __init__(self, crawler: Crawler, config: SearchFallbackConfig) -> None:
        self.crawler, self.config = crawler, config
        self.portals: dict[str, PortalSearch] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SearchFallback:
        config = read_config(SearchFallbackConfig, crawler.settings, "SEARCH_FALLBACK")
        if not config.enabled:
            raise NotConfigured("SEARCH_FALLBACK_ENABLED is off")
        extension = cls(crawler, config)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.response_received, signal=signals.response_received)
        crawler.signals.connect(extension.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(extension.portal_settled, signal=nianbao_signals.portal_settled)
        return extension

    def spider_opened(self, spider: scrapy.Spider) -> None:
        """Keep the per-portal state in ``spider.state`` when there is one (JOBDIR): a resumed run
        remembers which portals reached their column, showed a search form or were searched already."""
        state = getattr(spider, "state", None)
        if isinstance(state, dict):
            self.portals = state.setdefault("search_fallback", self.portals)

    def response_received(self, response: Response, request: scrapy.Request, **_: Any) -> None:
        meta = request.meta
        portal, stage = meta.get("portal"), meta.get("stage")
        if portal is None or not getattr(portal, "adcode", ""):
            return
        state = self.portals.setdefault(portal.adcode, PortalSearch(portal))
        if stage in ("report", "file") and 200 <= response.status < 300:
            state.reached = True
        elif stage == "nav" and meta.get("hops", 0) == 0 and response.status == 200 and not state.forms:
            self._read_home(state, response, meta)

    def _read_home(self, state: PortalSearch, response: Response, meta: dict[str, Any]) -> None:
        content_type = (response.headers.get("Content-Type") or b"").decode("latin-1")
        if "html" not in content_type.lower() and response.body.lstrip()[:1] != b"<":
            return
        state.forms = search_forms(response.body, response.url, content_type)
        state.home_url = response.url
        state.home_meta = {k: list(meta.get(k, [])) for k in ("scope_domains", "scope_extra")}

    def portal_settled(self, portal: Any) -> None:
        """None of the portal's requests is left in the crawl: search it now if it needs a search."""
        state = self.portals.get(getattr(portal, "adcode", ""))
        spider, engine = self.crawler.spider, self.crawler.engine
        if state is None or spider is None or engine is None:
            return
        requests = self.searches(state, spider)
        if requests and self.crawler.stats is not None:
            self.crawler.stats.inc_value("search_fallback/early")
        for request in requests:
            engine.crawl(request)

    def spider_idle(self, spider: scrapy.Spider) -> None:
        requests = [r for state in self.portals.values() for r in self.searches(state, spider)]
        if not requests:
            return
        for request in requests:
            self.crawler.engine.crawl(request)  # type: ignore[union-attr]
        raise DontCloseSpider

    def searches(self, state: PortalSearch, spider: scrapy.Spider) -> list[scrapy.Request]:
        """The search requests of one portal, once: none when its column was reached or it has no form."""
        if not state.wants_search:
            return []
        state.searched = True
        urls = search_urls(state.forms, tuple(self.config.queries), self.config.max_forms)
        stats = self.crawler.stats
        if stats is not None:
            stats.inc_value("search_fallback/portals")
            stats.inc_value("search_fallback/requests", len(urls))
        log.info(
            "search fallback for %s (%s): no 年报 column reached, %d searches via %s",
            state.portal.county,
            state.portal.adcode,
            len(urls),
            state.forms[0].action,
        )
        return [self._request(url, state, spider) for url in urls]

    def _request(self, url: str, state: PortalSearch, spider: scrapy.Spider) -> scrapy.Request:
        return scrapy.Request(
            url,
            callback=spider.parse,
            errback=getattr(spider, "failed", None),
            priority=LISTING_PRIORITY,
            headers={"Referer": state.home_url},
            meta={"stage": "listing", "portal": state.portal, "hops": 0, "search": True, **state.home_meta},
        )
