"""Pipeline: write each candidate, its values and checks to the SQLite store (idempotent by URL)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from crawler.items import ReportItem
from nianbao.config import read_config
from nianbao.store import CheckResult, DocumentRecord, StatValue, Store


@dataclass
class StoreConfig:
    enabled: bool = True
    path: str = ""  # default ARCHIVE_ROOT/nianbao.db


class StorePipeline:
    def __init__(self, store_path: Path) -> None:
        self.store_path = store_path
        self.store: Store | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        config = read_config(StoreConfig, crawler.settings, "STORE")
        if not config.enabled:
            raise NotConfigured("STORE_ENABLED is off")
        root = Path(crawler.settings.get("ARCHIVE_ROOT") or "archive")
        return cls(Path(config.path) if config.path else root / "nianbao.db")

    def open_spider(self) -> None:
        self.store = Store(self.store_path)

    def close_spider(self) -> None:
        if self.store is not None:
            self.store.close()

    def process_item(self, item: ReportItem) -> ReportItem:
        assert self.store is not None, "open_spider was not called"
        previous = self.store.document(item.url)
        record = document_record(item)
        doc_id = self.store.upsert_document(record)
        if item.parsed is not None:
            parsed = item.parsed.to_dict()
            self.store.replace_results(doc_id, stat_values(parsed), check_results(parsed))
        item.change = change_of(previous, record, item.not_modified)
        return item


def change_of(previous: dict[str, Any] | None, record: DocumentRecord, not_modified: bool) -> str:
    if previous is None:
        return "new"
    if not_modified or previous.get("text_sha256") == record.text_sha256:
        return "unchanged"
    return "changed"


def document_record(item: ReportItem) -> DocumentRecord:
    doc = item.document
    parsed = item.parsed.to_dict() if item.parsed is not None else {}
    meta = doc.metadata if doc else None
    return DocumentRecord(
        url=item.url,
        title=(parsed.get("title") or (doc.title if doc else "") or item.listing_title),
        issuer=parsed.get("issuer") or (meta.source if meta and meta.source else "") or "",
        adcode=item.portal.adcode if item.portal else "",
        level=parsed.get("level") or "",
        year=parsed.get("year") or item.year,
        published=(meta.published if meta and meta.published else "") or item.listing_date,
        template=parsed.get("template") or "",
        text_path=item.text_path,
        text_sha256=item.text_sha256,
        host=urlsplit(item.url).hostname or "",
        page_url=item.page_url,
        is_report=item.is_report,
        text=doc.to_text() if doc and item.is_report else "",
    )


def stat_values(parsed: dict[str, Any]) -> list[StatValue]:
    out = []
    for v in parsed.get("values", []):
        value = v.get("value")
        number = float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None
        text = "" if value is None or number is not None else str(value)
        out.append(
            StatValue(
                table=v.get("table", ""),
                row=v.get("row", ""),
                col=v.get("col", ""),
                label=v.get("label", ""),
                unit=v.get("unit", "") or "",
                value=number,
                value_text=text,
                source=v.get("source", "table"),
                evidence=v.get("evidence", "") or "",
            )
        )
    return out


def check_results(parsed: dict[str, Any]) -> list[CheckResult]:
    return [CheckResult(c["rule"], bool(c["ok"]), c.get("detail", "") or "") for c in parsed.get("checks", [])]
