"""Pipeline: the fetched bytes of a report candidate → a cleaned document (``nianbao.ingest``).

Cleaning and file conversion (OCR included) run in a small process pool (``pipelines.workers``), so the
crawl's reactor never waits on them; ``CLEAN_WORKERS = 0`` cleans inline. A page's fetched body images
are OCRed there too and spliced where they were (``CLEAN_IMAGES_ENABLED``; ``CLEAN_IMAGES_SECONDS``
bounds one page's OCR).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import partial

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from crawler.items import ReportItem
from nianbao.config import read_config
from nianbao.document import CleanedDocument
from nianbao.errors import ConfigError
from nianbao.ingest import to_document
from nianbao.records import inherit_page_metadata
from pipelines.workers import WorkerPool

log = logging.getLogger(__name__)


@dataclass
class CleanConfig:
    enabled: bool = True
    workers: int = 2
    images_enabled: bool = True  # OCR the body images the spider fetched, spliced where they were
    images_seconds: float = 90.0  # OCR time budget for one page's images

    def validate(self) -> None:
        if self.workers < 0:
            raise ConfigError("CLEAN_WORKERS must be 0 (inline) or more")
        if self.images_seconds <= 0:
            raise ConfigError(
                "CLEAN_IMAGES_SECONDS must be positive (switch OCR off with CLEAN_IMAGES_ENABLED)"
            )


class CleanPipeline:
    def __init__(self, config: CleanConfig) -> None:
        if not config.enabled:
            raise NotConfigured("CLEAN_ENABLED is off")
        self.config = config
        self.pool = WorkerPool(config.workers)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CleanPipeline:
        return cls(read_config(CleanConfig, crawler.settings, "CLEAN"))

    def open_spider(self) -> None:
        self.pool.open()

    def close_spider(self) -> None:
        self.pool.close()

    async def process_item(self, item: ReportItem) -> ReportItem:
        if item.kept:
            return item
        item.document = await self._clean(item)
        if item.page_meta:
            inherit_page_metadata(item.document, item.page_meta)
        for warning in item.document.warnings:
            log.info("clean %s: %s", item.url, warning)
        return item

    async def _clean(self, item: ReportItem) -> CleanedDocument:
        images = item.images if item.images_fetched and self.config.images_enabled else None
        call = partial(
            to_document,
            item.bodies,
            item.url,
            item.headers,
            images=images,
            part_urls=item.parts,
            image_seconds=self.config.images_seconds,
        )
        return await self.pool.run(call, f"clean {item.url}")
