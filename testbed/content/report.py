"""``make_report``: a deterministic report (title, prose, tables, gold values) for an issuer and year."""

from __future__ import annotations

import hashlib
import re
from datetime import date, timedelta
from random import Random

from nianbao.document import Block, CleanedDocument
from testbed.content import prose
from testbed.content.faults import apply_nulls, break_one_identity
from testbed.content.model import GoldValue, Issuer, Report
from testbed.content.tables import TableStyle, old2014_table, table2, table3, table4
from testbed.content.values import Sheet, cells, old2014_sheet
from testbed.content.values2019 import new_format_sheet

NAIVE_TITLE_RE = re.compile(r"(\d{4})年(度)?.*政府信息公开(工作)?年(度)?报(告)?")
"""The title filter of domain.md §7: finds every report title, and falls for notices about reports."""
REPORT_TITLE_RE = re.compile(r"^(?!关于)\D*(\d{4})年(度)?.*政府信息公开(工作)?年(度)?报(告)?$")
"""A stricter filter: the title must end with the report noun and not be a 关于… notice."""

TITLE_PATTERNS = (
    "{name}{y}年政府信息公开工作年度报告",
    "{name}{y}年度政府信息公开工作年度报告",
    "{name}{y}年政府信息公开年度报告",
    "{y}年度{name}政府信息公开年报",
    "{y}年{name}政府信息公开工作年度报告",
    "{name}{y}年度政府信息公开年报",
)
NEW_SECTIONS = (
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
)


def template_for(year: int) -> str:
    """Template by report year: narrative (≤2013), old2014 (2014–2018), v2019 (2019–2020), v2021."""
    if year <= 2013:
        return "narrative"
    if year <= 2018:
        return "old2014"
    return "v2019" if year <= 2020 else "v2021"


def make_report(seed: int | str, issuer: Issuer, year: int, *, inconsistent: bool = False) -> Report:
    """A report by ``issuer`` on ``year``; the same arguments always give the same report."""
    base = f"{seed}:{issuer.adcode}:{issuer.name}:{year}"
    rng = Random(base)
    template = template_for(year)
    nmg = template == "old2014" and issuer.adcode.startswith("15")
    title = rng.choice(TITLE_PATTERNS).format(name=_title_name(rng, issuer), y=year)
    published = _published(rng, issuer, year)
    style = _style(rng, issuer, year, nmg)
    sheet = _sheet(rng, template, issuer.level, nmg)
    if sheet is not None and inconsistent:
        break_one_identity(Random(base + ":break"), sheet)
    blocks, narrative = _blocks(rng, issuer, year, published, template, sheet, style)
    values = (
        [GoldValue(t, r, c, sheet.values[(t, r, c)]) for t, r, c in cells(template, nmg)] if sheet else []
    )
    return Report(
        id=f"{issuer.adcode}-{year}-{hashlib.sha1(base.encode()).hexdigest()[:10]}",
        title=title,
        issuer=issuer,
        year=year,
        template=template,
        published=published,
        doc=CleanedDocument(title=title, blocks=blocks),
        values=values,
        narrative=narrative,
        inconsistent=bool(sheet and sheet.broken),
        broken_identity=sheet.broken if sheet else "",
    )


def _title_name(rng: Random, issuer: Issuer) -> str:
    if issuer.level == "county_gov" and rng.random() < 0.5:
        return issuer.county
    return issuer.name


def _published(rng: Random, issuer: Issuer, year: int) -> date:
    if year >= 2019 and issuer.level == "department":
        start, days = date(year + 1, 1, 8), 23
    else:
        start, days = date(year + 1, 1, 15), 75
    late = 90 if rng.random() < 0.07 else 0
    return start + timedelta(days=rng.randint(0, days) + late)


def _style(rng: Random, issuer: Issuer, year: int, nmg: bool) -> TableStyle:
    title = f"{issuer.name}政府信息公开情况统计表（{year}年度）" if rng.random() < 0.25 else ""
    return TableStyle(
        seq=nmg or rng.random() < 0.25,
        title_row=title,
        heading_unit="——" if rng.random() < 0.3 else "",
        footer=rng.random() < 0.2,
        indent=rng.random() < 0.3,
        split_t2=rng.random() < 0.3,
    )


def _sheet(rng: Random, template: str, level: str, nmg: bool) -> Sheet | None:
    if template == "narrative":
        return None
    sheet = (
        old2014_sheet(rng, level, nmg) if template == "old2014" else new_format_sheet(rng, template, level)
    )
    apply_nulls(rng, sheet)
    return sheet


