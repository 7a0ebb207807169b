"""PortalSpider: from county portal home pages to every annual report they publish.

Routing only: every decision about a page (links towards the 年报 column, listing pagination, report
items, multi-page continuations, attachments) comes from ``nianbao.discover.analyze_page``; extraction
and parsing happen in the pipelines. Stages travel in ``request.meta["stage"]``:
``nav`` (home and menus, towards the column) → ``listing`` (the column and its pages) → ``report``
(a report page, then its continuation pages, then its body images one after the other, the item travelling
in the request) and ``file`` (an attachment).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Iterator
from typing import Any

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.http import Response

from crawler.answers import analysis_of, content_type
from crawler.items import Portal, ReportItem
from crawler.spiders.pending import PendingRequests
from nianbao.discover import analyze_page, registrable_domain
from nianbao.discover.jsonarticle import article_page
from nianbao.registry import RegistryEntry, load_registry, select

NAV_HOPS = 4  # home → 政务公开 → 政府信息公开 → 年报 column (+1 for a detour)
NAV_FANOUT = 6  # column-link candidates followed per navigation page
MAX_IMAGES = 20  # body images fetched per report (all its parts together)


class PortalSpider(scrapy.Spider):
    name = "portal"
    pending: PendingRequests | None = None  # set with a crawler (from_crawler)

    def __init__(
        self,
        province: str | None = None,
        prefecture: str | None = None,
        county: str | None = None,
        portal: str | None = None,
        registry: str | None = None,
        entries: list[RegistryEntry] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.entries = (
            entries
            if entries is not None
            else select(
                load_registry(registry),
                province=province,
                prefecture=prefecture,
                county=county,
                portal=portal,
            )
        )

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> PortalSpider:
        spider: PortalSpider = super().from_crawler(crawler, *args, **kwargs)
        spider.pending = PendingRequests(crawler.signals)
        crawler.signals.connect(spider.pending.dropped, signal=signals.request_dropped)
        return spider

    async def start(self) -> AsyncIterator[scrapy.Request]:
        state = getattr(self, "state", None)
        if isinstance(state, dict):  # JOBDIR: a resumed run's queue holds requests of the previous process
            if state.get("started") and self.pending is not None:
                self.pending.enabled = False
            state["started"] = True
        for entry in self.entries:
            if entry.portal_url:
                yield self._seed(entry.portal_url, _portal(entry))

    def _seed(self, url: str, portal: Portal, redirects: int = 0) -> scrapy.Request:
        """A portal's home page. Its redirects are followed here, not by RedirectMiddleware, so that the
        target (a county's part of a shared platform, often on another domain) joins the crawl's scope."""
        request = self._request(url, portal, stage="nav", hops=0, priority=0, seed_redirects=redirects)
        request.meta.update(dont_redirect=True, handle_httpstatus_list=[301, 302, 303, 307, 308])
        return request

    def _request(self, url: str, portal: Portal, stage: str, **meta: Any) -> scrapy.Request:
        domain = registrable_domain(url)
        request = scrapy.Request(
            url,
            callback=self.parse,
            errback=self.failed,
            priority=meta.pop("priority", {"nav": 0, "listing": 10, "report": 20, "file": 20}[stage]),
            meta={"stage": stage, "portal": portal, "scope_domains": [domain], **meta},
        )
        if self.pending is not None:
            self.pending.issue(request)
        return request

    def parse(self, response: Response, **_: Any) -> Iterator[Any]:
        yield from self._route(response)
        if self.pending is not None:  # after everything the answer led to was yielded
            self.pending.settle(response.meta)

    def _route(self, response: Response) -> Iterator[Any]:
        stage = response.meta["stage"]
        if 300 <= response.status < 400:
            yield from self._seed_redirect(response)
            return
        if "report_item" in response.meta:
            yield from self._image(response, response.meta)
            return
        if "data_of" in response.meta:
            yield from self._data_article(response)
            return
        if stage == "file":
            yield self._item(response, [response.body])
            return
        analysis = analysis_of(response)
        if stage == "report":
            yield from self._report(response, analysis)
            return
        if analysis.is_report_column or stage == "listing":
            yield from self._listing(response, analysis)
        if stage == "nav" and not analysis.is_report_column:
            yield from self._navigate(response, analysis)

    def _seed_redirect(self, response: Response) -> Iterator[scrapy.Request]:
        location = response.headers.get("Location")
        hops = response.meta.get("seed_redirects", 0)
        if not location or hops >= 5:
            self.logger.warning("portal %s: redirect without a usable Location", response.url)
            return
        target = response.urljoin(location.decode("latin-1"))
        request = self._seed(target, response.meta["portal"], hops + 1)
        prefix = target[: target.rfind("/") + 1] if target.count("/") > 2 else target + "/"
        request.meta["scope_domains"] = response.meta["scope_domains"]
        request.meta["scope_extra"] = [*response.meta.get("scope_extra", []), prefix]
        yield request

    def _navigate(self, response: Response, analysis: Any) -> Iterator[scrapy.Request]:
        hops = response.meta.get("hops", 0)
        if hops >= NAV_HOPS:
            return
        for link in sorted(analysis.column_links, key=lambda link: -link.score)[:NAV_FANOUT]:
            stage = "listing" if link.is_column else "nav"
            yield self._follow(response, link.url, stage, hops=hops + 1)

    def _listing(self, response: Response, analysis: Any) -> Iterator[scrapy.Request]:
        for url in analysis.xhr_urls:  # a JS portal's data API: read it directly, no browser needed
            yield self._follow(response, url, "listing", plain=True, hops=response.meta.get("hops", 0))
        for spec in analysis.listing_requests:
            request = self._follow(response, spec.url, "listing", hops=response.meta.get("hops", 0))
            yield request.replace(method=spec.method, body=spec.body or b"", headers=spec.headers or None)
        for link in analysis.report_links:
            if not link.follow:
                continue
            stage = "file" if link.is_attachment else "report"
            meta: dict[str, Any] = {"listing_title": link.title, "listing_date": link.date or ""}
            if link.is_attachment:
                meta["page_meta"] = {"title": link.title, "published": link.date or ""}
                meta["page_url"] = response.url
            request = self._follow(response, link.url, stage, **meta)
            # a column may list its own reports on a shared platform or its prefecture's host
            request.meta["scope_extra"] = [*request.meta.get("scope_extra", []), link.url]
            yield request

    def _report(self, response: Response, analysis: Any) -> Iterator[Any]:
        if analysis.data_urls and not response.meta.keys() & {
            "bodies",
            "render",
        }:  # a JS shell: read its data
            yield self._read_data(response, response.url, analysis.data_urls)
            return
        bodies: list[bytes] = [*response.meta.get("bodies", []), response.body]
        images = [*response.meta.get("body_images", []), *(i.url for i in analysis.body_images)]
        pending = [u for u in analysis.multipage_links if u not in response.meta.get("seen_pages", [])]
        if pending and len(bodies) < 50:
            seen = [*response.meta.get("seen_pages", [response.url]), pending[0]]
            yield self._follow(
                response,
                pending[0],
                "report",
                bodies=bodies,
                seen_pages=seen,
                first_url=response.meta.get("first_url", response.url),
                body_images=images,
                parts_not_modified=_not_modified(response.meta),
            )
            return
        yield from self._files_and_images(response, analysis, self._item(response, bodies), images)

    def _read_data(self, response: Response, shell_url: str, data_urls: list[str]) -> scrapy.Request:
        """A JS shell's data answer, fetched plainly; the item keeps the shell's URL as its own."""
        return self._follow(
            response,
            data_urls[0],
            "report",
            plain=True,
            data_of=shell_url,
            data_left=data_urls[1:],
            first_url=shell_url,
            seen_pages=[data_urls[0]],
            **_listing_meta(response.meta),
        )

    def _data_article(self, response: Response) -> Iterator[Any]:
        """A JS shell's data answer: the article it fills in, or the next data answer, or (none left) the
        shell rendered in the browser after all."""
        shell_url = response.meta["data_of"]
        page = article_page(response.body) if response.status == 200 else None
        if page is None:
            left = response.meta.get("data_left") or []
            self.logger.info("report %s: data answer %s is not an article", shell_url, response.url)
            if left:
                yield self._read_data(response, shell_url, left)
            else:
                request = self._follow(
                    response, shell_url, "report", render=True, **_listing_meta(response.meta)
                )
                yield request.replace(dont_filter=True)
            return
        analysis = analyze_page(page, shell_url, "text/html; charset=utf-8")
        images = [i.url for i in analysis.body_images]
        yield from self._files_and_images(response, analysis, self._item(response, [response.body]), images)

    def _files_and_images(
        self, response: Response, analysis: Any, item: ReportItem, images: list[str]
    ) -> Iterator[Any]:
        """A finished report page: its attachments to fetch, then its body images, then the item."""
        page_meta = {"title": analysis.title or response.meta.get("listing_title", "")}
        for link in analysis.attachments:
            yield self._follow(
                response,
                link.url,
                "file",
                page_url=item.url,
                page_meta=page_meta,
                listing_title=link.text,
            )
        if images and self._fetch_images():
            item.images_fetched = True
            yield self._next_image(response.meta, item.url, item, list(dict.fromkeys(images))[:MAX_IMAGES])
        else:
            yield item

    def _fetch_images(self) -> bool:
        settings = getattr(self, "settings", None)
        return settings is None or settings.getbool("CLEAN_IMAGES_ENABLED", True)

    def _next_image(
        self, meta: dict[str, Any], referer: str, item: ReportItem, left: list[str]
    ) -> scrapy.Request:
        """The request for the next body image of a report page; the item travels with it (state in the
        request, as for continuation pages, so a resumed crawl's disk queue keeps it)."""
        request = self._request(left[0], meta["portal"], "file", report_item=item, images_left=left[1:])
        request.meta["scope_domains"] = meta["scope_domains"]
        request.meta["scope_extra"] = [*meta.get("scope_extra", []), left[0]]  # a CDN or upload host
        request.meta["depth_reset"] = True  # an image leads nowhere: its chain never meets DEPTH_LIMIT
        request.headers["Referer"] = referer
        return request.replace(dont_filter=True)  # another page may show the same image

    def _image(self, response: Response | None, meta: dict[str, Any], failure: str = "") -> Iterator[Any]:
        """One body image arrived (or failed): keep its bytes, then the next image or the finished item."""
        item: ReportItem = meta["report_item"]
        if response is not None:
            item.images.append((response.url, response.body))
            item.not_modified = item.not_modified and bool(response.meta.get("not_modified"))
        else:
            self.logger.warning(
                "body image %s of %s not fetched: %s", meta.get("url", "?"), item.url, failure
            )
        left = meta.get("images_left") or []
        yield self._next_image(meta, item.url, item, left) if left else item

    def _follow(self, response: Response, url: str, stage: str, **meta: Any) -> scrapy.Request:
        request = self._request(url, response.meta["portal"], stage, **meta)
        request.meta["scope_domains"] = response.meta["scope_domains"]
        request.meta["scope_extra"] = list(response.meta.get("scope_extra", []))
        request.headers["Referer"] = response.url
        return request

    def _item(self, response: Response, bodies: list[bytes]) -> ReportItem:
        meta = response.meta
        return ReportItem(
            url=meta.get("first_url", response.url),
            bodies=bodies,
            parts=list(meta.get("seen_pages") or [meta.get("first_url", response.url)]),
            content_type=content_type(response),
            headers={k.decode("latin-1"): v.decode("latin-1") for k, v in _first_headers(response)},
            listing_title=meta.get("listing_title", ""),
            listing_date=meta.get("listing_date", ""),
            page_url=meta.get("page_url", ""),
            page_meta=meta.get("page_meta", {}),
            portal=meta["portal"],
            via_browser="playwright" in response.flags,
            warc_record_id=meta.get("warc_record_id", ""),
            not_modified=_not_modified(meta),
        )

    def failed(self, failure: Any) -> Iterator[Any]:
        yield from self._failed(failure)
        if self.pending is not None:
            self.pending.settle(failure.request.meta)

    def _failed(self, failure: Any) -> Iterator[Any]:
        request = failure.request
        if "report_item" in request.meta:  # a body image: the page goes on without it
            yield from self._image(None, {**request.meta, "url": request.url}, failure.getErrorMessage())
            return
        self.logger.warning(
            "failed %s (%s): %s", request.url, request.meta.get("stage"), failure.getErrorMessage()
        )
        stage, hops = request.meta.get("stage"), request.meta.get("hops")
        if stage in ("report", "file") or (stage == "nav" and hops == 0):  # not the guesses of navigation
            self.crawler.stats.inc_value(f"nianbao/failed/{request.meta['portal'].adcode}")


def _portal(entry: RegistryEntry) -> Portal:
    return Portal(entry.adcode, entry.county, entry.prefecture, entry.province, entry.portal_url, entry.level)


def _not_modified(meta: dict[str, Any]) -> bool:
    """Was this answer a 304, and so every earlier part of the same article?"""
    return bool(meta.get("not_modified")) and meta.get("parts_not_modified", True)


def _listing_meta(meta: dict[str, Any]) -> dict[str, Any]:
    """What the listing said of a report (title, date), carried from a shell to its data answer."""
    return {k: meta[k] for k in ("listing_title", "listing_date") if k in meta}


def _first_headers(response: Response) -> Iterable[tuple[bytes, bytes]]:
    return ((k, v[0]) for k, v in response.headers.items() if v)
