"""The WARC file writer: one gzip member per record at a chosen level, rotation, ``.open`` while written.

Files are named ``{prefix}-{timestamp17}-{serial:05d}-{host}.warc.gz`` and carry the ``.open`` suffix
until closed; every file starts with a ``warcinfo`` record; each record is flushed to the OS as soon as it
is written, so a killed process loses at most the record being written (``repair`` cuts it off). On
close the file is renamed and its CDXJ index written next to it. A failed write (disk full, directory
gone) cuts the partial record, closes the file and raises ``WarcWriteError``.
"""

from __future__ import annotations

import contextlib
import os
import socket
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from nianbao.errors import NianbaoError
from nianbao.warc.records import WarcRecord, serialize_head, warc_date, warcinfo_record

OPEN_SUFFIX = ".open"
CHUNK = 1 << 20


class WarcWriteError(NianbaoError):
    """The archive directory cannot be written (full disk, permissions); the message is one line."""


@dataclass
class RecordLocation:
    """Where a record lies: the finished file's name (no ``.open``), the member's offset and length."""

    file: str
    offset: int
    length: int


def timestamp17(moment: datetime | None = None) -> str:
    moment = moment or datetime.now(UTC)
    return moment.strftime("%Y%m%d%H%M%S") + f"{moment.microsecond // 1000:03d}"


def host_label() -> str:
    return "".join(c if c.isalnum() or c in ".-" else "_" for c in socket.gethostname()) or "host"


class WarcWriter:
    """Writes records to rotating ``.warc.gz`` files in ``directory``; ``close()`` finishes the current one."""

    def __init__(
        self,
        directory: str | Path,
        prefix: str = "nianbao",
        version: str = "1.1",
        gzip_level: int = 6,
        rotate_bytes: int = 1_000_000_000,
        info: Sequence[tuple[str, str]] = (),
        on_finish: Callable[[Path], object] | None = None,
    ) -> None:
        self.directory = Path(directory)
        self.prefix, self.version, self.gzip_level = prefix, version, gzip_level
        self.rotate_bytes, self.info, self.on_finish = rotate_bytes, list(info), on_finish
        self.serial = 0
        self.warcinfo_id = ""
        self.finished: list[Path] = []
        self._file: BinaryIO | None = None
        self._path: Path | None = None
        self._size = 0

    @property
    def current_path(self) -> Path | None:
        """The ``.open`` file being written, if any."""
        return self._path

    def open(self) -> None:
        """Start a new file with its warcinfo record (done lazily by ``write``; call early to fail early)."""
        if self._file is not None:
            return
        name = f"{self.prefix}-{timestamp17()}-{self.serial:05d}-{host_label()}.warc.gz"
        self.serial += 1
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            self._path = self.directory / (name + OPEN_SUFFIX)
            self._file = open(self._path, "xb")  # noqa: SIM115 - kept open across records
        except OSError as exc:
            self._file, self._path = None, None
            raise WarcWriteError(f"cannot create a WARC file in {self.directory}: {exc}") from exc
        self._size = 0
        info = warcinfo_record(name, warc_date(version=self.version), self.version, self.info)
        self.warcinfo_id = info.record_id
        self._write_member(info)

    def write(self, record: WarcRecord) -> RecordLocation:
        """Append ``record`` as one gzip member; rotate afterwards if the file reached ``rotate_bytes``."""
        self.open()
        assert self._path is not None
        location = RecordLocation(self._path.name.removesuffix(OPEN_SUFFIX), self._size, 0)
        location.length = self._write_member(record)
        if self._size >= self.rotate_bytes:
            self.close()
        return location

    def _write_member(self, record: WarcRecord) -> int:
        assert self._file is not None
        start = self._size
        try:
            written = _compress_to(self._file, record, self.version, self.gzip_level)
            self._file.flush()
        except OSError as exc:
            self._abandon_partial(start)
            raise WarcWriteError(f"cannot write WARC file in {self.directory}: {exc}") from exc
        self._size += written
        return written

    def _abandon_partial(self, start: int) -> None:
        """After a failed write: cut the partial member off, then finish the file with what was whole."""
        file, path = self._file, self._path
        self._file, self._path = None, None
        if file is None or path is None:
            return
        with contextlib.suppress(OSError):  # if this fails too, repair at the next start cuts it
            file.truncate(start)
        try:
            file.close()
        except OSError:
            _truncate_path(path, start)
        self._finish(path, empty=start == 0)

    def close(self) -> None:
        """Flush, fsync and rename the current file to its final name, then index it."""
        file, path = self._file, self._path
        self._file, self._path = None, None
        if file is None or path is None:
            return
        try:
            file.flush()
            os.fsync(file.fileno())
            file.close()
        except OSError as exc:
            raise WarcWriteError(f"cannot close WARC file {path}: {exc}") from exc
        self._finish(path, empty=False)

    def _finish(self, path: Path, empty: bool) -> None:
        if empty:
            path.unlink(missing_ok=True)
            return
        final = path.with_name(path.name.removesuffix(OPEN_SUFFIX))
        try:
            path.rename(final)
        except OSError as exc:
            raise WarcWriteError(f"cannot rename {path}: {exc}") from exc
        self.finished.append(final)
        if self.on_finish is not None:
            self.on_finish(final)


def _truncate_path(path: Path, size: int) -> None:
    with contextlib.suppress(OSError):
        os.truncate(path, size)


def _compress_to(file: BinaryIO, record: WarcRecord, version: str, level: int) -> int:
    """Stream ``record`` through one gzip member into ``file``; returns the compressed size."""
    compressor = zlib.compressobj(level, zlib.DEFLATED, 31)
    written = file.write(compressor.compress(serialize_head(record, version)))
    for part in record.block:
        view = memoryview(part)
        for start in range(0, len(view), CHUNK):
            written += file.write(compressor.compress(view[start : start + CHUNK]))
    written += file.write(compressor.compress(b"\r\n\r\n"))
    written += file.write(compressor.flush())
    return written
