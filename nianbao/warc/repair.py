"""Repair of ``.open`` files left by a crash: cut after the last whole record, rename, index.

A record counts as whole when its gzip member decodes completely and holds one well-formed WARC record.
A file with no whole record (not even its warcinfo) is removed.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

from nianbao.warc.cdxj import write_cdxj
from nianbao.warc.reader import RecordError, iter_members, parse_record
from nianbao.warc.writer import OPEN_SUFFIX

logger = logging.getLogger(__name__)


@dataclass
class RepairResult:
    path: Path
    final: Path | None
    records: int
    cut_bytes: int


def whole_prefix(path: Path) -> tuple[int, int]:
    """(bytes, records) of the leading run of whole records in ``path``."""
    end, records = 0, 0
    for member in iter_members(path):
        if member.error:
            break
        try:
            parse_record(member.data)
        except RecordError:
            break
        end, records = member.offset + member.length, records + 1
    return end, records


def repair_file(path: Path) -> RepairResult:
    """Truncate ``path`` (a ``.open`` file) after its last whole record, rename it and write its CDXJ."""
    size = path.stat().st_size
    end, records = whole_prefix(path)
    if records == 0:
        path.unlink()
        return RepairResult(path, None, 0, size)
    if end < size:
        os.truncate(path, end)
    final = path.with_name(path.name.removesuffix(OPEN_SUFFIX))
    path.rename(final)
    write_cdxj(final)
    return RepairResult(path, final, records, size - end)


def repair_directory(directory: str | Path, prefix: str = "") -> list[RepairResult]:
    """Repair every ``{prefix}*.warc.gz.open`` file in ``directory`` (not recursive)."""
    results = []
    for path in sorted(Path(directory).glob(f"{prefix}*.warc.gz{OPEN_SUFFIX}")):
        result = repair_file(path)
        logger.warning(
            "repaired %s: kept %d records, cut %d bytes%s",
            path.name,
            result.records,
            result.cut_bytes,
            "" if result.final else " (no whole record: removed)",
        )
        results.append(result)
    return results
