"""PNG/JPEG/TIFF scans → CleanedDocument via OCR (see ``ocr``); every frame of a TIFF is a page."""

from __future__ import annotations

import io

from nianbao.convert.layout import assemble
from nianbao.convert.limits import ConversionError, Deadline, Limits
from nianbao.convert.ocr import ocr_page
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
    pages = []
    for index in range(min(frames, limits.max_pages)):
        if deadline.expired():
            warnings.append(f"time limit reached: frames {index + 1}-{frames} not read")
            break
        try:
            image.seek(index)
            image.load()
        except Exception as exc:
            warnings.append(f"image frame {index + 1} not decoded: {type(exc).__name__}: {exc}")
            break
        pages.append(ocr_page(image, limits, deadline, warnings))
    doc = assemble(pages, warnings)
    doc.image_only = True
    doc.repairs.append("text read by OCR (tesseract chi_sim)")
    return doc
