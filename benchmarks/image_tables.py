"""Statistics tables published as images inside HTML report pages: value accuracy with and without OCR of
the body images, what OCR costs per image, and what the cheap worth-OCR test costs and decides.

Usage:
    .venv/bin/python benchmarks/image_tables.py [--counties 40] [--seed 3] [--limit 0] [--program]

Serves the testbed in this process and fetches through its proxy (loopback only) every HTML report page
of shape "image" with ``gold_values`` (anti-bot hosts and the JS-only portal need a browser: skipped and
counted). The page's parts (continuations listed in the truth's ``pages``) are fetched, and their body
images found and fetched exactly as the spider does: ``nianbao.discover.analyze_page(...).body_images``
per part. Each page is then turned into a document twice with ``nianbao.ingest.to_document``: without
images (what the crawl produced before) and with them, parsed, and scored with
``nianbao.evaluate.value_score`` (share of gold cells whose parsed value equals the truth). OCR cost is
CPU seconds (this process and its tesseract children) per image, against the CPU the same pages' cleaning
took without images in the same run; then each tesseract pass's CPU and the characters it read. Tesseract
is read as the harvest's workers read it, as a library (``--program``: as the program); every tesseract
call is then made again the other way on the same frames, for the cost of both in one run and a check that
both read the same words.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from nianbao.convert import tessapi  # noqa: E402
from nianbao.discover import analyze_page  # noqa: E402
from nianbao.evaluate import value_score  # noqa: E402
from nianbao.ingest import to_document  # noqa: E402
from nianbao.page_images import worth_ocr  # noqa: E402
from nianbao.parse import parse_document  # noqa: E402
from testbed.server import fetch  # noqa: E402


@dataclass
class Page:
    record: dict
    bodies: list[bytes]
    parts: list[str]
    images: list[tuple[str, bytes]] = field(default_factory=list)
    missed: int = 0  # body images whose fetch failed


def _fetch(opener: urllib.request.OpenerDirector, url: str) -> bytes | None:
    fetched = fetch(opener, url)
    return fetched[0] if fetched else None


def fetch_pages(counties: int, seed: int, limit: int) -> tuple[list[Page], dict[str, int]]:
    from testbed.server import start_testbed

    handle = start_testbed(counties=counties, seed=seed, attachment_types=("xls", "docx", "pdf"))
    try:
        opener, truth, pages = handle.opener(), handle.truth(), []
        skipped = {
            "anti-bot or JS-only (browser)": 0,
            "page says 详见附件 (values in its file)": 0,
            "fetch failed": 0,
        }
        with_files = {r["report_url"] for r in truth if r.get("report_url") and r.get("gold_values")}
        for record in truth:
            if (
                record.get("role") != "report"
                or record.get("shape") != "image"
                or not record.get("gold_values")
            ):
                continue
            if record.get("antibot") or record.get("family") == "jsportal":
                skipped["anti-bot or JS-only (browser)"] += 1
                continue
            if _values_only_in_file(record, with_files):
                skipped["page says 详见附件 (values in its file)"] += 1
                continue
            page = _fetch_page(opener, record)
            if page is None:
                skipped["fetch failed"] += 1
                continue
            pages.append(page)
            if limit and len(pages) >= limit:
                break
        return pages, skipped
    finally:
        handle.stop()


def _values_only_in_file(record: dict, with_files: set[str]) -> bool:
    """A page whose body only points at its attachment (as ``benchmarks/parse_testbed.py`` skips them)."""
    linked = record["url"] in with_files or record.get("duplicate_of") in with_files
    return linked and len(record.get("gold_text") or "") < 200


def _fetch_page(opener: urllib.request.OpenerDirector, record: dict) -> Page | None:
    """The page's parts, then its body images as the spider finds them (``analyze_page`` per part)."""
    parts = record.get("pages") or [record["url"]]
    bodies = [_fetch(opener, url) for url in parts]
    if any(b is None for b in bodies):
        return None
    page = Page(record, [b for b in bodies if b is not None], list(parts))
    wanted = [
        i.url
        for url, body in zip(parts, page.bodies, strict=True)
        for i in analyze_page(body, url).body_images
    ]
    for url in dict.fromkeys(wanted):
        data = _fetch(opener, url)
        if data is None:
            page.missed += 1
        else:
            page.images.append((url, data))
    return page


