"""Pipeline: write each candidate, its values and checks to the SQLite store (idempotent by URL).

The rows come from ``nianbao.records`` (shared with ``nianbao reparse``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.settings import Settings

from crawler.items import ReportItem
from nianbao.config import read_config
from nianbao.records import check_results, document_record, shallow_dict, stat_values
from nianbao.store import DocumentRecord, Store


@dataclass
class StoreConfig:
    enabled: bool = True
    path: str = ""  # default ARCHIVE_ROOT/nianbao.db


def store_path(settings: Settings) -> Path:
    """``STORE_PATH``, by default ``ARCHIVE_ROOT/nianbao.db``."""
    config = read_config(StoreConfig, settings, "STORE")
    return (
        Path(config.path) if config.path else Path(settings.get("ARCHIVE_ROOT") or "archive") / "nianbao.db"
    )


class StorePipeline:
    def __init__(self, store_path: Path) -> None:
        self.store_path = store_path
        self.store: Store | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        if not read_config(StoreConfig, crawler.settings, "STORE").enabled:
            raise NotConfigured("STORE_ENABLED is off")
        return cls(store_path(crawler.settings))

    def open_spider(self) -> None:
        self.store = Store(self.store_path)
        self.store.sync_normal()  # a commit per item; an fsync each would hold the crawl's reactor ~4 ms

    def close_spider(self) -> None:
        if self.store is not None:
            self.store.close()

    def process_item(self, item: ReportItem) -> ReportItem:
        assert self.store is not None, "open_spider was not called"
        if item.kept:
            self.store.mark_seen(item.url)
            return item
        previous = self.store.document(item.url)
        record = document_record(item)
        doc_id = self.store.upsert_document(record)
        if item.parsed is not None:
            parsed = shallow_dict(item.parsed)
            self.store.replace_results(doc_id, stat_values(parsed), check_results(parsed))
        item.change = change_of(previous, record, item.not_modified)
        if item.is_report:
            self._join_page_and_file(item, doc_id)
        return item

    def _join_page_and_file(self, item: ReportItem, doc_id: int) -> None:
        """The page that links a report file and the file are one report: a page with no table values
        (详见附件) takes the file's, whichever of the two arrives first."""
        assert self.store is not None
        store = self.store
        if item.page_url:
            page_id = store.document_id(item.page_url)
            if (
                page_id is not None
                and store.table_value_count(doc_id)
                and not store.table_value_count(page_id)
            ):
                store.adopt_results(page_id, doc_id)
            return
        if store.table_value_count(doc_id):
            return
        file_id = store.file_with_values(item.url)
        if file_id is not None:
            store.adopt_results(doc_id, file_id)


def change_of(previous: dict[str, Any] | None, record: DocumentRecord, not_modified: bool) -> str:
    if previous is None:
        return "new"
    if not_modified or previous.get("text_sha256") == record.text_sha256:
        return "unchanged"
    return "changed"
