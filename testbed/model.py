"""Plain data of the testbed world: sites, the entries of their 年报 columns, and the world itself.

Entries are light descriptions (issuer, year, shape, attachments, traps); the report content behind them
is generated lazily by ``testbed.contentcache`` so that a 100-county province builds in well under a second.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from testbed.content import Issuer
from testbed.registry import County

FAMILIES = ("trs", "hanweb", "lonsun", "gkmlpt", "jsportal", "legacy", "antibot", "shared")
"""The eight site families, in the order of domain.md / the issue."""


@dataclass(frozen=True)
class Entry:
    """One item of a 年报 column: a report or a distractor page."""

    id: str  # url-safe, unique in the world
    number: int  # numeric id used in CMS-style URLs
    kind: str  # "report" | "distractor"
    issuer: Issuer
    published: date
    year: int | None = None  # report year (reports only)
    distractor_kind: str = ""  # one of testbed.content.DISTRACTOR_KINDS
    shape: str = "table"  # testbed.content.SHAPES
    attachments: tuple[str, ...] = ()  # file types published with the report
    attachment_only: bool = False  # the page only links the attachment
    inconsistent: bool = False
    multipage: bool = False  # TRS: second half of the body on ``…_1.html``
    duplicate: bool = False  # also published under a second URL
    spam: str = ""  # "" | "inline" | "stylesheet" | "visible"
    revision: int = 0  # bumped by later epochs; changes the content seed
    seed: int = 0
    seed_report: int = -1  # index into testbed.content.seed_reports(), -1 when generated


@dataclass
class Site:
    """One web site (or one county's part of a shared platform): a host, a path prefix, a family."""

    host: str
    family: str
    name: str  # SiteName, e.g. 乌审旗人民政府
    site_code: str  # 10-digit 网站标识码
    county: County | None  # None for a prefecture's own site
    prefix: str = ""  # path prefix on a shared platform host, e.g. "/aes"
    layout: str = ""  # CMS layout behind the family (anti-bot sites wrap one), default = family
    slug: str = "zfxxgknb"  # 年报 column slug: zfxxgknb | xxgknb | ndbg
    antibot: str = ""  # "" | "412" | "521"
    xxgk: str = ""  # separate 信息公开 host, when the family uses one
    entries: list[Entry] = field(default_factory=list)
    seed: int = 0
    attachment_types: tuple[str, ...] = ()  # file types its reports may be published as
    search_only: bool = False  # no menu links its 年报 column: only site search finds it (testbed.search)

    @property
    def cms(self) -> str:
        return self.layout or self.family

    @property
    def key(self) -> str:
        return self.host + self.prefix


@dataclass
class World:
    seed: int
    epoch: int
    province: str
    sites: list[Site] = field(default_factory=list)
    redirects: dict[str, str] = field(default_factory=dict)  # host -> URL it redirects to (shared platform)

    def hosts(self) -> set[str]:
        out = {s.host for s in self.sites} | {s.xxgk for s in self.sites if s.xxgk}
        return out | set(self.redirects)

    def sites_on(self, host: str) -> list[Site]:
        return [s for s in self.sites if s.host == host or s.xxgk == host]

    def entries(self) -> list[Entry]:
        return [e for s in self.sites for e in s.entries]
