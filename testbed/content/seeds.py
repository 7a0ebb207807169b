"""The five seeds of ``shared/seeds`` as reports.

Their body text is ``testbed/data/seeds/NNN.txt`` (see ``seedtext``); their statistics tables are rebuilt
from the flattened text as real ``Table``s (seed 000: one cell per line anchored on 序号; seed 002: label,
unit, value lines; seed 003: pipe rows) so every shape renders them. Gold values come from
``NNN.values.json`` (written by the parser's owners); without it the report has no values and a note.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from nianbao.document import Block, Cell, CleanedDocument, Table
from testbed.content.model import GoldValue, Issuer, Report

SEED_DIR = Path(__file__).resolve().parent.parent / "data" / "seeds"
UNITS = frozenset({"条", "件", "次", "篇", "个", "人", "人次", "万元", "项", "是/否", "——"})
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
_HEADING = re.compile(r"^([一二三四五六七八九十]+、|\([一二三四五六七八九十]+\)|（[一二三四五六七八九十]+）)")


@dataclass(frozen=True)
class SeedMeta:
    number: str
    issuer: Issuer
    title: str  # the report's title (reconstructed where the page lost it: see notes)
    page_title: str | None  # the title line as the naive extraction shows it (None: absent)
    template: str
    published: date
    narrative: dict[str, int]
    notes: tuple[str, ...] = ()


_NMG, _GX, _JX, _HN = "内蒙古自治区", "广西壮族自治区", "江西省", "河南省"
SEEDS = (
    SeedMeta(
        "000",
        Issuer("乌审旗人民政府", "county_gov", "150626", "乌审旗", "鄂尔多斯市", _NMG),
        "乌审旗人民政府2017年政府信息公开工作年度报告",
        "乌审旗人民政府2017年政府信息公开工作年度报告",
        "old2014",
        date(2018, 3, 29),
        {"applications_received": 4, "proactive_website": 8720},
    ),
    SeedMeta(
        "001",
        Issuer("灵山县人民政府", "county_gov", "450721", "灵山县", "钦州市", _GX),
        "灵山县2017年政府信息公开工作年度报告",
        "灵山县2017年政府信息公开工作年度报告",
        "narrative",
        date(2018, 2, 13),
        {"proactive_total": 39387, "applications_received": 0, "review_cases": 0, "litigation_cases": 0},
    ),
    SeedMeta(
        "002",
        Issuer("三爪仑乡人民政府", "township", "360925", "靖安县", "宜春市", _JX),
        "三爪仑乡2017年政府信息公开年度报告",
        "三爪仑乡2017年政府信息公开年度报告",
        "old2014",
        date(2018, 3, 31),
        {"proactive_website": 161, "applications_received": 0, "review_cases": 0, "litigation_cases": 0},
        ("publication date unknown (set to 2018-03-31)",),
    ),
    SeedMeta(
        "003",
        Issuer("济源市人民政府", "county_gov", "419001", "济源市", "省直辖县级行政区划", _HN),
        "济源市2017年政府信息公开工作年度报告",
        None,
        "old2014",
        date(2018, 3, 31),
        {"proactive_total": 88502, "applications_received": 45, "review_cases": 3, "litigation_cases": 1},
        ("title absent from the extraction; reconstructed", "publication date unknown (set to 2018-03-31)"),
    ),
    SeedMeta(
        "004",
        Issuer("阿尔山市人民政府", "county_gov", "152202", "阿尔山市", "兴安盟", _NMG),
        "阿尔山市2017年政府信息公开工作年度报告",
        "阿尔山市",
        "narrative",
        date(2018, 1, 30),
        {"applications_received": 0, "review_cases": 0, "litigation_cases": 0},
        ("title lost on the page (shows 阿尔山市); reconstructed", "published on the league site xam.gov.cn"),
    ),
)


def seed_reports() -> list[Report]:
    """The five seeds as reports; tables rebuilt as real ``Table``s, gold values from ``NNN.values.json``."""
    return [_report(meta) for meta in SEEDS]


def _report(meta: SeedMeta) -> Report:
    lines = (SEED_DIR / f"{meta.number}.txt").read_text("utf-8").splitlines()
    notes = list(meta.notes)
    values_file = SEED_DIR / f"{meta.number}.values.json"
    values: list[GoldValue] = []
    if values_file.is_file():
        values = [GoldValue(**v) for v in json.loads(values_file.read_text("utf-8"))]
    elif meta.template != "narrative":
        notes.append(f"gold values not available yet ({meta.number}.values.json missing)")
    return Report(
        id=f"seed-{meta.number}",
        title=meta.title,
        issuer=meta.issuer,
        year=2017,
        template=meta.template,
        published=meta.published,
        doc=CleanedDocument(title=meta.title, blocks=_blocks(meta.number, lines)),
        values=values,
        narrative=dict(meta.narrative),
        notes=notes,
    )


def _blocks(number: str, lines: list[str]) -> list[Block]:
    start, end, table = _table(number, lines)
    blocks = [_text_block(line) for line in lines[:start]]
    if table is not None:
        blocks.append(Block("table", table=table))
    return blocks + [_text_block(line) for line in lines[end:]]


def _text_block(line: str) -> Block:
    return Block("heading" if _HEADING.match(line) and len(line) < 40 else "paragraph", line)


def _table(number: str, lines: list[str]) -> tuple[int, int, Table | None]:
    """Where the flattened table is in ``lines`` (start, end) and the table rebuilt from it."""
    if number == "000":
        start = lines.index("序号")
        end = next(i for i in range(start, len(lines)) if lines[i].startswith("(注"))
        return start, end, _flat_by_seq(lines[start:end])
    if number == "002":
        start = lines.index("统 计 指 标")
        return start, len(lines), _label_unit_value(lines[start:])
    if number == "003":
        start = next(i for i, line in enumerate(lines) if line.endswith("| ||"))
        return start, len(lines), _pipe_rows(lines[start:])
    return len(lines), len(lines), None


def _flat_by_seq(lines: list[str]) -> Table:
    """Seed 000: 序号, label, then unit and/or value lines until the next 序号 (N+1 followed by a label)."""
    rows = [[Cell(text) for text in lines[:4]]]
    i, seq = 4, 1
    while i < len(lines):
        label, i = lines[i + 1], i + 2
        unit, value = "", ""
        while i < len(lines) and not (
            lines[i] == str(seq + 1) and i + 1 < len(lines) and not _NUMBER.match(lines[i + 1])
        ):
            if lines[i] in UNITS and not unit:
                unit = lines[i]
            else:
                value = lines[i]
            i += 1
        rows.append([Cell(str(seq)), Cell(label), Cell(unit), Cell(value)])
        seq += 1
    return Table(rows)


def _label_unit_value(lines: list[str]) -> Table:
    """Seed 002: a label line, then an optional unit line and an optional value line."""
    rows = [[Cell(text) for text in lines[:3]]]
    for line in lines[3:]:
        if line in UNITS and rows[-1][1].text == "":
            rows[-1][1] = Cell(line)
        elif _NUMBER.match(line) and rows[-1][2].text == "":
            rows[-1][2] = Cell(line)
        else:
            rows.append([Cell(line), Cell(""), Cell("")])
    return Table(rows)


def _pipe_rows(lines: list[str]) -> Table:
    """Seed 003: ``a | b | c |`` rows; a row with one filled cell spans the table (title, footer)."""
    rows = []
    for line in lines:
        cells = [part.strip() for part in line.split("|")][:3]
        filled = [c for c in cells if c]
        if (
            len(filled) == 1
            and cells[0]
            and not cells[1]
            and (line.endswith("| ||") or line.startswith("单位负责人"))
        ):
            rows.append([Cell(cells[0], colspan=3)])
        else:
            rows.append([Cell(c) for c in cells + [""] * (3 - len(cells))])
    return Table(rows)
