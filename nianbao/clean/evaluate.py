"""Extraction quality metrics shared by ``benchmarks/extraction.py`` and the CI evaluation gate.

Text is compared after NFKC with all whitespace removed, as multisets of character 3-grams. A page
leaks chrome when the output holds a chrome (or spam) marker its gold text does not; it loses body when
recall falls below 0.95.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

CHROME_MARKERS = (
    "当前位置", "您的位置", "您现在的位置", "分享到", "打印本页", "关闭窗口", "【字体", "字体:大", "上一篇", "下一篇",
    "相关链接", "网站标识码", "ICP备", "公网安备", "Copyright", "版权所有", "技术支持", "联系我们", "网站地图",
    "无障碍", "长者模式", "扫一扫", "二维码", "点击量", "浏览次数", "主办:", "承办:", "返回顶部", "隐私声明",
    "明升", "明陞", "博彩", "娱乐城", "百家乐", "六合彩", "时时彩", "真人视讯", "葡京",
)  # fmt: skip
LOSS_RECALL = 0.95
_SPACE = re.compile(r"\s+")


def compact(text: str) -> str:
    """NFKC, all whitespace removed."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text))


def trigrams(text: str) -> Counter[str]:
    text = compact(text)
    return Counter(text[i : i + 3] for i in range(max(0, len(text) - 2)))


@dataclass
class Score:
    precision: float
    recall: float
    f1: float
    leaked: tuple[str, ...]

    @property
    def lost(self) -> bool:
        return self.recall < LOSS_RECALL


def score(output: str, gold: str) -> Score:
    """Character-3-gram precision/recall/F1 of ``output`` against ``gold``, and the chrome it leaks."""
    got, want = trigrams(output), trigrams(gold)
    overlap = sum((got & want).values())
    precision = overlap / sum(got.values()) if got else (1.0 if not want else 0.0)
    recall = overlap / sum(want.values()) if want else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Score(precision, recall, f1, leaked_markers(output, gold))


def leaked_markers(output: str, gold: str) -> tuple[str, ...]:
    out, ref = compact(output), compact(gold)
    return tuple(m for m in CHROME_MARKERS if compact(m) in out and compact(m) not in ref)


def corpus(directory: Path) -> Iterator[tuple[str, bytes, str]]:
    """``(name, page bytes, gold text)`` for every ``pages/NAME.html`` with a ``gold/NAME.txt``."""
    for page in sorted((directory / "pages").glob("*.htm*")):
        gold = directory / "gold" / f"{page.stem}.txt"
        if gold.exists():
            yield page.stem, page.read_bytes(), gold.read_text(encoding="utf-8")


def corpus_f1(directory: Path) -> dict[str, float]:
    """Mean F1 of ``clean_page`` over a corpus, with leak and loss rates (used by the CI gate)."""
    from nianbao.clean.core import clean_page

    scores = [score(clean_page(body).to_text(), gold) for _, body, gold in corpus(directory)]
    count = max(1, len(scores))
    return {
        "pages": len(scores),
        "f1": sum(s.f1 for s in scores) / count,
        "leak_rate": sum(1 for s in scores if s.leaked) / count,
        "loss_rate": sum(1 for s in scores if s.lost) / count,
    }
