"""WARC record builders: pure functions from HTTP facts to ``WarcRecord`` (headers + block parts).

Nothing here touches disk. A record's block is kept as a tuple of byte strings (e.g. the HTTP head and
the payload as received) so the writer can stream it without joining a second copy of a large body.
Digests are ``sha1:`` + base32, as Heritrix, wget and warcprox write them; the payload digest covers the
body exactly as archived (content-encoding intact, transfer-encoding already removed by the client).
"""

from __future__ import annotations

import base64
import hashlib
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http import HTTPStatus
from urllib.parse import urlsplit

HeaderList = list[tuple[str, str]]

REVISIT_PROFILES = {
    "1.1": "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest",
    "1.0": "http://netpreserve.org/warc/1.0/revisit/identical-payload-digest",
}
NOT_MODIFIED_PROFILES = {
    "1.1": "http://netpreserve.org/warc/1.1/revisit/server-not-modified",
    "1.0": "http://netpreserve.org/warc/1.0/revisit/server-not-modified",
}
HOP_BY_HOP_RENAMED = ("transfer-encoding",)
"""Headers describing a framing the archived body no longer has; kept as ``X-Orig-<Name>``."""


@dataclass
class WarcRecord:
    """One WARC record before compression. ``headers`` exclude Content-Length (the writer adds it)."""

    warc_type: str
    headers: HeaderList
    block: tuple[bytes, ...] = ()
    record_id: str = field(default_factory=lambda: new_record_id())

    @property
    def block_length(self) -> int:
        return sum(len(part) for part in self.block)

    def header(self, name: str) -> str:
        lowered = name.lower()
        return next((v for k, v in self.headers if k.lower() == lowered), "")


def new_record_id() -> str:
    return f"<urn:uuid:{uuid.uuid4()}>"


def sha1_digest(parts: Iterable[bytes]) -> str:
    """``sha1:BASE32`` over the concatenation of ``parts``, hashed piece by piece."""
    hasher = hashlib.sha1()
    for part in parts:
        hasher.update(part)
    return "sha1:" + base64.b32encode(hasher.digest()).decode("ascii")


def warc_date(moment: datetime | None = None, version: str = "1.1") -> str:
    """WARC-Date: microseconds in WARC/1.1, whole seconds in 1.0 (which allows no fraction)."""
    moment = (moment or datetime.now(UTC)).astimezone(UTC)
    if version == "1.0":
        return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def reason_phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def header_lines(headers: Sequence[tuple[str, str]]) -> bytes:
    return b"".join(f"{name}: {value}\r\n".encode("latin-1", "replace") for name, value in headers)


def http_response_head(protocol: str, status: int, reason: str, headers: Sequence[tuple[str, str]]) -> bytes:
    """Status line ``{protocol} {status} {reason}`` and every header, transfer-framing ones renamed."""
    line = f"{protocol or 'HTTP/1.1'} {status} {reason or reason_phrase(status)}".rstrip()
    kept = [(_renamed(name), value) for name, value in headers]
    return line.encode("latin-1", "replace") + b"\r\n" + header_lines(kept) + b"\r\n"


