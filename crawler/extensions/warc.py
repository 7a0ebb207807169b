"""Scrapy extension writing every fetch to WARC on ``signals.response_downloaded``.

The signal fires before any downloader middleware's ``process_response``, so the body is still as the
server sent it (content-encoding intact) and every redirect hop and retry is seen. Per fetch it writes a
``response`` (or ``revisit``) and a ``request`` record; the ``metadata`` record follows once the spider has
yielded the page's outlinks (``crawler/middlewares/warc_outlinks.py``), or at once for pages the spider
never sees (redirects, errors). Browser-rendered responses (``"playwright"`` in ``response.flags``) are
written as ``conversion`` records referring to the raw page response, never as ``response`` records.

For pipelines: ``warc_extension(crawler).write_conversion(url, text, refers_to)`` archives a cleaned text;
``response.meta["warc_record_id"]`` holds the id of the page's response/revisit record.
A write failure (disk full, unwritable directory) logs one line and closes the spider cleanly.
"""

from __future__ import annotations

import logging
import sqlite3
import weakref
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.utils.defer import deferred_from_coro

from crawler import signals as nianbao_signals
from nianbao.config import read_config
from nianbao.errors import NianbaoError
from nianbao.store import Store
from nianbao.warc.archiver import Archiver
from nianbao.warc.cdxj import write_cdxj
from nianbao.warc.config import WarcConfig, store_location, warc_directory
from nianbao.warc.records import HttpExchange
from nianbao.warc.repair import repair_directory
from nianbao.warc.writer import WarcWriter

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from scrapy.crawler import Crawler
    from scrapy.http import Response

logger = logging.getLogger(__name__)
_EXTENSIONS: weakref.WeakKeyDictionary[Any, WarcExtension] = weakref.WeakKeyDictionary()
CONDITIONAL_HEADERS = (b"If-None-Match", b"If-Modified-Since")


def warc_extension(crawler: Crawler) -> WarcExtension | None:
    """The crawler's WARC extension (``None`` if disabled): the entry point for pipelines."""
    return _EXTENSIONS.get(crawler)


def _pairs(headers: Any) -> list[tuple[str, str]]:
    """Every header value (``getlist`` semantics: repeated Set-Cookie survive), latin-1."""
    return [(k.decode("latin-1"), v.decode("latin-1")) for k, values in headers.items() for v in values]


DECODED_BY_BROWSER = ("content-encoding", "content-length", "transfer-encoding")


