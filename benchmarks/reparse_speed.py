"""Reparse throughput: N synthetic archived reports (WARC + store), re-derived with 1 and 2 workers.

Builds N testbed reports (every template; table, borderless, Word-exported, one-cell-per-line and pipe
bodies; half of them gzip-encoded) as portal pages in a WARC file with their captures and bare documents
in the store, as a crawl leaves them. Then times, each from the same starting store:

- reference: reading the same N WARC records (locate + read + decode) with no cleaning or parsing;
- ``reparse`` with 1 worker and with 2 workers, every document new (all rows written);
- ``reparse`` with 2 workers again over the result (steady state: nothing changed, nothing written).

Prints reports/s, the ratio to the reference, and the projected time for 10,000 reports against the
target (< 120 s on 2 cores). Run: ``.venv/bin/python benchmarks/reparse_speed.py [N]`` (default 2000).
"""

from __future__ import annotations

import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))  # the archive builder of the tests

from reparse_fixtures import ISSUERS, ArchiveBuilder, report_page  # noqa: E402

from nianbao.archived import locate, read_payload  # noqa: E402
from nianbao.reparse import ReparseOptions, reparse_archive  # noqa: E402
from nianbao.store import Store  # noqa: E402
from testbed.content import make_report  # noqa: E402

SHAPES = ("table", "borderless", "flat", "pipe", "table", "word")
YEARS = (2012, 2015, 2016, 2018, 2019, 2020, 2021, 2022, 2023)
TARGET_SECONDS = 120.0


def build(root: Path, n: int) -> int:
    """Write ``n`` archived report pages; returns the WARC bytes written."""
    builder = ArchiveBuilder(root)
    builder.store.sync_normal()
    for i in range(n):
        report = make_report(i, ISSUERS[i % 3], YEARS[i % len(YEARS)])
        url = f"http://www.county{i % 97}.gov.cn/xxgk/ndbg/{i}.html"
        page = report_page(report, SHAPES[i % len(SHAPES)]).encode("utf-8")
        builder.response(url, page, encoding="gzip" if i % 2 else "")
        builder.document(url, adcode=report.issuer.adcode)
    builder.close()
    return sum(p.stat().st_size for p in (root / "warc").iterdir())


def read_only(root: Path) -> float:
    """The reference: every document's record located and read back, nothing else."""
    store = Store(root / "nianbao.db")
    start = time.perf_counter()
    for row in store.documents():
        read_payload(locate(store, root / "warc", row["url"]))
    elapsed = time.perf_counter() - start
    store.close()
    return elapsed


def cpu_seconds() -> float:
    """User + system CPU time of this process and its reaped children (the pool's workers)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed_reparse(root: Path, pristine: Path | None, workers: int) -> tuple[float, float, int, int]:
    """Wall and CPU seconds, documents changed and failed for one reparse (from the pristine store if given)."""
    if pristine is not None:
        for suffix in ("", "-wal", "-shm"):
            (root / f"nianbao.db{suffix}").unlink(missing_ok=True)
        shutil.copy(pristine, root / "nianbao.db")
        shutil.rmtree(root / "text", ignore_errors=True)
    start, cpu = time.perf_counter(), cpu_seconds()
    report = reparse_archive(ReparseOptions(root, workers=workers))
    return time.perf_counter() - start, cpu_seconds() - cpu, report.changed, report.failed


def line(name: str, n: int, seconds: float, cpu: float, reference: float) -> str:
    """Measured wall-clock projection, and the CPU-time projection for 2 otherwise idle cores."""
    projected, on_two = seconds * 10_000 / n, cpu * 10_000 / n / 2
    verdict = "meets" if projected < TARGET_SECONDS else "MISSES"
    return (
        f"{name:<32} {n / seconds:6.1f} reports/s {seconds / reference:6.1f}x ref  "
        f"10,000 in {projected:5.1f} s wall ({verdict} < {TARGET_SECONDS:.0f} s); "
        f"{cpu / n * 1000:4.1f} ms CPU each = {on_two:5.1f} s on 2 idle cores"
    )


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    with tempfile.TemporaryDirectory(prefix="nianbao-reparse-") as tmp:
        root = Path(tmp) / "archive"
        started = time.perf_counter()
        size = build(root, n)
        pristine = Path(tmp) / "pristine.db"
        Store(root / "nianbao.db").close()  # checkpoint the WAL into the file before copying it
        shutil.copy(root / "nianbao.db", pristine)
        print(
            f"built {n} archived reports ({size / 1e6:.1f} MB of WARC) in {time.perf_counter() - started:.1f} s"
        )
        print(f"cpus available: {len(os.sched_getaffinity(0))}, load average {os.getloadavg()[0]:.1f}")
        reference = read_only(root)
        print(f"{'reference: read WARC records only':<34} {n / reference:8.1f} reports/s")
        for workers in (1, 2):
            seconds, cpu, changed, failed = timed_reparse(root, pristine, workers)
            assert changed == n and failed == 0, (changed, failed)
            print(line(f"reparse, {workers} worker(s), all new", n, seconds, cpu, reference))
        seconds, cpu, changed, failed = timed_reparse(root, None, 2)
        assert changed == 0 and failed == 0, (changed, failed)
        print(line("reparse, 2 workers, unchanged", n, seconds, cpu, reference))


if __name__ == "__main__":
    main()
