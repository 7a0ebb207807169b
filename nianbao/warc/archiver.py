"""Capture decisions, independent of Scrapy: response or revisit, the records around it, the store rows.

``Archiver.capture(exchange)`` writes the response (or a revisit when the store already holds the same
payload for the URL, or a server-not-modified revisit for a 304 to a conditional request), then the
request record; it records the capture in the store and returns what the crawler needs to remember.
Metadata, conversion (cleaned text, rendered DOM) records are written by their own methods.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from nianbao.store import Capture, Store
from nianbao.warc.records import (
    HttpExchange,
    RevisitOf,
    WarcRecord,
    derived_record,
    metadata_record,
    request_record,
    response_record,
    revisit_record,
    sha1_digest,
    warc_date,
)
from nianbao.warc.writer import RecordLocation, WarcWriter


@dataclass
class CaptureResult:
    record_id: str
    record_type: str
    location: RecordLocation
    payload_digest: str


def _header(headers: Sequence[tuple[str, str]], name: str) -> str:
    lowered = name.lower()
    return next((v for k, v in headers if k.lower() == lowered), "")


class Archiver:
    """Writes records through ``writer`` and indexes them in ``store`` (optional: no dedup without it)."""

    def __init__(self, writer: WarcWriter, store: Store | None, dedup: bool = True) -> None:
        self.writer, self.store, self.dedup = writer, store, dedup
        self.version = writer.version

    def date(self) -> str:
        return warc_date(version=self.version)

    def capture(self, exchange: HttpExchange, conditional: bool = False) -> CaptureResult:
        """Archive one fetch: (response | revisit) + request; returns the main record's id and place."""
        exchange.date = exchange.date or self.date()
        digest = sha1_digest([exchange.body])
        original = self._original(exchange, digest, conditional)
        if original is not None:
            not_modified = exchange.status == 304
            record = revisit_record(exchange, original, self.version, not_modified)
            digest = original.payload_digest
        else:
            record = response_record(exchange, self.writer.warcinfo_id)
        location = self.writer.write(record)
        self.writer.write(request_record(exchange, record.record_id, self.writer.warcinfo_id))
        self._remember(exchange, record, location, digest)
        return CaptureResult(record.record_id, record.warc_type, location, digest)

    def _original(self, exchange: HttpExchange, digest: str, conditional: bool) -> RevisitOf | None:
        if self.store is None:
            return None
        if exchange.status == 304 and conditional:
            latest = self.store.latest_capture(exchange.url)
            found = self.store.find_original(exchange.url, latest.payload_digest) if latest else None
        elif self.dedup and exchange.body:
            found = self.store.find_original(exchange.url, digest)
        else:
            return None
        if found is None:
            return None
        return RevisitOf(found.record_id, found.url, found.fetched_at, found.payload_digest)

    def _remember(
        self, exchange: HttpExchange, record: WarcRecord, location: RecordLocation, digest: str
    ) -> None:
        if self.store is None:
            return
        headers = exchange.response_headers
        etag, modified = _header(headers, "ETag"), _header(headers, "Last-Modified")
        if exchange.status == 304 and record.warc_type == "revisit":
            latest = self.store.latest_capture(exchange.url)
            etag = etag or (latest.etag if latest else "")
            modified = modified or (latest.last_modified if latest else "")
        capture = Capture(
            url=exchange.url,
            status=exchange.status,
            content_type=_header(headers, "Content-Type"),
            warc_file=location.file,
            offset=location.offset,
            length=location.length,
            payload_digest=digest,
            record_id=record.record_id,
            record_type=record.warc_type,
            fetched_at=exchange.date,
            etag=etag,
            last_modified=modified,
        )
        self.store.add_capture(capture)

    def metadata(self, url: str, concurrent_to: str, fields: Sequence[tuple[str, str]]) -> str:
        """A metadata record (via, hopsFromSeed, fetchTimeMs, outlinks) concurrent to a capture."""
        record = metadata_record(url, self.date(), concurrent_to, fields)
        self.writer.write(record)
        return record.record_id

    def conversion(
        self, url: str, content: bytes, content_type: str, refers_to: str = "", via_browser: bool = False
    ) -> str:
        """A ``conversion`` record (cleaned text, or rendered DOM if ``via_browser``) referring to its source.

        Its WARC-Target-URI is ``urn:text:{url}`` / ``urn:dom:{url}`` so replay never serves it as the page.
        """
        prefix = "urn:dom:" if via_browser else "urn:text:"
        record = derived_record("conversion", url, self.date(), content, content_type, refers_to, prefix)
        location = self.writer.write(record)
        if self.store is not None:
            capture = Capture(
                url=url,
                status=0,
                content_type=content_type,
                warc_file=location.file,
                offset=location.offset,
                length=location.length,
                payload_digest=record.header("WARC-Payload-Digest"),
                record_id=record.record_id,
                record_type="conversion",
                fetched_at=record.header("WARC-Date"),
                via_browser=via_browser,
            )
            self.store.add_capture(capture)
        return record.record_id

    def raw_record_id(self, url: str) -> str:
        """The latest response/revisit record id archived for ``url``, any status ("" if none or no store)."""
        latest = self.store.latest_capture(url, any_status=True) if self.store is not None else None
        return latest.record_id if latest else ""
