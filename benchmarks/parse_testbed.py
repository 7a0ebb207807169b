"""Parse accuracy on the served testbed: value accuracy per (family, template, shape) and overall.

Usage:
    .venv/bin/python benchmarks/parse_testbed.py [--counties 8] [--seed 1] [--show 3]
    .venv/bin/python benchmarks/parse_testbed.py --cache /tmp/tb8      # fetch once, re-parse quickly
    .venv/bin/python benchmarks/parse_testbed.py --save-sample tests/fixtures/parse/testbed --sample 30

Starts the testbed in this process, writes its truth to a temporary directory and fetches through its
proxy (loopback only) every HTML ``report`` page that has ``gold_values`` (continuation parts listed in
``pages`` fetched too and joined as the crawl joins them, ``nianbao.ingest.to_document``). Anti-bot hosts
(they need a browser) and the JS-only portal (its article arrives by XHR) are skipped and counted;
attachments (PDF/DOC/XLS) are left to ``benchmarks/convert_speed.py``. Each page is cleaned
(``clean_page``), parsed (``parse_document``) and scored with ``nianbao.evaluate.value_score``: the share of
gold cells whose parsed value equals the truth (null must stay null). Parse time is printed against the
time cleaning the same pages took in the same run.

``--save-sample`` writes a representative subset of the HTML pages (every family × template × shape seen,
round-robin; no image tables, no attachments) as a regression corpus: ``NNN.html`` (+ ``NNN.2.html`` parts), ``NNN.json`` (url, family, template, shape) and
``NNN.values.json`` — the gold values from the truth, never from the parser.
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
import time
import urllib.request
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from nianbao.evaluate import value_score  # noqa: E402
from nianbao.ingest import to_document  # noqa: E402
from nianbao.parse import parse_document  # noqa: E402
from nianbao.parse.normalize import parse_number  # noqa: E402
from testbed.server import fetch  # noqa: E402

Page = dict  # truth record + "bodies": list[bytes]


def fetch_testbed(counties: int, seed: int) -> tuple[list[Page], dict[str, int]]:
    """Serve the testbed, fetch every scorable report page; returns pages and skip counts."""
    from testbed.server import start_testbed

    handle = start_testbed(counties=counties, seed=seed, attachment_types=("xls", "docx", "pdf"))
    try:
        return _fetch_all(handle.truth(), handle.opener())
    finally:
        handle.stop()


def _fetch_all(records: list[dict], opener: urllib.request.OpenerDirector) -> tuple[list[Page], dict]:
    pages: list[Page] = []
    skipped: dict[str, int] = defaultdict(int)
    with_files = {r["report_url"] for r in records if r.get("report_url") and r.get("gold_values")}
    for record in records:
        if record.get("role") not in ("report", "report_attachment") or not record.get("gold_values"):
            continue
        if record.get("antibot"):
            skipped["anti-bot (needs a browser)"] += 1
            continue
        if record.get("family") == "jsportal":
            skipped["JS-only portal"] += 1
            continue
        if _values_only_in_file(record, with_files):
            skipped["page says 详见附件 (its attachment is scored)"] += 1
            continue
        fetched = [_fetch(opener, url) for url in record.get("pages") or [record["url"]]]
        if any(f is None for f in fetched):
            skipped["fetch failed"] += 1
            continue
        pages.append({**record, "bodies": fetched})
    return pages, dict(skipped)


def blanks_dropped(record: dict) -> bool:
    """A one-cell-per-line page whose blank Table 2/3/4 cells left no line: the page cannot say which
    columns its values belong to (fewer value lines in its gold text than table cells in its truth)."""
    if record.get("shape") != "flat" or record.get("template") not in ("v2019", "v2021"):
        return False
    lines = (record.get("gold_text") or "").splitlines()
    printed = sum(1 for line in lines if parse_number(line) is not None and line.strip())
    cells = sum(1 for v in record["gold_values"] if v["table"] != "narrative")
    return printed < cells


def _values_only_in_file(record: dict, with_files: set[str]) -> bool:
    """A report page whose body only points at its attachment (the values are in the file)."""
    linked = record["url"] in with_files or record.get("duplicate_of") in with_files
    return record.get("role") == "report" and linked and len(record.get("gold_text") or "") < 200


def _fetch(opener: urllib.request.OpenerDirector, url: str) -> bytes | None:
    fetched = fetch(opener, url)
    return fetched[0] if fetched else None


def group_of(page: Page) -> tuple[str, str, str]:
    """(family, template, shape); an attachment's shape is ``file:TYPE``, a lossy flattening's ``flat-lossy``."""
    shape = page.get("shape") or "?"
    if page.get("file_type"):
        shape = "file:" + page["file_type"]
    elif blanks_dropped(page):
        shape = "flat-lossy"
    return (page.get("family") or "?", page.get("template") or "?", shape)


def score_pages(pages: list[Page], show: int) -> tuple[dict, float, float]:
    """Per-group [correct, expected, pages, perfect pages]; clean and parse seconds."""
    groups: dict[tuple[str, str, str], list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    clean_s = parse_s = 0.0
    shown: dict[tuple[str, str, str], int] = defaultdict(int)
    for page in pages:
        t0 = time.perf_counter()
        doc = to_document(page["bodies"], page["url"])
        t1 = time.perf_counter()
        report = parse_document(doc)
        t2 = time.perf_counter()
        clean_s, parse_s = clean_s + t1 - t0, parse_s + t2 - t1
        parsed = [{"table": v.table, "row": v.row, "col": v.col, "value": v.value} for v in report.values]
        result = value_score(page["gold_values"], parsed, where=page["url"])
        g = groups[group_of(page)]
        g[0], g[1], g[2] = g[0] + result.correct, g[1] + result.expected, g[2] + 1
        g[3] += result.correct == result.expected
        if result.wrong and shown[group_of(page)] < show:
            shown[group_of(page)] += 1
            print(f"--- {group_of(page)} {page['url']} ({report.template}) {len(result.wrong)}+ wrong")
            for line in result.wrong[:6]:
                print("   ", line.split(" ", 1)[1])
    return groups, clean_s, parse_s


def print_table(groups: dict, skipped: dict[str, int]) -> None:
    print(
        f"\n{'family':<10} {'template':<9} {'shape':<11} {'pages':>5} {'exact':>5} {'cells':>6} {'accuracy':>8}"
    )
    total = [0, 0, 0, 0]
    by_shape: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for key in sorted(groups):
        c, e, n, p = groups[key]
        total = [total[0] + c, total[1] + e, total[2] + n, total[3] + p]
        by_shape[key[2]][0] += c
        by_shape[key[2]][1] += e
        print(f"{key[0]:<10} {key[1]:<9} {key[2]:<11} {n:>5} {p:>5} {e:>6} {c / max(e, 1):>8.4f}")
    print("\nby shape: " + ", ".join(f"{s} {c / max(e, 1):.4f}" for s, (c, e) in sorted(by_shape.items())))
    non_image = [(c, e) for s, (c, e) in by_shape.items() if s != "image"]
    ni_c, ni_e = sum(c for c, _ in non_image), sum(e for _, e in non_image)
    print(f"overall value accuracy {total[0] / max(total[1], 1):.4f} ({total[0]}/{total[1]} cells), "
          f"non-image {ni_c / max(ni_e, 1):.4f}; exact pages {total[3]}/{total[2]}")  # fmt: skip
    if skipped:
        print("skipped: " + ", ".join(f"{k} {v}" for k, v in skipped.items()))


def save_sample(pages: list[Page], out: Path, size: int) -> int:
    """A regression corpus of HTML pages with a text table: first pages that add a new (family, template),
    (template, shape) or (family, shape) pair or number of parts, then one more page per group."""
    usable = [p for p in pages if group_of(p)[2] in ("table", "borderless", "word", "flat", "pipe")]
    picked: list[Page] = []
    seen: set[tuple[str, str]] = set()
    for page in usable:
        family, template, shape = group_of(page)
        pairs = {(family, template), (template, shape), (family, shape), ("parts", str(len(page["bodies"])))}
        if not pairs <= seen and len(picked) < size:
            picked.append(page)
            seen |= pairs
    groups: dict[tuple[str, str, str], list[Page]] = defaultdict(list)
    for page in usable:
        if page not in picked:
            groups[group_of(page)].append(page)
    for _, rest in sorted(groups.items()):
        if len(picked) < size and rest:
            picked.append(rest[0])
    out.mkdir(parents=True, exist_ok=True)
    for n, page in enumerate(picked):
        _write_page(out, n, page)
    return len(picked)


def _write_page(out: Path, n: int, page: Page) -> None:
    for part, body in enumerate(page["bodies"]):
        (out / (f"{n:03d}.html" if part == 0 else f"{n:03d}.{part + 1}.html")).write_bytes(body)
    info = {k: page.get(k) for k in ("url", "family", "cms", "template", "shape", "year", "level")}
    (out / f"{n:03d}.json").write_text(json.dumps(info, ensure_ascii=False, indent=1) + "\n")
    values = json.dumps(page["gold_values"], ensure_ascii=False, indent=0)
    (out / f"{n:03d}.values.json").write_text(values + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--counties", type=int, default=8)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--show", type=int, default=0, help="print the first wrong cells of N pages per group")
    ap.add_argument("--cache", type=Path, help="pickle of fetched pages: read if present, else written")
    ap.add_argument("--save-sample", type=Path, help="write a regression corpus to this directory")
    ap.add_argument("--sample", type=int, default=30)
    args = ap.parse_args(argv)
    cache = args.cache and args.cache / f"pages-{args.counties}-{args.seed}.pickle"
    if cache and cache.exists():
        pages, skipped = pickle.loads(cache.read_bytes())
    else:
        t0 = time.perf_counter()
        pages, skipped = fetch_testbed(args.counties, args.seed)
        print(f"fetched {len(pages)} report pages in {time.perf_counter() - t0:.1f}s")
        if cache:
            cache.parent.mkdir(parents=True, exist_ok=True)
            cache.write_bytes(pickle.dumps((pages, skipped)))
    groups, clean_s, parse_s = score_pages(pages, args.show)
    print_table(groups, skipped)
    n = max(len(pages), 1)
    print(f"parse {parse_s / n * 1000:.1f} ms/page = {parse_s / max(clean_s, 1e-9):.2f}x the cleaning time "
          f"({clean_s / n * 1000:.1f} ms/page) measured in the same run")  # fmt: skip
    if args.save_sample:
        print(f"saved {save_sample(pages, args.save_sample, args.sample)} pages to {args.save_sample}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
