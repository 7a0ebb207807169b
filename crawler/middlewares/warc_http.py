"""Downloader middleware for archiving: ``Accept-Encoding: gzip, deflate`` and conditional recrawls.

At priority 595 (after HttpCompressionMiddleware's 590 in ``process_request``, before it in
``process_response``) it

- forces ``Accept-Encoding: gzip, deflate`` (brotli/zstd in archives break other tools);
- with ``WARC_CONDITIONAL_ENABLED``, adds ``If-None-Match`` / ``If-Modified-Since`` from the store's latest
  capture of the URL. The WARC extension turns a 304 answer into a server-not-modified revisit; this
  middleware then hands the spider the *archived* response instead of the empty 304 (status and headers
  as archived, body decoded by HttpCompressionMiddleware as usual), flagged ``"not_modified"`` in
  ``response.flags`` with ``response.meta["not_modified"] = True``. A spider can skip re-parsing such
  pages, or parse them as usual to follow their links. If the archived record cannot be read, the 304
  itself reaches the spider (filtered by HttpErrorMiddleware unless 304 is in ``handle_httpstatus_list``).
  ``request.meta["warc_unconditional"] = True`` opts a request out.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from scrapy.exceptions import NotConfigured
from scrapy.http import Headers
from scrapy.responsetypes import responsetypes

from nianbao.config import read_config
from nianbao.errors import NianbaoError
from nianbao.store import Store
from nianbao.warc.config import WarcConfig, store_location, warc_directory
from nianbao.warc.reader import RecordError, read_record_at, split_http

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from scrapy.crawler import Crawler
    from scrapy.http import Response

logger = logging.getLogger(__name__)
ACCEPT_ENCODING = b"gzip, deflate"


class WarcHttpMiddleware:
    def __init__(self, config: WarcConfig, directory: Path, store_path: Path | None) -> None:
        self.config, self.directory = config, directory
        self.store: Store | None = None
        if config.conditional_enabled and store_path is not None:
            try:
                self.store = Store(store_path)
            except NianbaoError as exc:
                logger.warning("WARC conditional requests off: %s", exc)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcHttpMiddleware:
        config = read_config(WarcConfig, crawler.settings, "WARC")
        if not config.enabled:
            raise NotConfigured("WARC_ENABLED is off")
        return cls(config, warc_directory(config, crawler.settings), store_location(crawler.settings))

    def process_request(self, request: Request, spider: Spider | None = None) -> None:
        request.headers[b"Accept-Encoding"] = ACCEPT_ENCODING
        if self.store is None or request.method != "GET" or request.meta.get("warc_unconditional"):
            return
        if request.meta.get("playwright"):
            return
        latest = self.store.latest_capture(request.url)
        if latest is None:
            return
        if latest.etag and b"If-None-Match" not in request.headers:
            request.headers[b"If-None-Match"] = latest.etag
        if latest.last_modified and b"If-Modified-Since" not in request.headers:
            request.headers[b"If-Modified-Since"] = latest.last_modified

    def process_response(
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Response:
        if response.status != 304 or self.store is None:
            return response
        if b"If-None-Match" not in request.headers and b"If-Modified-Since" not in request.headers:
            return response
        request.meta["not_modified"] = True
        archived = self._archived(request.url, response)
        return archived if archived is not None else response

    def _archived(self, url: str, response: Response) -> Response | None:
        assert self.store is not None
        latest = self.store.latest_capture(url)
        original = self.store.find_original(url, latest.payload_digest) if latest else None
        if original is None:
            return None
        try:
            path = self.directory / original.warc_file
            if not path.exists():  # the file is still being written in this crawl
                path = path.with_name(path.name + ".open")
            record = read_record_at(path, original.offset, original.length)
        except (OSError, RecordError) as exc:
            logger.warning("cannot read the archived copy of %s: %s", url, exc)
            return None
        status_line, header_pairs, body = split_http(record.block)
        headers = Headers()
        for name, value in header_pairs:
            if name.lower() not in ("transfer-encoding", "x-orig-transfer-encoding"):
                headers.appendlist(name, value.encode("latin-1"))
        cls = responsetypes.from_args(headers=headers, url=url, body=body)
        status = int(status_line.split(" ")[1])
        flags = [*response.flags, "not_modified"]
        return cls(url=url, status=status, headers=headers, body=body, flags=flags, request=response.request)
