"""One request at a time per host: a real Scrapy crawl (subprocess) of a loopback server that counts the
requests it is answering at once. Scrapy 2.19's own downloader sends every request queued for a host
together when there is no download delay; ``crawler.downloader.PoliteDownloader`` does not."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]

CRAWL = """
import json, sys, scrapy
from scrapy.crawler import CrawlerProcess

base, downloader, delay = sys.argv[1], sys.argv[2], float(sys.argv[3])

class Listing(scrapy.Spider):
    name = "listing"
    async def start(self):
        yield scrapy.Request(base + "/list", callback=self.listing)
    def listing(self, response):  # a listing page yields all its reports at once
        for n in range(12):
            yield scrapy.Request(f"{base}/report/{n}", callback=self.report)
    def report(self, response):
        pass

process = CrawlerProcess({
    "DOWNLOADER": downloader, "CONCURRENT_REQUESTS": 32, "CONCURRENT_REQUESTS_PER_DOMAIN": 1,
    "DOWNLOAD_DELAY": delay, "DOWNLOAD_DELAY_JITTER": 0, "AUTOTHROTTLE_ENABLED": False,
    "LOG_LEVEL": "ERROR", "TELNETCONSOLE_ENABLED": False, "ROBOTSTXT_OBEY": False,
    "TWISTED_REACTOR": "twisted.internet.asyncioreactor.AsyncioSelectorReactor",
})
process.crawl(Listing)
process.start()
"""


class CountingServer(ThreadingHTTPServer):
    in_flight = 0
    most = 0
    served = 0
    lock = threading.Lock()


class Handler(BaseHTTPRequestHandler):
    server: CountingServer

    def do_GET(self) -> None:
        server = self.server
        with server.lock:
            server.in_flight += 1
            server.most = max(server.most, server.in_flight)
        time.sleep(0.05)  # a server's round trip
        body = b"<html><body>ok</body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        with server.lock:
            server.in_flight -= 1
            server.served += 1

    def log_message(self, *_: Any) -> None:
        pass


def most_at_once(downloader: str, tmp: Path, delay: float = 0.0) -> tuple[int, int]:
    script = tmp / "crawl.py"  # a file, not -c: Scrapy reads its callbacks' source
    script.write_text(CRAWL, encoding="utf-8")
    server = CountingServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        subprocess.run(
            [sys.executable, str(script), base, downloader, str(delay)], cwd=ROOT, check=True, timeout=120
        )
        return server.most, server.served
    finally:
        server.shutdown()


@pytest.mark.parametrize("delay", [0.0, 0.01])
def test_one_request_at_a_time_per_host(delay: float, tmp_path: Path) -> None:
    most, served = most_at_once("crawler.downloader.PoliteDownloader", tmp_path, delay)
    assert served == 13
    assert most == 1


def test_the_project_uses_the_polite_downloader() -> None:
    from crawler import settings

    assert settings.DOWNLOADER == "crawler.downloader.PoliteDownloader"
    assert settings.CONCURRENT_REQUESTS_PER_DOMAIN == 1


def test_scrapys_own_downloader_is_what_needed_the_fix(tmp_path: Path) -> None:
    """Documents why PoliteDownloader exists; if Scrapy fixes its downloader this fails, and the
    subclass can go."""
    most, _ = most_at_once("scrapy.core.downloader.Downloader", tmp_path)
    assert most > 1, json.dumps({"most_at_once": most})
