"""Build the testbed world: pick counties, assign site families, fill each 年报 column.

Deterministic: the same ``(province, counties, seed, epoch)`` gives the same world. Families are set per
prefecture (anti-bot, shared platform) and per county (the six CMS families, in rotation, so that any
world of eight or more counties holds every family).
"""

from __future__ import annotations

import logging
import random
from collections import defaultdict

from testbed import contentcache
from testbed.columns import county_entries, evolve, place_seeds, prefecture_entries
from testbed.model import Site, World
from testbed.registry import DEFAULT_PROVINCE, County, Prefecture, counties_of, prefectures_of, xxgk_host

log = logging.getLogger(__name__)

CMS_FAMILIES = ("trs", "hanweb", "lonsun", "gkmlpt", "jsportal", "legacy")
SHARED_PREFECTURE = "兴安盟"  # seed 004 (阿尔山市) is published on xam.gov.cn
SEED_COUNTIES = ("150626", "152202")  # 乌审旗, 阿尔山市: seeds placed in their own counties
SLUGS = ("zfxxgknb", "xxgknb", "ndbg")
XXGK_FAMILIES = ("lonsun",)
SEARCH_ONLY_FAMILIES = ("trs", "hanweb", "lonsun")


def build_world(
    counties: int | None = None,
    seed: int = 0,
    epoch: int = 0,
    province: str = DEFAULT_PROVINCE,
    attachment_types: tuple[str, ...] | None = None,
) -> World:
    """The world of ``counties`` county portals (all of the province when None) at ``epoch``.

    ``attachment_types`` limits the attachment file types (default: all the renderer knows)."""
    kinds = contentcache.attachment_types() if attachment_types is None else attachment_types
    everyone = counties_of(province)
    prefectures = prefectures_of(province)
    rng = random.Random(f"world:{seed}:{province}")
    shared = _shared_prefecture(everyone, rng)
    chosen = select_counties(everyone, counties, shared, rng)
    families = assign_families(chosen, shared, rng)
    world = World(seed=seed, epoch=epoch, province=province)
    for county in chosen:
        world.sites.append(_county_site(county, families[county.adcode], seed, kinds))
    mark_search_only(world.sites, random.Random(f"search:{seed}:{province}"))
    _add_shared_platform(world, chosen, shared, prefectures, seed, kinds)
    place_seeds(world, chosen)
    for site in world.sites:
        evolve(site, epoch)
    log.info("testbed world: %d sites on %d hosts, epoch %d", len(world.sites), len(world.hosts()), epoch)
    return world


def _shared_prefecture(everyone: list[County], rng: random.Random) -> str:
    sizes: dict[str, int] = defaultdict(int)
    for c in everyone:
        sizes[c.prefecture] += 1
    if SHARED_PREFECTURE in sizes:
        return SHARED_PREFECTURE
    candidates = sorted(p for p, n in sizes.items() if n >= 3) or sorted(sizes)
    return rng.choice(candidates)


def select_counties(everyone: list[County], n: int | None, shared: str, rng: random.Random) -> list[County]:
    """Seed counties first, then three of the shared prefecture, then round-robin over prefectures."""
    if n is None or n >= len(everyone):
        return list(everyone)
    by_pref: dict[str, list[County]] = defaultdict(list)
    for c in everyone:
        by_pref[c.prefecture].append(c)
    for group in by_pref.values():
        rng.shuffle(group)
    order = [c for c in everyone if c.adcode in SEED_COUNTIES]
    order += [c for c in by_pref.get(shared, [])[:3] if c not in order]
    queues = [list(g) for _, g in sorted(by_pref.items())]
    while any(queues):
        for q in queues:
            if q:
                c = q.pop(0)
                if c not in order:
                    order.append(c)
    return sorted(order[: max(1, n)], key=lambda c: c.adcode)


