"""Retries back off: a host that answered 503 with Retry-After is left alone that long (the retry and its
other queued pages alike), in a real Scrapy crawl (subprocess) of a loopback server; and the header's forms."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from crawler.middlewares.backoff import retry_after

ROOT = Path(__file__).resolve().parents[1]

CRAWL = """
import sys, scrapy
from scrapy.crawler import CrawlerProcess

base = sys.argv[1]

class Two(scrapy.Spider):
    name = "two"
    async def start(self):
        yield scrapy.Request(base + "/flaky", callback=self.page, priority=1)
        yield scrapy.Request(base + "/other", callback=self.page)
    def page(self, response):
        pass

process = CrawlerProcess({
    "DOWNLOADER": "crawler.downloader.PoliteDownloader", "CONCURRENT_REQUESTS_PER_DOMAIN": 1,
    "DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False, "ROBOTSTXT_OBEY": False,
    "LOG_LEVEL": "ERROR", "TELNETCONSOLE_ENABLED": False, "RETRY_BACKOFF_BASE": float(sys.argv[2]),
    "DOWNLOADER_MIDDLEWARES": {"scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
                               "crawler.middlewares.backoff.BackoffRetryMiddleware": 550},
    "TWISTED_REACTOR": "twisted.internet.asyncioreactor.AsyncioSelectorReactor",
})
process.crawl(Two)
process.start()
"""


class Server(ThreadingHTTPServer):
    log: list[tuple[str, float]]
    header = "1"


class Handler(BaseHTTPRequestHandler):
    server: Server

    def do_GET(self) -> None:
        first = self.path == "/flaky" and not any(p == "/flaky" for p, _ in self.server.log)
        self.server.log.append((self.path, time.monotonic()))
        self.send_response(503 if first else 200)
        if first and self.server.header:
            self.send_header("Retry-After", self.server.header)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *_: Any) -> None:
        pass


def crawl(tmp: Path, header: str, base_seconds: float) -> list[tuple[str, float]]:
    server = Server(("127.0.0.1", 0), Handler)
    server.log, server.header = [], header
    threading.Thread(target=server.serve_forever, daemon=True).start()
    script = tmp / "crawl.py"
    script.write_text(CRAWL, encoding="utf-8")
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}"
        subprocess.run(
            [sys.executable, str(script), url, str(base_seconds)], cwd=ROOT, check=True, timeout=120
        )
    finally:
        server.shutdown()
    return server.log


def test_retry_after_holds_the_host(tmp_path: Path) -> None:
    log = crawl(tmp_path, "1", base_seconds=0)
    assert log[0][0] == "/flaky"
    started = log[0][1]
    later = [(path, at - started) for path, at in log[1:]]
    assert len(later) == 2 and all(waited >= 0.95 for _, waited in later), later


def test_without_retry_after_the_backoff_base_applies(tmp_path: Path) -> None:
    log = crawl(tmp_path, "", base_seconds=0.6)
    started = log[0][1]
    retry = next(at for path, at in log[1:] if path == "/flaky")
    assert retry - started >= 0.55


def test_retry_after_forms() -> None:
    now = datetime(2026, 11, 21, 12, 0, 0, tzinfo=UTC)
    assert retry_after(b"120") == 120.0
    assert retry_after(b"Sat, 21 Nov 2026 12:00:30 GMT", now) == 30.0
    assert retry_after(b"Sat, 21 Nov 2026 11:00:00 GMT", now) == 0.0  # a date in the past: no pause
    assert retry_after(b"soon") is None and retry_after(None) is None
