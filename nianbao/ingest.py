"""Fetched bytes of a report → one cleaned document, whatever the form (HTML page, multi-page article,
PDF/DOC/DOCX/WPS/XLS(X)/scan). Used by the crawl pipelines, ``reparse`` and the CLI alike; the form is
decided by ``nianbao.convert.sniff`` from the bytes, never from a name or a Content-Type.

A JS portal's article data answer (JSON, ``nianbao.discover.jsonarticle``) is cleaned as the page it fills.

A page whose body holds images (a statistics table pasted as a screenshot) gets the OCR text of each
image spliced in where the image was: before cleaning, every ``<img>`` tag OCR read is replaced by a
marker token, the page is cleaned as usual, and the marker's block is split around that image's blocks
(``nianbao.page_images`` decides what is worth OCR and bounds the time).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from nianbao.discover.jsonarticle import article_page
from nianbao.document import CleanedDocument
from nianbao.image_splice import body_image_urls, file_name, looks_like_page, mark_images, splice_images
from nianbao.page_images import ImageText, read_images

DEFAULT_IMAGE_SECONDS = 90.0


def to_document(
    bodies: Sequence[bytes],
    url: str | None = None,
    headers: Mapping[str, str] | None = None,
    name: str | None = None,
    images: Sequence[tuple[str, bytes]] | None = None,
    part_urls: Sequence[str] = (),
    image_seconds: float = DEFAULT_IMAGE_SECONDS,
) -> CleanedDocument:
    """Clean every part and join them: the first part gives title and metadata, later parts add blocks.

    ``name`` (default ``url``) is what a file converter checks the sniffed format against. ``images`` are
    the fetched body images of the page's parts as (URL, bytes); None when nobody fetched them (a saved
    page, a reparse): the document then says how many body images it could not read. ``part_urls`` are
    the URLs of ``bodies`` (relative image sources resolve against them; default ``url``)."""
    read = read_images(images, image_seconds) if images else {}
    placed: set[str] = set()
    bodies, bases = as_pages(bodies, url, part_urls)
    parts = [
        _one_part(body, url, base, headers, name, read, placed)
        for body, base in zip(bodies, bases, strict=True)
    ]
    if not parts:
        return CleanedDocument(title="", warnings=["no content"])
    first = parts[0]
    for extra in parts[1:]:
        first.blocks.extend(extra.blocks)
        first.attachments.extend(a for a in extra.attachments if a not in first.attachments)
        first.warnings.extend(extra.warnings)
        first.image_only = first.image_only and extra.image_only
    _finish_images(first, bodies, [b or "" for b in bases], images, read, placed)
    return first


def as_pages(
    bodies: Sequence[bytes], url: str | None, part_urls: Sequence[str]
) -> tuple[list[bytes], list[str | None]]:
    """A JS portal's article data answer (JSON) becomes the page it fills in; the links of that page
    resolve against the document's URL (the shell the browser shows it in), not the data URL."""
    pages, bases = [], []
    for index, body in enumerate(bodies):
        page = article_page(body)
        pages.append(page or body)
        bases.append(url if page is not None or index >= len(part_urls) else part_urls[index])
    return pages, bases


def one_document(
    body: bytes, url: str | None = None, headers: Mapping[str, str] | None = None, name: str | None = None
) -> CleanedDocument:
    """One saved page or file (nothing fetched: a page's body images are counted as not read)."""
    return to_document([body], url, headers, name)


def _convert_or_clean(
    body: bytes, url: str | None = None, headers: Mapping[str, str] | None = None, name: str | None = None
) -> CleanedDocument:
    """A file format the converters read goes to them; anything else is cleaned as a page."""
    from nianbao.clean import clean_page
    from nianbao.convert import convert_file, is_convertible

    if is_convertible(body):
        return convert_file(body, name=name or url)
    return clean_page(body, url=url, headers=dict(headers or {}))


def _one_part(
    body: bytes,
    url: str | None,
    base: str | None,
    headers: Mapping[str, str] | None,
    name: str | None,
    read: dict[str, ImageText],
    placed: set[str],
) -> CleanedDocument:
    with_text = {u: r.blocks for u, r in read.items() if r.blocks and u not in placed}
    if not with_text or not looks_like_page(body):
        return _convert_or_clean(body, url, headers, name)
    marked, markers = mark_images(body, base or "", with_text)
    if not markers:
        return _convert_or_clean(body, url, headers, name)
    doc = _convert_or_clean(marked, url, headers, name)
    placed.update(splice_images(doc, markers, with_text))
    return doc


def _finish_images(
    doc: CleanedDocument,
    bodies: Sequence[bytes],
    part_urls: Sequence[str],
    images: Sequence[tuple[str, bytes]] | None,
    read: dict[str, ImageText],
    placed: set[str],
) -> None:
    """Blocks of images whose place was lost go at the end; warnings say what was read and what not."""
    for image_url, result in read.items():
        doc.warnings.extend(result.warnings)
        if result.blocks and image_url not in placed:
            doc.blocks.extend(result.blocks)
            doc.warnings.append(f"body image {image_url}: its place was not found; its text is at the end")
    if any(image_url in placed or result.blocks for image_url, result in read.items()):
        doc.image_only = False
        doc.repairs.append(f"{sum(bool(r.blocks) for r in read.values())} body image(s) read by OCR")
    fetched = {file_name(u) for u, _ in images or ()}
    missing = [u for u in body_image_urls(bodies, part_urls) if file_name(u) not in fetched]
    if missing:
        why = "not fetched" if images is None else "fetch failed"
        doc.warnings.append(f"{len(missing)} body image(s) not read ({why})")
