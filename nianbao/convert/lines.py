"""Text repairs shared by the converters: closing up spaced-out CJK characters, rejoining labels broken
over lines, recognising page numbers and section headings."""

from __future__ import annotations

import re

from nianbao.document import normalize_line

CJK = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef\u2014-\u2027\u00b7"
_CJK_GAP = re.compile(f"(?<=[{CJK}]) +(?=[{CJK}])")
_PAGE_NUMBER = re.compile(
    r"^(?:[-—–－\s]*\d{1,4}[-—–－\s]*|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4}|page\s*\d+(?:\s*of\s*\d+)?)$",
    re.IGNORECASE,
)
_HEADING = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}、|（[一二三四五六七八九十]{1,3}）|\([一二三四五六七八九十]{1,3}\))"
)
_ATTACHMENT_LABEL = re.compile(r"^附\s*件\s*\d*\s*[:：]?$")

_SPACE = re.compile(r"(?<![A-Za-z0-9]) +| +(?![A-Za-z0-9])")
_FULLWIDTH = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！"}
_CJK_PUNCT = re.compile(f"(?<=[{CJK}])([,:;?!])|([,:;?!])(?=[{CJK}])")
_PARENS = re.compile(f"[(（〈]([^()（）〈〉]*[{CJK}][^()（）〈〉]*)[)）〉]")
_NOISE = re.compile(r"^[_|‘'`~]+$")


def close_up(text: str) -> str:
    """Drop spaces between two CJK characters ("三 、本 年 度" -> "三、本年度"), collapse the rest."""
    return _CJK_GAP.sub("", normalize_line(text))


def join_wrapped(parts: list[str]) -> str:
    """Rejoin pieces of one label broken over lines: no separator, except a space between two words
    of Latin letters."""
    out = ""
    for part in (normalize_line(p) for p in parts):
        if not part:
            continue
        if out and out[-1].isascii() and out[-1].isalpha() and part[0].isascii() and part[0].isalpha():
            out += " "
        out += part
    return close_up(out)


def is_page_number(text: str) -> bool:
    return bool(_PAGE_NUMBER.match(normalize_line(text)))


def is_heading(text: str) -> bool:
    return bool(_HEADING.match(text))


def is_attachment_label(text: str) -> bool:
    """The "附件1" line printed above the title of an attached report."""
    return bool(_ATTACHMENT_LABEL.match(normalize_line(text)))


def block_kind(text: str) -> str:
    return "heading" if is_heading(text) else "paragraph"


def ocr_text(text: str) -> str:
    """OCR output in the printed form: no spaces inside Chinese text, full-width punctuation next to it."""
    text = " ".join(t for t in text.split() if not _NOISE.match(t)) if len(text.split()) > 1 else text
    text = _SPACE.sub("", text.strip())
    text = _CJK_PUNCT.sub(lambda m: _FULLWIDTH[m.group(1) or m.group(2)], text)
    return _PARENS.sub(r"（\1）", text)
