"""Fetched bytes of a report → one cleaned document, whatever the form (HTML page, multi-page article,
PDF/DOC/DOCX/XLS(X)/scan). Used by the crawl pipelines, ``reparse`` and the CLI alike."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from nianbao.document import CleanedDocument


def is_html(data: bytes, content_type: str = "") -> bool:
    """HTML by sniffing the first bytes (the Content-Type only breaks a tie)."""
    head = data[:1024].lstrip().lower()
    if head.startswith((b"%pdf", b"pk\x03\x04", b"\xd0\xcf\x11\xe0", b"\x89png", b"\xff\xd8\xff")):
        return False
    markers = (b"<!doctype", b"<html", b"<head", b"<body", b"<meta", b"<div", b"<p", b"<table", b"<!--")
    return head.startswith(markers) or b"<html" in head or "html" in content_type.lower() or not head


def to_document(
    bodies: Sequence[bytes], url: str | None = None, headers: Mapping[str, str] | None = None
) -> CleanedDocument:
    """Clean every part and join them: the first part gives title and metadata, later parts add blocks."""
    from nianbao.clean import clean_page

    parts = [_one(body, url, headers, clean_page) for body in bodies]
    if not parts:
        return CleanedDocument(title="", warnings=["no content"])
    first = parts[0]
    for extra in parts[1:]:
        first.blocks.extend(extra.blocks)
        first.attachments.extend(a for a in extra.attachments if a not in first.attachments)
        first.warnings.extend(extra.warnings)
        first.image_only = first.image_only and extra.image_only
    return first


def _one(
    body: bytes, url: str | None, headers: Mapping[str, str] | None, clean_page: object
) -> CleanedDocument:
    content_type = (headers or {}).get("Content-Type", "")
    if is_html(body, content_type):
        return clean_page(body, url=url, headers=dict(headers or {}))  # type: ignore[operator]
    try:
        from nianbao.convert import convert_file
    except ImportError:
        return CleanedDocument(title="", warnings=["file converters are not installed"])
    return convert_file(body, name=url)
