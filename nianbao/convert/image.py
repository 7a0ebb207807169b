"""PNG/JPEG/TIFF scans → CleanedDocument via OCR (see ``ocr``); every frame of a TIFF is a page."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

from nianbao.convert.layout import assemble
from nianbao.convert.limits import ConversionError, Deadline, Limits
from nianbao.convert.ocr import ocr_pages
from nianbao.document import CleanedDocument


def convert_image(data: bytes, limits: Limits, deadline: Deadline) -> CleanedDocument:
    from PIL import Image

    Image.MAX_IMAGE_PIXELS = limits.max_pixels * 4  # larger declared sizes are refused, not decoded
    try:
        image = Image.open(io.BytesIO(data))
        frames = getattr(image, "n_frames", 1)
    except Exception as exc:
        raise ConversionError(f"unreadable image: {type(exc).__name__}: {exc}") from exc
    warnings: list[str] = []
    pages = list(
        ocr_pages(_frames(image, min(frames, limits.max_pages), deadline, warnings), limits, deadline)
    )
    doc = assemble(pages, warnings)
    doc.image_only = True
    doc.repairs.append("text read by OCR (tesseract chi_sim)")
    return doc


def _frames(image: Any, count: int, deadline: Deadline, warnings: list[str]) -> Iterator[Any]:
    """The frames of an image one by one, until the time limit or an undecodable frame."""
    for index in range(count):
        if deadline.expired():
            warnings.append(f"time limit reached: frames {index + 1}-{count} not read")
            return
        try:
            image.seek(index)
            image.load()
        except Exception as exc:
            warnings.append(f"image frame {index + 1} not decoded: {type(exc).__name__}: {exc}")
            return
        yield image
