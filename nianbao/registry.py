"""The county registry: county-level units and their portal URLs, and the selection a harvest crawls.

The bundled ``nianbao/data/county_portals.csv`` (provenance in ``nianbao/data/PROVENANCE.md``) or a user's
CSV with the same columns (at least ``adcode``, ``county``, ``portal_url``). A bad row is skipped with a
logged line number; the rest loads. Selection errors are one line and name close matches.
"""

from __future__ import annotations

import csv
import difflib
import io
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

from nianbao.discover.urls import canonicalize_url, host_of, in_domain, registrable_domain
from nianbao.errors import InputError

logger = logging.getLogger(__name__)

REQUIRED_COLUMNS = ("adcode", "county", "portal_url")
CRAWLED_LEVELS = frozenset({"county"})
_ADCODE = re.compile(r"^\d{6}$")


@dataclass(frozen=True)
class RegistryEntry:
    """One row of the registry (``line`` is its line number in the CSV, for messages)."""

    adcode: str
    county: str
    portal_url: str
    level: str = "county"
    province: str = ""
    prefecture: str = ""
    county_type: str = ""
    verify_note: str = ""
    line: int = 0

    @property
    def host(self) -> str:
        return host_of(self.portal_url)

    @property
    def domain(self) -> str:
        """Registrable domain of the portal (``wsq.gov.cn``): the crawl scope."""
        return registrable_domain(self.host)

    @property
    def prefecture_key(self) -> str:
        """``province/prefecture``: anti-bot protection is set per prefecture (domain.md §10)."""
        return f"{self.province}/{self.prefecture}"

    @property
    def crawlable(self) -> bool:
        return self.level in CRAWLED_LEVELS and bool(self.portal_url)


def _row_error(row: dict[str, str]) -> str:
    level = row.get("level") or "county"
    named = row.get("county") or row.get(level) if level in ("province", "prefecture") else row.get("county")
    if not named:
        return "empty county name"
    if row.get("adcode") and not _ADCODE.match(row["adcode"]):
        return f"adcode {row['adcode']!r} is not 6 digits"
    if row.get("portal_url") and not canonicalize_url(row["portal_url"]):
        return f"portal_url {row['portal_url']!r} is not an http(s) URL"
    return ""


