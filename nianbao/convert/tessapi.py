"""Tesseract as a library (Debian's ``libtesseract.so.5`` through its C API, with ctypes): models stay
loaded between images, and no process is started per run.

Reading the 62 table images of a 12-county testbed harvest this way costs 38.7 CPU s instead of 50.1 (the
labels 32.3 instead of 38.2, the digits 6.4 instead of 11.9; ``benchmarks/image_tables.py`` prints both)
with word-for-word the same output: the program loaded its model for every run. Used only where a crash
inside tesseract cannot take anything else down, that is in the pipelines' worker processes
(``use_library``); everywhere else ``nianbao.convert.tesseract`` runs the program.

An engine (one ``TessBaseAPI``) is not thread-safe: each call borrows an idle engine of its language and
gives it back, so two threads read side by side with two engines. ctypes releases the GIL during the call.
Tesseract's OpenMP threads are kept to one (``OMP_THREAD_LIMIT=1``, read when OpenMP starts): when they
cannot be, the library is not used.
"""

from __future__ import annotations

import atexit
import ctypes
import ctypes.util
import logging
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any

from nianbao.convert.limits import ConversionError

log = logging.getLogger(__name__)
TSV_HEADER = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
SOURCE_DPI = 70  # what the program assumes for an image without a resolution
_P = ctypes.c_void_p
_SIGNATURES: dict[str, tuple[list[Any], Any]] = {
    "TessBaseAPICreate": ([], _P),
    "TessBaseAPIInit3": ([_P, ctypes.c_char_p, ctypes.c_char_p], ctypes.c_int),
    "TessBaseAPISetPageSegMode": ([_P, ctypes.c_int], None),
    "TessBaseAPISetVariable": ([_P, ctypes.c_char_p, ctypes.c_char_p], ctypes.c_int),
    "TessBaseAPISetImage": ([_P, ctypes.c_char_p] + [ctypes.c_int] * 4, None),
    "TessBaseAPISetSourceResolution": ([_P, ctypes.c_int], None),
    "TessBaseAPIRecognize": ([_P, _P], ctypes.c_int),
    "TessBaseAPIGetTsvText": ([_P, ctypes.c_int], _P),
    "TessBaseAPIClear": ([_P], None),
    "TessBaseAPIEnd": ([_P], None),
    "TessBaseAPIDelete": ([_P], None),
    "TessDeleteText": ([_P], None),
    "TessMonitorCreate": ([], _P),
    "TessMonitorDelete": ([_P], None),
    "TessMonitorSetDeadlineMSecs": ([_P, ctypes.c_int], None),
}

_enabled = False
_idle: dict[str, list[Engine]] = {}
_every: list[Engine] = []
_lock = threading.Lock()


def use_library(enabled: bool = True) -> None:
    """Read with the library in this process from now on (call it before tesseract's OpenMP starts)."""
    global _enabled
    if enabled:
        os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    _enabled = enabled


def available() -> bool:
    """True when this process reads with the library: enabled, loadable, OpenMP kept to one thread."""
    return _enabled and _library() is not None


@cache
def _library() -> Any:
    name = ctypes.util.find_library("tesseract") or "libtesseract.so.5"
    try:
        lib = ctypes.CDLL(name)
        for function, (args, result) in _SIGNATURES.items():
            getattr(lib, function).argtypes, getattr(lib, function).restype = args, result
    except (OSError, AttributeError):
        return None
    if not _openmp_threads_limited():
        log.warning("OpenMP started before OMP_THREAD_LIMIT=1 was set: tesseract runs as a program here")
        return None
    return lib


def _openmp_threads_limited() -> bool:
    try:
        gomp = ctypes.CDLL(ctypes.util.find_library("gomp") or "libgomp.so.1")
    except OSError:
        return True  # built without OpenMP
    return int(gomp.omp_get_thread_limit()) == 1


class Engine:
    """One loaded model."""

    def __init__(self, lang: str) -> None:
        self.lib, self.lang = _library(), lang
        self.handle = self.lib.TessBaseAPICreate()
        if self.lib.TessBaseAPIInit3(self.handle, None, lang.encode()) != 0:
            self.close()
            raise ConversionError(f"tesseract has no {lang} model: apt-get install tesseract-ocr-{lang}")
        self.lib.TessBaseAPISetVariable(self.handle, b"preserve_interword_spaces", b"1")

    def read(self, image: Any, index: int, psm: int, whitelist: str, seconds: float) -> str:
        """TSV rows (no header) of one greyscale image, which is page ``index + 1`` in them."""
        lib, handle = self.lib, self.handle
        pixels = image.tobytes()
        lib.TessBaseAPISetPageSegMode(handle, psm)
        lib.TessBaseAPISetVariable(handle, b"tessedit_char_whitelist", whitelist.encode())
        lib.TessBaseAPISetImage(handle, pixels, image.width, image.height, 1, image.width)
        lib.TessBaseAPISetSourceResolution(handle, SOURCE_DPI)
        monitor = lib.TessMonitorCreate()
        try:
            lib.TessMonitorSetDeadlineMSecs(monitor, max(1, int(seconds * 1000)))
            if lib.TessBaseAPIRecognize(handle, monitor) != 0:
                raise ConversionError(f"tesseract stopped: its {seconds:.1f}s ran out, or it failed")
            text = lib.TessBaseAPIGetTsvText(handle, index)
            tsv = ctypes.string_at(text).decode("utf-8", "replace") if text else ""
            lib.TessDeleteText(text)
            return tsv
        finally:
            lib.TessMonitorDelete(monitor)
            lib.TessBaseAPIClear(handle)

    def close(self) -> None:
        if self.handle:
            self.lib.TessBaseAPIEnd(self.handle)
            self.lib.TessBaseAPIDelete(self.handle)
            self.handle = None


@contextmanager
def engine(lang: str) -> Iterator[Engine]:
    """An idle engine of ``lang`` (a new one when all are busy), given back afterwards."""
    with _lock:
        free = _idle.setdefault(lang, [])
        borrowed = free.pop() if free else None
    if borrowed is None:
        borrowed = Engine(lang)
        with _lock:
            _every.append(borrowed)
    try:
        yield borrowed
    finally:
        with _lock:
            _idle[lang].append(borrowed)


@atexit.register
def _close_all() -> None:
    """Models freed before the library's own exit-time check, which otherwise reports them as leaks."""
    with _lock:
        for each in _every:
            each.close()
        _every.clear()
        _idle.clear()
