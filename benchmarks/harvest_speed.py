"""Harvest throughput against a bare Scrapy crawl of the same URLs, in the same run.

1. The full harvest of a testbed world (`nianbao demo`: discovery, WARC, cleaning, parsing, SQLite, the
   browser where needed), politeness delay 0, in a subprocess; its pages/s and reports/min.
2. A bare Scrapy crawl (no pipelines, no WARC, no discovery logic, same concurrency settings) that fetches
   exactly the URLs the harvest fetched over plain HTTP, from the same world served the same way.
Prints both and the ratio (target >= 0.7), once per server latency: at 0 ms (loopback) both crawls are
CPU-bound on the same cores, so the ratio prices the pipeline's CPU (cleaning, parsing, WARC, SQLite,
Chromium) against a crawl that does nothing with what it fetches; with a server round trip (what every real
portal has, at one request at a time per host) it shows whether discovery and the pipeline keep up.

    .venv/bin/python benchmarks/harvest_speed.py --counties 12 [--attachments xls,docx,pdf] [--latency-ms 0,100]
        [--set CLEAN_IMAGES_ENABLED=false]   # what the body-image OCR costs
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BARE = """
import json, sys, time
import scrapy
from scrapy.crawler import CrawlerProcess

urls, proxy, out = json.load(open(sys.argv[1])), sys.argv[2], sys.argv[3]

class Bare(scrapy.Spider):
    name = "bare"
    custom_settings = {"ROBOTSTXT_OBEY": False}
    async def start(self):
        for url in urls:
            yield scrapy.Request(url, meta={"proxy": proxy}, dont_filter=True, callback=self.parse)
    def parse(self, response):
        pass

process = CrawlerProcess({
    "LOG_LEVEL": "ERROR", "CONCURRENT_REQUESTS": 32, "CONCURRENT_REQUESTS_PER_DOMAIN": 1,
    "DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False, "HTTPERROR_ALLOW_ALL": True, "RETRY_TIMES": 3,
    "TELNETCONSOLE_ENABLED": False, "REMOTE_CONTROL_ENABLED": False, "COOKIES_ENABLED": False,
    "SCHEDULER_PRIORITY_QUEUE": "scrapy.pqueues.DownloaderAwarePriorityQueue",
    "DOWNLOADER": "crawler.downloader.PoliteDownloader",  # the per-host limit enforced, as in the harvest
})
crawler = process.create_crawler(Bare)
started = time.monotonic()
process.crawl(crawler)
process.start()
json.dump({"elapsed": time.monotonic() - started, "stats": {k: v for k, v in crawler.stats.get_stats().items()
           if isinstance(v, (int, float))}}, open(out, "w"))
"""


HARVEST = """
import json, sys
from pathlib import Path
from nianbao.demo import run_demo
spec, settings = json.loads(sys.argv[2]), json.loads(sys.argv[3])
report = run_demo(Path(sys.argv[1]), **spec, **settings)
Path(sys.argv[4]).write_text(report.to_json(), encoding="utf-8")
"""


def full_harvest(work: Path, args: argparse.Namespace, latency_ms: int) -> dict:
    """``nianbao demo`` (``run_demo``) in a subprocess, with the ``--set`` settings on top of its own."""
    out = work / "harvest.json"
    types = tuple(args.attachments.split(",")) if args.attachments else None
    spec = {
        "counties": args.counties or None,
        "seed": args.seed,
        "attachment_types": types,
        "latency_ms": latency_ms,
    }
    settings = dict(_setting(item) for item in args.set)
    cmd = [
        sys.executable,
        "-c",
        HARVEST,
        str(work / "archive"),
        json.dumps(spec),
        json.dumps(settings),
        str(out),
    ]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return json.loads(out.read_text(encoding="utf-8"))


def _setting(item: str) -> tuple[str, object]:
    """``NAME=VALUE`` with VALUE read as JSON when it is JSON (``false``, ``2``), else as a string."""
    name, _, value = item.partition("=")
    try:
        return name, json.loads(value)
    except ValueError:
        return name, value


def plain_urls(archive: Path) -> list[str]:
    from nianbao.store import Store

    store = Store(archive / "nianbao.db")
    return sorted({c.url for c in store.captures() if not c.via_browser and not c.url.startswith("urn:")})


def bare_crawl(work: Path, urls: list[str], args: argparse.Namespace, latency_ms: int) -> dict:
    from testbed.process import TestbedProcess, WorldSpec

    types = tuple(args.attachments.split(",")) if args.attachments else None
    spec = WorldSpec(
        counties=args.counties or None, seed=args.seed, attachment_types=types, latency_ms=latency_ms
    )
    (work / "urls.json").write_text(json.dumps(urls), encoding="utf-8")
    server = TestbedProcess(spec).start()
    try:
        script = work / "bare.py"
        script.write_text(BARE, encoding="utf-8")
        out = work / "bare.json"
        subprocess.run(
            [sys.executable, str(script), str(work / "urls.json"), server.proxy, str(out)], check=True
        )
        return json.loads(out.read_text(encoding="utf-8"))
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--counties", type=int, default=12, help="0 = the whole province (~100 counties)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--attachments", default="xls,docx,pdf", help="attachment types ('' = all)")
    parser.add_argument(
        "--latency-ms",
        default="0,100",
        help="server round trips to measure at, comma-separated (0 = loopback: the crawl is CPU-bound)",
    )
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a crawl setting for the full harvest, e.g. CLEAN_IMAGES_ENABLED=false (repeatable)",
    )
    args = parser.parse_args()
    print(
        f"world: {args.counties or 'all'} counties, seed {args.seed}, attachments {args.attachments or 'all'}"
    )
    if args.set:
        print(f"full harvest settings: {' '.join(args.set)}")
    for latency_ms in (int(v) for v in args.latency_ms.split(",")):
        with tempfile.TemporaryDirectory(prefix="nianbao-bench-") as tmp:
            measure(Path(tmp), args, latency_ms)


def measure(work: Path, args: argparse.Namespace, latency_ms: int) -> None:
    started = time.monotonic()
    harvest = full_harvest(work, args, latency_ms)
    stats = harvest["harvest"]["stats"]
    elapsed = float(stats.get("elapsed_time_seconds") or harvest["harvest"]["elapsed_s"])
    pages = int(stats.get("response_received_count", 0))
    reports = harvest["measures"]["found"]
    urls = plain_urls(work / "archive")
    bare = bare_crawl(work, urls, args, latency_ms)
    bare_pages = int(bare["stats"].get("response_received_count", 0))
    full_rate, bare_rate = pages / elapsed, bare_pages / bare["elapsed"]
    print(f"server latency {latency_ms} ms:")
    print(
        f"  full harvest : {pages} pages in {elapsed:.1f} s = {full_rate:.1f} pages/s; "
        f"{reports} reports = {60 * reports / elapsed:.0f} reports/min"
    )
    print(
        f"  bare Scrapy  : {bare_pages} pages ({len(urls)} URLs) in {bare['elapsed']:.1f} s = {bare_rate:.1f} pages/s"
    )
    print(
        f"  ratio full/bare: {full_rate / bare_rate:.2f} (target >= 0.70); wall time {time.monotonic() - started:.0f} s"
    )


if __name__ == "__main__":
    main()
