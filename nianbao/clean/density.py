"""Fallback body finder for pages with no known container: text and link density scoring.

One pre-order pass gives every text run to its nearest block element, split into link and non-link
characters and counting clause punctuation. Each block scores its non-link text, damped by its link
density and raised by punctuation (prose, not menus); the score goes to the nearest candidate container
(``div``, ``td``, ``article``…) and half of it to the next one up, as in Readability. The best candidate wins.
"""

from __future__ import annotations

import re
from collections import defaultdict

from lxml import etree

BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "ul",
        "ol",
        "table",
        "tr",
        "td",
        "th",
        "tbody",
        "thead",
        "tfoot",
        "blockquote",
        "section",
        "article",
        "main",
        "center",
        "pre",
        "dl",
        "dt",
        "dd",
        "form",
        "header",
        "footer",
        "aside",
        "nav",
        "address",
        "figure",
        "figcaption",
        "caption",
        "body",
        "html",
    ]
)
CANDIDATE_TAGS = frozenset(
    ["div", "td", "th", "article", "section", "main", "body", "center", "blockquote", "form"]
)
_PUNCT = re.compile(r"[，。；、：！？,;]")
_MIN_BLOCK = 10


class _Stats:
    __slots__ = ("chars", "links", "punct")

    def __init__(self) -> None:
        self.chars = 0
        self.links = 0
        self.punct = 0

    def add(self, text: str, in_link: bool) -> None:
        size = len(text.strip())
        self.chars += size
        if in_link:
            self.links += size
        else:
            self.punct += len(_PUNCT.findall(text))

    def score(self) -> float:
        plain = self.chars - self.links
        if plain < _MIN_BLOCK:
            return 0.0
        return (plain + 5 * self.punct) * (1.0 - self.links / self.chars)


def _collect(root: etree._Element) -> dict[etree._Element, _Stats]:
    context: dict[etree._Element, tuple[etree._Element, bool]] = {}
    stats: dict[etree._Element, _Stats] = defaultdict(_Stats)
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        parent = element.getparent()
        parent_block, parent_link = (
            context.get(parent, (root, False)) if parent is not None else (root, False)
        )
        block = element if element.tag in BLOCK_TAGS else parent_block
        in_link = parent_link or element.tag == "a"
        context[element] = (block, in_link)
        if element.text and element.text.strip():
            stats[block].add(element.text, in_link)
        if element.tail and element.tail.strip() and parent is not None:
            stats[parent_block].add(element.tail, parent_link)
    return stats


def _candidate(element: etree._Element | None) -> etree._Element | None:
    while element is not None and element.tag not in CANDIDATE_TAGS:
        element = element.getparent()
    return element


def best_by_density(root: etree._Element) -> etree._Element | None:
    """The candidate element holding the densest run of prose, or None when the page has none."""
    scores: dict[etree._Element, float] = defaultdict(float)
    for block, stats in _collect(root).items():
        value = stats.score()
        if value <= 0:
            continue
        first = _candidate(block)
        if first is None:
            continue
        scores[first] += value
        second = _candidate(first.getparent())
        if second is not None:
            scores[second] += value / 2
    if not scores:
        return None
    return max(scores.items(), key=lambda item: item[1])[0]
