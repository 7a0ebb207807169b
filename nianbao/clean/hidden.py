"""Content a browser would not show: hidden by inline style, by the page's own stylesheet, or by ``hidden``.

Injected spam on government portals hides behind ``display:none``, ``visibility:hidden``, zero-size boxes
with ``overflow:hidden``, ``font-size:0`` and off-screen positions or ``text-indent``. Stylesheet rules are
honoured for simple selectors only (``.c``, ``#i``, ``tag``, ``tag.c``, ``tag#i``, comma lists); rules
inside ``@media`` blocks (print styles hide toolbars, not body) are ignored.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from lxml import etree

_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_AT_BLOCK = re.compile(
    r"@(?:media|supports|document|keyframes|-webkit-keyframes)[^{]*\{(?:[^{}]*\{[^{}]*\})*[^{}]*\}"
)
_RULE = re.compile(r"([^{}@;]+)\{([^{}]*)\}")
_SIMPLE = re.compile(r"^([a-zA-Z][a-zA-Z0-9]*)?(?:([.#])([\w\-]+))?$")
_HIDING = (
    re.compile(r"display\s*:\s*none", re.I),
    re.compile(r"visibility\s*:\s*(?:hidden|collapse)", re.I),
    re.compile(r"(?<![-\w])font-size\s*:\s*0(?:\.0+)?(?:px|pt|em|rem|%)?\s*(?:!important)?\s*(?:;|$)", re.I),
    re.compile(r"(?<![-\w])opacity\s*:\s*0(?:\.0+)?\s*(?:!important)?\s*(?:;|$)", re.I),
    re.compile(r"(?:text-indent|left|top|margin-left|margin-top)\s*:\s*-\d{3,}", re.I),
)
_ZERO = re.compile(r"(?<![-\w])(width|height)\s*:\s*0(?:px|pt|em|%)?\s*(?:!important)?\s*(?:;|$)", re.I)
_OVERFLOW_HIDDEN = re.compile(r"overflow\s*:\s*hidden", re.I)
_NEVER_HIDE = {"html", "body", "head"}
_SETS = "http://exslt.org/sets"


def style_hides(style: str) -> bool:
    """True when a declaration block hides its element (display, visibility, size, font, position)."""
    if any(pattern.search(style) for pattern in _HIDING):
        return True
    zero = {m.group(1).lower() for m in _ZERO.finditer(style)}
    return len(zero) == 2 or bool(zero and _OVERFLOW_HIDDEN.search(style))


@dataclass
class HidingRules:
    """Simple selectors from the page's stylesheet whose declarations hide the element."""

    classes: set[str] = field(default_factory=set)
    ids: set[str] = field(default_factory=set)
    tags: set[str] = field(default_factory=set)
    tag_classes: set[tuple[str, str]] = field(default_factory=set)

    def __bool__(self) -> bool:
        return bool(self.classes or self.ids or self.tags or self.tag_classes)

    def add(self, selector: str) -> None:
        match = _SIMPLE.match(selector.strip())
        if not match or not (match.group(1) or match.group(3)):
            return
        tag, kind, name = (match.group(1) or "").lower(), match.group(2), match.group(3)
        if kind == "#":
            self.ids.add(name)
        elif kind == "." and tag:
            self.tag_classes.add((tag, name))
        elif kind == ".":
            self.classes.add(name)
        elif tag not in _NEVER_HIDE:
            self.tags.add(tag)

    def xpath(self) -> str:
        """One XPath union selecting every element these rules hide."""
        tests = [f"self::{tag}" for tag in self.tags] + [f"@id='{name}'" for name in self.ids]
        tests += [_has_class(name) for name in self.classes]
        tests += [f"(self::{tag} and {_has_class(name)})" for tag, name in self.tag_classes]
        return "//*[" + " or ".join(tests) + "]"

    def matches(self, element: etree._Element) -> bool:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in self.tags or element.get("id") in self.ids:
            return True
        for name in (element.get("class") or "").split():
            if name in self.classes or (tag, name) in self.tag_classes:
                return True
        return False


def _has_class(name: str) -> str:
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def read_stylesheets(css_texts: Iterable[str]) -> HidingRules:
    """Collect hiding rules from the text of the page's ``<style>`` elements."""
    rules = HidingRules()
    for css in css_texts:
        css = _AT_BLOCK.sub("", _COMMENT.sub("", css))
        for selectors, declarations in _RULE.findall(css):
            if style_hides(declarations):
                for selector in selectors.split(","):
                    rules.add(selector)
    return rules


_STYLE_VALUES = etree.XPath("set:distinct(//*/@style)", namespaces={"set": _SETS}, smart_strings=False)
# attribute-axis paths with the test on the attribute, then its parent: several times faster in libxml2
# than ``//*[@hidden]``, which builds a predicate context for every element of the page
_HIDDEN_ATTRIBUTE = etree.XPath("//*/@hidden/..")


@lru_cache(maxsize=4096)
def _hides(style: str) -> bool:
    return style_hides(style)


def hidden_elements(
    root: etree._Element, rules: HidingRules, source: str | None = None
) -> list[etree._Element]:
    """Every element under ``root`` hidden by style, ``hidden`` or a stylesheet rule.

    A page repeats a few distinct ``style`` values on thousands of elements (Word HTML): each distinct
    value is judged once, then the elements carrying a hiding one are selected in one XPath pass."""
    found: list[etree._Element] = []
    if source is None or "hidden" in source or "HIDDEN" in source:
        found += [e for e in _HIDDEN_ATTRIBUTE(root) if e.tag not in _NEVER_HIDE]
    hiding = [style for style in _STYLE_VALUES(root) if _hides(style)]
    if hiding:
        test = " or ".join(f".=$s{n}" for n in range(len(hiding)))
        values = {f"s{n}": style for n, style in enumerate(hiding)}
        found += [e for e in root.xpath(f"//*/@style[{test}]/..", **values) if e.tag not in _NEVER_HIDE]
    if rules:
        found += [e for e in root.xpath(rules.xpath()) if e.tag not in _NEVER_HIDE]
    return found


def is_hidden(element: etree._Element, rules: HidingRules) -> bool:
    """True when ``element`` is hidden by its ``style``, its ``hidden`` attribute or a stylesheet rule."""
    if element.tag in _NEVER_HIDE:
        return False
    style = element.get("style")
    if style and style_hides(style):
        return True
    if element.get("hidden") is not None:
        return True
    return bool(rules) and rules.matches(element)
