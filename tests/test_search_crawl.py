"""A real crawl (subprocess, as ``nianbao demo`` runs it) of a small testbed world whose TRS county 乌审旗 is
search-only: its reports are found only through its site search, and only while the fallback is on."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from testbed.world import build_world

pytestmark = pytest.mark.slow

COUNTIES, SEED = 2, 1  # 乌审旗 (TRS, search-only) and 阿尔山市 on the 兴安盟 shared platform
LIGHT = {"PARSE_ENABLED": False, "TEXT_ENABLED": False, "CLEAN_IMAGES_ENABLED": False}
RUN = """
import json, sys
from pathlib import Path
from nianbao.demo import run_demo
report = run_demo(Path(sys.argv[1]), counties={counties}, seed={seed}, attachment_types=("xls",), **json.loads(sys.argv[2]))
print(report.to_json())
"""


def crawl(archive: Path, **settings: Any) -> dict[str, Any]:
    code = RUN.format(counties=COUNTIES, seed=SEED)
    cmd = [sys.executable, "-c", code, str(archive), json.dumps({**LIGHT, **settings})]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return dict(json.loads(proc.stdout[proc.stdout.index("{") :]))


def search_only_reports(archive: Path) -> set[str]:
    rows = [json.loads(line) for line in (archive / "testbed" / "truth.jsonl").open(encoding="utf-8")]
    return {
        r["url"]
        for r in rows
        if r.get("search_only") and r["role"] in ("report", "report_attachment") and not r.get("part_of")
    }


def test_the_world_has_one_search_only_county() -> None:
    world = build_world(COUNTIES, seed=SEED, attachment_types=())
    assert [s.county.adcode for s in world.sites if s.search_only and s.county] == ["150626"]


def test_search_finds_the_reports_no_menu_leads_to(tmp_path: Path) -> None:
    result = crawl(tmp_path / "on")
    measures, stats = result["measures"], result["harvest"]["stats"]
    assert stats["search_fallback/portals"] == 1  # only 乌审旗: every other portal reached its column
    assert stats["search_fallback/requests"] == 3
    assert stats["search_fallback/early"] == 1  # as soon as its navigation was exhausted, not at the end
    assert measures["precision"] == 1.0, measures["false_positives"]
    assert measures["recall"] == 1.0, measures["missed"]
    assert search_only_reports(tmp_path / "on")


def test_without_the_fallback_those_reports_are_missed(tmp_path: Path) -> None:
    result = crawl(tmp_path / "off", SEARCH_FALLBACK_ENABLED=False)
    hidden = search_only_reports(tmp_path / "off")
    measures = result["measures"]
    assert hidden and set(measures["missed"]) <= hidden  # what is missed is what only search finds
    assert measures["recall"] == pytest.approx(1 - len(hidden) / measures["expected"])
    assert "search_fallback/portals" not in result["harvest"]["stats"]
