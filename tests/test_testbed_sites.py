"""The testbed world, its eight site families fetched with plain HTTP through the proxy, and its truth."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
from testbed_sites_fixtures import FAST_ATTACHMENTS, fetch, fetch_retrying

from testbed.families import antibot, layout_for
from testbed.model import FAMILIES, Site
from testbed.server import Handle, start_testbed
from testbed.truth import records
from testbed.world import build_world


@pytest.fixture(scope="module")
def bed() -> Iterator[Handle]:
    handle = start_testbed(counties=12, seed=3, profile="none", attachment_types=FAST_ATTACHMENTS)
    try:
        yield handle
    finally:
        handle.stop()


def site_of(bed: Handle, family: str) -> Site:
    """A county site of ``family``, one whose menus lead to its column when there is one."""
    sites = [s for s in bed.testbed.catalog.world.sites if s.family == family and s.county is not None]
    return min(sites, key=lambda s: s.search_only)


def truth_of(bed: Handle) -> list[dict]:
    return list(records(bed.testbed.catalog))


def pick(truth: list[dict], family: str, role: str, **match: object) -> dict:
    return next(
        r
        for r in truth
        if r["family"] == family and r["role"] == role and all(r.get(k) == v for k, v in match.items())
    )


def text(body: bytes, charset: str = "utf-8") -> str:
    return body.decode(charset)


def test_world_is_deterministic_and_holds_every_family() -> None:
    a, b = build_world(12, seed=3, attachment_types=()), build_world(12, seed=3, attachment_types=())
    assert [(s.host, s.prefix, s.family, [e.id for e in s.entries]) for s in a.sites] == [
        (s.host, s.prefix, s.family, [e.id for e in s.entries]) for s in b.sites
    ]
    assert {s.family for s in a.sites} == set(FAMILIES)
    assert {s.antibot for s in a.sites} >= {"412", "521"}
    assert [s.host for s in build_world(12, seed=4, attachment_types=()).sites] != [s.host for s in a.sites]
    assert all(s.host.endswith(".gov.cn.test") for s in a.sites)
    flavours: dict[str, set[str]] = {}
    for s in a.sites:  # anti-bot is set per prefecture
        if s.county and s.antibot:
            flavours.setdefault(s.county.prefecture, set()).add(s.antibot)
    assert all(len(v) == 1 for v in flavours.values())


def test_world_content_mix() -> None:
    world = build_world(12, seed=3, attachment_types=FAST_ATTACHMENTS)
    entries = world.entries()
    reports = [e for e in entries if e.kind == "report"]
    assert {e.issuer.level for e in reports} == {"county_gov", "department", "township"}
    assert {e.distractor_kind for e in entries if e.kind == "distractor"} >= {
        "compile_notice",
        "news",
        "guide",
    }
    years = sorted(
        {e.year or 0 for e in reports if e.issuer.level == "county_gov" and e.issuer.county == "乌审旗"}
    )
    assert years[0] <= 2013 and years[-1] >= 2021 and len(years) < 16  # narrative to v2021, with gaps
    assert any(e.inconsistent for e in reports) and any(e.duplicate for e in entries)
    assert sorted(e.seed_report for e in reports if e.seed_report >= 0) == [0, 1, 2, 3, 4]
    assert any(e.attachments for e in reports) and any(e.attachment_only for e in reports)


def test_hostnames_mirror_the_registry() -> None:
    world = build_world(12, seed=3, attachment_types=())
    hosts = world.hosts()
    assert "www.wsq.gov.cn.test" in hosts  # 乌审旗, portal http://www.wsq.gov.cn/
    assert any(h.startswith("xxgk.") for h in hosts)
    shared = [s for s in world.sites if s.family == "shared" and s.county]
    assert len(shared) >= 3 and all(s.host == "www.xam.gov.cn.test" and s.prefix for s in shared)
    assert all(world.redirects[s.county.host].endswith(s.prefix + "/") for s in shared if s.county)


def test_home_to_column_path_on_plain_http(bed: Handle) -> None:
    site = site_of(bed, "trs")
    home = text(fetch(bed.proxy, f"http://{site.host}/").body)
    assert "政务公开" in home and "当前位置" not in home.split("<body>")[0]
    zwgk = text(fetch(bed.proxy, f"http://{site.host}/zwgk/").body)
    assert "政府信息公开年报" in zwgk and "当前位置" in zwgk
    for marker in ("网站标识码", "ICP备", "公网安备", "技术支持", "无障碍", "qrcode"):
        assert marker in zwgk


def test_trs_pager_only_in_script(bed: Handle) -> None:
    site = site_of(bed, "trs")
    page = text(fetch(bed.proxy, f"http://{site.host}/zwgk/zfxxgk/{site.slug}/index.html").body)
    assert re.search(r'createPageHTML\(\d+, 0, "index", "html"\)', page)
    assert "index_1.html" not in page
    link = re.search(r'href="\./(\d{6}/t\d{8}_\d+\.html)"', page)
    assert link
    detail = fetch(bed.proxy, f"http://{site.host}/zwgk/zfxxgk/{site.slug}/{link[1]}")
    assert (
        detail.status == 200
        and b"TRS_Editor" in detail.body
        and b'name="SiteIDCode"' in detail.body
        or b"TRS_Editor" in detail.body
    )


def test_hanweb_lists_only_through_dataproxy(bed: Handle) -> None:
    site = site_of(bed, "hanweb")
    column = {"url": f"http://{site.host}{layout_for(site).listing(0)}"}
    page = text(fetch(bed.proxy, column["url"]).body)
    unitid = re.search(r"jpageform_(\d+)", page)[1]  # type: ignore[index]
    colid = re.search(r"/col/col(\d+)/", column["url"])[1]  # type: ignore[index]
    assert "/art/" not in page
    assert fetch(bed.proxy, column["url"].replace("index.html", "index_1.html")).status == 404
    form = (
        f"col=1&appid=1&webid=1&path=/&columnid={colid}&sourceContentType=1&unitid={unitid}&permissiontype=0"
    )
    xml = text(
        fetch(
            bed.proxy,
            f"http://{site.host}/module/web/jpage/dataproxy.jsp?startrecord=1&endrecord=45&perpage=15",
            data=form.encode(),
        ).body
    )
    assert "<totalrecord>" in xml and '<![CDATA[<li><a href="/art/' in xml
    wrong = text(
        fetch(
            bed.proxy,
            f"http://{site.host}/module/web/jpage/dataproxy.jsp?startrecord=1&endrecord=45",
            data=form.replace(unitid, "1").encode(),
        ).body
    )
    assert "<totalrecord>0</totalrecord>" in wrong
    art = re.search(r'href="(/art/\d{4}/\d+/\d+/art_\d+_\d+\.html)"', xml)[1]  # type: ignore[index]
    body = text(fetch(bed.proxy, f"http://{site.host}{art}").body)
    assert "<!--ZJEG_RSS.content.begin-->" in body and "<!--ZJEG_RSS.content.end-->" in body


def test_lonsun_public_column(bed: Handle) -> None:
    site = site_of(bed, "lonsun")
    truth = truth_of(bed)
    column = next(
        r
        for r in truth
        if r["host"] == site.xxgk and "type=3&action=list" in r["url"] and r["role"] == "column"
    )
    page = text(fetch(bed.proxy, column["url"]).body)
    assert re.search(r'href="/public/\d+/\d+\.html"', page)
    assert "pageIndex=2" in page


def test_gkmlpt_api_and_detail_object(bed: Handle) -> None:
    site = site_of(bed, "gkmlpt")
    index = text(fetch(bed.proxy, f"http://{site.host}/gkmlpt/index").body)
    config = json.loads(re.search(r"window\._CONFIG = (\{.*?\});</script>", index)[1])  # type: ignore[index]
    cat = next(t["id"] for t in config["TREE"] if t["name"] == "政府信息公开年报")
    api = json.loads(
        fetch(bed.proxy, f"http://{site.host}/gkmlpt/api/all/{cat}?page=1&sid={config['SID']}").body
    )
    assert api["total"] >= len(api["articles"]) > 0 and {"id", "identifier", "publisher", "url"} <= set(
        api["articles"][0]
    )
    report = next(a for a in api["articles"] if "年" in a["title"])
    page = text(fetch(bed.proxy, report["url"]).body)
    detail = json.loads(re.search(r"DETAIL: (\{.*\}),\n  TREE:", page)[1])  # type: ignore[index]
    assert detail["title"] == report["title"] and detail["content"]
    visible = re.sub(r"<script.*?</script>", "", page, flags=re.S)
    assert detail["content"][:40] not in visible


def test_jsportal_raw_html_has_neither_list_nor_body(bed: Handle) -> None:
    site = site_of(bed, "jsportal")
    shell = text(fetch(bed.proxy, f"http://{site.host}/xxgk/nb/index.html").body)
    data = json.loads(fetch(bed.proxy, f"http://{site.host}/api/xxgk/list?col=nb&page=1").body)
    first = data["items"][0]
    assert first["title"] not in shell and "XMLHttpRequest" in shell
    article_shell = text(fetch(bed.proxy, f"http://{site.host}{first['url']}").body)
    article = json.loads(fetch(bed.proxy, f"http://{site.host}/api/xxgk/article?id={first['id']}").body)
    assert article["title"] == first["title"] and article["title"] not in article_shell
    assert article["content"][:30] not in article_shell


def test_legacy_gbk_tables_and_fonts(bed: Handle) -> None:
    site = site_of(bed, "legacy")
    resp = fetch(bed.proxy, f"http://{site.host}/zwgk/ShowClass.asp?ClassID=12&page=1")
    assert "charset" not in resp.headers["content-type"]
    with pytest.raises(UnicodeDecodeError):
        resp.body.decode("utf-8")
    page = resp.body.decode("gb18030")
    assert "charset=gb2312" in page and "<font" in page and page.count("<table") >= 3
    link = re.search(r'href="(/zwgk/ShowArticle\.asp\?ArticleID=\d+)"', page)[1]  # type: ignore[index]
    assert fetch(bed.proxy, f"http://{site.host}{link}").body.decode("gb18030")


def test_word_shape_reports_exist_on_legacy(bed: Handle) -> None:
    site = site_of(bed, "legacy")
    assert sum(e.shape == "word" for e in site.entries if e.kind == "report") >= 5


@pytest.mark.parametrize("flavour", ["412", "521"])
def test_antibot_blocks_plain_http(bed: Handle, flavour: str) -> None:
    site = next(s for s in bed.testbed.catalog.world.sites if s.antibot == flavour)
    resp = fetch(bed.proxy, f"http://{site.host}/")
    assert resp.status == int(flavour) and len(resp.body) < 3000
    assert b"<script" in resp.body and b"document.cookie" in resp.body and "set-cookie" in resp.headers
    again = fetch(
        bed.proxy, f"http://{site.host}/", headers={"Cookie": resp.headers["set-cookie"].split(";")[0]}
    )
    assert again.status == int(flavour)  # the header cookie alone is not enough: the JS cookie is needed
    cookie = f"{antibot.COOKIE[flavour]}={antibot.token(site.host, flavour, bed.testbed.catalog.world.seed)}"
    assert fetch(bed.proxy, f"http://{site.host}/", headers={"Cookie": cookie}).status == 200


def test_shared_platform_and_issuer_not_host(bed: Handle) -> None:
    world = bed.testbed.catalog.world
    member = next(s for s in world.sites if s.family == "shared" and s.county)
    assert member.county is not None
    redirect = fetch(bed.proxy, f"http://{member.county.host}/")
    assert redirect.status == 301 and redirect.headers["location"] == f"http://{member.host}{member.prefix}/"
    assert fetch(bed.proxy, f"http://{member.host}{member.prefix}/").status == 200
    own = next(s for s in world.sites if s.family == "shared" and s.county is None)
    assert own.entries and all(e.issuer.name != own.name for e in own.entries)


def test_hosts_outside_the_world_are_refused(bed: Handle) -> None:
    for url in (
        "http://www.baidu.com/",
        "http://10.12.0.8/oa/login.jsp",
        "http://169.254.169.254/latest/meta-data/",
    ):
        assert fetch(bed.proxy, url).status == 502


def resp_redirect(rec: dict) -> int:
    return 302 if rec["host"].startswith("xxgk.") or rec.get("trap") == "go" else 301


def test_truth_covers_every_page_and_every_url_answers(bed: Handle) -> None:
    truth = truth_of(bed)
    seed = bed.testbed.catalog.world.seed
    roles = {r["role"] for r in truth}
    assert roles == {"report", "report_attachment", "listing", "column", "distractor", "other"}
    assert {r["family"] for r in truth} == set(FAMILIES)
    failures = []
    for rec in truth:
        headers = {}
        if rec["antibot"]:
            headers["Cookie"] = (
                f"{antibot.COOKIE[rec['antibot']]}={antibot.token(rec['host'], rec['antibot'], seed)}"
            )
        expected = (
            200 if not (rec.get("redirect_to") or rec.get("trap") in ("go", "loop")) else resp_redirect(rec)
        )
        resp = fetch_retrying(bed.proxy, rec["url"], headers)
        if resp.status != expected:
            failures.append((rec["url"], resp.status))
    assert not failures, failures[:10]


def test_truth_lines_for_reports(bed: Handle) -> None:
    truth = truth_of(bed)
    reports = [r for r in truth if r["role"] == "report" and "part_of" not in r]
    assert reports and all(r["gold_text"] and r["issuer"] and r["year"] and r["template"] for r in reports)
    assert all(r["level"] in ("county_gov", "department", "township") for r in reports)
    assert any(r["gold_values"] for r in reports)
    attachments = [r for r in truth if r["role"] == "report_attachment"]
    assert attachments and all(r["file_type"] in FAST_ATTACHMENTS and r["gold_text"] for r in attachments)
    page = pick(truth, "trs", "report", template="v2021")
    assert page["gold_text"].split("\n")[0] in text(fetch(bed.proxy, page["url"]).body).replace("&quot;", '"')


def test_duplicates_point_to_the_first_url(bed: Handle) -> None:
    dups = [r for r in truth_of(bed) if r.get("duplicate_of")]
    assert dups
    urls = {r["url"] for r in truth_of(bed)}
    assert all(d["duplicate_of"] in urls for d in dups)
