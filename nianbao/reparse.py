"""``nianbao reparse``: clean, classify and parse every archived document again, from the WARC files with
no network, write what changed to the store and report it.

The parent reads the store: one ``ReparseJob`` per document says where the records of its parts lie. Worker
processes (``reparse_one``) read those records, clean, classify and parse, and return the rows a crawl
would have written (``nianbao.records``). The parent compares them with the store and writes the changed
documents in batches, one transaction each; unchanged documents are not touched, so a second run reports
and writes nothing. A document whose records cannot be read is reported and left as it was.
"""

from __future__ import annotations

import functools
import hashlib
import multiprocessing
import os
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nianbao.archived import ArchivedReadError, PartSource, locate, read_payload
from nianbao.document import CleanedDocument
from nianbao.paths import ArchivePaths
from nianbao.records import (
    check_results,
    classify_candidate,
    document_record,
    inherit_page_metadata,
    shallow_dict,
    stat_values,
)
from nianbao.reparse_diff import ReparseReport, compare, document_parts
from nianbao.store import CheckResult, DocumentRecord, StatValue, Store

CHUNK = 2000  # documents handed to the pool at a time (bounds the parent's memory)
WRITE_BATCH = 200  # results compared and written per transaction


@dataclass
class ReparseOptions:
    archive: Path
    warc_dir: Path | None = None  # default ARCHIVE/warc
    db: Path | None = None  # default ARCHIVE/nianbao.db
    workers: int = 2
    show: int = 20  # differences kept in the report
    dry_run: bool = False


@dataclass
class ReparseJob:
    """One document to re-derive: where its parts lie and what the crawl knew besides their bytes."""

    doc_id: int
    url: str
    sources: list[PartSource]
    archive_root: str
    adcode: str = ""
    listing_title: str = ""
    listing_date: str = ""
    page_url: str = ""
    page_title: str = ""  # the linking page's title (attachments)
    write_text: bool = True  # off for a dry run
    db_path: str = ""  # where a page's body images (tables published as pictures) are looked up
    warc_dir: str = ""


@dataclass
class Outcome:
    doc_id: int
    url: str
    record: DocumentRecord | None = None
    stats: list[StatValue] = field(default_factory=list)
    checks: list[CheckResult] = field(default_factory=list)
    error: str = ""


@dataclass
class _Candidate:
    """The attributes ``document_record`` reads (as a ``ReportItem`` has them after the pipelines)."""

    url: str
    document: CleanedDocument | None
    parts: list[str]
    adcode: str = ""
    listing_title: str = ""
    listing_date: str = ""
    page_url: str = ""
    parsed: Any = None
    is_report: bool = False
    year: int | None = None
    text_path: str = ""
    text_sha256: str = ""


def reparse_one(job: ReparseJob) -> Outcome:
    """Read, clean, classify and parse one document; any failure becomes ``Outcome.error`` (one line)."""
    try:
        return _reparse(job)
    except ArchivedReadError as exc:
        return Outcome(job.doc_id, job.url, error=str(exc))
    except Exception as exc:  # a cleaner/parser bug must not stop the other 9,999 documents
        return Outcome(job.doc_id, job.url, error=f"{type(exc).__name__}: {exc}")


def _reparse(job: ReparseJob) -> Outcome:
    from nianbao.ingest import as_pages, to_document
    from nianbao.parse import parse_document

    payloads = [read_payload(source) for source in job.sources]
    bodies, part_urls = [p.body for p in payloads], [s.url for s in job.sources]
    pages, bases = as_pages(bodies, job.url, part_urls)  # a JS portal's data answer: the page it fills
    page_urls = [b or job.url for b in bases]
    images = archived_body_images(job, pages, page_urls)
    doc = to_document(pages, url=job.url, headers=payloads[0].headers, images=images, part_urls=page_urls)
    if job.page_url:
        inherit_page_metadata(
            doc, {"title": job.page_title or job.listing_title, "published": job.listing_date}
        )
    verdict = classify_candidate(doc, job.listing_title)
    item = _Candidate(job.url, doc, [s.url for s in job.sources], job.adcode, job.listing_title)
    item.listing_date, item.page_url = job.listing_date, job.page_url
    item.is_report, item.year = verdict.is_report, verdict.year
    if item.is_report:
        _save_text(item, ArchivePaths(Path(job.archive_root)), job.write_text)
        item.parsed = parse_document(doc)
    parsed = shallow_dict(item.parsed) if item.parsed is not None else {}
    return Outcome(job.doc_id, job.url, document_record(item), stat_values(parsed), check_results(parsed))


def _save_text(item: _Candidate, paths: ArchivePaths, write: bool) -> None:
    """As the text pipeline does, but the file is only rewritten when its content differs."""
    assert item.document is not None
    text = item.document.to_text()
    path = paths.text_path(item.url, item.adcode, item.year)
    item.text_path, item.text_sha256 = str(path), hashlib.sha256(text.encode("utf-8")).hexdigest()
    if not write or path.is_file() and path.read_text(encoding="utf-8") == text:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def archived_body_images(
    job: ReparseJob, bodies: list[bytes], part_urls: list[str]
) -> list[tuple[str, bytes]] | None:
    """The page's body images as the crawl fetched them, read back from the WARCs (None: the page has
    none, or the job does not say where to look); an image never archived is left out."""
    from nianbao.image_splice import body_image_urls

    urls = body_image_urls(bodies, part_urls) if job.db_path else []
    if not urls:
        return None
    store = _worker_store(job.db_path)
    images = []
    for url in urls:
        try:
            images.append((url, read_payload(locate(store, Path(job.warc_dir), url)).body))
        except ArchivedReadError:
            continue
    return images


