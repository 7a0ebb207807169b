"""WARC writing cost: crawl a loopback site with WARC on and off in the same run, and peak RSS by size.

Prints pages/s with and without WARC writing (best of ``--repeat`` runs each, alternating), their ratio
(target >= 0.85), and the crawl process's peak RSS for two crawl sizes with WARC on (bounded memory:
the larger crawl should not need much more). Every crawl runs in a fresh process.

    .venv/bin/python benchmarks/warc_throughput.py [--pages 2000] [--repeat 2]
"""

from __future__ import annotations

import argparse
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from warc_fixtures import Site, SiteServer  # noqa: E402


def crawl_once(base: str, warc: bool, pages: int) -> tuple[float, int, int]:
    """(seconds, responses, peak RSS kB) of one crawl in a fresh process."""
    root = Path(tempfile.mkdtemp(prefix="warcbench-"))
    command = [sys.executable, str(ROOT / "tests" / "warc_fixtures.py"), "crawl", str(root), base + "/"]
    command += [f"WARC_ENABLED={'true' if warc else 'false'}", 'LOG_LEVEL="INFO"', "CONCURRENT_REQUESTS=16"]
    wrapper = ["/usr/bin/time", "-f", "MAXRSS %M"] if Path("/usr/bin/time").exists() else []
    started = time.perf_counter()
    result = subprocess.run(wrapper + command, cwd=ROOT, capture_output=True, text=True, timeout=1800)
    seconds = time.perf_counter() - started
    shutil.rmtree(root, ignore_errors=True)
    if result.returncode != 0:
        raise SystemExit(f"crawl failed: {result.stderr[-2000:]}")
    elapsed = re.search(r"'elapsed_time_seconds': ([0-9.]+)", result.stderr)
    count = re.search(r"'downloader/response_count': (\d+)", result.stderr)
    rss = re.search(r"MAXRSS (\d+)", result.stderr)
    peak = int(rss.group(1)) if rss else resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    crawl_seconds = float(elapsed.group(1)) if elapsed else seconds
    return crawl_seconds, int(count.group(1)) if count else 0, peak


def throughput(pages: int, repeat: int) -> tuple[float, float]:
    best = {True: 0.0, False: 0.0}
    with SiteServer(Site(pages=pages)) as server:
        for _ in range(repeat):
            for warc in (False, True):
                seconds, responses, _ = crawl_once(server.base, warc, pages)
                best[warc] = max(best[warc], responses / seconds)
    return best[False], best[True]


def peak_rss(pages: int) -> tuple[int, int]:
    with SiteServer(Site(pages=pages)) as server:
        _, responses, peak = crawl_once(server.base, True, pages)
    return responses, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=2000, help="pages in the throughput crawl")
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    off, on = throughput(args.pages, args.repeat)
    print(f"throughput WARC off: {off:8.1f} pages/s")
    print(f"throughput WARC on:  {on:8.1f} pages/s")
    print(f"ratio on/off: {on / off:.3f} (target >= 0.85)")
    for pages in (args.pages // 4, args.pages * 2):
        responses, peak = peak_rss(pages)
        print(f"peak RSS with WARC, {responses:6d} responses: {peak / 1024:7.1f} MiB")


if __name__ == "__main__":
    main()
