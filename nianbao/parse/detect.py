"""Template detection from content, never from the year alone (domain.md §4)."""

from __future__ import annotations

import re

from nianbao import schema
from nianbao.parse.labels import Matcher
from nianbao.parse.normalize import nfkc

_MODERN = re.compile(r"第二十条第|申请人情况|本年新收政府信息公开申请数量|本列数据的勾稽关系")
_V2021 = re.compile(r"本年制发件数|本年废止件数|现行有效件数|逾期不补正|逾期未按收费通知|本年收费金额")
_V2019 = re.compile(
    r"本年新制作数量|本年新公开数量|对外公开总数量|第二十条第\(?九\)?项|采购项目数量|上一年项目数量"
)
_OLD_HEADER = re.compile(r"统计指标")


def detect(text: str, year: int | None = None) -> tuple[str, list[str]]:
    """``(template, warnings)``: old2014, v2019, v2021, narrative or unknown."""
    flat = nfkc(text)
    if _MODERN.search(flat):
        return _modern(flat, year)
    if _OLD_HEADER.search(flat) or old_row_hits(text) >= 8:
        return "old2014", []
    if len(re.findall(r"[\u4e00-\u9fff]", text)) >= 200:
        return "narrative", []
    return "unknown", ["too little text to tell the template"]


def _modern(flat: str, year: int | None) -> tuple[str, list[str]]:
    v21, v19 = len(_V2021.findall(flat)), len(_V2019.findall(flat))
    if v21 and v19:
        pick = "v2021" if v21 > v19 else "v2019"
        return pick, [f"both v2019 ({v19}) and v2021 ({v21}) labels present; chose {pick}"]
    if v21:
        return "v2021", []
    if v19:
        return "v2019", []
    pick = "v2021" if year is not None and year >= 2021 else "v2019"
    return pick, [f"no Table 2 labels to tell v2019 from v2021; chose {pick} from the year"]


def old_row_hits(text: str, enough: int = 8) -> int:
    """How many short lines name a row of the old 统计表 (a table without its header still counts)."""
    matcher = Matcher(schema.old2014_rows(extended=True))
    hits = 0
    for line in text.splitlines():
        cell = line.replace("|", "\t").split("\t")
        for c in cell:
            c = c.strip()
            if 3 <= len(c) <= 60 and matcher.match(c) is not None:
                hits += 1
                break
        if hits >= enough:
            break
    return hits
