"""Helpers every family shares: entry titles and bodies (with spam), attachments and images of a report,
multi-page splitting, static assets, home and column pages.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from functools import partial
from html import escape

import lxml.html

from nianbao.document import CleanedDocument, normalize_line
from testbed import chrome, contentcache, spam
from testbed.model import Entry, Site
from testbed.pages import Page, Reply, content_type, file_ext, html

ATTACHMENT_ONLY_TEXT = "详见附件。"
COLUMN_NAME = "政府信息公开年报"


def title_of(entry: Entry) -> str:
    if entry.kind == "report":
        return contentcache.report_for(entry).title
    return contentcache.distractor_for(entry).title


def stamp(entry: Entry) -> str:
    """The 发布日期 of an entry, with a deterministic time of day."""
    return f"{entry.published.isoformat()} {8 + entry.number % 10:02d}:{entry.number % 60:02d}:{(entry.number * 7) % 60:02d}"


def doc_html(doc: CleanedDocument) -> str:
    """A cleaned document as plain HTML blocks (distractor bodies)."""
    out = []
    for block in doc.blocks:
        if block.table is not None:
            rows = "".join(
                "<tr>" + "".join(_cell(c.text, c.rowspan, c.colspan) for c in row) + "</tr>"
                for row in block.table.rows
            )
            out.append(f'<table border="1" cellspacing="0">{rows}</table>')
        elif block.kind == "heading":
            out.append(f"<h3>{escape(block.text)}</h3>")
        else:
            out.append(f"<p>{escape(block.text)}</p>")
    return "".join(out)


def _cell(text: str, rowspan: int, colspan: int) -> str:
    span = (f' rowspan="{rowspan}"' if rowspan > 1 else "") + (f' colspan="{colspan}"' if colspan > 1 else "")
    return f"<td{span}>{escape(text)}</td>"


def body_of(entry: Entry) -> tuple[str, str]:
    """(body HTML without spam, gold text) of an entry's detail page."""
    if entry.kind == "distractor":
        d = contentcache.distractor_for(entry)
        return doc_html(d.doc), "\n".join([normalize_line(d.title), *d.doc.body_lines()]) + "\n"
    title = normalize_line(contentcache.report_for(entry).title)
    if entry.attachment_only:
        return f"<p>{ATTACHMENT_ONLY_TEXT}</p>", f"{title}\n{ATTACHMENT_ONLY_TEXT}\n"
    return contentcache.body_for(entry).html, contentcache.report_gold_text(entry)


def spammed_body(entry: Entry, body: str) -> spam.Spammed:
    return spam.inject(entry.spam, body, entry.number)


def split_body(body: str) -> tuple[str, str] | None:
    """Split a body fragment in two at a top-level element boundary (TRS multi-page articles)."""
    try:
        parts = lxml.html.fragments_fromstring(body)
    except (ValueError, lxml.etree.ParserError):
        return None
    elements = [p for p in parts if not isinstance(p, str)]
    if len(elements) < 4 or len(elements) != len(parts):
        return None
    half = len(elements) // 2
    render = [lxml.html.tostring(e, encoding="unicode") for e in elements]
    return "".join(render[:half]), "".join(render[half:])


def asset_pages(
    site: Site, entry: Entry, path: str, attach_path: Callable[[str], str], host: str = ""
) -> tuple[list[Page], list[tuple[str, str]]]:
    """Pages of a report's attachments and body images, and the (name, href) attachment links."""
    host = host or site.host
    if entry.kind != "report":
        return [], []
    pages, links = [], []
    for file_type in entry.attachments:
        href = attach_path(file_type)
        pages.append(
            Page(
                host,
                href,
                "report_attachment",
                site,
                _file_render(entry, file_type),
                entry,
                file_type,
                gold=partial(_doc_text, entry),
                note={"report_url": f"http://{host}{path}"},
            )
        )
        links.append((f"{title_of(entry)}.{file_ext(file_type)}", href))
    if not entry.attachment_only and entry.shape == "image":
        base = posixpath.dirname(path.split("?")[0])
        for rel in contentcache.body_for(entry).images:
            pages.append(
                Page(
                    host,
                    posixpath.normpath(f"{base}/{rel}"),
                    "other",
                    site,
                    _image_render(entry, rel),
                    entry,
                    "png",
                    note={"part_of": f"http://{host}{path}"},
                )
            )
    return pages, links


