"""Retries with backoff: Scrapy's RetryMiddleware, but a failing host is given time before it is asked again.

Scrapy retries at once. Here a retry also pauses the request's download slot (its host): for
``Retry-After`` seconds (or an HTTP date) when a 429/503 carries one, capped at ``RETRY_BACKOFF_MAX``;
otherwise ``RETRY_BACKOFF_BASE`` × 2^(attempt − 1), capped the same way. The pause holds every queued
request of that host, the retry included (``crawler.downloader.PoliteDownloader.pause``); other hosts go on.
``RETRY_BACKOFF_BASE = 0`` retries at once unless the server asked for a pause.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import Response

from nianbao.config import read_config
from nianbao.errors import ConfigError

log = logging.getLogger(__name__)


@dataclass
class BackoffConfig:
    base: float = 1.0  # seconds before the first retry of a host; doubled for each further attempt
    max: float = 60.0  # no pause (Retry-After included) is longer than this

    def validate(self) -> None:
        if self.base < 0 or self.max <= 0:
            raise ConfigError("RETRY_BACKOFF_BASE must be >= 0 and RETRY_BACKOFF_MAX > 0 (seconds)")


class BackoffRetryMiddleware(RetryMiddleware):
    config: BackoffConfig

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BackoffRetryMiddleware:
        middleware = super().from_crawler(crawler)
        middleware.config = read_config(BackoffConfig, crawler.settings, "RETRY_BACKOFF")
        return middleware

    def process_response(
        self, request: Request, response: Response, spider: object = None
    ) -> Request | Response:
        answer = super().process_response(request, response)
        if isinstance(answer, Request):
            self._pause(answer, retry_after(response.headers.get(b"Retry-After")))
        return answer

    def process_exception(
        self, request: Request, exception: Exception, spider: object = None
    ) -> Request | Response | None:
        answer = super().process_exception(request, exception)
        if isinstance(answer, Request):
            self._pause(answer, None)
        return answer

    def _pause(self, retry: Request, asked: float | None) -> None:
        attempt = int(retry.meta.get("retry_times", 1))
        seconds = asked if asked is not None else self.config.base * 2 ** (attempt - 1)
        seconds = min(seconds, self.config.max)
        engine = self.crawler.engine
        pause = getattr(engine.downloader, "pause", None) if engine is not None else None
        if seconds > 0 and pause is not None:
            pause(retry, seconds)
            if self.crawler.stats is not None:
                self.crawler.stats.inc_value("retry/backoff_ms", round(seconds * 1000))


def retry_after(value: bytes | None, now: datetime | None = None) -> float | None:
    """Seconds a ``Retry-After`` header asks for (delta seconds or an HTTP date); None when absent or bad."""
    if not value:
        return None
    text = value.decode("latin-1").strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())
