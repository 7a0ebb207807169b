"""``nianbao export`` round-trips the store: JSONL documents, long-form stats, one wide CSV per template."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from reparse_fixtures import ISSUERS, ArchiveBuilder, page_html, report_page

from nianbao.cli import main
from nianbao.export import META_COLUMNS, cell_key, stat_value
from nianbao.schema import entry, value_cells
from nianbao.store import Store
from testbed.content import make_distractor, make_report

BASE = "http://www.example.gov.cn/ndbg"
REPORTS = [(seed, ISSUERS[seed % 3], year) for seed, year in enumerate((2012, 2015, 2016, 2019, 2020, 2022))]


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("export")
    builder = ArchiveBuilder(root)
    for seed, issuer, year in REPORTS:
        url = f"{BASE}/{seed}.html"
        builder.response(url, report_page(make_report(seed, issuer, year)).encode())
        builder.document(url, adcode=issuer.adcode)
    guide = make_distractor(9, ISSUERS[0], "guide", 2020)
    builder.response(f"{BASE}/guide.html", page_html(guide.title, "<p>一、主动公开</p>").encode())
    builder.document(f"{BASE}/guide.html", adcode="150626")
    builder.close()
    assert main(["reparse", "--archive", str(root), "--workers", "1"]) == 0
    return root


def _export(root: Path, out: Path, *extra: str) -> Path:
    assert main(["export", "--archive", str(root), "--out", str(out), *extra]) == 0
    return out


def _csv(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as stream:
        return list(csv.reader(stream))


def _stored(root: Path) -> tuple[Store, list[dict]]:  # type: ignore[type-arg]
    store = Store(root / "nianbao.db")
    return store, list(store.documents("is_report"))


def test_documents_jsonl_has_every_report_with_text_and_checks(archive: Path, tmp_path: Path) -> None:
    out = _export(archive, tmp_path / "out")
    store, reports = _stored(archive)
    lines = (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()
    docs = [json.loads(line) for line in lines]
    assert [d["url"] for d in docs] == [r["url"] for r in reports] and len(docs) == len(REPORTS)
    for doc, row in zip(docs, reports, strict=True):
        assert doc["text"] == row["text"] and doc["text"].startswith(doc["title"])
        assert (doc["year"], doc["template"], doc["issuer"]) == (row["year"], row["template"], row["issuer"])
        checks = store.checks(row["id"])
        assert doc["checks"]["total"] == len(checks)
        assert doc["checks"]["failed_rules"] == [c.rule for c in checks if not c.ok]
    assert {d["template"] for d in docs} == {"narrative", "old2014", "v2019", "v2021"}


def test_stats_long_form_counts_and_values_equal_the_store(archive: Path, tmp_path: Path) -> None:
    store, reports = _stored(archive)
    stored = [(r["url"], s) for r in reports for s in store.stats(r["id"])]
    jsonl = _export(archive, tmp_path / "j") / "stats.jsonl"
    rows = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == len(stored) > 500
    for row, (url, stat) in zip(rows, stored, strict=True):
        assert (row["url"], row["table"], row["row"], row["col"]) == (url, stat.table, stat.row, stat.col)
        assert row["value"] == (stat.value if stat.value is not None else (stat.value_text or None))
    table = _csv(_export(archive, tmp_path / "c", "--format", "csv") / "stats.csv")
    assert table[0] == ["url", "table", "row", "col", "label", "unit", "value", "source", "evidence"]
    assert len(table) - 1 == len(stored)
    assert [r[6] for r in table[1:]] == ["" if r["value"] is None else str(r["value"]) for r in rows]


@pytest.mark.parametrize("template", ["old2014", "v2019", "v2021"])
def test_wide_csv_has_every_value_cell_and_the_store_values(
    archive: Path, tmp_path: Path, template: str
) -> None:
    out = _export(archive, tmp_path / "w")
    table = _csv(out / f"wide_{template}.csv")
    cells = value_cells(template)
    assert table[0] == [*META_COLUMNS, *(cell_key(c) for c in cells)]
    store, reports = _stored(archive)
    mine = [r for r in reports if r["template"] == template]
    assert [row[0] for row in table[1:]] == [r["url"] for r in mine] and mine
    for line, report in zip(table[1:], mine, strict=True):
        values = {(s.table, s.row, s.col): s for s in store.stats(report["id"]) if s.source == "table"}
        for cell, text in zip(cells, line[len(META_COLUMNS) :], strict=True):
            stat = values.get(cell)
            value = stat_value({"value": stat.value, "value_text": stat.value_text}) if stat else None
            assert text == ("" if value is None else str(value)), cell
    labels = _csv(out / f"wide_{template}.labels.csv")
    assert [row[0] for row in labels[1:]] == [cell_key(c) for c in cells]
    table_name, row_key, _ = cells[0]
    assert labels[1][4] == entry(template, table_name, row_key).label


def test_narrative_wide_and_excel_bom_and_all_candidates(archive: Path, tmp_path: Path) -> None:
    out = _export(archive, tmp_path / "x", "--format", "csv", "--excel", "--all")
    assert (out / "stats.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert not (out / "documents.jsonl").read_bytes().startswith(b"\xef\xbb\xbf")
    narrative = _csv(out / "wide_narrative.csv")
    assert len(narrative) == 2 and any(k.startswith("narrative/") for k in narrative[0])
    docs = _csv(out / "documents.csv")
    assert len(docs) - 1 == len(REPORTS) + 1  # the guide page too, with --all
    assert any(row[docs[0].index("is_report")] == "0" for row in docs[1:])


def test_no_store_is_a_one_line_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--archive", str(tmp_path)]) == 1
    assert "no store there" in capsys.readouterr().err
