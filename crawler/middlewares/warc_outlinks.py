"""Spider middleware completing each page's WARC ``metadata`` record with the outlinks the spider found.

It passes the spider's output through unchanged, noting the URL of every Request yielded for a page;
when the output ends (or the callback raises) it asks the WARC extension to write that page's metadata
record (via, hopsFromSeed, fetchTimeMs, ``outlink`` lines). Order 45: before HttpErrorMiddleware (50).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from scrapy import Request
from scrapy.exceptions import NotConfigured

from crawler.extensions.warc import WarcExtension, warc_extension

if TYPE_CHECKING:
    from scrapy import Spider
    from scrapy.crawler import Crawler
    from scrapy.http import Response


class WarcOutlinksMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcOutlinksMiddleware:
        if not crawler.settings.getbool("WARC_ENABLED", True):
            raise NotConfigured("WARC_ENABLED is off")
        return cls(crawler)

    def _extension(self) -> WarcExtension | None:
        return warc_extension(self.crawler)

    def process_spider_output(
        self, response: Response, result: Iterable[Any], spider: Spider | None = None
    ) -> Iterator[Any]:
        outlinks: list[str] = []
        for item in result:
            if isinstance(item, Request):
                outlinks.append(item.url)
            yield item
        self._finish(response, outlinks)

    async def process_spider_output_async(
        self, response: Response, result: AsyncIterator[Any], spider: Spider | None = None
    ) -> AsyncIterator[Any]:
        outlinks: list[str] = []
        async for item in result:
            if isinstance(item, Request):
                outlinks.append(item.url)
            yield item
        self._finish(response, outlinks)

    def process_spider_exception(
        self, response: Response, exception: Exception, spider: Spider | None = None
    ) -> None:
        self._finish(response, [])

    def _finish(self, response: Response, outlinks: list[str]) -> None:
        extension = self._extension()
        record_id = response.meta.get("warc_record_id") if hasattr(response, "meta") else None
        if extension is not None and record_id:
            extension.finish_metadata(record_id, outlinks)
