"""Put the OCR blocks of a page's body images where the images were in its cleaned document.

The cleaner knows nothing of images, so the page itself carries their places through cleaning: each
``<img>`` tag whose image OCR read is replaced in the raw bytes by a marker token (plain ASCII, so any
encoding and a gkmlpt ``DETAIL`` JSON string keep it), the page is cleaned, and every block holding a
marker is split around that image's blocks. A marker the cleaner dropped leaves its image unplaced (the
caller appends those blocks at the end). Pure: bytes and blocks in, bytes and blocks out.
"""

from __future__ import annotations

import copy
import html
import re
from collections.abc import Mapping, Sequence

from lxml import etree

from nianbao.convert import is_convertible
from nianbao.discover.htmldoc import decode_body, parse_html
from nianbao.discover.images import body_images, image_source
from nianbao.discover.urls import canonicalize_url
from nianbao.document import Block, CleanedDocument

_IMG_TAG = re.compile(rb"<img\b[^>]*>", re.IGNORECASE)
_ATTRIBUTE = re.compile(
    rb"""([A-Za-z_:][-\w:.]*)\s*=\s*(?:\\?"(.*?)\\?"|\\?'(.*?)\\?'|([^\s>"']+))""", re.DOTALL
)
_MARKER = re.compile(r"NBIMG(\d{4})Z")


def marker(index: int) -> str:
    return f"NBIMG{index:04d}Z"


def looks_like_page(body: bytes) -> bool:
    """True unless the bytes are a file a converter reads (no ``<img>`` markup to look for in a PDF)."""
    return not is_convertible(body)


def tag_url(tag: bytes, base_url: str) -> str:
    """The absolute URL an ``<img>`` tag shows (lazy-loading attributes first), '' when it has none."""
    attributes: dict[str, str] = {}
    for match in _ATTRIBUTE.finditer(tag[4:]):
        value = next(g for g in match.groups()[1:] if g is not None)
        name = match.group(1).decode("ascii", "replace").lower()
        attributes.setdefault(name, html.unescape(value.decode("utf-8", "replace")))
    source = image_source(attributes)
    if not source or source.startswith("data:"):
        return ""
    return canonicalize_url(source, base_url) or ""


def mark_images(body: bytes, base_url: str, wanted: Mapping[str, object]) -> tuple[bytes, dict[str, str]]:
    """``body`` with the first tag of each wanted image URL replaced by a marker; {marker: URL}.

    A tag whose URL is not wanted but whose file name is that of exactly one wanted URL counts as it
    (a continuation page with another base, a CDN host)."""
    by_name: dict[str, list[str]] = {}
    for url in wanted:
        by_name.setdefault(file_name(url), []).append(url)
    markers: dict[str, str] = {}
    taken: set[str] = set()

    def replace(match: re.Match[bytes]) -> bytes:
        url = tag_url(match.group(0), base_url)
        if url not in wanted:
            same_name = by_name.get(file_name(url), []) if url else []
            url = same_name[0] if len(same_name) == 1 else ""
        if not url or url in taken:
            return match.group(0)
        taken.add(url)
        token = marker(len(markers))
        markers[token] = url
        return f" {token} ".encode("ascii")

    return _IMG_TAG.sub(replace, body), markers


def file_name(url: str) -> str:
    """The last path segment of a URL (query dropped): how an image is recognised under another base."""
    return url.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1]


def splice_images(
    doc: CleanedDocument, markers: Mapping[str, str], blocks_of: Mapping[str, Sequence[Block]]
) -> set[str]:
    """Replace every marker in ``doc`` by its image's blocks, in place; returns the URLs placed."""
    placed: set[str] = set()
    out: list[Block] = []
    for block in doc.blocks:
        if block.table is not None:
            found = _strip_table_markers(block)
            out.append(block)
        else:
            found = []
            for piece, token in _pieces(block.text):
                if piece.strip():
                    out.append(Block(block.kind, piece.strip()))
                if token:
                    found.append(token)
                    out.extend(_image_blocks(token, markers, blocks_of, placed))
            continue
        for token in found:
            out.extend(_image_blocks(token, markers, blocks_of, placed))
    doc.blocks = out
    doc.title = _MARKER.sub("", doc.title).strip()
    return placed


def _pieces(text: str) -> list[tuple[str, str]]:
    """(text before, marker) pairs of a block's text; the last pair's marker is ''."""
    pieces: list[tuple[str, str]] = []
    position = 0
    for match in _MARKER.finditer(text):
        pieces.append((text[position : match.start()], match.group(0)))
        position = match.end()
    pieces.append((text[position:], ""))
    return pieces


def _strip_table_markers(block: Block) -> list[str]:
    """Markers found in a table's cells (an image inside a layout table), removed from the cells."""
    assert block.table is not None
    found: list[str] = []
    for row in block.table.rows:
        for cell in row:
            if "NBIMG" in cell.text:
                found += [m.group(0) for m in _MARKER.finditer(cell.text)]
                cell.text = _MARKER.sub("", cell.text).strip()
    return found


def _image_blocks(
    token: str, markers: Mapping[str, str], blocks_of: Mapping[str, Sequence[Block]], placed: set[str]
) -> list[Block]:
    url = markers.get(token, "")
    if not url or url in placed or url not in blocks_of:
        return []
    placed.add(url)
    return [copy.deepcopy(b) for b in blocks_of[url]]


def body_image_urls(bodies: Sequence[bytes], part_urls: Sequence[str]) -> list[str]:
    """The body image URLs discovery finds in the page parts (what the crawl would fetch)."""
    urls: list[str] = []
    for index, body in enumerate(bodies):
        if not _IMG_TAG.search(body) or not looks_like_page(body):
            continue
        text = decode_body(body)
        root = parse_html(text)
        base = part_urls[index] if index < len(part_urls) else part_urls[-1] if part_urls else ""
        if root is not None:
            base = base or "http://localhost/"
            files = _linked_images(root, base)  # the crawl fetches those as attachments
            urls += [i.url for i in body_images(root, text, base) if i.url not in urls and i.url not in files]
    return urls


_IMAGE_HREF = re.compile(r"\.(?:jpe?g|png|tiff?|gif|bmp)(?:$|\?)", re.IGNORECASE)


def _linked_images(root: etree._Element, base: str) -> set[str]:
    hrefs = (a.get("href") or "" for a in root.iter("a"))
    return {canonicalize_url(h.strip(), base) or "" for h in hrefs if _IMAGE_HREF.search(h.strip())}
