"""Registry loading (bundled and user CSV, bad rows) and selection."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from nianbao.errors import InputError
from nianbao.registry import (
    RegistryEntry,
    by_prefecture,
    county_for_issuer,
    load_registry,
    parse_registry,
    prefecture_portal,
    select,
    with_testbed_hosts,
)


@pytest.fixture(scope="module")
def bundled() -> list[RegistryEntry]:
    return load_registry()


def test_bundled_counts(bundled: list[RegistryEntry]) -> None:
    assert len(bundled) == 3345
    assert sum(e.crawlable for e in bundled) == 2847


def test_select_province_prefix_and_typo(bundled: list[RegistryEntry]) -> None:
    inner = select(bundled, province="内蒙古自治区")
    assert len(inner) == 103 and all(e.level == "county" and e.portal_url for e in inner)
    assert select(bundled, province="内蒙古") == inner
    with pytest.raises(InputError, match=r"unknown province '内蒙古自冶区'; did you mean 内蒙古自治区"):
        select(bundled, province="内蒙古自冶区")


def test_select_prefecture_county_and_adcode(bundled: list[RegistryEntry]) -> None:
    ordos = select(bundled, prefecture="鄂尔多斯市")
    assert {e.prefecture for e in ordos} == {"鄂尔多斯市"} and len(ordos) == 9
    assert [e.adcode for e in select(bundled, county="乌审旗")] == ["150626"]
    assert [e.county for e in select(bundled, county="150626")] == ["乌审旗"]
    assert len(select(bundled, county="朝阳区")) == 2
    assert len(select(bundled, province="北京市", county="朝阳区")) == 1
    with pytest.raises(InputError, match="unknown county '乌审齐'; did you mean 乌审旗"):
        select(bundled, county="乌审齐")
    with pytest.raises(InputError, match="unknown prefecture"):
        select(bundled, prefecture="不存在市")
    with pytest.raises(InputError, match="unknown adcode '999999'"):
        select(bundled, county="999999")


def test_select_portal(bundled: list[RegistryEntry]) -> None:
    assert [e.adcode for e in select(bundled, portal="http://www.wsq.gov.cn/")] == ["150626"]
    assert [e.adcode for e in select(bundled, portal="www.wsq.gov.cn")] == ["150626"]
    adhoc = select(bundled, portal="https://www.example.gov.cn/")
    assert adhoc[0].adcode == "" and adhoc[0].portal_url == "https://www.example.gov.cn/"
    with pytest.raises(InputError, match="not an http"):
        select(bundled, portal="ftp://x")
    with pytest.raises(InputError, match="not in the selected part"):
        select(bundled, province="北京市", portal="http://www.wsq.gov.cn/")


def test_no_portal_rows_are_not_crawled(bundled: list[RegistryEntry]) -> None:
    jinmen = [e for e in bundled if e.county == "金门县"]
    assert jinmen and not jinmen[0].crawlable
    with pytest.raises(InputError):
        select(bundled, county="金门县")


def test_prefecture_grouping_and_portal(bundled: list[RegistryEntry]) -> None:
    groups = by_prefecture(select(bundled, province="内蒙古自治区"))
    assert len(groups) == 12 and len(groups["内蒙古自治区/鄂尔多斯市"]) == 9
    wsq = select(bundled, county="乌审旗")[0]
    pref = prefecture_portal(wsq, bundled)
    assert pref is not None and pref.host == "www.ordos.gov.cn"


def test_issuer_on_prefecture_host_gets_its_own_adcode(bundled: list[RegistryEntry]) -> None:
    ulanhot = select(bundled, county="乌兰浩特市")[0]
    assert county_for_issuer("阿尔山市人民政府", ulanhot, bundled).adcode == "152202"
    assert county_for_issuer("三爪仑乡人民政府", ulanhot, bundled) is ulanhot


def test_with_testbed_hosts_append_test() -> None:
    entries = parse_registry("adcode,county,portal_url\n150626,乌审旗,http://www.wsq.gov.cn:8080/\n")
    assert with_testbed_hosts(entries)[0].portal_url == "http://www.wsq.gov.cn.test:8080/"
    assert entries[0].domain == "wsq.gov.cn"


def test_user_csv_with_bad_rows(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "mine.csv"
    path.write_text(
        "\ufeffadcode,county,portal_url,prefecture\n"
        "150626,乌审旗,http://www.wsq.gov.cn/,鄂尔多斯市\n"
        "15062,短码县,http://a.gov.cn/,x\n"
        ",,http://b.gov.cn/,x\n"
        "150627,伊金霍洛旗,not a url,鄂尔多斯市\n"
        "150621,达拉特旗,http://www.dlt.gov.cn/,鄂尔多斯市\n",
        encoding="utf-8",
    )
    with caplog.at_level(logging.WARNING, logger="nianbao.registry"):
        entries = load_registry(path)
    assert [e.adcode for e in entries] == ["150626", "150621"]
    assert [e.line for e in entries] == [2, 6]
    messages = [r.getMessage() for r in caplog.records]
    assert any("line 3 skipped: adcode '15062' is not 6 digits" in m for m in messages)
    assert any("line 4 skipped: empty county name" in m for m in messages)
    assert any("line 5 skipped: portal_url 'not a url'" in m for m in messages)
    assert len(select(entries, prefecture="鄂尔多斯市")) == 2


def test_user_csv_missing_columns_and_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("name,url\n乌审旗,http://www.wsq.gov.cn/\n", encoding="utf-8")
    with pytest.raises(InputError, match="missing column"):
        load_registry(path)
    with pytest.raises(InputError, match="cannot read registry"):
        load_registry(tmp_path / "absent.csv")
