"""Run a harvest: the PortalSpider over a registry selection, with a lock, resumable state and a summary.

``run_harvest(options)`` is what ``nianbao harvest`` and ``nianbao demo`` call. Safe under cron: a lock
per selection stops overlapping runs; JOBDIR keeps an interrupted run's queue (cleared after a run that
finished); the store is the source of truth for what is already archived.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from nianbao.errors import NianbaoError
from nianbao.paths import ArchivePaths


@dataclass
class HarvestOptions:
    province: str | None = None
    prefecture: str | None = None
    county: str | None = None
    portal: str | None = None
    registry: str | None = None
    archive_root: Path = Path("archive")
    testbed_proxy: str = ""
    settings: dict[str, Any] = field(default_factory=dict)
    resume: bool = True
    log_level: str = "WARNING"
    entries: list[Any] | None = None  # registry rows to crawl instead of a selection (the testbed's)
    prefecture_portals: bool = True  # also crawl the selection's prefecture portals (county reports on them)

    def selection_key(self) -> str:
        parts = [
            self.province,
            self.prefecture,
            self.county,
            self.portal,
            self.registry,
            self.testbed_proxy and "testbed",
        ]
        return hashlib.sha1(json.dumps(parts, ensure_ascii=False).encode()).hexdigest()[:12]


@dataclass
class SiteSummary:
    adcode: str
    county: str
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    candidates: int = 0
    failed: int = 0


@dataclass
class HarvestSummary:
    sites: dict[str, SiteSummary]
    elapsed: float
    finish_reason: str
    stats: dict[str, Any]
    paths: dict[str, str]
    started_at: str = ""  # ISO time the crawl started (documents seen in this run are updated after it)

    @property
    def totals(self) -> dict[str, int]:
        keys = ("new", "changed", "unchanged", "candidates", "failed")
        return {k: sum(getattr(s, k) for s in self.sites.values()) for k in keys}

    def to_json(self) -> str:
        data = {
            "totals": self.totals,
            "elapsed_s": round(self.elapsed, 1),
            "finish_reason": self.finish_reason,
            "paths": self.paths,
            "stats": {k: v for k, v in self.stats.items() if isinstance(v, int | float | str)},
            "sites": [asdict(s) for s in self.sites.values()],
        }
        return json.dumps(data, ensure_ascii=False, indent=2, default=str)


@contextmanager
def selection_lock(paths: ArchivePaths, key: str) -> Iterator[Path]:
    """Hold an exclusive lock for this selection, or fail at once naming the lock file."""
    paths.locks.mkdir(parents=True, exist_ok=True)
    lock_path = paths.locks / f"harvest-{key}.lock"
    with open(lock_path, "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise NianbaoError(f"another harvest of this selection is running (lock {lock_path})") from None
        yield lock_path


def crawl_settings(options: HarvestOptions, jobdir: Path | None) -> dict[str, Any]:
    """Settings for this run on top of ``crawler.settings``."""
    settings: dict[str, Any] = {
        "ARCHIVE_ROOT": str(options.archive_root),
        "LOG_LEVEL": options.log_level,
        "ATTRIBUTE_REGISTRY": options.registry or "",
    }
    if options.testbed_proxy:
        from testbed.crawl import testbed_settings

        settings.update(testbed_settings(options.testbed_proxy))
    if jobdir is not None:
        settings["JOBDIR"] = str(jobdir)
    settings.update(options.settings)
    return settings


def run_harvest(options: HarvestOptions) -> HarvestSummary:
    """Crawl the selection; returns the summary. Raises ``NianbaoError`` when the run fails as a whole."""
    from nianbao.registry import load_registry, select, with_prefecture_portals, with_testbed_hosts

    entries = options.entries
    if entries is None:
        registry = load_registry(options.registry)
        if options.testbed_proxy:  # in testbed mode the registry is the testbed's: its hosts end in .test
            registry = with_testbed_hosts(registry)
        entries = select(
            registry,
            province=options.province,
            prefecture=options.prefecture,
            county=options.county,
            portal=options.portal,
        )
        if options.prefecture_portals and (options.province or options.prefecture):
            entries = with_prefecture_portals(entries, registry)
    paths = ArchivePaths(options.archive_root)
    key = options.selection_key()
    with selection_lock(paths, key):
        jobdir = paths.jobs / key if options.resume else None
        summary = _crawl(entries, crawl_settings(options, jobdir))
        if jobdir is not None and summary.finish_reason == "finished":
            shutil.rmtree(jobdir, ignore_errors=True)
    summary.paths = {"warc": str(paths.warc), "text": str(paths.text), "db": str(paths.db)}
    return summary


def _crawl(entries: list[Any], overrides: dict[str, Any]) -> HarvestSummary:
    from scrapy import signals
    from scrapy.crawler import CrawlerProcess
    from scrapy.settings import Settings

    from crawler.spiders.portal import PortalSpider

    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    settings.update(overrides, priority="cmdline")
    process = CrawlerProcess(settings)  # LOG_INSTALL_ROOT_HANDLER (default True) installs the root handler
    crawler = process.create_crawler(PortalSpider)
    sites = {e.adcode: SiteSummary(e.adcode, e.county) for e in entries}
    crawler.signals.connect(lambda item, **_: _count(sites, item), signal=signals.item_scraped, weak=False)
    started, started_at = time.monotonic(), datetime.now(UTC).isoformat(timespec="seconds")
    process.crawl(crawler, entries=entries)
    process.start()
    stats = crawler.stats.get_stats() if crawler.stats else {}
    for site in sites.values():
        site.failed = int(stats.get(f"nianbao/failed/{site.adcode}", 0))
    reason = str(stats.get("finish_reason", "unknown"))
    return HarvestSummary(sites, time.monotonic() - started, reason, stats, {}, started_at)


def _count(sites: dict[str, SiteSummary], item: Any) -> None:
    site = sites.get(item.portal.adcode) if item.portal else None
    if site is None:
        return
    site.candidates += 1
    if item.is_report and item.change in ("new", "changed", "unchanged"):
        setattr(site, item.change, getattr(site, item.change) + 1)
