"""Data model of testbed report content: issuers, reports, gold values, rendered bodies, distractors."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from nianbao.document import CleanedDocument

SHAPES = ("table", "borderless", "word", "flat", "pipe", "image")
"""Body shapes: a ``<table>`` with rowspan/colspan; a borderless layout table; Word-exported HTML
(MsoNormal, ``<o:p>``, characters split across spans with different fonts); one cell per paragraph (seed
000); pipe-separated lines (seed 003); the statistics table as an image (``<img>``)."""

LEVELS = ("county_gov", "department", "township")
DISTRACTOR_KINDS = ("compile_notice", "other_annual_report", "enterprise_annual_report", "news", "guide")


@dataclass(frozen=True)
class Issuer:
    """Who publishes a report: the county government, one of its departments or a township."""

    name: str  # e.g. 乌审旗人民政府, 乌审旗教育局, 嘎鲁图镇人民政府
    level: str  # one of LEVELS
    adcode: str  # the county's 6-digit code
    county: str  # county name, e.g. 乌审旗
    prefecture: str = ""
    province: str = ""


@dataclass
class GoldValue:
    """One statistics value keyed by the canonical schema; ``None`` is a printed blank, /, — or 无."""

    table: str
    row: str
    col: str
    value: int | float | str | None


@dataclass
class Report:
    id: str  # stable, url-safe
    title: str
    issuer: Issuer
    year: int  # the report year (published in a later year)
    template: str  # narrative | old2014 | v2019 | v2021
    published: date
    doc: CleanedDocument  # canonical form: title and blocks, tables as nianbao.document.Table with spans
    values: list[GoldValue] = field(default_factory=list)
    narrative: dict[str, int] = field(default_factory=dict)  # key figures stated in prose
    inconsistent: bool = False  # deliberately breaks one identity of domain.md §5
    broken_identity: str = ""  # the identity instance broken when ``inconsistent`` (empty otherwise)
    notes: list[str] = field(default_factory=list)  # caveats, e.g. seed values not yet available


@dataclass
class RenderedBody:
    html: str  # fragment placed inside the page's body container
    gold_lines: list[str]  # what `nianbao clean` must emit after the title line
    images: dict[str, bytes] = field(default_factory=dict)  # relative path -> PNG bytes (shape "image")


@dataclass
class Distractor:
    id: str
    title: str
    kind: str  # one of DISTRACTOR_KINDS
    published: date
    doc: CleanedDocument
