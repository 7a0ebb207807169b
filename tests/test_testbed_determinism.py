"""The testbed is the same world in every process: nothing may depend on hash randomisation."""

from __future__ import annotations

import os
import subprocess
import sys

SCRIPT = """
import hashlib, json
from dataclasses import asdict
from testbed.content import Issuer, make_report
out = []
for year in (2012, 2017, 2020, 2022):
    for level, name in (("county_gov", "乌审旗人民政府"), ("department", "乌审旗教育局")):
        report = make_report(3, Issuer(name, level, "150626", "乌审旗"), year, inconsistent=year == 2020)
        out.append([asdict(v) for v in report.values] + [report.doc.to_text()])
print(hashlib.sha1(json.dumps(out, ensure_ascii=False, default=str).encode()).hexdigest())
"""


def _digest(hash_seed: str) -> str:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    proc = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, env=env, check=True)
    return proc.stdout.strip()


def test_reports_do_not_depend_on_the_hash_seed() -> None:
    assert _digest("1") == _digest("2") == _digest("12345")


def test_narrative_figures_use_the_parsers_keys() -> None:
    from nianbao.parse import NARRATIVE_KEYS
    from testbed.content import Issuer, make_report, seed_reports

    reports = [
        make_report(1, Issuer("乌审旗人民政府", "county_gov", "150626", "乌审旗"), y)
        for y in (2012, 2017, 2022)
    ]
    keys = {key for report in [*reports, *seed_reports()] for key in report.narrative}
    assert keys and keys <= set(NARRATIVE_KEYS)
