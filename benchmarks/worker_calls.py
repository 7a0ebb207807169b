"""What the cleaning and parsing workers spend their CPU on during one testbed harvest, by kind of call.

Runs ``nianbao.demo.run_demo`` in this process with ``pipelines.workers.WorkerPool.run`` wrapped: each call
is timed inside its worker (``time.process_time``: the worker's own CPU, tesseract included since it runs
there as a library) and filed by kind: a report page with body images (their OCR), an HTML page without,
a PDF, DOCX or XLS file, or a parse. Prints calls and CPU seconds per kind.

    .venv/bin/python benchmarks/worker_calls.py [--counties 12] [--seed 1] [--latency-ms 0]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

TYPES = ("pdf", "docx", "xls", "xlsx", "doc", "wps")


def timed(call: Callable[[], Any]) -> tuple[Any, float]:
    """``call()`` and the CPU seconds it took in this process (run in a worker)."""
    start = time.process_time()
    result = call()
    return result, time.process_time() - start


def kind_of(call: Any) -> str:
    function = getattr(call, "func", call)
    if function.__name__ != "to_document":
        return function.__name__
    if (call.keywords or {}).get("images"):
        return "report page with body images (OCR)"
    name = call.args[1].rsplit("/", 1)[-1].lower()
    suffix = name.rsplit(".", 1)[-1] if "." in name else ""
    return f"{suffix.upper()} file" if suffix in TYPES else "HTML page"


def wrap_pool(tally: dict[str, list[float]]) -> None:
    from pipelines.workers import WorkerPool

    original = WorkerPool.run

    async def run(self: WorkerPool, call: Callable[[], Any], what: str) -> Any:
        result, cpu = await original(self, partial(timed, call), what)
        entry = tally[kind_of(call)]
        entry[0], entry[1] = entry[0] + 1, entry[1] + cpu
        return result

    WorkerPool.run = run  # type: ignore[method-assign]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--counties", type=int, default=12, help="0 = the whole province")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--latency-ms", type=int, default=0)
    args = parser.parse_args()
    from nianbao.demo import run_demo

    tally: dict[str, list[float]] = defaultdict(lambda: [0, 0.0])
    wrap_pool(tally)
    with tempfile.TemporaryDirectory(prefix="nianbao-calls-") as tmp:
        run_demo(
            Path(tmp) / "archive",
            counties=args.counties or None,
            seed=args.seed,
            attachment_types=("xls", "docx", "pdf"),
            latency_ms=args.latency_ms,
        )
    total = sum(cpu for _, cpu in tally.values())
    print(f"worker CPU by kind of call, {args.counties or 'all'} counties (seed {args.seed}):")
    for kind, (calls, cpu) in sorted(tally.items(), key=lambda kv: -kv[1][1]):
        print(f"  {cpu:7.1f} CPU s  {int(calls):5d} calls  {kind}")
    print(f"  {total:7.1f} CPU s in all")


if __name__ == "__main__":
    main()