def parse_registry(text: str, source: str = "registry") -> list[RegistryEntry]:
    """Entries of a registry CSV text; bad rows are logged (with line number) and skipped."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise InputError(
            f"{source}: missing column(s) {', '.join(missing)}; need at least {', '.join(REQUIRED_COLUMNS)}"
        )
    entries = []
    for row in reader:
        line = reader.line_num
        row = {k: (v or "").strip() for k, v in row.items() if k}
        error = _row_error(row)
        if error:
            logger.warning("%s line %d skipped: %s", source, line, error)
            continue
        entries.append(
            RegistryEntry(
                adcode=row["adcode"], county=row["county"], portal_url=row["portal_url"],
                level=row.get("level") or "county", province=row.get("province", ""),
                prefecture=row.get("prefecture", ""), county_type=row.get("county_type", ""),
                verify_note=row.get("verify_note", ""), line=line,
            )
        )  # fmt: skip
    return entries


def load_registry(path: str | Path | None = None) -> list[RegistryEntry]:
    """The bundled registry, or the CSV at ``path`` (UTF-8, with or without BOM)."""
    if path is None:
        text = resources.files("nianbao.data").joinpath("county_portals.csv").read_text("utf-8")
        return parse_registry(text, "county_portals.csv")
    try:
        text = Path(path).read_text("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read registry {path}: {exc}") from exc
    return parse_registry(text, str(path))


def _close(name: str, known: Iterable[str]) -> str:
    names = sorted(set(known))
    close = difflib.get_close_matches(name, names, n=3, cutoff=0.4)
    close += [n for n in names if name and (name in n or n in name) and n not in close][:3]
    return f"; did you mean {', '.join(close[:3])}?" if close else ""


def _pick(entries: list[RegistryEntry], field: str, value: str, what: str) -> list[RegistryEntry]:
    exact = [e for e in entries if getattr(e, field) == value]
    if exact:
        return exact
    prefixed = {getattr(e, field) for e in entries if getattr(e, field).startswith(value)}
    if len(prefixed) == 1:  # 内蒙古 → 内蒙古自治区
        return [e for e in entries if getattr(e, field) in prefixed]
    raise InputError(f"unknown {what} {value!r}{_close(value, (getattr(e, field) for e in entries))}")


def select(
    entries: list[RegistryEntry],
    province: str | None = None,
    prefecture: str | None = None,
    county: str | None = None,
    portal: str | None = None,
) -> list[RegistryEntry]:
    """Crawlable county entries matching every given filter (county = name or 6-digit adcode).

    ``portal`` not in the registry gives an ad-hoc entry (no adcode) so any portal can be crawled.
    """
    chosen = [e for e in entries if e.crawlable]
    if province:
        chosen = _pick(chosen, "province", province.strip(), "province")
    if prefecture:
        chosen = _pick(chosen, "prefecture", prefecture.strip(), "prefecture")
    if county:
        field = "adcode" if _ADCODE.match(county.strip()) else "county"
        chosen = _pick(chosen, field, county.strip(), "county" if field == "county" else "adcode")
    if portal:
        chosen = _by_portal(chosen, portal, any((province, prefecture, county)))
    return chosen


def _by_portal(entries: list[RegistryEntry], portal: str, filtered: bool) -> list[RegistryEntry]:
    url = canonicalize_url(portal if "://" in portal else f"http://{portal}")
    if not url:
        raise InputError(f"--portal {portal!r} is not an http(s) URL")
    host = host_of(url)
    same = [e for e in entries if e.host == host] or [
        e for e in entries if e.domain and in_domain(host, e.domain)
    ]
    if same or filtered:
        if not same:
            raise InputError(f"portal {portal!r} is not in the selected part of the registry")
        return [replace(e, portal_url=url) for e in same]
    return [
        RegistryEntry(adcode="", county=host, portal_url=url, level="county", verify_note="not in registry")
    ]


def by_prefecture(entries: Iterable[RegistryEntry]) -> dict[str, list[RegistryEntry]]:
    """Entries grouped by ``province/prefecture`` (the unit anti-bot decisions are shared by)."""
    groups: dict[str, list[RegistryEntry]] = {}
    for entry in entries:
        groups.setdefault(entry.prefecture_key, []).append(entry)
    return groups


def prefecture_portal(entry: RegistryEntry, entries: Iterable[RegistryEntry]) -> RegistryEntry | None:
    """The prefecture-level row of ``entry``'s prefecture (its site may publish county reports)."""
    for other in entries:
        if (
            other.level == "prefecture"
            and other.province == entry.province
            and other.prefecture == entry.prefecture
        ):
            return other
    return None


def with_prefecture_portals(
    chosen: list[RegistryEntry], entries: Iterable[RegistryEntry]
) -> list[RegistryEntry]:
    """``chosen`` plus the portals of their prefectures, which also publish county reports (seed 004)."""
    everyone = list(entries)
    out = list(chosen)
    for entry in chosen:
        prefecture = prefecture_portal(entry, everyone)
        if prefecture is not None and prefecture.portal_url and prefecture not in out:
            out.append(prefecture)
    return out


def county_for_issuer(issuer: str, portal: RegistryEntry, entries: Iterable[RegistryEntry]) -> RegistryEntry:
    """The registry county an issuer name belongs to (issuer ≠ host: a county's report on its prefecture's
    site); the longest county name contained in the issuer, preferring the portal's prefecture, else ``portal``."""
    candidates = [
        e
        for e in entries
        if e.level in CRAWLED_LEVELS and e.province == portal.province and len(e.county) >= 2
    ]
    found = [e for e in candidates if e.county in issuer]
    if not found:
        return portal
    found.sort(key=lambda e: (-len(e.county), e.prefecture != portal.prefecture))
    return found[0]


def with_testbed_hosts(entries: Iterable[RegistryEntry]) -> list[RegistryEntry]:
    """Entries as the testbed serves them: ``.test`` appended to the portal host (testbed/registry.py's
    naming) and plain HTTP (the testbed has no TLS)."""
    out = []
    for entry in entries:
        parts = urlsplit(entry.portal_url)
        if parts.hostname and not parts.hostname.endswith(".test"):
            netloc = parts.netloc.replace(parts.hostname, parts.hostname + ".test", 1)
            entry = replace(entry, portal_url=parts._replace(scheme="http", netloc=netloc).geturl())
        out.append(entry)
    return out
