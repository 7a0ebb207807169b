"""Pipeline: the fetched bytes of a report candidate → a cleaned document (``nianbao.ingest``)."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from crawler.items import ReportItem
from nianbao.config import read_config
from nianbao.ingest import to_document

log = logging.getLogger(__name__)


@dataclass
class CleanConfig:
    enabled: bool = True


class CleanPipeline:
    def __init__(self, config: CleanConfig) -> None:
        if not config.enabled:
            raise NotConfigured("CLEAN_ENABLED is off")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CleanPipeline:
        return cls(read_config(CleanConfig, crawler.settings, "CLEAN"))

    def process_item(self, item: ReportItem) -> ReportItem:
        item.document = to_document(item.bodies, url=item.url, headers=item.headers)
        if item.page_meta:
            _inherit_page_metadata(item)
        for warning in item.document.warnings:
            log.info("clean %s: %s", item.url, warning)
        return item


def _inherit_page_metadata(item: ReportItem) -> None:
    """An attachment report takes the linking page's title and metadata where the file has none."""
    doc = item.document
    assert doc is not None
    meta = item.page_meta
    if meta.get("title") and (not doc.title or len(doc.title) < 6):
        doc.title = meta["title"]
    for name in ("published", "source", "index_number", "document_number", "site_id", "column"):
        if meta.get(name) and not getattr(doc.metadata, name):
            setattr(doc.metadata, name, meta[name])
