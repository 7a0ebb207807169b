"""What a 年报 column holds: issuers, report years with gaps, distractors, seeds, and change over epochs."""

from __future__ import annotations

import dataclasses
import logging
import random
from datetime import date

from testbed import contentcache
from testbed.content import Issuer
from testbed.model import Entry, Site, World
from testbed.registry import County, county_by

log = logging.getLogger(__name__)

DEPARTMENTS = (
    "教育局",
    "财政局",
    "卫生健康委员会",
    "自然资源局",
    "交通运输局",
    "农牧局",
    "民政局",
    "生态环境局",
)
TOWN_ROOTS = (
    "红旗",
    "新华",
    "东风",
    "团结",
    "兴隆",
    "太平",
    "永安",
    "宝山",
    "白音",
    "巴彦",
    "乌兰",
    "阿拉坦",
)
TOWN_SUFFIXES = ("镇", "乡", "苏木", "街道")
SHAPE_WEIGHTS = {"table": 35, "borderless": 15, "word": 15, "flat": 15, "pipe": 10, "image": 10}
SEED_SHAPES = ("flat", "word", "flat", "pipe", "table")


def issuers_of(county: County, rng: random.Random) -> list[Issuer]:
    """The county government, three departments and three townships."""

    def make(name: str, level: str) -> Issuer:
        return Issuer(name, level, county.adcode, county.name, county.prefecture, county.province)

    out = [make(f"{county.name}人民政府", "county_gov")]
    out += [make(f"{county.name}{d}", "department") for d in rng.sample(DEPARTMENTS, 3)]
    for root in rng.sample(TOWN_ROOTS, 3):
        suffix = rng.choice(TOWN_SUFFIXES)
        out.append(make(f"{root}{suffix}{'办事处' if suffix == '街道' else '人民政府'}", "township"))
    return out


def county_entries(site: Site, rng: random.Random) -> list[Entry]:
    """Reports by every issuer over years with gaps, then distractors; newest first."""
    assert site.county is not None
    issuers = issuers_of(site.county, rng)
    keep = {2012, 2017, 2019, 2022}  # every template appears in every county
    plan: list[tuple[Issuer, int]] = [
        (issuers[0], y) for y in range(2008, 2024) if rng.random() > 0.3 or y in keep
    ]
    for issuer in issuers[1:4]:
        plan += [(issuer, y) for y in sorted(rng.sample(range(2015, 2024), rng.randint(2, 4)))]
    for issuer in issuers[4:]:
        plan += [(issuer, y) for y in sorted(rng.sample(range(2016, 2024), rng.randint(1, 3)))]
    entries = [_report(site, issuer, year, i, rng) for i, (issuer, year) in enumerate(plan)]
    entries += _distractors(site, issuers[0], len(entries), rng)
    if rng.random() < 0.5:
        k = rng.randrange(len(plan))
        entries[k] = dataclasses.replace(entries[k], duplicate=True)
    return sorted(entries, key=lambda e: (e.published, e.number), reverse=True)


def prefecture_entries(site: Site, members: list[County], rng: random.Random) -> list[Entry]:
    """A prefecture column carrying its member counties' own reports (issuer is not host, as seed 004)."""
    entries: list[Entry] = []
    for county in members:
        issuer = Issuer(
            f"{county.name}人民政府",
            "county_gov",
            county.adcode,
            county.name,
            county.prefecture,
            county.province,
        )
        for year in sorted(rng.sample(range(2014, 2024), 2)):
            entries.append(_report(site, issuer, year, len(entries), rng, base=county.adcode))
    return sorted(entries, key=lambda e: (e.published, e.number), reverse=True)


def _number(site: Site, i: int, base: str = "") -> int:
    code = base or (site.county.adcode if site.county else site.site_code[:6])
    return int(code) * 1000 + i + (500 if base and site.county is None else 0)


