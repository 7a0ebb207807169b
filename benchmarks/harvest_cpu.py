"""Where a harvest's CPU goes: one testbed harvest (``nianbao demo``) with every process sampled.

Runs ``nianbao.demo.run_demo`` in a subprocess and, every 0.2 s, reads ``/proc/stat`` (how busy the
machine's cores are) and ``/proc/<pid>/stat`` of every process started since (its own CPU; for the
cleaning and parsing workers also the CPU of the programs they ran and waited for; tesseract runs inside
them as a library and counts as theirs).
Prints the CPU seconds by kind of process and the share of the cores in use second by second, so one can
tell whether a harvest is CPU-bound (then ``benchmarks/harvest_speed.py``'s ratio is set by CPU, not by
the crawl). Linux only.

    .venv/bin/python benchmarks/harvest_cpu.py [--counties 12] [--seed 1] [--latency-ms 100]

Processes that start and end between two samples and whose parent does not wait for them are missed;
the total from ``/proc/stat`` (all processes of the machine) is printed beside the sum for comparison.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

TICK = os.sysconf("SC_CLK_TCK")
HARVEST = """
import sys, json
from pathlib import Path
from nianbao.demo import run_demo
if __name__ == "__main__":
    spec = json.loads(sys.argv[2])
    run_demo(Path(sys.argv[1]), **spec)
"""


def machine_ticks() -> tuple[int, int]:
    """(all ticks, idle ticks) of every core since boot."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return sum(values), values[3] + values[4]


def sample(pid: str) -> tuple[str, float, float, str] | None:
    """(kind of process, own CPU s, CPU s of the children it waited for, parent pid) of one process. The
    kind is "" for a process that has exited but is not reaped yet: it has no command line left."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return None
    name, fields = stat[stat.index("(") + 1 : stat.rindex(")")], stat[stat.rindex(")") + 2 :].split()
    own = (int(fields[11]) + int(fields[12])) / TICK
    waited = (int(fields[13]) + int(fields[14])) / TICK
    return (kind(name, cmd) if cmd else ""), own, waited, fields[1]


def kind(name: str, cmd: str) -> str:
    if "chrom" in name or "chrom" in cmd:
        return "Chromium"
    if "forkserver" in cmd:
        return "cleaning and parsing workers (Python)"
    if "spawn_main" in cmd:
        return "testbed server"
    if "run_demo" in cmd:
        return "the crawl's own process"
    return name


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--counties", type=int, default=12, help="0 = the whole province (~100 counties)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--latency-ms", type=int, default=100)
    args = parser.parse_args()
    before = {p for p in os.listdir("/proc") if p.isdigit()}
    spec = {"counties": args.counties or None, "seed": args.seed, "attachment_types": ["xls", "docx", "pdf"]}
    spec["latency_ms"] = args.latency_ms
    with tempfile.TemporaryDirectory(prefix="nianbao-cpu-") as tmp:
        cmd = [sys.executable, "-c", HARVEST, str(Path(tmp) / "archive"), json.dumps(spec)]
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        seen, busy, started, start_ticks = watch(proc, before)
        elapsed = time.monotonic() - started
    report(seen, busy, elapsed, start_ticks, args)


def watch(proc: subprocess.Popen[bytes], before: set[str]) -> tuple[dict, list[float], float, tuple]:
    seen: dict[str, tuple[str, float, float, str]] = {}
    busy: list[float] = []
    started, first = time.monotonic(), machine_ticks()
    last, last_time = first, started
    while proc.poll() is None:
        for pid in os.listdir("/proc"):
            if pid.isdigit() and pid not in before and (found := sample(pid)) is not None:
                seen[pid] = found if found[0] or pid not in seen else (seen[pid][0], *found[1:])
        time.sleep(0.2)
        if time.monotonic() - last_time >= 1.0:
            now = machine_ticks()
            busy.append(1 - (now[1] - last[1]) / max(1, now[0] - last[0]))
            last, last_time = now, time.monotonic()
    end = machine_ticks()
    return seen, busy, started, (end[0] - first[0], end[1] - first[1])


def report(seen: dict, busy: list[float], elapsed: float, ticks: tuple, args: argparse.Namespace) -> None:
    by_kind: dict[str, float] = defaultdict(float)
    forked = {pid for pid, (name, *_) in seen.items() if name.startswith("cleaning")}
    workers = {pid for pid in forked if seen[pid][3] in forked}  # the forkserver's children, not itself
    for pid, (name, own, waited, parent) in seen.items():
        if parent in workers:
            continue  # a program a worker ran: counted below, from what the worker waited for
        by_kind[name] += own
        if pid in workers:
            by_kind["programs the workers ran (antiword, soffice; tesseract outside the library)"] += waited
    print(
        f"harvest of {args.counties or 'all'} counties (seed {args.seed}) at {args.latency_ms} ms: {elapsed:.0f} s wall"
    )
    for name, cpu in sorted(by_kind.items(), key=lambda kv: -kv[1]):
        if cpu >= 0.5:
            print(f"  {cpu:6.1f} CPU s  {name}")
    machine = (ticks[0] - ticks[1]) / TICK
    print(f"  sum {sum(by_kind.values()):.1f} CPU s; the machine as a whole: {machine:.1f} CPU s")
    full = sum(1 for b in busy if b >= 0.95)
    print(
        f"cores busy >= 95% in {full} of {len(busy)} seconds; by second: {' '.join(f'{b:.0%}' for b in busy)}"
    )


if __name__ == "__main__":
    main()
