"""Remove what a reader never sees or never wants from a tree: hidden, spam, chrome and index blocks.

Each removal keeps the element's tail (the text that follows it belongs to the parent) and is counted by
kind for ``CleanedDocument.removed``. Only the outermost element of a removed subtree is counted.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from functools import lru_cache

from lxml import etree

from nianbao.clean.chrome import ATTR_CHROME, STRUCTURAL_CHROME
from nianbao.clean.containers import AttributeValues, elements_with_values, signals_class, signals_id
from nianbao.clean.hidden import HidingRules
from nianbao.clean.hidden import hidden_elements as _hidden
from nianbao.clean.metadata import is_index_table
from nianbao.clean.spam import STRONG_SET, is_foreign, is_spam, residue, spam_terms_in

_ABSOLUTE_LINKS = etree.XPath("descendant-or-self::a[contains(@href, '//')]")
_PUNCT = re.compile(r"[，。；]")
_INDEX_HINT = re.compile(r"suoyin|syh|xxgk|gkxx|info|meta|attr|table", re.IGNORECASE)
_SPAM_TAGS = frozenset(
    ["a", "span", "font", "b", "strong", "em", "i", "u", "p", "div", "li", "marquee", "small", "label"]
)


def _outermost(elements: list[etree._Element]) -> list[etree._Element]:
    chosen = set(elements)
    return [e for e in elements if not any(a in chosen for a in e.iterancestors())]


def drop_all(elements: Iterable[etree._Element], kind: str, removed: Counter[str]) -> None:
    """Remove the outermost of ``elements`` (tails kept) and count them under ``kind``."""
    for element in _outermost(list(elements)):
        if element.getparent() is not None:
            remove_keep_tail(element)
            removed[kind] += 1


def remove_keep_tail(element: etree._Element) -> None:
    """Detach ``element``; its tail text stays in the document (appended to the previous node)."""
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def find(root: etree._Element, test: Callable[[etree._Element], bool]) -> list[etree._Element]:
    return [e for e in root.iter() if isinstance(e.tag, str) and test(e)]


def hidden_elements(
    root: etree._Element, rules: HidingRules, source: str | None = None
) -> list[etree._Element]:
    return _hidden(root, rules, source)


def spam_elements(root: etree._Element, page_host: str | None) -> list[etree._Element]:
    """Spam links to foreign sites; short spam elements too when the page holds a strong spam term.

    The terms are looked for in the tree's text (one C serialisation, a twentieth of the markup of a
    Word-exported page), so a clean page skips the tree scans."""
    found: list[etree._Element] = []
    present = spam_terms_in(etree.tostring(root, method="text", encoding="unicode"))
    terms = [term for term in present if term in STRONG_SET]
    if terms:
        test = " or ".join(f"contains(., $t{n})" for n in range(len(terms)))
        for node in root.xpath(f"//text()[{test}]", **{f"t{n}": t for n, t in enumerate(terms)}):
            outermost = _spam_ancestor(node.getparent(), page_host)
            if outermost is not None:
                found.append(outermost)
    elif not present:
        return found  # a spam link's anchor holds a spam term: none on the page, no link to test
    links = [a for a in _ABSOLUTE_LINKS(root) if is_foreign(a.get("href") or "", page_host)]
    return found + [a for a in links if is_spam(a, page_host)]


def _spam_ancestor(element: etree._Element | None, page_host: str | None) -> etree._Element | None:
    """The outermost of up to three spam levels, climbing only while an ancestor adds no text of its own
    besides spam (a short body holding one spam line must not go with it)."""
    outermost: etree._Element | None = None
    inner_text = ""
    for _ in range(3):
        if element is None or element.tag not in _SPAM_TAGS or not is_spam(element, page_host):
            break
        text = "".join(element.itertext())
        if outermost is not None and residue(text.replace(inner_text, "", 1)):
            break
        outermost, inner_text, element = element, text, element.getparent()
    return outermost


def is_prose(element: etree._Element) -> bool:
    """Enough sentence text outside links that the element is content whatever its class says."""
    if len(etree.tostring(element, method="text", encoding="unicode", with_tail=False)) <= 300:
        return False  # the common case, decided in C: too little text of any kind
    text = "".join(_TEXT_OUTSIDE_LINKS(element))
    return len(text) > 300 and len(_PUNCT.findall(text)) >= 5


_TEXT_OUTSIDE_LINKS = etree.XPath("descendant::text()[not(ancestor::a)]", smart_strings=False)


def chrome_elements(
    root: etree._Element,
    keep: etree._Element | None = None,
    values: AttributeValues | None = None,
    named: list[etree._Element] | None = None,
) -> list[etree._Element]:
    """Descendants of ``root`` named or tagged as chrome, except prose and ancestors of ``keep``.

    ``named``: the page's chrome-named elements found earlier (``chrome_named``), to filter, not search."""
    protected = set(keep.iterancestors()) | {keep} if keep is not None else set()
    if named is None:
        named = elements_with_values(root, _chrome_class, _chrome_name, axis="descendant::", values=values)
    else:
        named = [e for e in named if any(a is root for a in e.iterancestors())]
    named += root.iterdescendants(*STRUCTURAL_CHROME)  # tag filter in C
    return [e for e in named if e is not root and e not in protected and not is_prose(e)]


def is_chrome_named(element: etree._Element) -> bool:
    return _chrome_class(element.get("class") or "") or _chrome_name(element.get("id") or "")


def chrome_or_container_class(value: str) -> bool:
    return _chrome_class(value) or signals_class(value)


def chrome_or_container_id(value: str) -> bool:
    return _chrome_name(value) or signals_id(value)


@lru_cache(maxsize=4096)
def _chrome_class(value: str) -> bool:
    return not value.startswith("Mso") and _chrome_name(value)


@lru_cache(maxsize=4096)
def _chrome_name(value: str) -> bool:
    return bool(value.strip()) and bool(ATTR_CHROME.search(value))


def index_tables(root: etree._Element, source: str | None = None) -> list[etree._Element]:
    """信息公开 index blocks (索引号/发布机构/生成日期…) under ``root``."""
    if source is not None and "索引号" not in source:
        return []

    found: list[etree._Element] = []
    for text in root.xpath("//text()[contains(., '索引号')]"):
        element = text.getparent()
        for _ in range(5):
            if element is None or element in found:
                break
            hint = element.tag == "table" or _INDEX_HINT.search(f"{element.get('class')} {element.get('id')}")
            if hint and is_index_table(element):
                found.append(element)
                break
            element = element.getparent()
    return found


def contains_any(element: etree._Element, inner: list[etree._Element]) -> bool:
    return any(element is i or any(a is element for a in i.iterancestors()) for i in inner)
