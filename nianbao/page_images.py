"""Body images of a report page → OCR blocks, and whether an image is worth the OCR at all.

``worth_ocr(data)`` is the cheap test run before tesseract: the sniffed type must be a raster image OCR
reads (PNG, JPEG, TIFF; GIF re-encoded), the image large enough to hold a table, and its pixels must look
like a document: mostly light, with a little dark ink, and either ruled lines (a table: long dark
horizontal runs) or the ink share of printed text. Photos of meetings, banners and QR codes fail it.
``read_images`` OCRs the worthy images of one page with ``nianbao.convert`` under one time budget.
"""

from __future__ import annotations

import copy
import hashlib
import io
import time
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field

from nianbao.convert import Limits, convert_file, sniff
from nianbao.document import Block

OCR_KINDS = frozenset({"png", "jpeg", "tiff", "gif"})
MIN_BYTES = 2_000
MAX_BYTES = 30_000_000
MIN_WIDTH, MIN_HEIGHT = 300, 120
MAX_SIDE = 20_000
LIGHT, DARK = 200, 128  # grey levels: paper above LIGHT, ink below DARK
MIN_LIGHT_SHARE = 0.6  # share of light pixels on a page image (a photo has far fewer)
TEXT_INK = (0.005, 0.30)  # dark-pixel share of printed text, ruled or not
RULE_SHARE = 0.35  # a row this dark across the image is a ruling line
MIN_RULES = 3  # distinct horizontal rules that make a table
TEXT_LIGHT_SHARE = 0.8  # unruled images must be this light to pass as printed text


@dataclass(frozen=True)
class Verdict:
    """Whether to OCR an image, and the measurements that decided it."""

    ok: bool
    reason: str
    kind: str = ""
    width: int = 0
    height: int = 0
    light: float = 0.0
    dark: float = 0.0
    rules: int = 0


@dataclass
class ImageText:
    """What OCR read from one body image (``blocks`` empty when skipped or unreadable)."""

    url: str
    blocks: list[Block] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    verdict: Verdict | None = None
    seconds: float = 0.0


def worth_ocr(data: bytes) -> Verdict:
    """Cheap look at an image (header, then one greyscale pass) deciding whether OCR may find text."""
    kind = sniff(data)
    if kind not in OCR_KINDS:
        return Verdict(False, f"not an image OCR reads ({kind})", kind)
    if not MIN_BYTES <= len(data) <= MAX_BYTES:
        return Verdict(False, f"{len(data)} bytes: too small or too large for a table", kind)
    try:
        from PIL import Image

        image = Image.open(io.BytesIO(data))
        width, height = image.size
        if width < MIN_WIDTH or height < MIN_HEIGHT or max(width, height) > MAX_SIDE:
            return Verdict(False, f"{width}x{height} px: not a table's size", kind, width, height)
        light, dark, rules = _measure(image)
    except Exception as exc:  # a truncated or lying file: no OCR, no crash
        return Verdict(False, f"undecodable image: {type(exc).__name__}", kind)
    table = rules >= MIN_RULES and light >= MIN_LIGHT_SHARE
    text = light >= TEXT_LIGHT_SHARE and TEXT_INK[0] <= dark <= TEXT_INK[1]
    reason = "ruled table" if table else "printed text" if text else "looks like a photo or graphic"
    return Verdict(table or text, reason, kind, width, height, round(light, 3), round(dark, 3), rules)


def _measure(image: object) -> tuple[float, float, int]:
    """Light share, dark share and the number of ruling lines (runs of dark rows) of the greyscale image."""
    import numpy as np
    from PIL import Image

    assert isinstance(image, Image.Image)
    grey = image.convert("L")
    if grey.width > 2000:  # rows keep their darkness when only the width shrinks
        grey = grey.resize((2000, grey.height))
    pixels = np.asarray(grey)
    dark_rows = (pixels < DARK).mean(axis=1) >= RULE_SHARE
    starts = int(np.count_nonzero(dark_rows[1:] & ~dark_rows[:-1]) + int(dark_rows[0]))
    return float((pixels >= LIGHT).mean()), float((pixels < DARK).mean()), starts


def read_images(images: Sequence[tuple[str, bytes]], seconds: float = 90.0) -> dict[str, ImageText]:
    """OCR every worthy image within ``seconds`` for them all (an image after the budget is reported)."""
    start = time.monotonic()
    out: dict[str, ImageText] = {}
    for url, data in images:
        if url in out:
            continue
        remaining = seconds - (time.monotonic() - start)
        out[url] = read_image(url, data, remaining)
    return out


def read_image(url: str, data: bytes, seconds: float) -> ImageText:
    """One image's blocks (its first OCR line, taken as a title by the converter, first) or the reason why
    none were read. The same image at the same URL again (a report's duplicate page, a page cleaned again)
    is read once per process: OCR costs about a CPU second per table image."""
    key = (hashlib.sha256(data).digest(), url)
    if key in _READ:
        _READ.move_to_end(key)
        again = copy.deepcopy(_READ[key])
        again.seconds = 0.0
        return again
    result = _read_image(url, data, seconds)
    if result.blocks:  # a budget-cut or failed read is tried again next time
        _READ[key] = copy.deepcopy(result)
        while len(_READ) > READ_CACHE_SIZE:
            _READ.popitem(last=False)
    return result


READ_CACHE_SIZE = 64
_READ: OrderedDict[tuple[bytes, str], ImageText] = OrderedDict()


def _read_image(url: str, data: bytes, seconds: float) -> ImageText:
    verdict = worth_ocr(data)
    result = ImageText(url, verdict=verdict)
    name = url.rsplit("/", 1)[-1][:80] or url
    if not verdict.ok:
        result.warnings.append(f"body image {name} not read: {verdict.reason}")
        return result
    if seconds <= 1:
        result.warnings.append(f"body image {name} not read: the page's OCR time budget is spent")
        return result
    started = time.monotonic()
    limits = Limits(max_seconds=seconds, tool_timeout=min(seconds, Limits().tool_timeout), max_pages=4)
    doc = convert_file(_as_png(data) if verdict.kind == "gif" else data, name=name, limits=limits)
    result.seconds = time.monotonic() - started
    result.blocks = ([Block("paragraph", doc.title)] if doc.title else []) + doc.blocks
    result.warnings += [f"body image {name}: {w}" for w in doc.warnings]
    return result


def _as_png(data: bytes) -> bytes:
    """The first frame of a GIF as PNG (the OCR converter reads PNG/JPEG/TIFF)."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.open(io.BytesIO(data)).convert("L").save(buffer, "PNG")
    return buffer.getvalue()
