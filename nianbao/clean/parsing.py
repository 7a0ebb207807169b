"""Parse decoded HTML into one lxml tree, nested as a browser would nest it.

libxml2 ends the document at the first ``</html>`` or ``</body>``: a header include that carries its own
closing tags (common on portals assembled from server-side includes) makes lxml drop the article that
follows. Browsers ignore those end tags until the real end of the input, so they are removed before
parsing. libxml2 also caps nesting depth (256), which keeps 10,000-deep pages bounded; the cut is reported.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field

from lxml import etree

_END_TAGS = re.compile(r"</\s*(?:[hH][tT][mM][lL]|[bB][oO][dD][yY])\s*>")  # no IGNORECASE: 5x faster
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufdd0-\ufdef]")  # noncharacters: internal sentinels
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*>", re.IGNORECASE)
_DEPTH_LIMIT = 255


@dataclass
class Parsed:
    """The document root plus repairs and warnings noticed while parsing."""

    root: etree._Element | None
    repairs: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def prepare_markup(text: str) -> tuple[str, list[str]]:
    """Remove what libxml2 mis-handles: early ``</html>``/``</body>``, XML declarations, control characters
    (and noncharacters, the block builder's sentinels)."""
    repairs: list[str] = []
    text, ends = _END_TAGS.subn("", _XML_DECL.sub("", text, count=1))
    if ends > 2:
        repairs.append(f"markup: ignored {ends - 2} stray </html>/</body> before the end")
    if _CONTROL.search(text):
        text = _CONTROL.sub("", text)
        repairs.append("markup: removed control characters")
    return text, repairs


def parse_html(text: str) -> Parsed:
    """Parse ``text`` into an ``<html>`` root; ``root`` is None only when there is no markup at all."""
    markup, repairs = prepare_markup(text)
    parsed = Parsed(None, repairs)
    if not markup.strip():
        parsed.warnings.append("empty page")
        return parsed
    try:
        parser = _parser()
        parsed.root = etree.fromstring(markup, parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        parsed.warnings.append(f"unparseable markup: {exc}")
        return parsed
    if parsed.root is None:
        parsed.warnings.append("no markup found")
        return parsed
    if _too_deep(parser):
        parsed.warnings.append(f"markup nested deeper than {_DEPTH_LIMIT} levels: the rest was cut")
    return parsed


def parse_fragment(markup: str) -> etree._Element | None:
    """Parse an HTML fragment (a body from script JSON or between comment markers) inside a ``<div>``."""
    markup, _ = prepare_markup(markup)
    if not markup.strip():
        return None
    try:
        root = etree.fromstring(f"<div>{markup}</div>", _parser())
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None
    return root.find("body/div") if root is not None else None


_LOCAL = threading.local()


def _parser() -> etree.HTMLParser:
    """Plain (not ``lxml.html``) elements: no Python class lookup per node, which dominates the cost.

    One parser per thread, reused (creating one per page costs as much as a small parse)."""
    parser = getattr(_LOCAL, "parser", None)
    if parser is None:
        parser = _LOCAL.parser = etree.HTMLParser(
            remove_comments=True, remove_pis=True, no_network=True, default_doctype=False
        )
    return parser


def _too_deep(parser: etree.HTMLParser) -> bool:
    """True when libxml2 hit its depth cap on the last parse (read from the parser's error log, free)."""
    return any("depth" in entry.message for entry in parser.error_log.filter_types(_RESOURCE_LIMIT))


_RESOURCE_LIMIT = [etree.ErrorTypes.ERR_RESOURCE_LIMIT]
