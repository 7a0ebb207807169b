"""``nianbao reparse`` over a small archive built with warcio: the store ends as a fresh parse, changes are
reported, a second run changes nothing, failures are reported and leave the document as it was."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from reparse_fixtures import ISSUERS, ArchiveBuilder, page_html, report_page, split_body

import nianbao.parse
from nianbao.archived import decode_content
from nianbao.cli import main
from nianbao.ingest import to_document
from nianbao.parse import parse_document
from nianbao.store import Store
from testbed.content import make_distractor, make_report

BASE = "http://www.example.gov.cn/xxgk/ndbg"


@dataclass
class Case:
    url: str
    bodies: list[bytes]  # the decoded parts, as the spider handed them to the pipelines
    report: object | None  # the testbed report (gold), None for a non-report


def _build(root: Path) -> dict[str, Case]:
    b = ArchiveBuilder(root)
    cases: dict[str, Case] = {}

    r2019 = make_report(1, ISSUERS[0], 2019)
    page = report_page(r2019).encode()
    b.response(f"{BASE}/2019.html", page, encoding="gzip")
    cases["gzip"] = Case(f"{BASE}/2019.html", [page], r2019)

    r2016 = make_report(2, ISSUERS[1], 2016)
    first, second = split_body(r2016)
    parts = [report_page(r2016, body=first).encode(), report_page(r2016, body=second).encode()]
    urls = [f"{BASE}/2016.html", f"{BASE}/2016_1.html"]
    b.response(urls[0], parts[0])
    b.response(urls[1], parts[1], encoding="deflate")
    cases["multipart"] = Case(urls[0], parts, r2016)

    r2022 = make_report(3, ISSUERS[2], 2022)
    page = report_page(r2022).encode()
    original = b.response(f"{BASE}/2022.html", page)
    b.revisit(f"{BASE}/2022.html", original)
    cases["revisit"] = Case(f"{BASE}/2022.html", [page], r2022)

    r2012 = make_report(4, ISSUERS[0], 2012)
    b.response(f"{BASE}/2012.html", b"<html><body><script>location.reload()</script></body></html>")
    dom = report_page(r2012)
    b.rendered(f"{BASE}/2012.html", dom)
    cases["rendered"] = Case(f"{BASE}/2012.html", [dom.encode()], r2012)

    r2017 = make_report(5, ISSUERS[0], 2017)
    page = report_page(r2017).replace('charset="utf-8"', 'charset="gbk"').encode("gb18030")
    b.response(f"{BASE}/2017.html", page, content_type="text/html; charset=GBK")
    cases["gbk"] = Case(f"{BASE}/2017.html", [page], r2017)

    news = make_distractor(6, ISSUERS[0], "news", 2020)
    page = page_html(
        news.title, "".join(f"<p>{line}</p>" for line in news.doc.to_text().splitlines()[1:])
    ).encode()
    b.response(f"{BASE}/news.html", page)
    cases["news"] = Case(f"{BASE}/news.html", [page], None)

    for case in cases.values():
        parts_of = urls if case.url == urls[0] else [case.url]
        b.document(case.url, parts_of, adcode="150626", is_report=False)
    b.document(f"{BASE}/lost.html", adcode="150626", title="丢失的页面")  # no capture at all
    b.close()
    return cases


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Case], dict]:  # type: ignore[type-arg]
    root = tmp_path_factory.mktemp("archive")
    cases = _build(root)
    first = _reparse(root, "--workers", "2")
    return root, cases, first


def _reparse(root: Path, *extra: str) -> dict:  # type: ignore[type-arg]
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["reparse", "--archive", str(root), "--json", *extra]) == 0
    return json.loads(out.getvalue())


def _row(root: Path, url: str) -> dict:  # type: ignore[type-arg]
    row = Store(root / "nianbao.db").document(url)
    assert row is not None, url
    return row


def _fresh(case: Case):  # type: ignore[no-untyped-def]
    return parse_document(to_document(case.bodies, url=case.url, headers={}))


def test_first_reparse_derives_every_document_and_reports_the_lost_one(built) -> None:  # type: ignore[no-untyped-def]
    _, cases, report = built
    assert (report["documents"], report["changed"], report["unchanged"], report["failed"]) == (7, 6, 0, 1)
    assert report["failures"][0]["url"].endswith("/lost.html")
    assert "no 200 response" in report["failures"][0]["error"]
    assert report["by_kind"]["template"] == 5 and report["by_kind"]["values"] == 5  # narrative figures too


@pytest.mark.parametrize("name", ["gzip", "multipart", "revisit", "rendered", "gbk"])
def test_store_matches_a_fresh_parse_and_the_gold(built, name: str) -> None:  # type: ignore[no-untyped-def]
    root, cases, _ = built
    case = cases[name]
    fresh, gold = _fresh(case), case.report
    store = Store(root / "nianbao.db")
    row = store.document(case.url)
    assert row is not None and row["is_report"]
    assert (row["template"], row["year"], row["title"]) == (fresh.template, fresh.year, fresh.title)
    assert (row["template"], row["year"]) == (gold.template, gold.year)
    stored = {
        (s.table, s.row, s.col): s.value if s.value is not None else (s.value_text or None)
        for s in store.stats(row["id"])
        if s.source == "table"
    }
    assert stored == fresh.table_values() == {(g.table, g.row, g.col): g.value for g in gold.values}
    assert [(c.rule, c.ok) for c in store.checks(row["id"])] == [(c.rule, c.ok) for c in fresh.checks]
    text = Path(row["text_path"]).read_text(encoding="utf-8")
    assert hashlib.sha256(text.encode()).hexdigest() == row["text_sha256"]
    assert text == row["text"] and gold.title in text


def test_multipart_document_joins_both_parts(built) -> None:  # type: ignore[no-untyped-def]
    root, cases, _ = built
    row = _row(root, cases["multipart"].url)
    assert json.loads(row["parts"]) == [
        cases["multipart"].url,
        cases["multipart"].url.replace(".html", "_1.html"),
    ]
    one_part = parse_document(to_document(cases["multipart"].bodies[:1], url=row["url"]))
    assert len(one_part.table_values()) < len(_fresh(cases["multipart"]).table_values())


def test_non_report_keeps_no_text_and_no_values(built) -> None:  # type: ignore[no-untyped-def]
    root, cases, _ = built
    store = Store(root / "nianbao.db")
    row = _row(root, cases["news"].url)
    assert not row["is_report"] and row["text"] == "" and row["text_path"] == ""
    assert store.stats(row["id"]) == []


def test_second_run_changes_nothing(built) -> None:  # type: ignore[no-untyped-def]
    root, _, _ = built
    before = [r["updated_at"] for r in Store(root / "nianbao.db").documents()]
    again = _reparse(root, "--workers", "1")
    assert (again["changed"], again["unchanged"], again["failed"], again["by_kind"]) == (0, 6, 1, {})
    assert [r["updated_at"] for r in Store(root / "nianbao.db").documents()] == before


def test_parser_change_is_reported_then_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cases = _build(tmp_path)
    _reparse(tmp_path, "--workers", "1")
    real = nianbao.parse.parse_document

    def shifted(doc):  # type: ignore[no-untyped-def]
        parsed = real(doc)
        for value in parsed.values:
            if value.key == ("t3", "new_received", "total") and isinstance(value.value, int):
                value.value += 1
        if parsed.template == "old2014":
            parsed.year = 1999
        return parsed

    monkeypatch.setattr(nianbao.parse, "parse_document", shifted)
    dry = _reparse(tmp_path, "--workers", "1", "--dry-run")
    assert dry["written"] == 0 and dry["changed"] == 4
    report = _reparse(tmp_path, "--workers", "1")
    assert report["changed"] == 4 and report["by_kind"] == {"values": 2, "year": 2}
    diffs = {d["url"]: d for d in report["differences"]}
    old2019 = diffs[cases["gzip"].url]["values"]["t3/new_received/total"]
    assert old2019[1] == old2019[0] + 1
    assert diffs[cases["multipart"].url]["fields"]["year"] == [2016, 1999]
    assert _row(tmp_path, cases["multipart"].url)["year"] == 1999
    assert _reparse(tmp_path, "--workers", "1")["changed"] == 0


def test_unreadable_warc_is_reported_and_the_document_kept(tmp_path: Path) -> None:
    cases = _build(tmp_path)
    _reparse(tmp_path, "--workers", "1")
    before = Store(tmp_path / "nianbao.db").document(cases["gzip"].url)
    warc = tmp_path / "warc" / "test-00001.warc.gz"
    warc.write_bytes(warc.read_bytes()[:200])  # truncated: every record but the first is gone
    report = _reparse(tmp_path, "--workers", "1")
    assert report["failed"] == 7 and report["changed"] == 0
    assert Store(tmp_path / "nianbao.db").document(cases["gzip"].url) == before


def test_missing_store_is_a_one_line_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["reparse", "--archive", str(tmp_path / "none")]) == 1
    assert "no store there" in capsys.readouterr().err


def test_decode_content() -> None:
    import gzip
    import zlib

    body = "政府信息公开".encode()
    assert decode_content(gzip.compress(body), "gzip") == (body, "")
    assert decode_content(zlib.compress(body)[2:-4], "deflate") == (body, "")  # raw deflate
    assert decode_content(gzip.compress(zlib.compress(body)), "deflate, gzip") == (body, "")
    kept, warning = decode_content(body, "gzip")
    assert kept == body and "cannot undo content-encoding gzip" in warning
    assert "unknown content-encoding" in decode_content(body, "zstd2")[1]


def test_store_from_before_v2_gains_the_columns_and_parts_default_to_the_url(tmp_path: Path) -> None:
    from nianbao.reparse_diff import document_parts

    store = Store(tmp_path / "n.db")
    store.db.execute("insert into documents (url) values ('http://x.test/a.html')")
    for column in ("parts", "listing_title", "listing_date"):
        store.db.execute(f"alter table documents drop column {column}")
    store.db.execute("delete from schema_version where version >= 2")
    store.db.conn.commit()
    store.close()
    reopened = Store(tmp_path / "n.db")
    assert reopened.version >= 2
    row = reopened.document("http://x.test/a.html")
    assert row is not None and row["parts"] is None
    assert document_parts(row) == ["http://x.test/a.html"]
