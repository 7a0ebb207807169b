"""Loopback site and crawl runner for the WARC tests and benchmark.

The site serves what the archive must keep faithfully: chunked transfer coding, gzip content-encoding,
a GBK page, two Set-Cookie headers, a redirect, a query string, a binary attachment and an ETag page
answering 304 to If-None-Match. ``SITE.content(path)`` is the decoded payload each path serves, for
byte comparison with a replay. Run a crawl in a fresh process (no reactor reuse) with
``python tests/warc_fixtures.py crawl ARCHIVE_ROOT START_URL [NAME=VALUE ...]``.
"""

from __future__ import annotations

import gzip
import json
import random
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
ETAG = '"v1-etag"'
LAST_MODIFIED = "Mon, 01 Jan 2024 00:00:00 GMT"


def _html(title: str, body: str, links: list[str] = (), charset: str = "utf-8") -> str:  # type: ignore[assignment]
    anchors = "".join(f'<a href="{href}">{href}</a>\n' for href in links)
    return (
        f'<html><head><meta charset="{charset}"><title>{title}</title></head>'
        f"<body><h1>{title}</h1><p>{body}</p>{anchors}</body></html>"
    )


def _report_text(year: int, paragraphs: int = 40) -> str:
    line = f"{year}年，本县政府信息公开工作坚持以人民为中心，主动公开政府信息{year % 97}条。"
    return "".join(line for _ in range(paragraphs))


INDEX_LINKS = [
    "/report?id=1&y=2023",
    "/gbk",
    "/chunked",
    "/redirect",
    "/etag",
    "/doc.pdf",
    "/changing",
]


