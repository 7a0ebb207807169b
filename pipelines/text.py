"""Pipeline: save the cleaned text of a report under ``ARCHIVE_ROOT/text/`` and announce it, so the WARC
writer can add a ``conversion`` record that refers to the archived response."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from crawler import signals
from crawler.items import ReportItem
from nianbao.config import read_config
from nianbao.paths import ArchivePaths


@dataclass
class TextConfig:
    enabled: bool = True
    reports_only: bool = True  # candidates that are not reports keep no text file


class TextPipeline:
    def __init__(self, config: TextConfig, paths: ArchivePaths, crawler: Crawler) -> None:
        if not config.enabled:
            raise NotConfigured("TEXT_ENABLED is off")
        self.config, self.paths, self.crawler = config, paths, crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> TextPipeline:
        root = Path(crawler.settings.get("ARCHIVE_ROOT") or "archive")
        return cls(read_config(TextConfig, crawler.settings, "TEXT"), ArchivePaths(root), crawler)

    def process_item(self, item: ReportItem) -> ReportItem:
        if item.document is None or (self.config.reports_only and not item.is_report):
            return item
        text = item.document.to_text()
        adcode = item.portal.adcode if item.portal else ""
        path = self.paths.text_path(item.url, adcode, item.year)
        write_atomically(path, text)
        item.text_path = str(path)
        item.text_sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()
        self.crawler.signals.send_catch_log(
            signals.document_cleaned, url=item.url, text=text, refers_to=item.warc_record_id
        )
        return item


def write_atomically(path: Path, text: str) -> None:
    """Write via a temporary file and rename, so a crash never leaves half a text."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