def _doc_text(entry: Entry) -> str | None:
    return contentcache.report_for(entry).doc.to_text()


def _file_render(entry: Entry, file_type: str) -> Callable[[], Reply]:
    return lambda: Reply(200, contentcache.attachment_for(entry, file_type), content_type(file_type))


def _image_render(entry: Entry, rel: str) -> Callable[[], Reply]:
    return lambda: Reply(200, contentcache.body_for(entry).images[rel], "image/png")


def attachment_list(links: list[tuple[str, str]]) -> str:
    if not links:
        return ""
    items = "".join(f'<li><a href="{h}">{escape(n)}</a></li>' for n, h in links)
    return f'<div class="fjxz"><span>附件：</span><ul>{items}</ul></div>'


def listing_items(items: list[tuple[str, str, str]]) -> str:
    """``<ul>`` of (title, href, date) rows, as most CMS columns print them."""
    rows = "".join(
        f'<li><a href="{h}" title="{escape(t)}" target="_blank">{escape(t)}</a><span>{d}</span></li>'
        for t, h, d in items
    )
    return f'<ul class="list">{rows}</ul>'


def static_pages(site: Site, host: str = "") -> list[Page]:
    """Stylesheet, logo and QR code of a site (plus robots.txt when the site owns the host root)."""
    css = Reply(200, chrome.STYLESHEET.encode(), "text/css")
    host = host or site.host
    pages = [
        Page(host, f"{site.prefix}/css/style.css", "other", site, lambda: css),
        Page(
            host,
            f"{site.prefix}/images/logo.png",
            "other",
            site,
            lambda: Reply(200, chrome.tiny_png(), "image/png"),
        ),
        Page(
            host,
            f"{site.prefix}/images/qrcode.png",
            "other",
            site,
            lambda: Reply(200, chrome.tiny_png((0, 0, 0)), "image/png"),
        ),
    ]
    return pages


Renderer = Callable[[Site, chrome.Parts, str], str]


def simple_page(
    site: Site,
    path: str,
    role: str,
    make_parts: Callable[[], chrome.Parts],
    charset: str = "utf-8",
    host: str = "",
    renderer: Renderer = chrome.render,
) -> Page:
    """A non-article page built when served."""
    province = site.county.province if site.county else ""
    return Page(
        host or site.host, path, role, site, lambda: html(renderer(site, make_parts(), province), charset)
    )


def article_page(
    site: Site,
    entry: Entry,
    path: str,
    make_parts: Callable[[], chrome.Parts],
    charset: str = "utf-8",
    host: str = "",
    renderer: Renderer = chrome.render,
) -> Page:
    """A detail page whose chrome and content are built only when served; gold is the whole entry."""
    role = "report" if entry.kind == "report" else "distractor"
    province = site.county.province if site.county else ""
    return Page(
        host or site.host,
        path,
        role,
        site,
        lambda: html(renderer(site, make_parts(), province), charset),
        entry,
        gold=lambda: body_of(entry)[1],
    )


def detail_parts(
    site: Site,
    entry: Entry,
    crumbs: list[tuple[str, str]],
    container: tuple[str, str],
    body: str,
    links: list[tuple[str, str]],
    meta: bool = True,
) -> chrome.Parts:
    """Chrome parts of a detail page with spam injected into the body."""
    s = spammed_body(entry, body)
    return chrome.Parts(
        title=title_of(entry),
        body=s.body,
        crumbs=crumbs,
        column=COLUMN_NAME,
        published=stamp(entry),
        source=entry.issuer.name,
        meta=meta,
        article=True,
        container=container,
        style=s.style,
        tail_extra=attachment_list(links),
        hits=entry.number % 3000,
    )
