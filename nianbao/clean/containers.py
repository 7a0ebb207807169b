"""Every CMS body-container signal, in one place, strongest first.

Signals: comment markers in the raw HTML (Hanweb ``<!--ZJEG_RSS.content.begin-->``…``end-->``, the
``<meta name="ContentStart">``/``ContentEnd`` pair), a body serialised into a script object (Guangdong
gkmlpt ``DETAIL: {...}``), then element ``class``/``id`` names: TRS WCM (``TRS_Editor``, ``TRS_UEDITOR``,
``Custom_UnionStyle``, ``trs_editor_view``, ``#zoom``), 开普云 (``#UCAP-CONTENT``), LonSun excms
(``j-fontContent``), then generic article names. A container must hold text or images to count.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from lxml import etree

MARKER_PAIRS = (
    ("ZJEG_RSS", re.compile(r"<!--\s*ZJEG_RSS\.content\.begin\s*-->", re.I), re.compile(r"<!--\s*ZJEG_RSS\.content\.end\s*-->", re.I)),
    ("ContentStart", re.compile(r"<meta\s+name=[\"']?ContentStart[\"']?[^>]*>", re.I), re.compile(r"<meta\s+name=[\"']?ContentEnd[\"']?[^>]*>", re.I)),
    ("comment", re.compile(r"<!--\s*(?:正文|content)\s*(?:开始|start|begin)\s*-->", re.I), re.compile(r"<!--\s*(?:正文|content)\s*(?:结束|end)\s*-->", re.I)),
)  # fmt: skip
_DETAIL = re.compile(r"\bDETAIL\s*[:=]\s*\{")

# (tier, attribute, name): lower tier wins; names compared case-insensitively.
SIGNALS: tuple[tuple[int, str, str], ...] = (
    (1, "class", "trs_editor"), (1, "class", "trs_ueditor"), (1, "class", "trs_editor_view"),
    (1, "class", "custom_unionstyle"), (1, "id", "ucap-content"), (1, "id", "zoom"), (1, "id", "fontzoom"),
    (1, "class", "j-fontcontent"), (1, "id", "j-show-body"),
    (2, "class", "article-content"), (2, "class", "article_content"), (2, "class", "articlecontent"),
    (2, "id", "articlecontent"), (2, "id", "article_content"), (2, "class", "content_text"),
    (2, "class", "wzcon"), (2, "id", "zoomcon"), (2, "class", "zoom"), (2, "class", "pages_content"),
    (2, "id", "content_text"), (2, "class", "view"), (2, "class", "zwnr"), (2, "id", "zwnr"),
    (2, "class", "detail-content"), (2, "class", "news_content"), (2, "class", "con_text"),
)  # fmt: skip
_BY_NAME: dict[tuple[str, str], int] = {(attr, name): tier for tier, attr, name in SIGNALS}


@dataclass
class ScriptBody:
    """A body found outside the DOM: HTML markup plus any fields that came with it."""

    markup: str
    signal: str
    fields: dict[str, Any] = field(default_factory=dict)


def marker_body(text: str, content_meta: bool = True) -> ScriptBody | None:
    """The HTML between the first pair of body comment/meta markers, if any (Hanweb and similar).

    Comment markers are tried only where a comment opens (``str.find`` jumps there; a case-insensitive
    regex would test every character of the page); the ``ContentStart`` meta pair only when
    ``content_meta`` (the parsed page holds such a ``<meta>``)."""
    comments = _comment_starts(text)
    for name, begin, end in MARKER_PAIRS:
        if name == "ContentStart":
            start = begin.search(text) if content_meta else None
            stop = end.search(text, start.end()) if start else None
        else:
            start = _first_match(begin, text, comments)
            stop = _first_match(end, text, [p for p in comments if p >= start.end()]) if start else None
        if start and stop and stop.start() > start.end():
            return ScriptBody(text[start.end() : stop.start()], f"marker:{name}")
    return None


def _comment_starts(text: str) -> list[int]:
    starts = []
    position = text.find("<!--")
    while position >= 0:
        starts.append(position)
        position = text.find("<!--", position + 4)
    return starts


def _first_match(pattern: re.Pattern[str], text: str, positions: list[int]) -> re.Match[str] | None:
    for position in positions:
        match = pattern.match(text, position)
        if match:
            return match
    return None


def has_content_marker_meta(root: etree._Element) -> bool:
    """True when the page holds a ``<meta name="ContentStart...">`` (any case)."""
    return any((meta.get("name") or "").lower().startswith("contentstart") for meta in root.iter("meta"))


def detail_body(text: str) -> ScriptBody | None:
    """The article inside a gkmlpt ``DETAIL: {...}`` script object, if any."""
    match = None
    position = text.find("DETAIL")
    while position >= 0 and match is None:  # the pattern opens with \b: no fast scan, so jump to DETAIL
        match = _DETAIL.match(text, position)
        position = text.find("DETAIL", position + 1)
    if not match:
        return None
    try:
        data, _ = json.JSONDecoder().raw_decode(text, match.end() - 1)
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    markup = data.get("content") or data.get("Content") or data.get("body") or ""
    if not isinstance(markup, str) or not markup.strip():
        return None
    return ScriptBody(markup, "gkmlpt:DETAIL", {k: v for k, v in data.items() if isinstance(v, str | int)})


AttributeValues = tuple[set[str], set[str]]
_CLASS_VALUES = etree.XPath("//@class", smart_strings=False)
_ID_VALUES = etree.XPath("//@id", smart_strings=False)


def attribute_values(root: etree._Element) -> AttributeValues:
    """The distinct ``class`` and ``id`` values of the document (two XPath passes in C)."""
    return set(_CLASS_VALUES(root)), set(_ID_VALUES(root))


def candidates(
    root: etree._Element, values: AttributeValues | None = None, named: list[etree._Element] | None = None
) -> list[tuple[int, etree._Element]]:
    """Elements carrying a container signal, searched for or picked from ``named`` elements."""
    if named is None:
        named = elements_with_values(root, signals_class, signals_id, values=values)
    return [(t, e) for e in named if (t := signal_tier(e)) is not None]


def elements_with_values(
    root: etree._Element,
    class_test: Callable[[str], bool],
    id_test: Callable[[str], bool],
    axis: str = "//",
    values: AttributeValues | None = None,
) -> list[etree._Element]:
    """Elements under ``root`` whose ``class`` passes ``class_test`` or whose ``id`` passes ``id_test``.

    Pages repeat a few distinct attribute values on many elements, so each value is tested once, then
    the elements carrying a chosen value are selected in one XPath pass."""
    class_values, id_values = values or attribute_values(root)
    classes = [v for v in class_values if class_test(v)]
    ids = [v for v in id_values if id_test(v)]
    if not classes and not ids:
        return []
    # one membership test per element: the chosen values joined by a noncharacter (never in the input)
    joined = {name: _SEP + _SEP.join(vs) + _SEP if vs else "" for name, vs in (("c", classes), ("i", ids))}
    return list(root.xpath(_HAS_VALUE.format(axis=axis), sep=_SEP, **joined))


def elements_named(
    root: etree._Element, class_test: Callable[[str], bool], id_test: Callable[[str], bool]
) -> list[etree._Element]:
    """Like ``elements_with_values`` over the whole document, for tests that never pass Word's ``Mso*``
    classes: XPath hands over the few elements with another class or an id, Python tests them (cached)."""
    return [e for e in _NAMED(root) if class_test(e.get("class") or "") or id_test(e.get("id") or "")]


# attribute-axis steps, then the parent: libxml2 evaluates a predicate on ``//*`` with a fresh context per
# element, several times slower on Word HTML's thousands of elements
_NAMED = etree.XPath("//*/@class[not(starts-with(., 'Mso'))]/.. | //*/@id/..")
_SEP = "\ufdef"
_HAS_VALUE = (
    "{axis}*[(@class and contains($c, concat($sep, @class, $sep))) or "
    "(@id and contains($i, concat($sep, @id, $sep)))]"
)


@lru_cache(maxsize=4096)
def signals_class(value: str) -> bool:
    return any(("class", name) in _BY_NAME for name in value.lower().split())


@lru_cache(maxsize=4096)
def signals_id(value: str) -> bool:
    return ("id", value.lower()) in _BY_NAME


def signal_tier(element: etree._Element) -> int | None:
    """The strongest container tier the element's ``class`` or ``id`` names, or None."""
    best: int | None = None
    ident = element.get("id")
    if ident:
        best = _BY_NAME.get(("id", ident.lower()))
    classes = element.get("class")
    if classes:
        for name in classes.lower().split():
            tier = _BY_NAME.get(("class", name))
            if tier is not None and (best is None or tier < best):
                best = tier
    return best


def pick_container(candidates: list[tuple[int, etree._Element]]) -> etree._Element | None:
    """The outermost element of the best tier that holds text or images; the largest if several."""
    for tier in sorted({t for t, _ in candidates}):
        elements = [e for t, e in candidates if t == tier]
        outer = [e for e in elements if not any(o is not e and _contains(o, e) for o in elements)]
        scored = [(_content_size(e), e) for e in outer]
        scored = [(size, e) for size, e in scored if size > 0]
        if scored:
            return max(scored, key=lambda item: item[0])[1]
    return None


def _contains(outer: etree._Element, inner: etree._Element) -> bool:
    return any(ancestor is outer for ancestor in inner.iterancestors())


_TEXT_SIZE = etree.XPath("string-length(normalize-space(.))")
_IMAGES = etree.XPath("count(.//img)")


def _content_size(element: etree._Element) -> int:
    """Characters of text (whitespace runs counted once), or the number of images when text is scarce."""
    text = int(_TEXT_SIZE(element))
    return text + (int(_IMAGES(element)) if text < 20 else 0)
