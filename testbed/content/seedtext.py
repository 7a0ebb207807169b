"""Derive ``testbed/data/seeds/NNN.txt`` from the naive extractions in ``shared/seeds``.

Removes the extractor's chrome (breadcrumbs, 字体/分享/打印 lines, footers, ICP lines), the injected spam
(88明升), and restores glyphs the extractor dropped only where the correct form is certain: 文号
``〔2017〕45号``, dates ``2017年1月1日``, a year followed by a comma, and empty ordinals ``()`` at the start of
a line, renumbered by position within their section. One block per line, in the cleaned-text format.

Run ``python -m testbed.content.seedtext SEED_DIR OUT_DIR`` to regenerate the files.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from nianbao.document import normalize_line

CHROME = re.compile(
    r"^(当前位置|\d{4}-\d\d-\d\d \d\d:\d\d.*(字体|来源)|来源:|分享$|下载本页|导航链接|地 址:|Copyright|"
    r".*政府网站标识码|.*ICP备)"
)
SPAM = re.compile(r"88明升\|88明升备用【明陞】")
NUMERALS = "一二三四五六七八九十"
SECTION = re.compile(rf"^[{NUMERALS}]+、")


def restore(line: str) -> str:
    """Restore dropped 年/月/〕/号 in 文号 and date contexts (seed 001)."""
    line = re.sub(r"〔(\d{4})(\d{1,4})\)", r"〔\1〕\2号)", line)
    line = re.sub(r"(?<!\d)(\d{4})(1[0-2]|[1-9])(3[01]|[12]\d|[1-9])日", r"\1年\2月\3日", line)
    line = re.sub(r"至(1[0-2])(3[01])日", r"至\1月\2日", line)
    line = re.sub(r"(?<!\d)(\d{4})(1[0-2]|[1-9])月", r"\1年\2月", line)
    return re.sub(r"^(\d{4}),", r"\1年,", line)


def renumber_ordinals(lines: list[str]) -> list[str]:
    """Empty ``()`` at a line start becomes (一), (二), … counted within the current section."""
    out, count = [], 0
    for line in lines:
        if SECTION.match(line):
            count = 0
        if line.startswith("()"):
            line = f"({NUMERALS[count]})" + line[2:]
            count += 1
        elif re.match(rf"^\([{NUMERALS}]\)", line):
            count += 1
        out.append(line)
    return out


def clean_seed(raw: str, title: str | None) -> list[str]:
    """The seed's body blocks: chrome, spam, the title line and empty lines removed; dropped glyphs restored."""
    lines = [normalize_line(SPAM.sub("", line)) for line in _join_continuations(raw.splitlines())]
    lines = [line for line in lines if line and not CHROME.match(line)]
    if lines and title is not None and lines[0] in (title, title[: len(lines[0])]):
        lines = lines[1:]
    return renumber_ordinals([restore(line) for line in lines])


def _join_continuations(lines: list[str]) -> list[str]:
    """Seed 002: inside its TAB-indented table a line without the TAB continues the previous cell."""
    out: list[str] = []
    in_table = False
    for line in lines:
        if line.startswith("\t"):
            in_table = True
        elif in_table and not line.strip():
            continue
        elif in_table and out:
            out[-1] += line.strip()
            continue
        out.append(line)
    return out


def main(argv: list[str]) -> int:
    from testbed.content.seeds import SEEDS

    source, target = Path(argv[0]), Path(argv[1])
    for meta in SEEDS:
        raw = next(source.glob(f"{meta.number}_*.txt")).read_text("utf-8")
        lines = clean_seed(raw, meta.page_title)
        (target / f"{meta.number}.txt").write_text("\n".join(lines) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
