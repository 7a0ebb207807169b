"""Pipeline: parse a report's cleaned document into metadata, statistics values and checks."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from crawler.items import ReportItem
from nianbao.config import read_config
from nianbao.parse import parse_document

log = logging.getLogger(__name__)


@dataclass
class ParseConfig:
    enabled: bool = True


class ParsePipeline:
    def __init__(self, config: ParseConfig) -> None:
        if not config.enabled:
            raise NotConfigured("PARSE_ENABLED is off")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ParsePipeline:
        return cls(read_config(ParseConfig, crawler.settings, "PARSE"))

    def process_item(self, item: ReportItem) -> ReportItem:
        if item.is_report and item.document is not None:
            item.parsed = parse_document(item.document)
            for warning in getattr(item.parsed, "warnings", [])[:5]:
                log.debug("parse %s: %s", item.url, warning)
        return item
