"""Bounds every conversion: input size, pages, cells, unpacked bytes, pixels, wall time, and running in a
separate process with a memory cap (``run_isolated``) when the caller wants hard limits."""

from __future__ import annotations

import io
import multiprocessing
import os
import subprocess
import time
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

MiB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 200 * MiB  # input file
    max_pages: int = 150  # PDF pages converted (the rest is reported, not read)
    max_seconds: float = 180.0  # wall time for one file
    max_unzipped: int = 400 * MiB  # declared uncompressed size of a DOCX/XLSX package
    max_ratio: float = 300.0  # declared compression ratio of one large ZIP member
    max_cells: int = 500_000  # spreadsheet cells read
    max_pixels: int = 40_000_000  # image size before it is scaled down for OCR
    tool_timeout: float = 90.0  # one external tool run (tesseract, antiword, soffice)
    memory: int = 3 * 1024 * MiB  # address-space cap of an isolated conversion


@dataclass
class Deadline:
    seconds: float
    start: float = field(default_factory=time.monotonic)

    def expired(self) -> bool:
        return time.monotonic() - self.start > self.seconds

    def remaining(self) -> float:
        return max(0.0, self.seconds - (time.monotonic() - self.start))


class ConversionError(Exception):
    """A file that cannot be converted; the message is the one-line warning."""


def check_zip(data: bytes, limits: Limits) -> None:
    """Refuse a ZIP package whose declared sizes say it would unpack too large (zip bomb)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise ConversionError(f"corrupt ZIP container: {exc}") from exc
    total = sum(i.file_size for i in infos)
    if len(infos) > 20_000 or total > limits.max_unzipped:
        raise ConversionError(
            f"ZIP would unpack to {total // MiB} MiB in {len(infos)} parts: refused as a zip bomb"
        )
    for info in infos:
        if info.file_size > 50 * MiB and info.file_size > limits.max_ratio * max(1, info.compress_size):
            raise ConversionError(
                f"ZIP part {info.filename} expands {info.file_size // MiB} MiB: refused as a zip bomb"
            )


def run_tool(
    cmd: Sequence[str], timeout: float, stdin: bytes | None = None, env: Mapping[str, str] | None = None
) -> bytes:
    """Run an external converter; its stdout, or ConversionError on a timeout or failure. ``env`` is added
    to this process's environment."""
    full_env = {**os.environ, **env} if env else None
    try:
        proc = subprocess.run(
            list(cmd), input=stdin, capture_output=True, timeout=timeout, check=False, env=full_env
        )
    except subprocess.TimeoutExpired as exc:
        raise ConversionError(f"{cmd[0]} timed out after {timeout:.0f}s") from exc
    except OSError as exc:
        raise ConversionError(f"{cmd[0]} could not run: {exc}") from exc
    if proc.returncode != 0:
        message = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ConversionError(f"{cmd[0]} failed: {message[-1] if message else proc.returncode}")
    return proc.stdout


def _child(conn: object, func: Callable[..., object], args: tuple[object, ...], memory: int) -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    try:
        result: object = ("ok", func(*args))
    except BaseException as exc:  # reported to the parent, which decides
        result = ("error", f"{type(exc).__name__}: {exc}")
    conn.send(result)  # type: ignore[attr-defined]


def run_isolated(func: Callable[..., object], args: tuple[object, ...], limits: Limits) -> object:
    """Call ``func(*args)`` in a forked process with a memory cap and a wall-time limit."""
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(child, func, args, limits.memory), daemon=True)
    proc.start()
    child.close()
    try:
        if not parent.poll(limits.max_seconds + 2):
            raise ConversionError(f"conversion exceeded {limits.max_seconds:.0f}s and was stopped")
        status, value = parent.recv()
    except EOFError as exc:
        raise ConversionError("conversion process died (memory cap or crash)") from exc
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join(5)
    if status != "ok":
        raise ConversionError(f"conversion failed: {value}")
    return value