def http_request_head(method: str, url: str, headers: Sequence[tuple[str, str]]) -> bytes:
    """Request line with path *and* query, then ``Host`` (unless sent) and the headers sent."""
    parts = urlsplit(url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    names = {name.lower() for name, _ in headers}
    host = [] if "host" in names else [("Host", parts.netloc)]
    line = f"{method} {target} HTTP/1.1".encode("latin-1", "replace")
    return line + b"\r\n" + header_lines([*host, *headers]) + b"\r\n"


def _renamed(name: str) -> str:
    return f"X-Orig-{name}" if name.lower() in HOP_BY_HOP_RENAMED else name


def _common(warc_type: str, url: str, date: str, record_id: str) -> HeaderList:
    headers = [("WARC-Type", warc_type), ("WARC-Record-ID", record_id), ("WARC-Date", date)]
    if url:
        headers.append(("WARC-Target-URI", url))
    return headers


@dataclass
class HttpExchange:
    """What the crawler knows about one fetch, enough to build its response and request records."""

    url: str
    status: int
    response_headers: HeaderList
    body: bytes
    protocol: str = "HTTP/1.1"
    reason: str = ""
    ip_address: str = ""
    method: str = "GET"
    request_headers: HeaderList = field(default_factory=list)
    request_body: bytes = b""
    date: str = ""
    truncated: str = ""


def response_record(exchange: HttpExchange, warcinfo_id: str = "") -> WarcRecord:
    head = http_response_head(exchange.protocol, exchange.status, exchange.reason, exchange.response_headers)
    record = WarcRecord("response", [], (head, exchange.body))
    headers = _common("response", exchange.url, exchange.date, record.record_id)
    if exchange.ip_address:
        headers.append(("WARC-IP-Address", exchange.ip_address))
    if warcinfo_id:
        headers.append(("WARC-Warcinfo-ID", warcinfo_id))
    headers.append(("WARC-Block-Digest", sha1_digest(record.block)))
    headers.append(("WARC-Payload-Digest", sha1_digest([exchange.body])))
    if exchange.truncated:
        headers.append(("WARC-Truncated", exchange.truncated))
    headers.append(("Content-Type", "application/http; msgtype=response"))
    record.headers = headers
    return record


def request_record(exchange: HttpExchange, concurrent_to: str, warcinfo_id: str = "") -> WarcRecord:
    head = http_request_head(exchange.method, exchange.url, exchange.request_headers)
    record = WarcRecord("request", [], (head, exchange.request_body))
    headers = _common("request", exchange.url, exchange.date, record.record_id)
    headers.append(("WARC-Concurrent-To", concurrent_to))
    if exchange.ip_address:
        headers.append(("WARC-IP-Address", exchange.ip_address))
    if warcinfo_id:
        headers.append(("WARC-Warcinfo-ID", warcinfo_id))
    headers.append(("WARC-Block-Digest", sha1_digest(record.block)))
    headers.append(("Content-Type", "application/http; msgtype=request"))
    record.headers = headers
    return record


@dataclass
class RevisitOf:
    """The archived record a revisit points at."""

    record_id: str
    url: str
    date: str
    payload_digest: str


def revisit_record(
    exchange: HttpExchange, original: RevisitOf, version: str, not_modified: bool
) -> WarcRecord:
    """An identical-payload-digest revisit (HTTP head only), or server-not-modified for a 304."""
    head = http_response_head(exchange.protocol, exchange.status, exchange.reason, exchange.response_headers)
    record = WarcRecord("revisit", [], (head,))
    profiles = NOT_MODIFIED_PROFILES if not_modified else REVISIT_PROFILES
    headers = _common("revisit", exchange.url, exchange.date, record.record_id)
    if exchange.ip_address:
        headers.append(("WARC-IP-Address", exchange.ip_address))
    headers += [
        ("WARC-Profile", profiles.get(version, profiles["1.1"])),
        ("WARC-Refers-To", original.record_id),
        ("WARC-Refers-To-Target-URI", original.url),
        ("WARC-Refers-To-Date", original.date),
        ("WARC-Block-Digest", sha1_digest(record.block)),
        ("WARC-Payload-Digest", original.payload_digest),
        ("Content-Type", "application/http; msgtype=response"),
    ]
    record.headers = headers
    return record


def fields_block(fields: Sequence[tuple[str, str]]) -> bytes:
    """An ``application/warc-fields`` block: ``name: value`` lines."""
    return header_lines([(name, value.replace("\r", " ").replace("\n", " ")) for name, value in fields])


def metadata_record(url: str, date: str, concurrent_to: str, fields: Sequence[tuple[str, str]]) -> WarcRecord:
    """Crawl facts about a capture: ``via``, ``hopsFromSeed``, ``fetchTimeMs``, ``outlink`` lines."""
    record = WarcRecord("metadata", [], (fields_block(fields),))
    headers = _common("metadata", url, date, record.record_id)
    headers += [
        ("WARC-Concurrent-To", concurrent_to),
        ("WARC-Block-Digest", sha1_digest(record.block)),
        ("Content-Type", "application/warc-fields"),
    ]
    record.headers = headers
    return record


def derived_record(
    warc_type: str,
    url: str,
    date: str,
    content: bytes,
    content_type: str,
    refers_to: str = "",
    target_prefix: str = "",
) -> WarcRecord:
    """A ``conversion`` (cleaned text, rendered DOM) or ``resource`` record; refers to its source.

    With ``target_prefix`` (e.g. ``urn:text:``, as Browsertrix names its text records) the record's
    WARC-Target-URI is ``{prefix}{url}`` and the page URL goes to WARC-Refers-To-Target-URI, so replay
    tools, which index these records too, never serve a derived text in place of the page.
    """
    record = WarcRecord(warc_type, [], (content,))
    headers = _common(warc_type, f"{target_prefix}{url}", date, record.record_id)
    if refers_to:
        headers.append(("WARC-Refers-To", refers_to))
    if target_prefix:
        headers.append(("WARC-Refers-To-Target-URI", url))
    digest = sha1_digest(record.block)
    headers += [
        ("WARC-Block-Digest", digest),
        ("WARC-Payload-Digest", digest),
        ("Content-Type", content_type),
    ]
    record.headers = headers
    return record


def warcinfo_record(filename: str, date: str, version: str, info: Sequence[tuple[str, str]]) -> WarcRecord:
    format_name = f"WARC File Format {version}"
    record = WarcRecord("warcinfo", [], (fields_block([*info, ("format", format_name)]),))
    headers = [
        ("WARC-Type", "warcinfo"),
        ("WARC-Record-ID", record.record_id),
        ("WARC-Date", date),
        ("WARC-Filename", filename),
        ("WARC-Block-Digest", sha1_digest(record.block)),
        ("Content-Type", "application/warc-fields"),
    ]
    record.headers = headers
    return record


def serialize_head(record: WarcRecord, version: str) -> bytes:
    """The WARC version line, named headers and Content-Length, up to the blank line."""
    lines = [*record.headers, ("Content-Length", str(record.block_length))]
    return f"WARC/{version}\r\n".encode() + header_lines(lines) + b"\r\n"
