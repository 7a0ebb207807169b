"""CDXJ index of a WARC file, in pywb's format: ``surt timestamp14 {json}`` lines, sorted.

Indexes the records a replay tool serves (``response``, ``revisit``, ``resource``); the JSON holds url,
mime, status, digest, length, offset and filename, as ``wb-manager add`` writes them.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import surt

from nianbao.warc.reader import RecordError, iter_members, parse_record, split_http

INDEXED_TYPES = ("response", "revisit", "resource")


def cdxj_path(warc_path: Path) -> Path:
    """``x.warc.gz`` → ``x.cdxj`` next to it."""
    return warc_path.with_name(warc_path.name.removesuffix(".gz").removesuffix(".warc") + ".cdxj")


def cdxj_lines(warc_path: str | Path) -> list[str]:
    """Sorted CDXJ lines of the readable records of ``warc_path`` (a corrupt tail is left out)."""
    path = Path(warc_path)
    return sorted(_lines(path))


def _lines(path: Path) -> Iterator[str]:
    for member in iter_members(path):
        if member.error:
            return
        try:
            record = parse_record(member.data)
        except RecordError:
            continue
        if record.warc_type in INDEXED_TYPES and record.header("WARC-Target-URI"):
            yield _line(record.headers, record.block, member.offset, member.length, path.name)


def _line(headers: list[tuple[str, str]], block: bytes, offset: int, length: int, filename: str) -> str:
    values = dict((k.lower(), v) for k, v in headers)
    url = values["warc-target-uri"]
    fields: dict[str, str] = {"url": url}
    warc_type = values["warc-type"]
    if warc_type == "resource":
        fields["mime"] = values.get("content-type", "")
    else:
        status_line, http_headers, _ = split_http(block)
        parts = status_line.split(" ")
        mime = next((v for k, v in http_headers if k.lower() == "content-type"), "")
        fields["mime"] = "warc/revisit" if warc_type == "revisit" else mime.split(";")[0].strip()
        fields["status"] = parts[1] if len(parts) > 1 else ""
    digest = values.get("warc-payload-digest", "")
    if digest:
        fields["digest"] = digest.removeprefix("sha1:")
    fields.update(length=str(length), offset=str(offset), filename=filename)
    return (
        f"{_surt(url)} {_timestamp14(values.get('warc-date', ''))} {json.dumps(fields, ensure_ascii=False)}"
    )


def _surt(url: str) -> str:
    try:
        return str(surt.surt(url))
    except (ValueError, TypeError):
        return url


def _timestamp14(date: str) -> str:
    digits = "".join(c for c in date if c.isdigit())
    return digits[:14].ljust(14, "0")


def write_cdxj(warc_path: Path) -> Path:
    """Write the index of a finished file next to it; returns the index path."""
    target = cdxj_path(warc_path)
    temporary = target.with_name(target.name + ".tmp")
    temporary.write_text("".join(line + "\n" for line in cdxj_lines(warc_path)), encoding="utf-8")
    temporary.replace(target)
    return target