def _report(site: Site, issuer: Issuer, year: int, i: int, rng: random.Random, base: str = "") -> Entry:
    number = _number(site, i, base)
    kinds = site.attachment_types
    attach = (rng.choice(kinds),) if kinds and rng.random() < 0.35 else ()
    shape = "word" if site.family == "legacy" and rng.random() < 0.7 else _weighted(rng)
    return Entry(
        id=f"r{number}",
        number=number,
        kind="report",
        issuer=issuer,
        year=year,
        published=date(year + 1, rng.randint(1, 3), rng.randint(1, 28)),
        shape=shape,
        attachments=attach,
        attachment_only=bool(attach) and rng.random() < 0.4,
        inconsistent=rng.random() < 0.1,
        multipage=site.cms in ("trs", "antibot") and rng.random() < 0.15,
        spam=rng.choices(("", "inline", "stylesheet", "visible"), (85, 5, 5, 5))[0],
        seed=rng.randrange(1 << 30),
    )


def _weighted(rng: random.Random) -> str:
    return rng.choices(list(SHAPE_WEIGHTS), list(SHAPE_WEIGHTS.values()))[0]


def _distractors(site: Site, issuer: Issuer, start: int, rng: random.Random) -> list[Entry]:
    kinds = ["compile_notice", "other_annual_report", "news", "news", "guide"]
    kinds += ["enterprise_annual_report"] if rng.random() < 0.5 else []
    out = []
    for j, kind in enumerate(kinds):
        number = _number(site, start + j)
        published = date(rng.randint(2010, 2024), rng.randint(1, 12), rng.randint(1, 28))
        out.append(
            Entry(
                f"d{number}",
                number,
                "distractor",
                issuer,
                published,
                distractor_kind=kind,
                seed=rng.randrange(1 << 30),
            )
        )
    return out


def place_seeds(world: World, chosen: list[County]) -> None:
    """Put the five seed reports in their counties' columns, or on extra sites of their own counties."""
    for i, report in enumerate(contentcache.seeds()):
        issuer = report.issuer
        site = _seed_site(world, issuer)
        number = int(issuer.adcode or "999999") * 1000 + 900 + i
        entry = Entry(
            id=f"s{i:03d}",
            number=number,
            kind="report",
            issuer=issuer,
            year=report.year,
            published=report.published,
            shape=SEED_SHAPES[i % len(SEED_SHAPES)],
            spam="visible" if i == 1 else "",
            seed_report=i,
        )
        site.entries.insert(0, entry)


def _seed_site(world: World, issuer: Issuer) -> Site:
    for site in world.sites:
        if site.county and site.county.adcode == issuer.adcode and site.family != "shared":
            return site
    for site in world.sites:  # a shared-platform county publishes on its prefecture's own column
        if site.county is None and any(e.issuer.adcode == issuer.adcode for e in site.entries):
            return site
    county = county_by(issuer.adcode, issuer.county) or County(
        issuer.adcode or "999999",
        issuer.county,
        issuer.prefecture,
        issuer.province,
        "县",
        f"www.p{issuer.adcode}.gov.cn",
    )
    site = Site(
        host=county.host,
        family="trs",
        name=f"{county.name}人民政府",
        site_code=f"{county.adcode}0001",
        county=county,
    )
    site.seed = world.seed
    world.sites.append(site)
    log.info("seed report of %s placed on an extra site %s", issuer.name, site.host)
    return site


def evolve(site: Site, epoch: int) -> None:
    """Apply epochs 1..K: a new report appears, sometimes one is revised, sometimes one vanishes."""
    for k in range(1, epoch + 1):
        rng = random.Random(f"epoch:{site.seed}:{site.key}:{k}")
        reports = [e for e in site.entries if e.kind == "report" and e.seed_report < 0]
        if not reports:
            continue
        issuer = reports[0].issuer
        site.entries.insert(0, _report(site, issuer, 2023 + k, 700 + k, rng))
        if rng.random() < 0.6:
            old = rng.choice(reports)
            idx = site.entries.index(old)
            site.entries[idx] = dataclasses.replace(old, revision=old.revision + 1)
        if rng.random() < 0.5 and len(reports) > 3:
            site.entries.remove(
                rng.choice([e for e in site.entries if e.kind == "report" and e.seed_report < 0][1:])
            )