def assign_families(chosen: list[County], shared: str, rng: random.Random) -> dict[str, tuple[str, str]]:
    """adcode -> (family, anti-bot flavour). Two small prefectures get 412 and 521 when there are four."""
    prefs: dict[str, list[County]] = defaultdict(list)
    for c in chosen:
        prefs[c.prefecture].append(c)
    seed_prefs = {c.prefecture for c in chosen if c.adcode in SEED_COUNTIES}
    others = sorted(
        (p for p in prefs if p != shared and p not in seed_prefs), key=lambda p: (len(prefs[p]), p)
    )
    flavours = dict(zip(others[:2], ("412", "521"), strict=False)) if len(prefs) >= 4 else {}
    out: dict[str, tuple[str, str]] = {}
    rotation = [c for c in chosen if c.prefecture != shared and c.prefecture not in flavours]
    rng.shuffle(rotation)
    for i, c in enumerate(rotation):
        out[c.adcode] = (CMS_FAMILIES[i % len(CMS_FAMILIES)], "")
    for c in chosen:
        if c.prefecture == shared:
            out[c.adcode] = ("shared", "")
        elif c.prefecture in flavours:
            out[c.adcode] = ("antibot", flavours[c.prefecture])
    return out


def mark_search_only(sites: list[Site], rng: random.Random) -> list[Site]:
    """Make a few county sites *search-only* (no menu links their 年报 column; robots allows their search).

    One in six of the plain-HTTP families with menus to hide (TRS, Hanweb, LonSun), at least two when there
    are; the 12-county demo world has two. Returns the sites marked."""
    eligible = sorted(
        (s for s in sites if s.county and s.family in SEARCH_ONLY_FAMILIES and not s.antibot),
        key=lambda s: s.host,
    )
    marked = rng.sample(eligible, min(len(eligible), max(2, len(eligible) // 6)))
    for site in marked:
        site.search_only = True
    return marked


def _county_site(county: County, family: tuple[str, str], seed: int, kinds: tuple[str, ...]) -> Site:
    name, flavour = family
    rng = random.Random(f"site:{seed}:{county.adcode}")
    site = Site(
        host=county.host,
        family=name,
        name=f"{county.name}人民政府",
        site_code=f"{county.adcode}{rng.randrange(1, 9999):04d}",
        county=county,
        slug=rng.choice(SLUGS),
        antibot=flavour,
        layout={"412": "trs", "521": "lonsun"}.get(flavour, ""),
        seed=seed,
        attachment_types=kinds,
    )
    if site.cms in XXGK_FAMILIES:
        site.xxgk = xxgk_host(site.host)
    site.entries = county_entries(site, rng)
    return site


def _add_shared_platform(
    world: World,
    chosen: list[County],
    shared: str,
    prefectures: dict[str, Prefecture],
    seed: int,
    kinds: tuple[str, ...],
) -> None:
    """Counties of the shared prefecture live under paths of the prefecture host; their own hosts redirect."""
    members = [s for s in world.sites if s.family == "shared"]
    if not members:
        return
    pref = prefectures.get(shared)
    pref_host = (
        pref.host
        if pref
        else f"www.p{members[0].county.adcode[:4] if members[0].county else '0000'}.gov.cn.test"
    )
    for site in members:
        assert site.county is not None
        world.redirects[site.host] = f"http://{pref_host}/{site.county.slug}/"
        site.host, site.prefix = pref_host, "/" + site.county.slug
    code = (pref.adcode if pref else "000000")[:4]
    own = Site(
        host=pref_host,
        family="shared",
        name=f"{shared}{'行政公署' if shared.endswith('盟') else '人民政府'}",
        site_code=f"{code}000001",
        county=None,
        slug="xxgknb",
        seed=seed,
        attachment_types=kinds,
    )
    own.entries = prefecture_entries(
        own, [s.county for s in members if s.county], random.Random(f"pref:{seed}")
    )
    world.sites.append(own)