class TesseractPasses:
    """Wraps ``nianbao.convert.tesseract._read_frames``: the CPU of every tesseract call and the characters
    it read, by pass (model and page mode: eng/7 numbers, chi_sim/7 labels, chi_sim/6 text outside tables).
    CPU is the calling thread's (the library) plus that of the programs waited for meanwhile. Each call's
    frames are kept so that ``replay`` can read them again the other way."""

    def __init__(self) -> None:
        from nianbao.convert import tesseract

        self.module, self.read_frames = tesseract, tesseract._read_frames
        self.passes: dict[str, list[float]] = {}  # pass -> [runs, CPU s, characters]
        self.calls: list[tuple[tuple[Any, ...], list[list[Any]]]] = []
        tesseract._read_frames = self._read  # type: ignore[assignment]

    def _read(self, frames: list[Any], timeout: float, lang: str, psm: int, whitelist: str | None) -> Any:
        before = _thread_and_children_cpu()
        found = self.read_frames(frames, timeout, lang, psm, whitelist)
        cpu = _thread_and_children_cpu() - before
        tally = self.passes.setdefault(f"{lang}/psm {psm}", [0, 0.0, 0])
        tally[0], tally[1] = tally[0] + 1, tally[1] + cpu
        tally[2] += sum(len(w.text) for words in found for w in words)
        self.calls.append(((list(frames), timeout, lang, psm, whitelist), found))
        return found

    def print(self, images: int, how: str) -> None:
        for name, (runs, cpu, chars) in sorted(self.passes.items()):
            print(
                f"  tesseract {name:12} ({how}): {int(runs)} calls, {cpu:.1f} CPU s ({cpu / max(1, images):.2f} "
                f"per image), {int(chars)} characters read, {1000 * cpu / max(1, chars):.2f} ms per character"
            )

    def replay(self, images: int, library: bool) -> None:
        """Every recorded call read again with the library on or off; its cost, and whether each call's
        words came out the same."""
        from nianbao.convert import tessapi

        tessapi.use_library(library)
        calls, self.calls, self.passes = self.calls, [], {}
        differ = sum(self._read(*args) != found for args, found in calls)
        self.print(images, "library" if library else "program")
        print(f"  calls whose words differ from the first reading: {differ} of {len(calls)}")


def _thread_and_children_cpu() -> float:
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.thread_time() + children.ru_utime + children.ru_stime


def _cpu() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _score(page: Page, images: list[tuple[str, bytes]] | None) -> tuple[int, int, float, float]:
    """(correct, expected, CPU seconds, wall seconds) of one page made into a document and parsed."""
    cpu, wall = _cpu(), time.perf_counter()
    doc = to_document(page.bodies, page.record["url"], images=images, part_urls=page.parts)
    cpu, wall = _cpu() - cpu, time.perf_counter() - wall
    parsed = [
        {"table": v.table, "row": v.row, "col": v.col, "value": v.value} for v in parse_document(doc).values
    ]
    result = value_score(page.record["gold_values"], parsed, where=page.record["url"])
    return result.correct, result.expected, cpu, wall


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--counties", type=int, default=40)
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--limit", type=int, default=0, help="stop after this many pages (0: all)")
    parser.add_argument(
        "--program",
        action="store_true",
        help="read with the tesseract program, not the library (the harvest's workers use the library); "
        "the same frames are then read the other way too",
    )
    args = parser.parse_args(argv)
    tessapi.use_library(not args.program)
    pages, skipped = fetch_pages(args.counties, args.seed, args.limit)
    images = [data for page in pages for _, data in page.images]
    print(
        f"{len(pages)} image-table pages, {len(images)} body images fetched, "
        f"{sum(p.missed for p in pages)} not fetched; skipped: {skipped}"
    )
    gate_start = time.perf_counter()
    verdicts = [worth_ocr(data) for data in images]
    gate = time.perf_counter() - gate_start
    print(
        f"worth-OCR test: {sum(v.ok for v in verdicts)}/{len(verdicts)} passed, "
        f"{1000 * gate / max(1, len(images)):.1f} ms per image"
    )
    before, after = [0, 0], [0, 0]
    base_cpu = ocr_cpu = ocr_wall = 0.0
    passes = TesseractPasses()
    for page in pages:
        correct, expected, cpu, _ = _score(page, None)
        before[0], before[1], base_cpu = before[0] + correct, before[1] + expected, base_cpu + cpu
        correct, expected, cpu, wall = _score(page, page.images)
        after[0], after[1], ocr_cpu, ocr_wall = (
            after[0] + correct,
            after[1] + expected,
            ocr_cpu + cpu,
            ocr_wall + wall,
        )
        print(
            f"  {page.record['family']:8} {page.record['template']:7} {len(page.images)} image(s) "
            f"{correct}/{expected}"
        )
    n = max(1, len(images))
    print(
        f"value accuracy, shape image: without images {before[0] / max(1, before[1]):.3f} "
        f"({before[0]}/{before[1]}), with OCR {after[0] / max(1, after[1]):.3f} ({after[0]}/{after[1]})"
    )
    print(
        f"OCR cost: {ocr_cpu / n:.2f} CPU s and {ocr_wall / n:.2f} wall s per image "
        f"({ocr_cpu / max(1e-9, base_cpu):.0f}x the CPU of cleaning the same pages without images, "
        f"{base_cpu / max(1, len(pages)) * 1000:.0f} ms per page)"
    )
    passes.print(n, "program" if args.program else "library")
    print("the same frames read the other way:")
    passes.replay(n, library=args.program)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
