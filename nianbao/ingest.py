"""Fetched bytes of a report → one cleaned document, whatever the form (HTML page, multi-page article,
PDF/DOC/DOCX/WPS/XLS(X)/scan). Used by the crawl pipelines, ``reparse`` and the CLI alike; the form is
decided by ``nianbao.convert.sniff`` from the bytes, never from a name or a Content-Type."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from nianbao.document import CleanedDocument


def to_document(
    bodies: Sequence[bytes],
    url: str | None = None,
    headers: Mapping[str, str] | None = None,
    name: str | None = None,
) -> CleanedDocument:
    """Clean every part and join them: the first part gives title and metadata, later parts add blocks.

    ``name`` (default ``url``) is what a file converter checks the sniffed format against."""
    parts = [one_document(body, url, headers, name) for body in bodies]
    if not parts:
        return CleanedDocument(title="", warnings=["no content"])
    first = parts[0]
    for extra in parts[1:]:
        first.blocks.extend(extra.blocks)
        first.attachments.extend(a for a in extra.attachments if a not in first.attachments)
        first.warnings.extend(extra.warnings)
        first.image_only = first.image_only and extra.image_only
    return first


def one_document(
    body: bytes, url: str | None = None, headers: Mapping[str, str] | None = None, name: str | None = None
) -> CleanedDocument:
    """A file format the converters read goes to them; anything else is cleaned as a page."""
    from nianbao.clean import clean_page
    from nianbao.convert import convert_file, is_convertible

    if is_convertible(body):
        return convert_file(body, name=name or url)
    return clean_page(body, url=url, headers=dict(headers or {}))
