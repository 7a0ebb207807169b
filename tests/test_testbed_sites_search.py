"""Testbed site search: search-only counties (no menu links their 年报 column), the search endpoints, robots."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from protego import Protego

from nianbao.discover.search import QUERIES
from testbed import app, search
from testbed.families import common, layout_for
from testbed.model import Site
from testbed.truth import record
from testbed.world import SEARCH_ONLY_FAMILIES, build_world


@pytest.fixture(scope="module")
def bed() -> app.Testbed:
    return app.Testbed(12, 1, profile="none", attachment_types=())


def get(bed: app.Testbed, host: str, target: str) -> tuple[int, str]:
    reply = bed.handle(app.Request("GET", host, target)).reply
    return reply.status, reply.body.decode("gb18030" if "gb" in reply.content_type else "utf-8", "replace")


def search_only(bed: app.Testbed) -> list[Site]:
    return [s for s in bed.catalog.world.sites if s.search_only]


def test_demo_world_has_search_only_counties_and_is_deterministic() -> None:
    world = build_world(12, seed=1, attachment_types=())
    marked = [s for s in world.sites if s.search_only]
    assert len(marked) >= 2 and len({search.endpoints(layout_for(s))[0].path for s in marked}) >= 2
    assert all(s.county and s.family in SEARCH_ONLY_FAMILIES and not s.antibot for s in marked)
    again = build_world(12, seed=1, attachment_types=())
    assert [s.host for s in again.sites if s.search_only] == [s.host for s in marked]
    big = build_world(100, seed=1, attachment_types=())
    assert 2 <= sum(s.search_only for s in big.sites) <= 15  # a few, not most


def test_no_menu_leads_to_the_column_but_it_still_answers(bed: app.Testbed) -> None:
    for site in search_only(bed):
        layout = layout_for(site)
        column = layout.listing(0)
        for host, path in (
            (site.host, layout.home()),
            (site.host, layout.zwgk()),
            (layout.info_host, layout.xxgk()),
        ):
            status, html = get(bed, host, path)
            assert (
                status == 200 and column.replace("&", "&amp;") not in html and "政府信息公开年报" not in html
            )
        assert get(bed, layout.info_host, column)[0] == 200
    navigable = next(s for s in bed.catalog.world.sites if s.family == "trs" and not s.search_only)
    assert layout_for(navigable).listing(0) in get(bed, navigable.host, "/zwgk/")[1]


def test_truth_still_lists_the_reports_marked_search_only(bed: app.Testbed) -> None:
    """The truth is written from these pages (``testbed.truth.record`` adds ``page.note``)."""
    hosts = {s.host for s in search_only(bed)} | {s.xxgk for s in search_only(bed) if s.xxgk}
    pages = [p for host in sorted(hosts) for p in bed.catalog.page_map(host).values()]
    marked = [p for p in pages if p.note.get("search_only")]
    assert any(p.role == "report" for p in marked)
    navigable = next(s for s in bed.catalog.world.sites if s.family == "trs" and not s.search_only)
    assert not any(p.note.get("search_only") for p in bed.catalog.page_map(navigable.host).values())
    assert all(p.note.get("search_only") for p in pages if p.host in hosts and p.role == "report")
    row = record(next(p for p in marked if p.role == "column"), bed.catalog)
    assert row["search_only"] is True and row["role"] == "column"


def test_every_report_of_a_search_only_site_is_found_by_the_crawl_queries(bed: app.Testbed) -> None:
    for site in search_only(bed):
        reports = {common.title_of(e) for e in site.entries if e.kind == "report"}
        hits = {
            common.title_of(e) for q in QUERIES for e in site.entries if search.matches(common.title_of(e), q)
        }
        assert reports <= hits


def test_results_are_paged_and_match_the_words(bed: app.Testbed) -> None:
    site = next(s for s in search_only(bed) if s.cms == "trs")
    endpoint = search.endpoints(layout_for(site))[0]
    assert endpoint.path == "/was5/web/search"
    words = "信息公开工作年度报告"
    hits = [e for e in site.entries if words in common.title_of(e)]
    assert len(hits) > search.PER_PAGE
    status, first = get(bed, site.host, f"/was5/web/search?searchword={quote(words)}")
    assert status == 200 and f"结果 {len(hits)} 条" in first and "当前位置" in first  # with the chrome
    shown = [common.title_of(e) for e in hits[: search.PER_PAGE]]
    assert all(f'title="{t}"' in first for t in shown)
    _, second = get(bed, site.host, f"/was5/web/search?searchword={quote(words)}&page=2")
    assert common.title_of(hits[search.PER_PAGE]) in second and shown[0] not in second
    _, generic = get(bed, site.host, f"/search/?searchword={quote(words)}")  # the common path answers too
    assert shown[0] in generic
    _, none = get(bed, site.host, "/search/?searchword=")
    assert "请输入关键字" in none and "<li>" not in none.split('class="search-result"')[1].split("</ul>")[0]


def test_hanweb_jrobot_and_gbk_queries(bed: app.Testbed) -> None:
    hanweb = next(s for s in bed.catalog.world.sites if s.cms == "hanweb")
    status, page = get(bed, hanweb.host, f"/jrobot/search.do?webid=1&q={quote('年报')}&p=1")
    assert status == 200 and "年报" in page and "/art/" in page
    legacy = next(s for s in bed.catalog.world.sites if s.family == "legacy")
    status, page = get(bed, legacy.host, f"/search/?searchword={quote('年报', encoding='gbk')}")
    assert status == 200 and "ShowArticle.asp" in page  # a GBK site's form submits GBK


def test_robots_allows_search_only_where_it_is_the_way_in(bed: app.Testbed) -> None:
    for site in bed.catalog.world.sites:
        if site.prefix or site.county is None:
            continue
        _, text = get(bed, site.host, "/robots.txt")
        robots = Protego.parse(text)
        url = f"http://{site.host}{search.endpoints(layout_for(site))[0].path}?searchword=x"
        assert robots.can_fetch(url, "nianbao") == site.search_only, (site.host, text)
