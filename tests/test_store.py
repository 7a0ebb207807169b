"""The SQLite store: schema, migrations, idempotent results, dedup lookups, full-text search."""

from __future__ import annotations

from pathlib import Path

import pytest

from nianbao import store as store_module
from nianbao.errors import NianbaoError
from nianbao.store import Capture, CheckResult, DocumentRecord, StatValue, Store


def test_schema_created_in_wal_mode(tmp_path: Path) -> None:
    store = Store(tmp_path / "n.db")
    assert store.version == len(store_module.MIGRATIONS)
    assert {"captures", "documents", "stats", "checks", "schema_version"} <= set(store.db.table_names())
    mode = store.db.execute("pragma journal_mode").fetchone()[0]
    assert mode == "wal"


def test_reopen_does_not_migrate_twice(tmp_path: Path) -> None:
    Store(tmp_path / "n.db").close()
    store = Store(tmp_path / "n.db")
    assert store.db.execute("select count(*) from schema_version").fetchone()[0] == len(
        store_module.MIGRATIONS
    )


def test_new_migration_is_applied_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    Store(tmp_path / "n.db").close()
    calls: list[int] = []

    def v2(db: object) -> None:
        calls.append(1)

    expected = len(store_module.MIGRATIONS) + 1
    monkeypatch.setattr(store_module, "MIGRATIONS", [*store_module.MIGRATIONS, v2])
    assert Store(tmp_path / "n.db").version == expected
    assert Store(tmp_path / "n.db").version == expected
    assert calls == [1]


def test_results_replace_on_reparse(tmp_path: Path) -> None:
    store = Store(tmp_path / "n.db")
    doc_id = store.upsert_document(DocumentRecord("http://x.test/a.html", title="t", year=2017))
    assert store.upsert_document(DocumentRecord("http://x.test/a.html", title="t2", year=2017)) == doc_id
    for _ in range(2):
        store.replace_results(
            doc_id, [StatValue("statistics", "s1_total", "", value=5)], [CheckResult("r", False, "d")]
        )
    assert store.stats(doc_id) == [StatValue("statistics", "s1_total", "", value=5.0)]
    assert store.checks(doc_id) == [CheckResult("r", False, "d")]
    assert store.document("http://x.test/a.html")["title"] == "t2"


def test_dedup_lookups(tmp_path: Path) -> None:
    store = Store(tmp_path / "n.db")
    store.add_capture(Capture("http://x.test/", 200, payload_digest="sha1:A", record_id="<urn:uuid:1>"))
    store.add_capture(Capture("http://x.test/", 200, payload_digest="sha1:A", record_type="revisit"))
    assert store.find_original("http://x.test/", "sha1:A").record_id == "<urn:uuid:1>"
    assert store.find_original("http://x.test/", "sha1:B") is None
    assert store.latest_capture("http://x.test/").record_type == "revisit"


def test_full_text_search_finds_chinese_substrings(tmp_path: Path) -> None:
    store = Store(tmp_path / "n.db")
    store.upsert_document(
        DocumentRecord("u1", title="乌审旗2017年政府信息公开工作年度报告", text="主动公开政府信息8720条")
    )
    store.upsert_document(DocumentRecord("u2", title="法治政府建设年度报告", text="法治"))
    assert [r["url"] for r in store.search("主动公开")] == ["u1"]


def test_the_search_index_follows_title_and_text_updates_and_only_those(tmp_path: Path) -> None:
    store = Store(tmp_path / "n.db")
    store.upsert_document(DocumentRecord("u1", title="乌审旗年度报告", text="主动公开政府信息"))
    store.upsert_document(DocumentRecord("u1", title="乌审旗年度报告", text="依申请公开政府信息"))
    assert [r["url"] for r in store.search("依申请")] == ["u1"] and store.search("主动公开") == []
    trigger = store.db.execute("select sql from sqlite_master where name = 'documents_au'").fetchone()[0]
    assert 'update of "title", "text"' in trigger.lower()  # mark_seen (updated_at only) leaves it alone
    store.mark_seen("u1")
    assert [r["url"] for r in store.search("依申请")] == ["u1"]


def test_unopenable_store_is_one_line_error(tmp_path: Path) -> None:
    bad = tmp_path / "file"
    bad.write_text("x")
    with pytest.raises(NianbaoError, match="cannot open store"):
        Store(bad / "n.db")


def test_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "n.db"
    path.write_bytes(b"garbage" * 1000)
    with pytest.raises(NianbaoError):
        Store(path)
