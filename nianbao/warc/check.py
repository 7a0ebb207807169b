"""``nianbao warc check``: what ``warcio check`` does not verify, one problem per line.

For a set of files: every gzip member decodes completely; every member is one well-formed record; the
first record of each file is ``warcinfo``; block and payload digests match; response records carry no
``Transfer-Encoding`` over a body that is not chunk-framed; every ``WARC-Concurrent-To`` and
``WARC-Refers-To`` target is a record in the same file set; no record id appears twice.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from nianbao.warc.reader import ParsedRecord, RecordError, iter_members, parse_record, split_http
from nianbao.warc.records import sha1_digest

REFERENCE_HEADERS = ("WARC-Concurrent-To", "WARC-Refers-To")
PAYLOAD_IS_BLOCK = ("resource", "conversion")


@dataclass
class CheckReport:
    problems: list[str] = field(default_factory=list)
    records: int = 0
    files: int = 0


def check_files(paths: Iterable[str | Path]) -> CheckReport:
    report = CheckReport()
    seen: set[str] = set()
    wanted: dict[str, str] = {}
    for path in paths:
        report.files += 1
        _check_file(Path(path), report, seen, wanted)
    for target, where in wanted.items():
        if target not in seen:
            report.problems.append(f"{where}: reference target {target} is not in the checked files")
    return report


def _check_file(path: Path, report: CheckReport, seen: set[str], wanted: dict[str, str]) -> None:
    try:
        members = list(_records(path, report))
    except OSError as exc:
        report.problems.append(f"{path}: cannot read: {exc}")
        return
    if not members:
        report.problems.append(f"{path}: no records")
    elif members[0][1].warc_type != "warcinfo":
        report.problems.append(f"{path}:0: first record is {members[0][1].warc_type!r}, not warcinfo")
    for offset, record in members:
        where = f"{path}:{offset}"
        record_id = record.header("WARC-Record-ID")
        if record_id in seen:
            report.problems.append(f"{where}: duplicate WARC-Record-ID {record_id}")
        seen.add(record_id)
        for name in REFERENCE_HEADERS:
            target = record.header(name)
            if target:
                wanted.setdefault(target, where)
        report.problems.extend(f"{where}: {problem}" for problem in record_problems(record))


def _records(path: Path, report: CheckReport) -> Iterable[tuple[int, ParsedRecord]]:
    for member in iter_members(path):
        if member.error:
            report.problems.append(f"{path}:{member.offset}: {member.error}")
            return
        try:
            record = parse_record(member.data)
        except RecordError as exc:
            report.problems.append(f"{path}:{member.offset}: {exc}")
            continue
        report.records += 1
        yield member.offset, record


def record_problems(record: ParsedRecord) -> list[str]:
    """Digest and framing problems of one parsed record."""
    problems = []
    kind = record.warc_type or "?"
    block_digest = record.header("WARC-Block-Digest")
    if block_digest and not _same_digest(block_digest, record.block):
        problems.append(f"{kind} block digest mismatch ({block_digest})")
    payload_digest = record.header("WARC-Payload-Digest")
    if kind == "response":
        _, headers, payload = split_http(record.block)
        if payload_digest and not _same_digest(payload_digest, payload):
            problems.append(f"response payload digest mismatch ({payload_digest})")
        encoding = next((v for k, v in headers if k.lower() == "transfer-encoding"), "")
        if encoding and not is_chunk_framed(payload):
            problems.append(f"Transfer-Encoding: {encoding} on a de-chunked body (rename it X-Orig-…)")
    elif kind in PAYLOAD_IS_BLOCK and payload_digest and not _same_digest(payload_digest, record.block):
        problems.append(f"{kind} payload digest mismatch ({payload_digest})")
    return problems


def _same_digest(expected: str, data: bytes) -> bool:
    if not expected.lower().startswith("sha1:"):
        return True  # other algorithms are not ours to judge
    return sha1_digest([data]).upper() == expected.upper()


_CHUNK_SIZE = re.compile(rb"([0-9a-fA-F]+)[^\r\n]*\r\n")


def is_chunk_framed(payload: bytes) -> bool:
    """True if ``payload`` parses as chunked transfer coding ending with a zero-size chunk."""
    position = 0
    while True:
        match = _CHUNK_SIZE.match(payload, position)
        if match is None:
            return False
        size = int(match.group(1), 16)
        position = match.end() + size
        if size == 0:
            return True
        if payload[position : position + 2] != b"\r\n":
            return False
        position += 2


def expand_paths(arguments: Iterable[str | Path]) -> list[Path]:
    """Files as given; directories expand to their ``*.warc.gz`` files (sorted)."""
    paths: list[Path] = []
    for argument in arguments:
        path = Path(argument)
        paths.extend(sorted(path.glob("*.warc.gz")) if path.is_dir() else [path])
    return paths