def _blocks(
    rng: Random,
    issuer: Issuer,
    year: int,
    published: date,
    template: str,
    sheet: Sheet | None,
    style: TableStyle,
) -> tuple[list[Block], dict[str, int]]:
    if template in ("narrative", "old2014"):
        blocks, narrative = _old_body(rng, issuer, year, sheet, style)
    else:
        assert sheet is not None
        blocks, narrative = _new_body(rng, issuer, year, sheet, style)
    signed = published - timedelta(days=rng.randint(0, 6))
    signature = [
        Block("paragraph", issuer.name),
        Block("paragraph", f"{signed.year}年{signed.month}月{signed.day}日"),
    ]
    attachment = [b for b in blocks if b.kind in ("caption", "table")] if template == "old2014" else []
    if attachment and rng.random() < 0.5:  # the statistics table as an annex after the signature
        body = [b for b in blocks if all(b is not a for a in attachment)]
        return body + signature + attachment, narrative
    return blocks + signature, narrative


def _old_body(
    rng: Random, issuer: Issuer, year: int, sheet: Sheet | None, style: TableStyle
) -> tuple[list[Block], dict[str, int]]:
    sections = tuple(
        prose.OLD_SECTION_VARIANTS.get(s, s) if rng.random() < 0.3 else s for s in prose.OLD_SECTIONS
    )
    figures = _old_figures(rng, issuer, sheet)
    website = int(sheet.num(("statistics", "s1_website", ""))) if sheet else None
    paragraphs = [
        prose.overview(rng, issuer, year),
        [prose.active_paragraph(rng, issuer, year, figures["proactive_total"], website)],
        [prose.applications_paragraph(issuer, year, figures["applications_received"])],
        [prose.fees_paragraph(issuer, year)],
        [prose.review_paragraph(issuer, year, figures["review_cases"], figures["litigation_cases"])],
        prose.problems(rng, issuer, year),
        [prose.other_matters(rng, issuer, year)],
    ]
    blocks = [Block("paragraph", "　　" + prose.intro(rng, issuer, year, sections))]
    for heading, texts in zip(sections, paragraphs, strict=True):
        blocks.append(Block("heading", heading))
        blocks += [Block("paragraph", "　　" + t) for t in texts]
    if sheet is not None:
        blocks.append(Block("paragraph", f"附件：{year}年{issuer.name}政府信息公开情况统计表"))
        if not style.title_row:
            blocks += [Block("caption", "政府信息公开情况统计表"), Block("caption", f"（{year}年度）")]
        nmg = ("statistics", "s10_items", "") in sheet.values
        blocks.append(Block("table", table=old2014_table(sheet, style, nmg)))
    return blocks, figures


def _old_figures(rng: Random, issuer: Issuer, sheet: Sheet | None) -> dict[str, int]:
    if sheet is None:
        scale = {"county_gov": 1.0, "department": 0.1, "township": 0.04}.get(issuer.level, 1.0)
        return {
            "proactive_total": max(5, int(rng.randint(200, 20000) * scale)),
            "applications_received": int(rng.randint(0, 60) * scale) if rng.random() < 0.8 else 0,
            "review_cases": rng.randint(0, 3) if rng.random() < 0.2 else 0,
            "litigation_cases": rng.randint(0, 2) if rng.random() < 0.15 else 0,
        }
    keys = {"proactive_total": "s1_total", "applications_received": "s3_received"}
    keys |= {"review_cases": "s4_review", "litigation_cases": "s5_litigation"}
    return {name: int(sheet.num(("statistics", key, ""))) for name, key in keys.items()}


def _new_body(
    rng: Random, issuer: Issuer, year: int, sheet: Sheet, style: TableStyle
) -> tuple[list[Block], dict[str, int]]:
    figures = {
        "proactive_total": max(
            5, int(rng.randint(200, 20000) * (1.0 if issuer.level == "county_gov" else 0.08))
        ),
        "applications_received": int(sheet.num(("t3", "new_received", "total"))),
        "review_cases": int(sheet.num(("t4", "", "review.total"))),
        "litigation_cases": int(
            sheet.num(("t4", "", "lit_direct.total")) + sheet.num(("t4", "", "lit_after_review.total"))
        ),
    }
    sixth = (
        prose.key_points_2021(rng, issuer, year)
        if sheet.template == "v2021"
        else [prose.other_matters(rng, issuer, year)]
    )
    sections: list[list[Block]] = [
        _paras(
            [
                *prose.overview(rng, issuer, year),
                prose.active_paragraph(rng, issuer, year, figures["proactive_total"], None),
            ]
        ),
        [Block("table", table=t) for t in table2(sheet, style)],
        [
            *_paras([prose.applications_paragraph(issuer, year, figures["applications_received"])]),
            Block("table", table=table3(sheet)),
        ],
        [
            *_paras(
                [prose.review_paragraph(issuer, year, figures["review_cases"], figures["litigation_cases"])]
            ),
            Block("table", table=table4(sheet)),
        ],
        _paras(prose.problems(rng, issuer, year)),
        _paras(sixth),
    ]
    blocks = [Block("paragraph", "　　" + prose.intro(rng, issuer, year, NEW_SECTIONS))]
    for heading, content in zip(NEW_SECTIONS, sections, strict=True):
        blocks += [Block("heading", heading), *content]
    return blocks, figures


def _paras(texts: list[str]) -> list[Block]:
    return [Block("heading", t) if t.startswith("（") else Block("paragraph", "　　" + t) for t in texts]
