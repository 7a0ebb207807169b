"""A one-line progress display on a terminal (pages fetched, reports found, browser renders); silent when
stderr is not a terminal, so cron mails stay empty. Settings: ``PROGRESS_ENABLED``, ``PROGRESS_INTERVAL``."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Any, TextIO

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from twisted.internet import task

from nianbao.config import read_config


@dataclass
class ProgressConfig:
    enabled: bool = True
    interval: float = 2.0


class Progress:
    def __init__(self, crawler: Crawler, config: ProgressConfig, stream: TextIO) -> None:
        self.crawler, self.config, self.stream = crawler, config, stream
        self.loop: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Progress:
        config = read_config(ProgressConfig, crawler.settings, "PROGRESS")
        if not config.enabled or not sys.stderr.isatty():
            raise NotConfigured("no progress display: PROGRESS_ENABLED is off or stderr is not a terminal")
        extension = cls(crawler, config, sys.stderr)
        crawler.signals.connect(extension.opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.closed, signal=signals.spider_closed)
        return extension

    def opened(self, **_: Any) -> None:
        self.loop = task.LoopingCall(self.show)
        self.loop.start(self.config.interval, now=False)

    def closed(self, **_: Any) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        self.show()
        self.stream.write("\n")

    def show(self) -> None:
        self.stream.write("\r" + progress_line(self.crawler.stats.get_stats() if self.crawler.stats else {}))
        self.stream.flush()


def progress_line(stats: dict[str, Any]) -> str:
    pages = stats.get("response_received_count", 0)
    items = stats.get("item_scraped_count", 0)
    queued = stats.get("scheduler/enqueued", 0) - stats.get("scheduler/dequeued", 0)
    rendered = sum(v for k, v in stats.items() if k.startswith("render/host/"))
    failed = sum(v for k, v in stats.items() if k.startswith("nianbao/failed/"))
    return f"{pages} pages, {items} candidates, {queued} queued, {rendered} rendered in Chromium, {failed} failed "
