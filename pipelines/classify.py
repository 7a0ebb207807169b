"""Pipeline: decide whether a cleaned candidate is an annual report, and of which year (title + text)."""

from __future__ import annotations

from dataclasses import dataclass

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from crawler.items import ReportItem
from nianbao.config import read_config
from nianbao.records import classify_candidate


@dataclass
class ClassifyConfig:
    enabled: bool = True


class ClassifyPipeline:
    def __init__(self, config: ClassifyConfig) -> None:
        if not config.enabled:
            raise NotConfigured("CLASSIFY_ENABLED is off")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ClassifyPipeline:
        return cls(read_config(ClassifyConfig, crawler.settings, "CLASSIFY"))

    def process_item(self, item: ReportItem) -> ReportItem:
        if item.kept:
            return item
        verdict = classify_candidate(item.document, item.listing_title)
        item.is_report, item.year, item.classify_reason = verdict.is_report, verdict.year, verdict.reason
        return item
