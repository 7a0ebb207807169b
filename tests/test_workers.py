"""The pipelines' worker pool: work runs in niced workers, inline without workers, and a dead worker
costs one restart, not the item."""

from __future__ import annotations

import asyncio
import os
from functools import partial

import pytest

from pipelines.workers import WORKER_NICENESS, WorkerPool


def _niceness_and_pid() -> tuple[int, int]:
    return os.nice(0), os.getpid()


def _die_in_a_worker(parent: int) -> str:
    if os.getpid() != parent:
        os._exit(3)
    return "inline"


def test_work_runs_in_a_worker_at_lower_cpu_priority() -> None:
    pool = WorkerPool(1)
    pool.open()
    try:
        niceness, pid = asyncio.run(pool.run(_niceness_and_pid, "test"))
    finally:
        pool.close()
    assert pid != os.getpid()
    assert niceness == min(19, os.nice(0) + WORKER_NICENESS)


def test_without_workers_work_runs_inline() -> None:
    pool = WorkerPool(0)
    pool.open()
    assert asyncio.run(pool.run(_niceness_and_pid, "test")) == (os.nice(0), os.getpid())


def test_a_dead_worker_restarts_the_pool_and_the_call_runs_inline(caplog: pytest.LogCaptureFixture) -> None:
    pool = WorkerPool(1)
    pool.open()

    async def both() -> tuple[str, tuple[int, int]]:
        first = await pool.run(partial(_die_in_a_worker, os.getpid()), "dying item")
        return first, await pool.run(_niceness_and_pid, "next item")

    try:
        first, (_, pid) = asyncio.run(both())
    finally:
        pool.close()
    assert first == "inline"
    assert "dying item: a worker died" in caplog.text
    assert pid != os.getpid()  # the restarted pool serves the next item


def _reads_with_the_tesseract_library() -> bool:
    from nianbao.convert import tessapi

    return tessapi.available()


def _preloaded() -> bool:
    import sys

    return "pdfplumber" in sys.modules and "nianbao.convert.ocr" in sys.modules


def test_workers_read_with_the_tesseract_library_and_inline_calls_with_the_program() -> None:
    pool = WorkerPool(1)
    pool.open()
    try:
        assert asyncio.run(pool.run(_reads_with_the_tesseract_library, "test")) is True
    finally:
        pool.close()
    assert _reads_with_the_tesseract_library() is False  # a crash in tesseract must not end the crawl


def test_workers_start_with_the_conversion_stack_imported() -> None:
    pool = WorkerPool(1)
    pool.open()
    try:
        assert asyncio.run(pool.run(_preloaded, "test")) is True  # imported once, in the forkserver
    finally:
        pool.close()
