"""Line-level passes over the built blocks: chrome and spam lines, the repeated title; nearby attachments.

Chrome that survives element removal (a 来源/发布日期 line or a 【打印本页】【关闭窗口】 row inside
``#zoom``) is recognised by its words; meta lines are read into the metadata before they go.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from lxml import etree

from nianbao.clean.blocks import is_attachment_href
from nianbao.clean.chrome import attribute_is_chrome, chrome_kind, is_meta_line, lines_with_signal
from nianbao.clean.metadata import fields_from_text, fill
from nianbao.clean.spam import has_strong_term, spam_coverage, spam_score
from nianbao.document import Attachment, Block, normalize_line

if TYPE_CHECKING:
    from nianbao.clean.core import _Run

_CHINA = timezone(timedelta(hours=8))
_SCRIPT_KEYS = {
    "publisher": "source", "source": "source", "identifier": "index_number", "document_number": "document_number",
    "display_publish_time": "published", "publish_time": "published", "first_publish_time": "published",
}  # fmt: skip
_TITLE_WINDOW = 3


def _compact(text: str) -> str:
    return "".join(text.split())


def filter_lines(blocks: list[Block], title: str, run: _Run) -> list[Block]:
    """Blocks minus chrome lines, spam lines and a leading repeat of the title (counted in ``removed``).

    Most body lines hold no chrome word and no spam term: one scan of all the lines joined finds the few
    that need the full line analysis."""
    kept: list[Block] = []
    title_key = _compact(title)
    texts = [block.text for block in blocks]
    joined = "\n".join(texts)
    suspects = lines_with_signal(joined, texts)
    spam_possible = has_strong_term(joined)
    for position, block in enumerate(blocks):
        if block.table is not None:
            kept.append(block)
            continue
        kind = _line_kind(block.text, title_key, position, position in suspects, spam_possible)
        if kind is None:
            kept.append(block)
            continue
        run.removed[kind] += 1
        if is_meta_line(block.text):
            fill(run.metadata, fields_from_text(block.text))
    return kept


def _line_kind(
    text: str, title_key: str, position: int, chrome_signal: bool, spam_possible: bool
) -> str | None:
    if position < _TITLE_WINDOW and title_key and _compact(text) == title_key:
        return "title_repeat"
    kind = chrome_kind(text) if chrome_signal else None
    if kind:
        return f"chrome:{kind}"
    if spam_possible and len(text) <= 120 and spam_score(text) >= 3 and spam_coverage(text) >= 0.25:
        return "spam"
    return None


def script_fields(fields: dict[str, Any]) -> dict[str, str]:
    """gkmlpt ``DETAIL`` keys → Metadata fields; epoch seconds become ISO times in China time."""
    found: dict[str, str] = {}
    for key, target in _SCRIPT_KEYS.items():
        value = fields.get(key)
        if isinstance(value, int) and value > 0:
            value = datetime.fromtimestamp(value, _CHINA).isoformat(timespec="seconds")
        if isinstance(value, str) and value.strip() and target not in found:
            found[target] = value.strip()
    return found


def attachments_near(body_root: etree._Element, attachments: list[Attachment], base: str | None) -> None:
    """Record attachment links just outside the body container (TRS lists them below it).

    They are metadata, not body text: the body is what the container holds."""
    parent = body_root.getparent()
    if parent is None:
        return
    inside = set(body_root.iter("a"))
    for link in parent.iter("a"):
        href = link.get("href") or ""
        if link in inside or not is_attachment_href(href) or _in_chrome(link, parent):
            continue
        name = normalize_line("".join(link.itertext())) or href.rsplit("/", 1)[-1]
        url = urljoin(base, href) if base else href
        if all(a.url != url for a in attachments):
            attachments.append(Attachment(name=name, url=url))


def _in_chrome(link: etree._Element, stop: etree._Element) -> bool:
    for ancestor in link.iterancestors():
        if ancestor is stop:
            return False
        if attribute_is_chrome(ancestor):
            return True
    return False
