"""Pipeline: parse a report's cleaned document into metadata, statistics values and checks.

Parsing runs in a small process pool (``pipelines.workers``; ``PARSE_WORKERS = 0`` parses inline): a
report's tables take tens of milliseconds to map, time the crawl's reactor would otherwise not spend
starting downloads.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import partial

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from crawler.items import ReportItem
from nianbao.config import read_config
from nianbao.errors import ConfigError
from nianbao.parse import parse_document
from pipelines.workers import WorkerPool

log = logging.getLogger(__name__)


@dataclass
class ParseConfig:
    enabled: bool = True
    workers: int = 1

    def validate(self) -> None:
        if self.workers < 0:
            raise ConfigError("PARSE_WORKERS must be 0 (inline) or more")


class ParsePipeline:
    def __init__(self, config: ParseConfig) -> None:
        if not config.enabled:
            raise NotConfigured("PARSE_ENABLED is off")
        self.pool = WorkerPool(config.workers)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ParsePipeline:
        return cls(read_config(ParseConfig, crawler.settings, "PARSE"))

    def open_spider(self) -> None:
        self.pool.open()

    def close_spider(self) -> None:
        self.pool.close()

    async def process_item(self, item: ReportItem) -> ReportItem:
        if item.is_report and item.document is not None:
            item.parsed = await self.pool.run(partial(parse_document, item.document), f"parse {item.url}")
            for warning in getattr(item.parsed, "warnings", [])[:5]:
                log.debug("parse %s: %s", item.url, warning)
        return item
