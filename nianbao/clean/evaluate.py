"""Extraction quality metrics shared by ``benchmarks/extraction.py`` and the CI evaluation gate.

Text is compared after NFKC with all whitespace removed, as multisets of character 3-grams. A page
leaks chrome when the output holds a chrome (or spam) marker its gold text does not; it loses body when
recall falls below 0.95.

A corpus directory holds ``pages/NAME.html`` and ``gold/NAME.txt``; optionally ``pages/NAME.json`` (the
page's ``url``, response ``headers`` and descriptive fields such as ``family``) and continuation parts
``pages/NAME.2.html``, ``pages/NAME.3.html``… (a TRS article split over ``_1.html`` pages), which are
cleaned and joined as the crawl pipeline joins them.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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


@dataclass
class Sample:
    """One corpus page: its bytes (first part, then continuation parts), gold text and what is known."""

    name: str
    bodies: list[bytes]
    gold: str
    url: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    info: dict[str, Any] = field(default_factory=dict)


def corpus(directory: Path) -> Iterator[Sample]:
    """Every ``pages/NAME.html`` with a ``gold/NAME.txt`` (parts ``NAME.2.html``… have no gold)."""
    for page in sorted((directory / "pages").glob("*.htm*")):
        gold = directory / "gold" / f"{page.stem}.txt"
        if not gold.exists():
            continue
        sidecar = page.with_suffix(".json")
        info = json.loads(sidecar.read_text(encoding="utf-8")) if sidecar.exists() else {}
        parts = sorted(page.parent.glob(f"{page.stem}.[0-9]*.htm*"), key=lambda p: int(p.name.split(".")[1]))
        yield Sample(
            name=page.stem,
            bodies=[page.read_bytes(), *(part.read_bytes() for part in parts)],
            gold=gold.read_text(encoding="utf-8"),
            url=info.pop("url", None),
            headers=info.pop("headers", None) or {},
            info=info,
        )


def clean_sample(sample: Sample) -> str:
    """The cleaned text of a sample, its parts joined as the crawl pipeline joins them."""
    from nianbao.clean.core import clean_page

    documents = [clean_page(body, url=sample.url, headers=sample.headers) for body in sample.bodies]
    first = documents[0]
    for extra in documents[1:]:
        first.blocks.extend(extra.blocks)
    return first.to_text()


def corpus_f1(directory: Path) -> dict[str, float]:
    """Mean F1 of ``clean_page`` over a corpus, with leak and loss rates (used by the CI gate)."""
    scores = [score(clean_sample(sample), sample.gold) for sample in corpus(directory)]
    count = max(1, len(scores))
    return {
        "pages": len(scores),
        "f1": sum(s.f1 for s in scores) / count,
        "min_f1": min((s.f1 for s in scores), default=0.0),
        "leak_rate": sum(1 for s in scores if s.leaked) / count,
        "loss_rate": sum(1 for s in scores if s.lost) / count,
    }
