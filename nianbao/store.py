"""The SQLite store (``archive/nianbao.db``): the only module that writes SQL.

Tables: ``captures`` (every fetched URL and where its record lies in which WARC file; also the dedup
index), ``documents`` (one per report or candidate page), ``stats`` (table values, long form), ``checks``
(consistency findings), and an FTS5 index over document titles and texts. WAL mode; the schema is created
and migrated in code, its version kept in ``schema_version``.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from nianbao.errors import NianbaoError


@dataclass
class Capture:
    """One fetched URL as archived (a response, revisit or resource record)."""

    url: str
    status: int
    content_type: str = ""
    warc_file: str = ""
    offset: int = 0
    length: int = 0
    payload_digest: str = ""
    record_id: str = ""
    record_type: str = "response"
    fetched_at: str = ""
    via_browser: bool = False
    etag: str = ""
    last_modified: str = ""


@dataclass
class DocumentRecord:
    """One report (or candidate page) with its metadata and cleaned text."""

    url: str
    title: str = ""
    issuer: str = ""
    adcode: str = ""
    level: str = ""
    year: int | None = None
    published: str = ""
    template: str = ""
    text_path: str = ""
    text_sha256: str = ""
    host: str = ""
    page_url: str = ""  # the page that links an attachment report
    is_report: bool = True
    text: str = ""
    updated_at: str = field(default="")
    parts: list[str] = field(default_factory=list)  # page URLs joined into this document (TRS ``_1.html``…)
    listing_title: str = ""  # anchor text in the column listing (classification fallback on reparse)
    listing_date: str = ""


@dataclass
class StatValue:
    table: str
    row: str
    col: str
    label: str = ""
    unit: str = ""
    value: float | None = None
    value_text: str = ""
    source: str = "table"
    evidence: str = ""

    def as_value(self) -> int | float | str | None:
        return stored_value(self.value, self.value_text)


def stored_value(value: float | None, value_text: str | None) -> int | float | str | None:
    """A stored statistic as printed: an integral number as an int, a text cell as its text, a blank as None."""
    if value is None:
        return value_text or None
    return int(value) if float(value).is_integer() else value


@dataclass
class CheckResult:
    rule: str
    ok: bool
    detail: str = ""


_STAT_NAMES = [f.name for f in fields(StatValue)]
_STAT_COLUMNS = ", ".join(f'"{name}"' for name in _STAT_NAMES)  # quoted: "table" is an SQL keyword
_STAT_INSERT = f"insert into stats (document_id, {_STAT_COLUMNS}) values (?{', ?' * len(_STAT_NAMES)})"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _v1(db: sqlite_utils.Database) -> None:
    db.table("captures").create(
        {**{k: type(v) for k, v in asdict(Capture("", 0)).items()}, "id": int},
        pk="id",
    )
    db.table("captures").create_index(["url", "payload_digest"])
    db.table("captures").create_index(["warc_file"])
    doc_types = {k: type(v) for k, v in asdict(DocumentRecord("")).items()}
    doc_types["year"] = int
    db.table("documents").create({**doc_types, "id": int}, pk="id")
    db.table("documents").create_index(["url"], unique=True)
    db.table("documents").enable_fts(["title", "text"], create_triggers=True, tokenize="trigram")
    stat_types = {k: type(v) for k, v in asdict(StatValue("", "", "")).items()}
    stat_types["value"] = float
    db.table("stats").create(
        {"document_id": int, **stat_types}, foreign_keys=[("document_id", "documents", "id")]
    )
    db.table("stats").create_index(["document_id"])
    db.table("checks").create(
        {"document_id": int, "rule": str, "ok": bool, "detail": str},
        foreign_keys=[("document_id", "documents", "id")],
    )
    db.table("checks").create_index(["document_id"])


def _v2(db: sqlite_utils.Database) -> None:
    """documents.parts (JSON list of part URLs), listing_title, listing_date: what reparse needs.

    ``_v1`` builds its columns from ``DocumentRecord``, so a store created after these fields were added
    already has them; only missing ones are added.
    """
    present = db.table("documents").columns_dict
    for name in ("parts", "listing_title", "listing_date"):
        if name not in present:
            db.table("documents").add_column(name, str)


def _v3(db: sqlite_utils.Database) -> None:
    """An index on documents.page_url: the page/file join looks a page's files up by it for every report
    page without table values, in the crawl and in reparse (a full scan each time without it)."""
    db.table("documents").create_index(["page_url"], if_not_exists=True)


def _v4(db: sqlite_utils.Database) -> None:
    """The search index follows updates of a document's title or text only. sqlite-utils' trigger
    re-indexed the whole text on any update, such as ``mark_seen`` on every report a cron run keeps."""
    db.execute("drop trigger if exists documents_au")
    db.execute(
        'create trigger documents_au after update of "title", "text" on documents begin '
        "insert into documents_fts (documents_fts, rowid, title, text) "
        "values('delete', old.rowid, old.title, old.text); "
        "insert into documents_fts (rowid, title, text) values (new.rowid, new.title, new.text); end"
    )


MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [_v1, _v2, _v3, _v4]
"""Migration N (1-based) brings the schema from version N-1 to N. Append, never edit."""


class Store:
    """The archive's database. Open with ``Store(path)``; the schema is migrated on open."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite_utils.Database(sqlite3.connect(str(self.path), timeout=30))
            self.db.enable_wal()
            self.migrate()
        except (OSError, sqlite3.DatabaseError) as exc:
            raise NianbaoError(f"cannot open store {self.path}: {exc}") from exc

    @property
    def version(self) -> int:
        if "schema_version" not in self.db.table_names():
            return 0
        row = self.db.execute("select max(version) from schema_version").fetchone()
        return int(row[0] or 0)

    def migrate(self) -> None:
        """Apply every migration past the current version, each in one transaction."""
        if "schema_version" not in self.db.table_names():
            self.db.table("schema_version").create({"version": int, "applied_at": str}, pk="version")
        for number, migration in enumerate(MIGRATIONS, start=1):
            if number > self.version:
                with self.db.conn:
                    migration(self.db)
                    self.db.table("schema_version").insert({"version": number, "applied_at": _now()})

    def close(self) -> None:
        self.db.close()

    def sync_normal(self) -> None:
        """``PRAGMA synchronous=NORMAL`` on this connection: no fsync per commit (WAL keeps the database
        consistent; a process crash loses nothing, a power loss at most the last commits). For writers
        committing per fetched page, e.g. the WARC extension (fsync per capture costs ~4 ms)."""
        self.db.execute("PRAGMA synchronous=NORMAL")

    # captures -------------------------------------------------------------------------------------
    def add_capture(self, capture: Capture) -> int:
        row = dict(vars(capture))  # flat: no deep copy needed
        row["fetched_at"] = row["fetched_at"] or _now()
        with self.db.conn:
            return int(self.db.table("captures").insert(row).last_pk or 0)

    def add_captures(self, captures: Iterable[Capture]) -> None:
        rows = [{**vars(c), "fetched_at": c.fetched_at or _now()} for c in captures]
        with self.db.conn:
            self.db.table("captures").insert_all(rows)

    def find_original(self, url: str, payload_digest: str) -> Capture | None:
        """The earliest full ``response`` record of ``url`` with this payload digest (dedup lookup)."""
        rows = self.db.query(
            "select * from captures where url = ? and payload_digest = ? and record_type = 'response' "
            "order by id limit 1",
            [url, payload_digest],
        )
        return _capture(next(iter(rows), None))

    def latest_capture(self, url: str, any_status: bool = False) -> Capture | None:
        """The most recent 200 response or revisit of ``url`` (for conditional requests); with
        ``any_status``, whatever the status (a rendered page refers to the challenge it was first served)."""
        status = "" if any_status else "and status in (200, 304) "
        rows = self.db.query(
            "select * from captures where url = ? and record_type in ('response', 'revisit') "
            f"{status}order by id desc limit 1",
            [url],
        )
        return _capture(next(iter(rows), None))

    def captures(self, where: str | None = None, params: Iterable[Any] = ()) -> Iterator[Capture]:
        for row in self.db.table("captures").rows_where(where, list(params), order_by="id"):
            yield Capture(**{k: v for k, v in row.items() if k != "id"})

    # documents ------------------------------------------------------------------------------------
    def upsert_document(self, doc: DocumentRecord) -> int:
        """Insert or update the document with this URL; returns its id."""
        with self.db.conn:
            return self._write_document(doc)

    def mark_seen(self, url: str) -> None:
        """A document this run found unchanged and kept as stored: ``updated_at`` says the run confirmed it
        (what "seen in this run" queries, the demo's scoring among them, rely on)."""
        with self.db.conn:
            self.db.execute("update documents set updated_at = ? where url = ?", [_now(), url])

    def document_id(self, url: str) -> int | None:
        row = self.db.execute("select id from documents where url = ?", [url]).fetchone()
        return int(row[0]) if row else None

    def document(self, url: str) -> dict[str, Any] | None:
        return next(iter(self.db.table("documents").rows_where("url = ?", [url])), None)

    def documents(self, where: str | None = None, params: Iterable[Any] = ()) -> Iterator[dict[str, Any]]:
        yield from self.db.table("documents").rows_where(where, list(params), order_by="id")

    def replace_results(
        self, document_id: int, stats: Iterable[StatValue], checks: Iterable[CheckResult]
    ) -> None:
        """Replace a document's stats and checks in one transaction (idempotent re-parse)."""
        with self.db.conn:
            self._write_results(document_id, stats, checks)

    def table_value_count(self, document_id: int) -> int:
        """How many statistics-table values (not narrative figures) a document has."""
        row = self.db.execute(
            "select count(*) from stats where document_id = ? and source = 'table'", [document_id]
        ).fetchone()
        return int(row[0])

    def file_with_values(self, page_url: str) -> int | None:
        """The id of a report file linked from ``page_url`` that has statistics-table values, if any."""
        for attachment in self.documents("page_url = ? and is_report = 1", [page_url]):
            if self.table_value_count(attachment["id"]):
                return int(attachment["id"])
        return None

    def adopt_results(self, page_id: int, file_id: int) -> None:
        """A page that only links its report file takes the file's values, checks and template."""
        template = self.db.execute("select template from documents where id = ?", [file_id]).fetchone()
        with self.db.conn:
            self.db.execute("update documents set template = ? where id = ?", [template[0], page_id])
        self.replace_results(page_id, self.stats(file_id), self.checks(file_id))

    def stats(self, document_id: int) -> list[StatValue]:
        rows = self.db.table("stats").rows_where("document_id = ?", [document_id], order_by="rowid")
        return [StatValue(**{k: v for k, v in r.items() if k != "document_id"}) for r in rows]

    def checks(self, document_id: int) -> list[CheckResult]:
        rows = self.db.table("checks").rows_where("document_id = ?", [document_id], order_by="rowid")
        return [CheckResult(r["rule"], bool(r["ok"]), r["detail"]) for r in rows]

    # reparse and export ---------------------------------------------------------------------------
    def source_capture(self, url: str) -> Capture | None:
        """What ``url`` was last archived as: its latest 200/304 response or revisit, or its rendered DOM
        (a ``conversion`` record ``via_browser``) when that is newer."""
        rows = self.db.query(
            "select * from captures where url = ? and ((record_type in ('response', 'revisit') "
            "and status in (200, 304)) or (record_type = 'conversion' and via_browser)) "
            "order by id desc limit 1",
            [url],
        )
        return _capture(next(iter(rows), None))

    def document_ids(self) -> list[int]:
        return [row[0] for row in self.db.execute("select id from documents order by id")]

    def documents_by_id(self, ids: Sequence[int]) -> list[dict[str, Any]]:
        marks = ",".join("?" * len(ids))
        return list(self.db.query(f"select * from documents where id in ({marks}) order by id", list(ids)))

    def results_of(self, ids: Sequence[int]) -> dict[int, tuple[list[StatValue], list[CheckResult]]]:
        """Stats and checks of several documents in two queries (to compare a re-parse with)."""
        out: dict[int, tuple[list[StatValue], list[CheckResult]]] = {i: ([], []) for i in ids}
        marks = ",".join("?" * len(ids))
        for row in self.db.query(f"select * from stats where document_id in ({marks}) order by rowid", ids):
            out[row.pop("document_id")][0].append(StatValue(**row))
        for row in self.db.query(f"select * from checks where document_id in ({marks}) order by rowid", ids):
            out[row["document_id"]][1].append(CheckResult(row["rule"], bool(row["ok"]), row["detail"]))
        return out

    def save_results(
        self, batch: Sequence[tuple[DocumentRecord, Sequence[StatValue], Sequence[CheckResult]]]
    ) -> None:
        """Upsert documents and replace their stats and checks, the whole batch in ONE transaction."""
        with self.db.conn:
            for doc, stats, checks in batch:
                self._write_results(self._write_document(doc), stats, checks)

    def _write_results(self, doc_id: int, stats: Iterable[StatValue], checks: Iterable[CheckResult]) -> None:
        conn = self.db.conn
        conn.execute("delete from stats where document_id = ?", [doc_id])
        conn.execute("delete from checks where document_id = ?", [doc_id])
        conn.executemany(_STAT_INSERT, [(doc_id, *(getattr(s, n) for n in _STAT_NAMES)) for s in stats])
        conn.executemany(
            "insert into checks (document_id, rule, ok, detail) values (?, ?, ?, ?)",
            [(doc_id, c.rule, c.ok, c.detail) for c in checks],
        )

    def _write_document(self, doc: DocumentRecord) -> int:
        row = {**vars(doc), "updated_at": _now(), "parts": json.dumps(doc.parts, ensure_ascii=False)}
        names = ", ".join(f'"{k}"' for k in row)
        existing = self.document_id(doc.url)
        if existing is None:
            sql = f"insert into documents ({names}) values ({', '.join('?' * len(row))})"
            return int(self.db.conn.execute(sql, list(row.values())).lastrowid or 0)
        assignments = ", ".join(f'"{k}" = ?' for k in row)
        self.db.conn.execute(f"update documents set {assignments} where id = ?", [*row.values(), existing])
        return existing

    def stat_rows(self, template: str | None = None, source: str | None = None) -> Iterator[dict[str, Any]]:
        """Every stat of every report with its document's id and URL, by document then print order
        (streamed from a cursor)."""
        where = ["d.is_report"] + ["d.template = ?"] * bool(template) + ["s.source = ?"] * bool(source)
        yield from self.db.query(
            "select d.url, s.* from stats s join documents d on d.id = s.document_id "
            f"where {' and '.join(where)} order by s.document_id, s.rowid",
            [p for p in (template, source) if p],
        )

    def narrative_keys(self, template: str = "narrative") -> list[str]:
        """The narrative figures (``row`` keys) found in reports of ``template``, sorted."""
        rows = self.db.execute(
            "select distinct s.row from stats s join documents d on d.id = s.document_id "
            "where d.is_report and d.template = ? and s.source = 'narrative' order by s.row",
            [template],
        )
        return [row[0] for row in rows]

    def check_summaries(self) -> Iterator[dict[str, Any]]:
        """Per document (by id): total checks, failed checks and the failed rules (space-separated)."""
        yield from self.db.query(
            "select document_id, count(*) as total, sum(not ok) as failed, "
            "group_concat(case when not ok then rule end, ' ') as failed_rules "
            "from checks group by document_id order by document_id"
        )

    def search(self, query: str, limit: int = 20) -> list[dict[str, Any]]:
        """Full-text search over titles and texts (trigram: substrings of 3+ characters)."""
        return list(
            self.db.table("documents").search(query, limit=limit, columns=["id", "url", "title", "year"])
        )

    def counts(self) -> dict[str, int]:
        names = ("captures", "documents", "stats", "checks")
        return {name: self.db[name].count for name in names}


def _capture(row: dict[str, Any] | None) -> Capture | None:
    if row is None:
        return None
    data = {k: v for k, v in row.items() if k != "id"}
    data["via_browser"] = bool(data["via_browser"])
    return Capture(**data)