def decoded_headers(headers: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Headers of a body the browser already decoded: encoding and length headers renamed ``X-Orig-*``."""
    return [
        (f"X-Orig-{name}" if name.lower() in DECODED_BY_BROWSER else name, value) for name, value in headers
    ]


def exchange_from(response: Response, request: Request) -> HttpExchange:
    return HttpExchange(
        url=response.url,
        status=response.status,
        response_headers=_pairs(response.headers),
        body=response.body,
        protocol=getattr(response, "protocol", None) or "HTTP/1.1",
        ip_address=str(response.ip_address) if response.ip_address else "",
        method=request.method,
        request_headers=_pairs(request.headers),
        request_body=request.body,
        truncated="length" if "dataloss" in response.flags else "",
    )


class WarcExtension:
    def __init__(self, crawler: Crawler, config: WarcConfig) -> None:
        self.crawler, self.config = crawler, config
        self.directory = warc_directory(config, crawler.settings)
        self.store_path = store_location(crawler.settings)
        self.archiver: Archiver | None = None
        self.failed = False
        self.pending: dict[str, list[tuple[str, str]]] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcExtension:
        config = read_config(WarcConfig, crawler.settings, "WARC")
        if not config.enabled:
            raise NotConfigured("WARC_ENABLED is off")
        extension = cls(crawler, config)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(extension.response_downloaded, signal=signals.response_downloaded)
        crawler.signals.connect(extension.document_cleaned, signal=nianbao_signals.document_cleaned)
        _EXTENSIONS[crawler] = extension
        return extension

    # lifecycle ------------------------------------------------------------------------------------
    def spider_opened(self, spider: Spider) -> None:
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            repair_directory(self.directory, self.config.prefix)
            store = Store(self.store_path) if self.store_path else None
            if store is not None:
                store.sync_normal()  # one commit per capture; fsync each would cost ~4 ms per page
            writer = WarcWriter(
                self.directory,
                self.config.prefix,
                self.config.version,
                self.config.gzip_level,
                self.config.rotate_bytes,
                info=[("software", "nianbao (Scrapy)"), ("isPartOf", spider.name)],
                on_finish=write_cdxj,
            )
            writer.open()
            self.archiver = Archiver(writer, store, self.config.dedup_enabled)
        except (OSError, NianbaoError) as exc:
            self._fail(f"cannot archive to {self.directory}: {exc}")

    def spider_closed(self, spider: Spider) -> None:
        archiver, self.archiver = self.archiver, None
        if archiver is None:
            return
        try:
            if not self.failed:
                for record_id in list(self.pending):
                    self._write_metadata(archiver, record_id, [])
            archiver.writer.close()
        except (OSError, NianbaoError) as exc:
            logger.error("WARC: %s", exc)
        if archiver.store is not None:
            archiver.store.close()

    def _fail(self, message: str) -> None:
        """One line, then a clean stop: the current file is closed by the writer, finished files stay."""
        logger.error("WARC archiving stopped: %s", message)
        self.failed = True
        self.crawler.stats.set_value("warc/error", message)
        engine = self.crawler.engine
        if engine is not None and engine.spider is not None:
            deferred_from_coro(engine.close_spider_async(reason="warc_write_failed"))

    # capture --------------------------------------------------------------------------------------
    def response_downloaded(self, response: Response, request: Request, spider: Spider) -> None:
        archiver = self.archiver
        if archiver is None or self.failed:
            return
        try:
            if "playwright" in response.flags:
                self._rendered(archiver, response)
            else:
                self._capture(archiver, response, request)
        except (NianbaoError, sqlite3.Error) as exc:
            self._fail(str(exc))

    def _capture(self, archiver: Archiver, response: Response, request: Request) -> None:
        conditional = any(name in request.headers for name in CONDITIONAL_HEADERS)
        result = archiver.capture(exchange_from(response, request), conditional)
        request.meta["warc_record_id"] = result.record_id
        request.meta["warc_record_type"] = result.record_type
        self.crawler.stats.inc_value(f"warc/records/{result.record_type}")
        fields = self._metadata_fields(response, request)
        if 200 <= response.status < 300:
            self.pending[result.record_id] = [
                ("url", response.url),
                *fields,
            ]  # outlinks come from the spider's output
        else:
            location = response.headers.get(b"Location")
            outlinks = [("outlink", f"{location.decode('latin-1')} R")] if location else []
            archiver.metadata(response.url, result.record_id, fields + outlinks)

    @staticmethod
    def _metadata_fields(response: Response, request: Request) -> list[tuple[str, str]]:
        meta = request.meta
        via = (meta.get("redirect_urls") or [""])[-1] or (request.headers.get(b"Referer") or b"").decode(
            "latin-1"
        )
        fields = [("via", via)] if via else []
        fields.append(("hopsFromSeed", str(meta.get("depth", 0))))
        if "download_latency" in meta:
            fields.append(("fetchTimeMs", str(round(meta["download_latency"] * 1000))))
        if meta.get("redirect_times"):
            fields.append(("redirectHops", str(meta["redirect_times"])))
        return fields

    def _rendered(self, archiver: Archiver, response: Response) -> None:
        refers_to = archiver.raw_record_id(response.url)
        charset = getattr(response, "encoding", None) or "utf-8"
        record_id = archiver.conversion(
            response.url, response.body, f"text/html; charset={charset}", refers_to, via_browser=True
        )
        response.meta["warc_rendered_record_id"] = record_id
        # the cleaned text refers to the page's raw response, or to the rendered DOM when the page went
        # straight to the browser (its host was already known to need one)
        response.meta["warc_record_id"] = refers_to or record_id
        self.crawler.stats.inc_value("warc/records/rendered")

    # API for the spider middleware and pipelines ---------------------------------------------------
    def finish_metadata(self, record_id: str, outlinks: list[str]) -> None:
        """Write the pending metadata record of a page with the outlinks the spider found on it."""
        if self.archiver is not None and not self.failed and record_id in self.pending:
            fields = [("outlink", f"{url} L") for url in outlinks]
            self._guarded(lambda archiver: self._write_metadata(archiver, record_id, fields))

    def _write_metadata(self, archiver: Archiver, record_id: str, extra: list[tuple[str, str]]) -> None:
        fields = self.pending.pop(record_id)
        url = next((v for k, v in fields if k == "url"), "")
        archiver.metadata(url, record_id, [f for f in fields if f[0] != "url"] + extra)

    def capture_browser_fetch(self, exchange: HttpExchange) -> None:
        """A response the browser received while rendering: what the page's scripts fetched (XHR/fetch:
        where a JS portal's data lives) and, for a page sent straight to the browser, the answers to the
        page's own navigations. The browser hands over decoded bodies, so the encoding headers are kept
        renamed (X-Orig-…)."""
        exchange.response_headers = decoded_headers(exchange.response_headers)
        if self._guarded(lambda archiver: archiver.capture(exchange)) is not None:
            self.crawler.stats.inc_value("warc/records/browser_fetch")

    def document_cleaned(self, url: str, text: str, refers_to: str = "", **_: Any) -> None:
        """``crawler.signals.document_cleaned`` from the text pipeline: the cleaned text as a conversion record."""
        if refers_to and self.write_conversion(url, text, refers_to):
            self.crawler.stats.inc_value("warc/records/conversion")

    def write_conversion(
        self, url: str, text: str, refers_to_record_id: str, content_type: str = "text/plain; charset=utf-8"
    ) -> str:
        """Archive a cleaned text as a ``conversion`` record referring to the page's record; returns its id."""
        body = text.encode("utf-8")
        return self._guarded(lambda a: a.conversion(url, body, content_type, refers_to_record_id)) or ""

    def _guarded(self, action: Any) -> Any:
        archiver = self.archiver
        if archiver is None or self.failed:
            return None
        try:
            return action(archiver)
        except (NianbaoError, sqlite3.Error) as exc:
            self._fail(str(exc))
            return None
