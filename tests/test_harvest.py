"""Harvest plumbing without a crawl: the selection lock, CLI argument errors, summaries, safe text paths."""

from __future__ import annotations

from pathlib import Path

import pytest

from nianbao.cli import main
from nianbao.errors import NianbaoError
from nianbao.harvest import HarvestOptions, HarvestSummary, SiteSummary, selection_lock
from nianbao.paths import ArchivePaths


def test_lock_stops_an_overlapping_run(tmp_path: Path) -> None:
    paths = ArchivePaths(tmp_path)
    with (
        selection_lock(paths, "abc"),
        pytest.raises(NianbaoError, match="another harvest"),
        selection_lock(paths, "abc"),
    ):
        pass
    with selection_lock(paths, "abc"):  # released after the first run
        pass


def test_selection_key_differs_by_selection() -> None:
    a = HarvestOptions(province="内蒙古自治区").selection_key()
    assert a == HarvestOptions(province="内蒙古自治区").selection_key()
    assert a != HarvestOptions(county="乌审旗").selection_key()


def test_harvest_without_selection_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["harvest"]) == 2
    assert "choose --province" in capsys.readouterr().err


def test_unknown_province_is_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["harvest", "--province", "火星省", "--archive", str(tmp_path)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("nianbao harvest: error:")


def test_summary_totals_and_json() -> None:
    sites = {"1": SiteSummary("1", "a", new=2, unchanged=3), "2": SiteSummary("2", "b", changed=1, failed=1)}
    summary = HarvestSummary(sites, 1.0, "finished", {"x": 1}, {})
    assert summary.totals == {"new": 2, "changed": 1, "unchanged": 3, "candidates": 0, "failed": 1}
    assert '"finish_reason": "finished"' in summary.to_json()


@pytest.mark.parametrize(
    ("url", "adcode", "year"),
    [
        ("http://x.gov.cn.test/a.html", "150626", 2017),
        ("http://../../etc/passwd", "../..", 2017),
        ("http://x.test/a", "15062/", None),
        ("http://%2e%2e/a", "", 12345),
    ],
)
def test_text_paths_never_escape_the_archive(tmp_path: Path, url: str, adcode: str, year: int | None) -> None:
    paths = ArchivePaths(tmp_path / "archive")
    path = paths.text_path(url, adcode, year)
    assert path.is_relative_to((tmp_path / "archive" / "text").resolve())
    assert path.suffix == ".txt"


def test_progress_line_counts_from_stats() -> None:
    from crawler.extensions.progress import progress_line

    stats = {
        "response_received_count": 12,
        "item_scraped_count": 5,
        "scheduler/enqueued": 20,
        "scheduler/dequeued": 14,
        "render/host/a.test": 2,
        "nianbao/failed/150626": 1,
    }
    assert progress_line(stats) == "12 pages, 5 candidates, 6 queued, 2 rendered in Chromium, 1 failed "
