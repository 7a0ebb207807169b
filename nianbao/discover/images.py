"""Body images of a report page: the ``<img>`` inside the article body that may carry content.

Some portals paste the statistics table into the page as a screenshot. This finds those images, pure:
the body root is the one the cleaner uses (``nianbao.clean.containers``: comment/meta markers, a gkmlpt
``DETAIL`` object, then the strongest CMS container; text density when the page names none), and an
image counts unless it is chrome (logos, QR codes 二维码, icons, share buttons, spacers, anything under a
nav/header/footer/share element), tiny by its declared size, or not a raster URL. Lazy loading
(``data-src``, ``data-original``…) wins over a placeholder ``src``; URLs are made absolute.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from urllib.parse import urlsplit

import lxml.html
from lxml import etree

from nianbao.clean.chrome import ATTR_CHROME, STRUCTURAL_CHROME
from nianbao.clean.containers import (
    candidates,
    detail_body,
    has_content_marker_meta,
    marker_body,
    pick_container,
)
from nianbao.clean.density import best_by_density
from nianbao.clean.parsing import parse_fragment
from nianbao.discover.model import BodyImage
from nianbao.discover.urls import canonicalize_url

MAX_IMAGES = 20
MIN_SIDE = 200  # a declared width or height below this is an icon, a bullet or a badge
LAZY_ATTRIBUTES = ("data-src", "data-original", "data-lazy-src", "data-url", "original", "file", "_src")
_IMAGE_CHROME = re.compile(
    r"logo|qr_?code|ewm|erweima|二维码|icon|ico[-_.]|share|分享|weixin|wechat|微信|weibo|微博|spacer|blank|"
    r"pixel|loading|placeholder|print|打印|close|关闭|btn|button|arrow|bullet|dot\.|banner|badge|jiucuo|纠错|"
    r"dzjg|党政机关|备案|gongan|beian|wza|无障碍|emoji|face|avatar|head_?img|top\.|back|rss",
    re.IGNORECASE,
)
_NOT_RASTER = re.compile(r"\.(?:svg|ico|cur)(?:$|\?)", re.IGNORECASE)
_PIXELS = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(?:px)?\s*$", re.IGNORECASE)
_STYLE_SIDE = re.compile(r"(?<![-\w])(width|height)\s*:\s*(\d+(?:\.\d+)?)\s*px", re.IGNORECASE)


def body_images(root: lxml.html.HtmlElement, raw: str, base_url: str) -> list[BodyImage]:
    """The content images of the page's article body, in document order (at most ``MAX_IMAGES``)."""
    body = body_root(root, raw)
    if body is None:
        return []
    found: dict[str, BodyImage] = {}
    for img in body.iter("img"):
        image = content_image(img, base_url, body)
        if image is not None and image.url not in found:
            found[image.url] = image
        if len(found) >= MAX_IMAGES:
            break
    return list(found.values())


def body_root(root: lxml.html.HtmlElement, raw: str) -> etree._Element | None:
    """The element (or parsed fragment) the cleaner would take as the article body."""
    script = detail_body(raw) or marker_body(raw, has_content_marker_meta(root))
    if script is not None:
        fragment = parse_fragment(script.markup)
        if fragment is not None:
            return fragment
    container = pick_container(candidates(root))
    if container is not None:
        return container
    body = root.find("body")
    return best_by_density(body if body is not None else root)


def content_image(img: etree._Element, base_url: str, body: etree._Element) -> BodyImage | None:
    """A ``BodyImage`` for one ``<img>``, or None when it is chrome, tiny, inline data or not raster.

    The string tests come first: URL resolution is the costly step, done for survivors only."""
    src = image_source(img.attrib)
    if not src or src.startswith(("data:", "javascript:", "about:")) or _NOT_RASTER.search(src):
        return None
    width, height = declared_size(img)
    if (width is not None and width < MIN_SIDE) or (height is not None and height < MIN_SIDE):
        return None
    alt = (img.get("alt") or img.get("title") or "").strip()
    names = " ".join([alt, src, img.get("class") or "", img.get("id") or ""])
    if _IMAGE_CHROME.search(names) or _under_chrome(img, body):
        return None
    url = canonicalize_url(src, base_url)
    if not url or urlsplit(url).scheme not in ("http", "https"):
        return None
    return BodyImage(url, alt, width, height)


def image_source(attributes: Mapping[str, str]) -> str:
    """The real source of an image from its attributes: a lazy-loading one first, then ``src``."""
    for name in LAZY_ATTRIBUTES:
        value = (attributes.get(name) or "").strip()
        if value and not value.startswith("data:"):
            return value
    return (attributes.get("src") or "").strip()


def declared_size(img: etree._Element) -> tuple[int | None, int | None]:
    """(width, height) in pixels from the attributes or the inline style; None where not given in px."""
    sides: dict[str, int | None] = {"width": None, "height": None}
    for match in _STYLE_SIDE.finditer(img.get("style") or ""):
        sides[match.group(1).lower()] = int(float(match.group(2)))
    for name in sides:
        attribute = _PIXELS.match(img.get(name) or "")
        if attribute:
            sides[name] = int(float(attribute.group(1)))
    return sides["width"], sides["height"]


def _under_chrome(img: etree._Element, body: etree._Element) -> bool:
    """The image sits inside a nav/header/footer/share widget, or links away like a badge does."""
    for ancestor in img.iterancestors():
        if ancestor is body:
            return False
        tag = ancestor.tag if isinstance(ancestor.tag, str) else ""
        if tag in STRUCTURAL_CHROME:
            return True
        name = f"{ancestor.get('class') or ''} {ancestor.get('id') or ''}"
        if name.strip() and ATTR_CHROME.search(name):
            return True
    return False
