"""Reports published as files → CleanedDocument: PDF (text layer or scanned), DOCX, DOC/WPS, XLS/XLSX,
PNG/JPEG scans. The format is sniffed from the bytes; every failure becomes a warning on the returned
document, never an exception, and every conversion is bounded (see ``limits.Limits``).

Entry points: ``convert_file(data, name)`` in-process with caps on pages, cells, unpacked bytes, pixels,
time and external-tool timeouts; ``convert_file_isolated`` additionally runs it in a forked process with
a memory cap and a hard wall-time limit; ``is_convertible(data)`` tells whether a converter applies.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from nianbao.convert.limits import ConversionError, Deadline, Limits, run_isolated
from nianbao.convert.sniff import CONVERTIBLE, sniff
from nianbao.document import CleanedDocument

__all__ = ["Limits", "convert_file", "convert_file_isolated", "is_convertible", "sniff"]

_EXTENSIONS = {
    "pdf": {"pdf"},
    "doc": {"doc", "wps", "dot"},
    "wps": {"wps", "doc"},
    "xls": {"xls", "et"},
    "docx": {"docx", "docm", "wpsx"},
    "xlsx": {"xlsx", "xlsm"},
    "png": {"png"},
    "jpeg": {"jpg", "jpeg"},
    "tiff": {"tif", "tiff"},
}


def is_convertible(data: bytes) -> bool:
    """True when the bytes are a file format this package converts (not HTML)."""
    return sniff(data) in CONVERTIBLE


def _converter(kind: str) -> Callable[[bytes, Limits, Deadline], CleanedDocument]:
    if kind == "pdf":
        from nianbao.convert.pdf import convert_pdf

        return convert_pdf
    if kind == "docx":
        from nianbao.convert.docx import convert_docx

        return convert_docx
    if kind in ("doc", "wps"):
        from nianbao.convert.word97 import convert_word97

        return convert_word97
    if kind in ("xls", "xlsx"):
        from nianbao.convert.sheets import convert_xls, convert_xlsx

        return convert_xls if kind == "xls" else convert_xlsx
    from nianbao.convert.image import convert_image

    return convert_image


def _name_warning(kind: str, name: str | None) -> str | None:
    if not name:
        return None
    base = name.rsplit("?", 1)[0].rsplit("/", 1)[-1]
    ext = base.rsplit(".", 1)[-1].lower() if "." in base else ""
    if (
        ext
        and ext in {e for exts in _EXTENSIONS.values() for e in exts}
        and ext not in _EXTENSIONS.get(kind, set())
    ):
        return f"{base} is named .{ext} but its bytes are {kind.upper()}: converted as {kind.upper()}"
    return None


def convert_file(data: bytes, name: str | None = None, limits: Limits | None = None) -> CleanedDocument:
    """The report in ``data`` as a cleaned document; what could not be read is listed in ``warnings``."""
    limits = limits or Limits()
    kind = sniff(data)
    label = name or "file"
    if kind not in CONVERTIBLE:
        reason = {"empty": "is empty", "html": "is an HTML page, not a file to convert"}.get(kind)
        return CleanedDocument(
            title="", warnings=[f"{label} {reason or f'is not a convertible file (sniffed: {kind})'}"]
        )
    if len(data) > limits.max_bytes:
        return CleanedDocument(title="", warnings=[f"{label} is {len(data) >> 20} MiB: over the size limit"])
    notes = [w for w in [_name_warning(kind, name)] if w]
    try:
        doc = _converter(kind)(data, limits, Deadline(limits.max_seconds))
    except ConversionError as exc:
        return CleanedDocument(title="", warnings=[*notes, f"{label}: {exc}"])
    except (MemoryError, RecursionError) as exc:
        return CleanedDocument(
            title="", warnings=[*notes, f"{label}: out of resources ({type(exc).__name__})"]
        )
    except Exception as exc:  # a converter bug or a file no library expected: reported, not raised
        return CleanedDocument(
            title="", warnings=[*notes, f"{label}: {kind} conversion failed: {type(exc).__name__}: {exc}"]
        )
    doc.warnings[:0] = notes
    doc.encoding = doc.encoding or kind
    if not doc.title and not doc.blocks:
        doc.warnings.append(f"{label}: no text found")
    return doc


def convert_file_isolated(
    data: bytes, name: str | None = None, limits: Limits | None = None
) -> CleanedDocument:
    """``convert_file`` in a forked child with a memory cap and a hard time limit (POSIX only)."""
    limits = limits or Limits()
    if os.name != "posix":
        return convert_file(data, name, limits)
    try:
        return run_isolated(convert_file, (data, name, limits), limits)  # type: ignore[return-value]
    except ConversionError as exc:
        return CleanedDocument(title="", warnings=[f"{name or 'file'}: {exc}"])
