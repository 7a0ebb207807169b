"""Decode raw page bytes by their real encoding.

Declarations (BOM, HTTP ``Content-Type``, ``<meta charset>``) are hints, never trusted blindly: each
candidate is validated by a strict decode. A body that is valid UTF-8 with non-ASCII bytes is UTF-8
whatever it claims (GBK text is practically never valid UTF-8); GBK and GB2312 are read as their superset
GB18030; single-byte declarations (ISO-8859-1, windows-1252, ASCII) decode anything and so are tried last.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-z0-9_\-]+)""")  # on a lowered head
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([a-zA-Z0-9_\-]+)", re.IGNORECASE)
_GB_FAMILY = {"gbk", "gb2312", "gb18030", "gb_2312-80", "x-gbk", "cp936", "euc-cn", "hz-gb-2312"}
_WEAK = {"latin-1", "iso8859-1", "cp1252", "ascii"}
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
_MAX_BAD_RATIO = 0.001


@dataclass
class Decoded:
    """The page as text, the encoding used, and what was noticed on the way."""

    text: str
    encoding: str
    declared: str | None = None
    warnings: list[str] = field(default_factory=list)
    repairs: list[str] = field(default_factory=list)
    utf8: bytes | None = None  # the page's own bytes when they are exactly ``text`` in UTF-8


def canonical(name: str | None) -> str | None:
    """Python codec name for a declared charset, GB family mapped to gb18030; None if unknown."""
    if not name:
        return None
    try:
        codec = codecs.lookup(name.strip().lower()).name
    except LookupError:
        return None
    return "gb18030" if codec in _GB_FAMILY or name.lower() in _GB_FAMILY else codec


def declared_charset(body: bytes, headers: dict[str, str] | None) -> str | None:
    """The charset the page claims: HTTP header first, then the first ``<meta>`` in the first 8 KB."""
    for key, value in (headers or {}).items():
        if key.lower() == "content-type":
            match = _HEADER_CHARSET.search(value)
            if match:
                return match.group(1)
    meta = _META_CHARSET.search(body[:8192].lower())  # lower() + a literal prefix: no IGNORECASE scan
    return meta.group(1).decode("ascii", "ignore") if meta else None


def _strict(body: bytes, encoding: str) -> str | None:
    try:
        return body.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _candidates(declared: str | None) -> list[str]:
    order: list[str] = ["utf-8"]
    canon = canonical(declared)
    if canon and canon not in _WEAK:
        order.append(canon)
    order += ["gb18030", "big5"]
    if canon and canon in _WEAK:
        order.append(canon)
    return list(dict.fromkeys(order))


def _bad_ratio(body: bytes, encoding: str) -> tuple[float, str]:
    text = body.decode(encoding, errors="replace")
    return text.count("\ufffd") / max(1, len(text)), text


def decode_page(body: bytes, headers: dict[str, str] | None = None) -> Decoded:
    """Decode ``body``: BOM, then strict trial of UTF-8 and the declared/GB/Big5 codecs, then a best guess."""
    for bom, encoding in _BOMS:
        if body.startswith(bom):
            return Decoded(body[len(bom) :].decode(encoding, errors="replace"), encoding, encoding)
    declared = declared_charset(body, headers)
    canon = canonical(declared)
    if body.isascii():
        return Decoded(body.decode("ascii"), canon or "ascii", declared, utf8=body)
    for encoding in _candidates(declared):
        text = _strict(body, encoding)
        if text is not None:
            decoded = _found(text, encoding, declared, canon)
            decoded.utf8 = body if encoding == "utf-8" else None
            return decoded
    return _best_effort(body, declared, canon)


def _found(text: str, encoding: str, declared: str | None, canon: str | None) -> Decoded:
    decoded = Decoded(text, encoding, declared)
    if canon and canon != encoding and not (canon == "ascii" and encoding == "utf-8"):
        decoded.repairs.append(f"encoding: declared {declared} but decoded as {encoding}")
    return decoded


def _best_effort(body: bytes, declared: str | None, canon: str | None) -> Decoded:
    """Nothing decodes strictly (truncated or damaged bytes): take the codec with the fewest errors."""
    scored = [(*_bad_ratio(body, enc), enc) for enc in _candidates(declared)]
    guess = _normalizer_guess(body)
    if guess:
        scored.append((*_bad_ratio(body, guess), guess))
    ratio, text, encoding = min(scored, key=lambda item: item[0])
    decoded = _found(text, encoding, declared, canon)
    decoded.warnings.append(f"encoding: invalid bytes, decoded as {encoding} with {ratio:.2%} replaced")
    if ratio > _MAX_BAD_RATIO * 50:
        decoded.warnings.append("encoding: text is largely undecodable (binary or unknown encoding?)")
    return decoded


def _normalizer_guess(body: bytes) -> str | None:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - declared dependency
        return None
    best = from_bytes(body[:200_000]).best()
    return canonical(best.encoding) if best else None