@functools.cache
def _worker_store(db_path: str) -> Store:
    """One read connection per worker process (SQLite in WAL mode: readers do not block the writer)."""
    return Store(Path(db_path))


def build_job(
    store: Store, paths: ArchivePaths, warc_dir: Path, row: dict[str, Any], write_text: bool = True
) -> ReparseJob:
    """The job of a ``documents`` row; ``ArchivedReadError`` if a part has no usable capture."""
    sources = [locate(store, warc_dir, url) for url in document_parts(row)]
    page_url = row.get("page_url") or ""
    linking = store.document(page_url) if page_url else None
    return ReparseJob(
        doc_id=row["id"],
        url=row["url"],
        sources=sources,
        archive_root=str(paths.root),
        adcode=row.get("adcode") or "",
        listing_title=row.get("listing_title") or "",
        listing_date=row.get("listing_date") or "",
        page_url=page_url,
        page_title=(linking or {}).get("title") or "",
        write_text=write_text,
        db_path=str(store.path),
        warc_dir=str(warc_dir),
    )


def reparse_archive(options: ReparseOptions) -> ReparseReport:
    """Re-derive every document of the archive; returns what changed (written unless ``dry_run``)."""
    paths = ArchivePaths(options.archive)
    store = Store(options.db or paths.db)
    report = ReparseReport(workers=max(1, options.workers), show=options.show, dry_run=options.dry_run)
    started = time.perf_counter()
    try:
        with _Runner(report.workers) as run:
            for ids in _chunks(store.document_ids(), CHUNK):
                jobs = _jobs(store, paths, options.warc_dir or paths.warc, ids, report)
                for batch in _batched(run(jobs), WRITE_BATCH):
                    _settle(store, batch, report, paths)
    finally:
        store.close()
    report.seconds = time.perf_counter() - started
    return report


def _jobs(
    store: Store, paths: ArchivePaths, warc_dir: Path, ids: Sequence[int], report: ReparseReport
) -> list[ReparseJob]:
    jobs = []
    for row in store.documents_by_id(ids):
        report.documents += 1
        try:
            jobs.append(build_job(store, paths, warc_dir, row, not report.dry_run))
        except ArchivedReadError as exc:
            report.fail(row["id"], row["url"], str(exc))
    return jobs


def _settle(store: Store, batch: Sequence[Outcome], report: ReparseReport, paths: ArchivePaths) -> None:
    """Compare a batch of outcomes with the store and write the changed ones in one transaction."""
    ok = [o for o in batch if not o.error and o.record is not None]
    for failed in (o for o in batch if o.error or o.record is None):
        report.fail(failed.doc_id, failed.url, failed.error or "no result")
    rows = {row["id"]: row for row in store.documents_by_id([o.doc_id for o in ok])}
    old = store.results_of([o.doc_id for o in ok])
    changed: list[tuple[DocumentRecord, Sequence[StatValue], Sequence[CheckResult]]] = []
    forget: list[tuple[int, DocumentRecord]] = []
    for outcome in ok:
        assert outcome.record is not None
        _adopt_file_values(store, outcome)
        difference = compare(
            rows[outcome.doc_id], *old[outcome.doc_id], outcome.record, outcome.stats, outcome.checks
        )
        report.count(outcome.doc_id, difference)
        if difference is not None:
            changed.append((outcome.record, outcome.stats, outcome.checks))
            forget.append((outcome.doc_id, outcome.record))
    if changed and not report.dry_run:
        store.save_results(changed)
        for row_id, record in forget:
            _forget_old_text(rows[row_id], record, paths)


def _adopt_file_values(store: Store, outcome: Outcome) -> None:
    """As in the crawl's store: a report page with no table values of its own (详见附件) takes those of
    the report file it links, template included (the file's stored values)."""
    assert outcome.record is not None
    if not outcome.record.is_report or any(v.source == "table" for v in outcome.stats):
        return
    file_id = store.file_with_values(outcome.url)
    if file_id is None:
        return
    outcome.record.template = store.documents_by_id([file_id])[0].get("template") or ""
    outcome.stats, outcome.checks = store.stats(file_id), store.checks(file_id)


def _forget_old_text(row: dict[str, Any], record: DocumentRecord, paths: ArchivePaths) -> None:
    """A text file that moved (the year changed) or is no longer a report's goes, if it is ours."""
    old = Path(row.get("text_path") or "")
    if not row.get("text_path") or str(old) == record.text_path:
        return
    if old.resolve().is_relative_to(paths.text.resolve()) and old.is_file():
        old.unlink()


def _chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _batched(items: Iterator[Outcome], size: int) -> Iterator[list[Outcome]]:
    batch: list[Outcome] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


class _Runner:
    """Runs ``reparse_one`` over jobs: in this process for one worker, else in a fork pool."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.pool: Any = None

    def __enter__(self) -> _Runner:
        if self.workers > 1:
            import nianbao.clean  # noqa: F401 - loaded once here, shared by the forked workers
            import nianbao.parse  # noqa: F401

            methods = multiprocessing.get_all_start_methods()
            context = multiprocessing.get_context("fork" if "fork" in methods else None)
            self.pool = context.Pool(self.workers)
        return self

    def __call__(self, jobs: list[ReparseJob]) -> Iterator[Outcome]:
        if self.pool is None:
            return map(reparse_one, jobs)
        chunksize = max(1, min(16, len(jobs) // (self.workers * 8)))
        return self.pool.imap_unordered(reparse_one, jobs, chunksize=chunksize)

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        if self.pool is not None:
            if kind is None:
                self.pool.close()
            else:
                self.pool.terminate()
            self.pool.join()
