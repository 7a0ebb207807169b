"""Parse throughput on testbed reports (all templates, cleaned-text form) against a bare line scan.

Reference: ``str.splitlines()`` plus one regex scan for numbers over the same texts, timed in the same
run. Prints reports/s, the ratio, and the projected time to reparse 10,000 reports on 2 cores.
Run: ``.venv/bin/python benchmarks/parse_speed.py [N]``.
"""

from __future__ import annotations

import re
import sys
import time

from nianbao.parse import parse_report
from testbed.content import Issuer, make_report, render_body

ISSUERS = [
    Issuer("乌审旗人民政府", "county_gov", "150626", "乌审旗"),
    Issuer("灵山县教育局", "department", "450721", "灵山县"),
    Issuer("三爪仑乡人民政府", "township", "360924", "宜丰县"),
]
_NUM = re.compile(r"\d[\d,]*(?:\.\d+)?")


def corpus(n: int) -> list[str]:
    texts = []
    for i in range(n):
        report = make_report(i, ISSUERS[i % 3], (2012, 2016, 2019, 2022)[i % 4])
        shape = ("table", "flat", "pipe")[i % 3]
        texts.append("\n".join([report.title, *render_body(report, shape).gold_lines]))
    return texts


def timed(fn, texts: list[str]) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    for text in texts:
        fn(text)
    return time.perf_counter() - start


def reference(text: str) -> int:
    return sum(len(_NUM.findall(line)) for line in text.splitlines())


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    texts = corpus(n)
    size = sum(len(t) for t in texts) / n
    ref = timed(reference, texts)
    parse = timed(parse_report, texts)
    per_report = parse / n
    projected = 10_000 * per_report / 2
    print(f"{n} reports, {size:,.0f} chars each on average")
    print(f"reference (splitlines + regex): {n / ref:,.0f} reports/s")
    print(f"parse_report:                   {n / parse:,.1f} reports/s ({per_report * 1000:.1f} ms each)")
    print(f"ratio parse/reference time:     {parse / ref:,.0f}x")
    print(f"projected reparse of 10,000 reports on 2 cores: {projected:,.0f} s (target < 120 s)")


if __name__ == "__main__":
    main()
