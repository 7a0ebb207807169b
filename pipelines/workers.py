"""A small process pool for a pipeline's CPU-bound step (cleaning, OCR, parsing).

The crawl's reactor is one thread: every millisecond it spends converting or parsing a report is a
millisecond no download is started. A pipeline hands such a call to its pool and awaits the result. The
workers run at a lower CPU priority (nice +10), so when the cores are busy the reactor and its downloads
go first. They read images with tesseract as a library (``nianbao.convert.tessapi``: models stay loaded);
a crash there kills only the worker. A pool whose worker died is restarted and the call run inline, where
tesseract runs as a program. ``workers = 0`` runs every call inline.

Workers fork from one forkserver that has imported what the pipelines' calls need (``PRELOAD``), so each
worker does not import it again.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context
from typing import TypeVar

from nianbao.convert import tessapi

log = logging.getLogger(__name__)

T = TypeVar("T")
WORKER_NICENESS = 10
PRELOAD = [
    "nianbao.ingest", "nianbao.clean", "nianbao.parse", "nianbao.page_images", "nianbao.convert.pdf",
    "nianbao.convert.docx", "nianbao.convert.sheets", "nianbao.convert.word97", "nianbao.convert.image",
    "nianbao.convert.ocr", "pdfplumber", "pypdfium2", "docx", "openpyxl", "xlrd", "PIL.Image",
]  # fmt: skip


def start_worker() -> None:
    """Each worker's set-up: lower priority, and tesseract read as a library."""
    os.nice(WORKER_NICENESS)
    tessapi.use_library()


class WorkerPool:
    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.executor: ProcessPoolExecutor | None = None

    def open(self) -> None:
        if self.workers and self.executor is None:
            context = get_context("forkserver")
            context.set_forkserver_preload(PRELOAD)  # no effect once the forkserver runs
            self.executor = ProcessPoolExecutor(self.workers, mp_context=context, initializer=start_worker)

    def close(self) -> None:
        if self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=True)
            self.executor = None

    async def run(self, call: Callable[[], T], what: str) -> T:
        """``call()`` in a worker (inline without workers); ``what`` names it in a log line."""
        if self.executor is None:
            return call()
        try:
            return await asyncio.wrap_future(self.executor.submit(call))
        except BrokenProcessPool:
            log.warning("%s: a worker died; restarting the pool and running it inline", what)
            self.close()
            self.open()
            return call()
