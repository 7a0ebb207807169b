"""What the archive holds for a page, read back with no network: locate its record, read its payload.

``locate(store, warc_dir, url)`` finds the capture to re-read in the store's ``captures`` table: the latest
200 response (a revisit resolved to the response it repeats) or, when newer, the browser-rendered DOM
(a ``conversion`` record ``via_browser``). ``read_payload(source)`` reads that one gzip member with warcio
and returns the body as the spider saw it: HTTP content-encoding (gzip, deflate, br) undone.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from nianbao.store import Capture, Store

DROPPED_HEADERS = ("content-encoding", "content-length", "transfer-encoding", "x-orig-transfer-encoding")
"""Headers describing the archived framing, not the decoded body the cleaner is given."""


class ArchivedReadError(Exception):
    """A record that cannot be read back (missing file, bad offset, corrupt member): one line."""


@dataclass(frozen=True)
class PartSource:
    """Where one page's archived bytes lie."""

    url: str
    warc_path: str
    offset: int
    length: int
    rendered: bool = False  # a browser-rendered DOM (conversion record), not an HTTP response
    content_type: str = ""


@dataclass
class Payload:
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def locate(store: Store, warc_dir: Path, url: str) -> PartSource:
    """The record to re-read for ``url``; ``ArchivedReadError`` when the store knows no usable capture."""
    capture = store.source_capture(url)
    if capture is None:
        raise ArchivedReadError(f"{url}: no 200 response or rendered DOM in captures")
    if capture.record_type == "revisit":
        original = store.find_original(url, capture.payload_digest)
        if original is None:
            raise ArchivedReadError(f"{url}: revisit of {capture.payload_digest} but no original response")
        capture = original
    return PartSource(
        url=url,
        warc_path=str(warc_path(warc_dir, capture)),
        offset=capture.offset,
        length=capture.length,
        rendered=capture.record_type == "conversion",
        content_type=capture.content_type,
    )


def warc_path(warc_dir: Path, capture: Capture) -> Path:
    """The capture's WARC file: a name in ``warc_dir`` (or an absolute path); ``.open`` while being written."""
    path = Path(capture.warc_file)
    path = path if path.is_absolute() else warc_dir / path
    if not path.exists() and path.with_name(path.name + ".open").exists():
        return path.with_name(path.name + ".open")
    return path


def read_payload(source: PartSource) -> Payload:
    """The decoded body (and HTTP headers) of the record at ``source``."""
    record = _read_record(source)
    if source.rendered:
        return Payload(record.content_stream().read(), {"Content-Type": source.content_type})
    if record.rec_type != "response" or record.http_headers is None:
        raise ArchivedReadError(
            f"{source.warc_path}:{source.offset}: a {record.rec_type} record, not a response"
        )
    headers = {name: value for name, value in record.http_headers.headers}
    body, warning = decode_content(record.raw_stream.read(), _header(headers, "Content-Encoding"))
    kept = {k: v for k, v in headers.items() if k.lower() not in DROPPED_HEADERS}
    return Payload(body, kept, [warning] if warning else [])


def _read_record(source: PartSource):  # type: ignore[no-untyped-def]
    try:
        with open(source.warc_path, "rb") as stream:
            stream.seek(source.offset)
            member = stream.read(source.length)
        record = next(iter(ArchiveIterator(io.BytesIO(member))), None)
    except (OSError, ArchiveLoadFailed, zlib.error, EOFError, ValueError) as exc:
        raise ArchivedReadError(f"{source.warc_path}:{source.offset}: {exc}") from exc
    if record is None:
        raise ArchivedReadError(f"{source.warc_path}:{source.offset}: no WARC record there")
    target = record.rec_headers.get_header("WARC-Target-URI") or ""
    expected = (f"urn:dom:{source.url}", source.url) if source.rendered else (source.url,)
    if target not in expected:
        raise ArchivedReadError(
            f"{source.warc_path}:{source.offset}: record is for {target}, not {source.url}"
        )
    return record


def _header(headers: dict[str, str], name: str) -> str:
    return next((v for k, v in headers.items() if k.lower() == name.lower()), "")


def _gunzip(data: bytes) -> bytes:
    return zlib.decompress(data, wbits=47)  # gzip or zlib header, detected


def _inflate(data: bytes) -> bytes:
    try:
        return zlib.decompress(data)
    except zlib.error:
        return zlib.decompress(data, wbits=-15)  # raw deflate, as some servers send it


def _brotli(data: bytes) -> bytes:
    import brotli

    return bytes(brotli.decompress(data))


DECODERS: dict[str, Callable[[bytes], bytes]] = {
    "gzip": _gunzip,
    "x-gzip": _gunzip,
    "deflate": _inflate,
    "br": _brotli,
}


def decode_content(body: bytes, content_encoding: str) -> tuple[bytes, str]:
    """Undo ``Content-Encoding`` (applied in order, so undone last first); a failure keeps the bytes as
    they are and says why (a server that labels plain HTML gzip is not rare)."""
    codings = [c.strip().lower() for c in content_encoding.split(",") if c.strip()]
    for coding in reversed(codings):
        if coding == "identity":
            continue
        decoder = DECODERS.get(coding)
        if decoder is None:
            return body, f"unknown content-encoding {coding!r}; body kept as archived"
        try:
            body = decoder(body)
        except Exception as exc:  # zlib.error, brotli.error, ImportError: all mean 'not decodable here'
            return body, f"cannot undo content-encoding {coding}: {exc}; body kept as archived"
    return body, ""
