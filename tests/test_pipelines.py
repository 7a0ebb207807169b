"""Pipelines one job at a time, without a crawl: attribution to the issuing county, change detection."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from crawler.items import Portal, ReportItem
from nianbao.document import CleanedDocument, Metadata
from nianbao.parse.model import ParsedReport, Value
from nianbao.registry import RegistryEntry, with_prefecture_portals
from nianbao.store import DocumentRecord
from pipelines.attribute import AttributePipeline
from pipelines.store import StorePipeline, change_of

REGISTRY = [
    RegistryEntry(
        "152200",
        "",
        "http://www.xam.gov.cn/",
        level="prefecture",
        province="内蒙古自治区",
        prefecture="兴安盟",
    ),
    RegistryEntry(
        "152202", "阿尔山市", "http://www.aes.gov.cn/", province="内蒙古自治区", prefecture="兴安盟"
    ),
    RegistryEntry("152224", "突泉县", "http://www.tq.gov.cn/", province="内蒙古自治区", prefecture="兴安盟"),
]


def _item(portal: Portal, source: str) -> ReportItem:
    doc = CleanedDocument(f"{source}2017年政府信息公开工作年度报告", metadata=Metadata(source=source))
    return ReportItem("http://www.xam.gov.cn/a.html", [b""], portal=portal, document=doc, is_report=True)


def test_a_report_on_the_prefecture_site_goes_to_its_county() -> None:
    prefecture = Portal("152200", "", "兴安盟", "内蒙古自治区", "http://www.xam.gov.cn/", level="prefecture")
    item = AttributePipeline(REGISTRY).process_item(_item(prefecture, "阿尔山市人民政府"))
    assert item.portal is not None and (item.portal.adcode, item.portal.county) == ("152202", "阿尔山市")


def test_a_prefecture_report_stays_with_the_prefecture() -> None:
    prefecture = Portal("152200", "", "兴安盟", "内蒙古自治区", "http://www.xam.gov.cn/", level="prefecture")
    item = AttributePipeline(REGISTRY).process_item(_item(prefecture, "兴安盟行政公署"))
    assert item.portal is not None and item.portal.adcode == "152200"


def test_county_portals_are_left_alone() -> None:
    county = Portal("152224", "突泉县", "兴安盟", "内蒙古自治区", "http://www.tq.gov.cn/")
    item = AttributePipeline(REGISTRY).process_item(_item(county, "阿尔山市人民政府"))
    assert item.portal is not None and item.portal.adcode == "152224"


def test_selection_gains_its_prefecture_portal_once() -> None:
    chosen = with_prefecture_portals(REGISTRY[1:], REGISTRY)
    assert [e.adcode for e in chosen] == ["152202", "152224", "152200"]


def test_change_of() -> None:
    record = DocumentRecord("u", text_sha256="x")
    assert change_of(None, record, False) == "new"
    assert change_of({"text_sha256": "x"}, record, False) == "unchanged"
    assert change_of({"text_sha256": "y"}, record, True) == "unchanged"
    assert change_of({"text_sha256": "y"}, record, False) == "changed"


def _parsed(values: int) -> ParsedReport:
    found = [Value("t4", "", f"c{i}", "", "", i) for i in range(values)]
    return ParsedReport("v2021" if values else "narrative", None, 2022, None, "county_gov", None, found)


def _report(url: str, page_url: str = "", values: int = 0) -> ReportItem:
    item = ReportItem(
        url, [b""], page_url=page_url, document=CleanedDocument("乌审旗2022年政府信息公开工作年度报告")
    )
    item.is_report = True
    item.parsed = _parsed(values)
    return item


@pytest.mark.parametrize("file_first", [False, True])
def test_a_page_that_only_links_its_file_takes_the_files_values(tmp_path: Path, file_first: bool) -> None:
    pipeline = StorePipeline(tmp_path / "n.db")
    pipeline.open_spider()
    page, file = (
        _report("http://x.test/a.html"),
        _report("http://x.test/a.pdf", "http://x.test/a.html", values=3),
    )
    for item in (file, page) if file_first else (page, file):
        pipeline.process_item(item)
    store = pipeline.store
    assert store is not None
    page_id = store.document_id("http://x.test/a.html")
    assert page_id is not None and store.table_value_count(page_id) == 3
    assert store.document("http://x.test/a.html")["template"] == "v2021"
    pipeline.close_spider()


def test_an_unchanged_stored_candidate_is_kept_as_stored(tmp_path: Path) -> None:
    from pipelines.classify import ClassifyConfig, ClassifyPipeline
    from pipelines.clean import CleanConfig, CleanPipeline
    from pipelines.unchanged import UnchangedPipeline

    store = StorePipeline(tmp_path / "n.db")
    store.open_spider()
    first = _report("http://www.wsq.gov.cn/a.html", values=3)
    first.text_sha256, first.year = "abc", 2022
    store.process_item(first)
    unchanged = UnchangedPipeline(tmp_path / "n.db")
    unchanged.open_spider()
    again = ReportItem("http://www.wsq.gov.cn/a.html", [b"<html>same bytes</html>"], not_modified=True)
    unchanged.process_item(again)
    assert (again.kept, again.change, again.is_report, again.year, again.text_sha256) == (
        True,
        "unchanged",
        True,
        2022,
        "abc",
    )
    cleaned = asyncio.run(CleanPipeline(CleanConfig(workers=0)).process_item(again))
    assert cleaned.document is None  # not cleaned again
    assert ClassifyPipeline(ClassifyConfig()).process_item(cleaned).is_report  # nor reclassified from nothing
    assert store.store is not None
    store.store.db.execute("update documents set updated_at = '2000-01-01T00:00:00+00:00'")
    store.process_item(cleaned)
    assert store.store.table_value_count(store.store.document_id(again.url) or 0) == 3
    stored = store.store.document(again.url) or {}
    assert stored["title"] == "乌审旗2022年政府信息公开工作年度报告"  # not overwritten from nothing
    assert stored["updated_at"] > "2000-01-01T00:00:00+00:00"  # but seen by this run (the demo scores so)
    fresh = ReportItem("http://www.wsq.gov.cn/new.html", [b""], not_modified=True)  # 304 but never stored
    assert not unchanged.process_item(fresh).kept
    changed = ReportItem("http://www.wsq.gov.cn/a.html", [b""], not_modified=False)
    assert not unchanged.process_item(changed).kept
