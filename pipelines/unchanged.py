"""Pipeline: a candidate the servers answered 304 for (every part, every body image) that the store already
holds is kept as stored: not cleaned, OCRed, parsed or written again, and no second text record goes into
the WARC. A cron run over an unchanged province costs its conditional requests, not its conversions.
Reports stored by an older parser are brought up to date with ``nianbao reparse``, not by a crawl.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from crawler.items import ReportItem
from nianbao.config import read_config
from nianbao.store import Store
from pipelines.store import store_path


@dataclass
class UnchangedConfig:
    enabled: bool = True


class UnchangedPipeline:
    def __init__(self, path: Path, stats: Any = None) -> None:
        self.path, self.stats = path, stats
        self.store: Store | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> UnchangedPipeline:
        if not read_config(UnchangedConfig, crawler.settings, "UNCHANGED").enabled:
            raise NotConfigured("UNCHANGED_ENABLED is off")
        return cls(store_path(crawler.settings), crawler.stats)

    def open_spider(self) -> None:
        self.store = Store(self.path)

    def close_spider(self) -> None:
        if self.store is not None:
            self.store.close()

    def process_item(self, item: ReportItem) -> ReportItem:
        assert self.store is not None, "open_spider was not called"
        if item.not_modified and keep_stored(item, self.store.document(item.url)) and self.stats:
            self.stats.inc_value("unchanged/kept")
        return item


def keep_stored(item: ReportItem, stored: dict[str, Any] | None) -> bool:
    """Mark ``item`` kept as ``stored`` (its row in ``documents``); False when nothing is stored."""
    if stored is None:
        return False
    item.kept, item.change = True, "unchanged"
    item.is_report, item.year = bool(stored["is_report"]), stored["year"]
    item.text_path, item.text_sha256 = stored["text_path"] or "", stored["text_sha256"] or ""
    return True
