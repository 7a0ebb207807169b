"""The demo: serve the offline testbed province, harvest it end to end and measure it against the truth.

Used by ``nianbao demo`` (``make demo``) and by the end-to-end tests.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nianbao.evaluate import Discovery, ValueScore, discovery, load_truth, text_prf, value_score
from nianbao.harvest import HarvestOptions, HarvestSummary, run_harvest
from nianbao.store import Store

TESTBED_CRAWL_SETTINGS: dict[str, Any] = {
    "DOWNLOAD_DELAY": 0,  # the testbed is ours: no politeness delay
    "AUTOTHROTTLE_ENABLED": False,
    "RETRY_BACKOFF_BASE": 0.2,  # its faults are brief; a Retry-After it sends (1 s) is still honoured
    "SCRAPER_SLOT_MAX_ACTIVE_SIZE": 50_000_000,  # reports wait for OCR without stalling downloads
}


@dataclass
class DemoReport:
    summary: HarvestSummary
    discovery: Discovery
    text_f1: float
    values: ValueScore
    browser_hosts: list[str]
    refused_hosts: dict[str, int]  # hosts outside the world the testbed proxy refused (browser services)
    text: str = ""

    def to_json(self) -> str:
        d, v = self.discovery, self.values
        measures = {
            "recall": d.recall,
            "precision": d.precision,
            "expected": d.expected,
            "found": d.found,
            "missed": d.missed[:50],
            "false_positives": d.false_positives[:50],
            "text_f1": self.text_f1,
            "value_accuracy": v.accuracy,
            "values_expected": v.expected,
            "values_wrong": v.wrong[:20],
            "browser_hosts": self.browser_hosts,
            "refused_hosts": self.refused_hosts,
        }
        summary = json.loads(self.summary.to_json())
        return json.dumps({"measures": measures, "harvest": summary}, ensure_ascii=False, indent=2)

    @property
    def ok(self) -> bool:
        return self.summary.finish_reason == "finished" and self.discovery.true_positives > 0


def testbed_entries(testbed: Any) -> list[Any]:
    """The registry rows the testbed serves, with their ``.test`` portal URLs: its counties, and the
    prefectures whose own sites are in the world (they publish county reports too)."""
    from nianbao.registry import load_registry, with_prefecture_portals, with_testbed_hosts

    world = testbed.catalog.world
    adcodes = {site.county.adcode for site in world.sites if site.county is not None}
    registry = with_testbed_hosts(load_registry())
    counties = [e for e in registry if e.adcode in adcodes]
    return [
        e for e in with_prefecture_portals(counties, registry) if e in counties or e.host in world.hosts()
    ]


def run_demo(
    archive: Path,
    counties: int | None = None,
    seed: int = 1,
    epoch: int = 0,
    attachment_types: tuple[str, ...] | None = None,
    latency_ms: int = 0,
    **settings: Any,
) -> DemoReport:
    """Harvest the testbed (started here, stopped after) into ``archive`` and score the result."""
    from testbed.process import TestbedProcess, WorldSpec
    from testbed.truth import write_truth

    spec = WorldSpec(
        counties=counties, seed=seed, epoch=epoch, attachment_types=attachment_types, latency_ms=latency_ms
    )
    world = spec.build()  # the same world the server process serves: deterministic under the seed
    truth_path, _ = write_truth(world.catalog, archive / "testbed")
    server = TestbedProcess(spec).start()
    try:
        options = HarvestOptions(
            archive_root=archive,
            testbed_proxy=server.proxy,
            entries=testbed_entries(world),
            settings={**TESTBED_CRAWL_SETTINGS, **settings},
        )
        summary = run_harvest(options)
    finally:
        refused = dict(server.stop())
    report = score(summary, load_truth(truth_path), Store(archive / "nianbao.db"), refused)
    report.text = format_report(report, archive, truth_path)
    return report


def score(
    summary: HarvestSummary, truth: list[dict[str, Any]], store: Store, refused: dict[str, int]
) -> DemoReport:
    # the reports this run saw (a report that vanished from its portal stays archived, but is not found)
    reports = list(store.documents("is_report = 1 and updated_at >= ?", [summary.started_at]))
    found = discovery(truth, [d["url"] for d in reports])
    by_url = {row["url"]: row for row in truth}
    f1s, values = [], ValueScore()
    for doc in reports:
        gold = by_url.get(doc["url"])
        if gold is None:
            continue
        if gold.get("gold_text") and doc.get("text"):
            f1s.append(text_prf(doc["text"], gold["gold_text"])[2])
        if gold.get("gold_values"):
            stats = [
                {"table": s.table, "row": s.row, "col": s.col, "value": s.as_value()}
                for s in store.stats(doc["id"])
            ]
            one = value_score(gold["gold_values"], stats, doc["url"])
            values.expected += one.expected
            values.correct += one.correct
            values.wrong += one.wrong[: max(0, 20 - len(values.wrong))]
    browser = sorted({k.split("/", 2)[-1] for k in summary.stats if k.startswith("render/host/")})
    mean_f1 = sum(f1s) / len(f1s) if f1s else 0.0
    return DemoReport(summary, found, mean_f1, values, browser, refused)


def format_report(report: DemoReport, archive: Path, truth_path: Path) -> str:
    from nianbao.cli.harvest import format_summary

    d, v = report.discovery, report.values
    lines = [
        format_summary(report.summary),
        "",
        "Measured against the testbed truth:",
        f"  discovery: recall {d.recall:.3f} ({d.true_positives}/{d.expected}), precision {d.precision:.3f} "
        f"({d.true_positives}/{d.found})",
        f"  cleaned text: mean char-3-gram F1 {report.text_f1:.3f} over matched reports",
        f"  table values: {v.accuracy:.3f} correct ({v.correct}/{v.expected})",
        f"  requests for hosts outside the world, refused by the testbed: {sum(report.refused_hosts.values())}"
        + (
            f" (Chromium's own services: {', '.join(sorted(report.refused_hosts))})"
            if report.refused_hosts
            else ""
        ),
        f"  hosts rendered in Chromium: {len(report.browser_hosts)}",
        f"  truth: {truth_path}",
    ]
    return "\n".join(lines)
