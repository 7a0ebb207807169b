"""Reading our own WARC files member by member: gzip members with their offsets, records parsed strictly.

Used by ``check`` (full decode of every member), ``repair`` (where the last whole record ends) and the
CDXJ indexer. Unlike a tolerant reader it reports a truncated or corrupt member instead of stopping
silently (warcio#138).
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

CHUNK = 1 << 20


@dataclass
class Member:
    """One gzip member: where it lies in the file and what it decodes to (``error`` if it does not)."""

    offset: int
    length: int
    data: bytes
    error: str = ""


@dataclass
class ParsedRecord:
    version: str
    headers: list[tuple[str, str]]
    block: bytes

    def header(self, name: str) -> str:
        lowered = name.lower()
        return next((v for k, v in self.headers if k.lower() == lowered), "")

    @property
    def warc_type(self) -> str:
        return self.header("WARC-Type")


class RecordError(ValueError):
    """A member that decodes but is not one well-formed WARC record."""


def iter_members(path: str | Path) -> Iterator[Member]:
    """Every gzip member of ``path`` in order; a member cut short or corrupt ends the iteration with error."""
    with open(path, "rb") as stream:
        yield from _members(stream)


def _members(stream: BinaryIO) -> Iterator[Member]:
    offset, pending = 0, b""
    while True:
        if not pending:
            pending = stream.read(CHUNK)
            if not pending:
                return
        member, pending = _one_member(stream, offset, pending)
        yield member
        if member.error:
            return
        offset += member.length


def _one_member(stream: BinaryIO, offset: int, pending: bytes) -> tuple[Member, bytes]:
    decoder = zlib.decompressobj(wbits=31)
    out: list[bytes] = []
    consumed = 0
    while True:
        try:
            out.append(decoder.decompress(pending))
        except zlib.error as exc:
            return Member(offset, consumed + len(pending), b"", f"corrupt gzip member: {exc}"), b""
        if decoder.eof:
            used = len(pending) - len(decoder.unused_data)
            return Member(offset, consumed + used, b"".join(out)), decoder.unused_data
        consumed += len(pending)
        pending = stream.read(CHUNK)
        if not pending:
            return Member(offset, consumed, b"", "gzip member cut short (truncated file)"), b""


def parse_record(data: bytes) -> ParsedRecord:
    """Split one decoded member into version, headers and block; checks Content-Length and the trailer."""
    head_end = data.find(b"\r\n\r\n")
    if not data.startswith(b"WARC/") or head_end < 0:
        raise RecordError("member does not start with a WARC header block")
    lines = data[:head_end].decode("utf-8", "replace").split("\r\n")
    headers = [_split_header(line) for line in lines[1:] if line]
    record = ParsedRecord(lines[0][5:], headers, b"")
    try:
        length = int(record.header("Content-Length"))
    except ValueError as exc:
        raise RecordError("missing or bad Content-Length") from exc
    start = head_end + 4
    record.block = data[start : start + length]
    if len(record.block) != length:
        raise RecordError(f"block is {len(record.block)} bytes, Content-Length says {length}")
    if data[start + length :] != b"\r\n\r\n":
        raise RecordError("record does not end with CRLF CRLF")
    return record


def _split_header(line: str) -> tuple[str, str]:
    name, _, value = line.partition(":")
    return name.strip(), value.strip()


def split_http(block: bytes) -> tuple[str, list[tuple[str, str]], bytes]:
    """An ``application/http`` block as (start line, headers, payload)."""
    end = block.find(b"\r\n\r\n")
    if end < 0:
        return block.decode("latin-1"), [], b""
    lines = block[:end].decode("latin-1").split("\r\n")
    return lines[0], [_split_header(line) for line in lines[1:] if line], block[end + 4 :]


def read_record_at(path: str | Path, offset: int, length: int) -> ParsedRecord:
    """The record in the gzip member at ``offset`` (``length`` compressed bytes) of ``path``."""
    with open(path, "rb") as stream:
        stream.seek(offset)
        compressed = stream.read(length)
    try:
        return parse_record(zlib.decompress(compressed, wbits=31))
    except zlib.error as exc:
        raise RecordError(f"{path}:{offset}: corrupt gzip member: {exc}") from exc
