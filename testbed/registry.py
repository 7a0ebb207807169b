"""The county registry as the testbed sees it: rows of the bundled ``county_portals.csv`` and their
``.test`` hostnames (the real portal host with ``.test`` appended, so domain-scope logic sees real names).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources
from urllib.parse import urlsplit

from nianbao.errors import InputError

TEST_TLD = ".test"
DEFAULT_PROVINCE = "内蒙古自治区"


@dataclass(frozen=True)
class County:
    """A county-level unit with a portal, as listed in the registry."""

    adcode: str
    name: str
    prefecture: str
    province: str
    county_type: str
    portal_host: str  # real host, e.g. www.wsq.gov.cn

    @property
    def host(self) -> str:
        """The testbed host, e.g. ``www.wsq.gov.cn.test``."""
        return test_host(self.portal_host)

    @property
    def slug(self) -> str:
        """A short url-safe name: the first label after ``www.`` of the real host (``wsq``)."""
        labels = self.portal_host.split(".")
        return labels[1] if labels[0] == "www" and len(labels) > 2 else labels[0]


@dataclass(frozen=True)
class Prefecture:
    adcode: str
    name: str
    province: str
    portal_host: str

    @property
    def host(self) -> str:
        return test_host(self.portal_host)


def test_host(real_host: str) -> str:
    """``www.wsq.gov.cn`` -> ``www.wsq.gov.cn.test``."""
    return real_host.lower().rstrip(".") + TEST_TLD


def xxgk_host(host: str) -> str:
    """The 信息公开 subdomain of a portal host: ``www.x.gov.cn.test`` -> ``xxgk.x.gov.cn.test``."""
    labels = host.split(".")
    rest = labels[1:] if labels[0] == "www" else labels
    return ".".join(["xxgk", *rest])


@cache
def _rows() -> tuple[dict[str, str], ...]:
    text = resources.files("nianbao.data").joinpath("county_portals.csv").read_text("utf-8")
    return tuple(csv.DictReader(text.splitlines()))


def _host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def counties_of(province: str) -> list[County]:
    """Counties of ``province`` that have a portal, in registry order."""
    out = [
        County(
            r["adcode"],
            r["county"],
            r["prefecture"],
            r["province"],
            r["county_type"],
            _host_of(r["portal_url"]),
        )
        for r in _rows()
        if r["level"] == "county" and r["province"] == province and r["portal_url"]
    ]
    if not out:
        known = sorted({r["province"] for r in _rows() if r["province"]})
        raise InputError(f"no counties with a portal in province {province!r}; known: {', '.join(known)}")
    return out


def prefectures_of(province: str) -> dict[str, Prefecture]:
    """Prefectures of ``province`` by name (those without a portal get a synthetic ``www.<adcode>`` host)."""
    out: dict[str, Prefecture] = {}
    for r in _rows():
        if r["level"] == "prefecture" and r["province"] == province:
            host = _host_of(r["portal_url"]) or f"www.p{r['adcode']}.gov.cn"
            out[r["prefecture"]] = Prefecture(r["adcode"], r["prefecture"], province, host)
    return out


def county_by(adcode: str = "", name: str = "") -> County | None:
    """The registry county with this adcode (or, failing that, this exact name), any province."""
    rows = [r for r in _rows() if r["level"] == "county" and r["portal_url"]]
    match = [r for r in rows if adcode and r["adcode"] == adcode] or [
        r for r in rows if name and r["county"] == name
    ]
    if not match:
        return None
    r = match[0]
    return County(
        r["adcode"], r["county"], r["prefecture"], r["province"], r["county_type"], _host_of(r["portal_url"])
    )
