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

# UTF-8 forms of what Python's ``\s`` matches in text: ASCII and C1/Unicode spaces
_WS_CHAR = rb"(?:[\t-\r\x1c-\x20]|\xc2[\x85\xa0]|\xe1\x9a\x80|\xe2\x80[\x80-\x8a\xa8\xa9\xaf]|\xe2\x81\x9f|\xe3\x80\x80)"
_WS = _WS_CHAR + b"*"
# the look-ahead turns </p>, </div>, </span>… away at one byte test; not re.I: 5x faster
_END_TAGS = re.compile(
    rb"</(?=[hHbB\t-\r\x1c-\x20\xc2\xe1-\xe3])"
    + _WS
    + rb"(?:[hH][tT][mM][lL]|[bB][oO][dD][yY])"
    + _WS
    + rb">"
)
_CONTROLS = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])
_NONCHARACTER = re.compile(rb"\xef\xb7[\x90-\xaf]")  # U+FDD0..U+FDEF: the block builder's sentinels
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*>", re.IGNORECASE)
_DEPTH_LIMIT = 255


@dataclass
class Parsed:
    """The document root plus repairs and warnings noticed while parsing."""

    root: etree._Element | None
    repairs: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def prepare_markup(text: str, utf8: bytes | None = None) -> tuple[bytes, list[str]]:
    """The UTF-8 bytes libxml2 parses, minus what it mis-handles: early ``</html>``/``</body>``, XML
    declarations, control characters (and noncharacters, the block builder's sentinels).

    Byte-level work: memchr, C translate and literal searches instead of character-class scans over the text,
    and libxml2 reads UTF-8 without converting from Python's internal form. ``utf8``: the page's bytes
    when they are exactly ``text`` in UTF-8 (no encoding pass needed)."""
    repairs: list[str] = []
    if utf8 is not None and not _XML_DECL.match(text):
        data = utf8
    else:
        data = _XML_DECL.sub("", text, count=1).encode("utf-8", "replace")  # "replace": lone surrogates
    data, ends = _END_TAGS.subn(b"", data)
    if ends > 2:
        repairs.append(f"markup: ignored {ends - 2} stray </html>/</body> before the end")
    if any(control in data for control in _CONTROLS) or b"\xef\xb7" in data:  # memchr, not a byte loop
        cleaned = _NONCHARACTER.sub(b"", data.translate(None, _CONTROLS))
        if len(cleaned) != len(data):
            data = cleaned
            repairs.append("markup: removed control characters")
    return data, repairs


def parse_html(text: str, utf8: bytes | None = None) -> Parsed:
    """Parse ``text`` into an ``<html>`` root; ``root`` is None only when there is no markup at all."""
    markup, repairs = prepare_markup(text, utf8)
    parsed = Parsed(None, repairs)
    if _blank(text, markup):
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
    data, _ = prepare_markup(markup)
    if _blank(markup, data):
        return None
    try:
        root = etree.fromstring(b"<div>" + data + b"</div>", _parser())
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None
    return root.find("body/div") if root is not None else None


def _blank(text: str, data: bytes) -> bool:
    return not text.strip() or not data.strip() or (len(data) < 32 and not data.decode("utf-8").strip())


_LOCAL = threading.local()


def _parser() -> etree.HTMLParser:
    """Plain (not ``lxml.html``) elements: no Python class lookup per node, which dominates the cost.

    One parser per thread, reused (creating one per page costs as much as a small parse)."""
    parser = getattr(_LOCAL, "parser", None)
    if parser is None:
        parser = _LOCAL.parser = etree.HTMLParser(
            remove_comments=True, remove_pis=True, no_network=True, default_doctype=False, encoding="utf-8"
        )
    return parser


def _too_deep(parser: etree.HTMLParser) -> bool:
    """True when libxml2 hit its depth cap on the last parse (read from the parser's error log, free)."""
    return any("depth" in entry.message for entry in parser.error_log.filter_types(_RESOURCE_LIMIT))


_RESOURCE_LIMIT = [etree.ErrorTypes.ERR_RESOURCE_LIMIT]