@dataclass
class Site:
    """Deterministic content per path; ``generation`` changes only ``/changing``."""

    generation: int = 1
    pages: int = 0
    requests: list[dict[str, Any]] = field(default_factory=list)

    def content(self, path: str) -> bytes:
        if path == "/":
            return _html("首页", "县政府信息公开", [*INDEX_LINKS, *self._page_links()]).encode()
        if path.startswith("/report"):
            return _html("政府信息公开工作年度报告", _report_text(2023)).encode()
        if path == "/gbk":
            return _html("GBK 年度报告", _report_text(2022), charset="gbk").encode("gbk")
        if path == "/chunked":
            return ("分块传输 " * 500).encode()
        if path == "/etag":
            return _html("ETag 页面", "不变的内容").encode()
        if path == "/doc.pdf":
            return b"%PDF-1.4\n" + random.Random(7).randbytes(30_000)
        if path == "/changing":
            return _html("变化", f"第 {self.generation} 次").encode()
        if path.startswith("/p/"):
            number = int(path.rsplit("/", 1)[1])
            children = range(20 * number + 1, min(20 * number + 21, self.pages))
            links = [f"/p/{child}" for child in children]  # a wide tree: depth stays small
            return _html(f"页面 {number}", _report_text(2000 + number % 30, 60), links).encode()
        return b""

    def _page_links(self) -> list[str]:
        return ["/p/0"] if self.pages else []


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    site: Site

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        path = self.path.split("?", 1)[0]
        self.site.requests.append({"path": self.path, "headers": dict(self.headers.items())})
        if path == "/redirect":
            return self._send(302, b"", [("Location", "/report?id=2&y=2022")])
        if path == "/etag" and self.headers.get("If-None-Match") == ETAG:
            return self._send(304, b"", [("ETag", ETAG)])
        content = self.site.content(path)
        if not content:
            return self._send(404, b"not found", [("Content-Type", "text/plain")])
        if path == "/gbk":
            return self._gbk(content)
        if path == "/chunked":
            return self._chunked(content, [("Content-Type", "text/plain; charset=utf-8")])
        kind = "application/pdf" if path.endswith(".pdf") else "text/html; charset=utf-8"
        extra = [("ETag", ETAG), ("Last-Modified", LAST_MODIFIED)] if path == "/etag" else []
        self._send(200, content, [("Content-Type", kind), *extra])

    def _gbk(self, content: bytes) -> None:
        headers = [
            ("Content-Type", "text/html; charset=GBK"),
            ("Content-Encoding", "gzip"),
            ("Set-Cookie", "JSESSIONID=abc123; Path=/"),
            ("Set-Cookie", "route=7; Path=/; HttpOnly"),
        ]
        self._chunked(gzip.compress(content, mtime=0), headers)

    def _send(self, status: int, body: bytes, headers: list[tuple[str, str]]) -> None:
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        if status != 304:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _chunked(self, body: bytes, headers: list[tuple[str, str]]) -> None:
        self.send_response(200)
        for name, value in [*headers, ("Transfer-Encoding", "chunked")]:
            self.send_header(name, value)
        self.end_headers()
        for start in range(0, len(body), 4000):
            piece = body[start : start + 4000]
            self.wfile.write(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
        self.wfile.write(b"0\r\n\r\n")


class SiteServer:
    """The site on a free loopback port, served from a thread."""

    def __init__(self, site: Site | None = None) -> None:
        self.site = site or Site()
        handler = type("Handler", (_Handler,), {"site": self.site})
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> SiteServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


def crawl_settings(archive_root: Path, extra: dict[str, Any]) -> dict[str, Any]:
    """The project's settings, made offline and fast: no browser, no pipelines, no delays, no robots."""
    from scrapy.utils.project import get_project_settings

    settings = get_project_settings().copy_to_dict()
    settings.update(
        ARCHIVE_ROOT=str(archive_root),
        SPIDER_MODULES=[],  # the test spider is passed directly; do not import the project spiders
        DOWNLOAD_HANDLERS={},
        ITEM_PIPELINES={},
        DOWNLOADER_MIDDLEWARES={"crawler.middlewares.warc_http.WarcHttpMiddleware": 595},
        ROBOTSTXT_OBEY=False,
        COOKIES_ENABLED=False,  # tldextract would try to fetch the suffix list from the network
        DOWNLOAD_DELAY=0,
        DEPTH_LIMIT=0,
        AUTOTHROTTLE_ENABLED=False,
        CONCURRENT_REQUESTS_PER_DOMAIN=8,
        LOG_LEVEL="INFO",
        TELNETCONSOLE_ENABLED=False,
    )
    settings.update(extra)
    return settings


def _spider_class() -> type:
    import scrapy

    from crawler.extensions.warc import warc_extension

    class SiteSpider(scrapy.Spider):
        name = "warcsite"

        async def start(self) -> Any:
            yield scrapy.Request(self.settings.get("START_URL"))

        def parse(self, response: Any) -> Iterator[Any]:
            if "/report" in response.url:
                extension = warc_extension(self.crawler)
                if extension is not None:
                    text = " ".join(response.css("p::text").getall())
                    extension.write_conversion(response.url, text, response.meta["warc_record_id"])
            if (
                not hasattr(response, "css")
                or "html" not in response.headers.get("Content-Type", b"").decode()
            ):
                return
            for href in response.css("a::attr(href)").getall():
                yield response.follow(href, callback=self.parse)

    return SiteSpider


def crawl(archive_root: Path, start_url: str, extra: dict[str, Any]) -> None:
    from scrapy.crawler import CrawlerProcess

    process = CrawlerProcess(crawl_settings(archive_root, {**extra, "START_URL": start_url}))
    process.crawl(_spider_class())
    process.start()


def run_crawl(archive_root: Path, start_url: str, **extra: Any) -> subprocess.CompletedProcess[str]:
    """Crawl in a fresh Python process; returns the finished process (stdout/stderr captured)."""
    settings = [f"{name}={json.dumps(value)}" for name, value in extra.items()]
    command = [sys.executable, str(Path(__file__)), "crawl", str(archive_root), start_url, *settings]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    _, _verb, root, url, *pairs = sys.argv
    overrides = {name: json.loads(value) for name, value in (pair.split("=", 1) for pair in pairs)}
    crawl(Path(root), url, overrides)
