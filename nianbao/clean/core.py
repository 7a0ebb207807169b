"""The ``clean_page`` cascade: raw page bytes → ``CleanedDocument``. Pure; no network.

1. Refuse what is not HTML (empty, binary) with a warning; cap huge input.
2. Decode by the real encoding (``encoding``), parse as a browser nests (``parsing``).
3. Read ``<meta>``, script bodies (gkmlpt ``DETAIL``) and comment markers (ZJEG_RSS) from the source.
4. Drop scripts, styles, comments; then CSS-hidden content, spam, 信息公开 index tables.
5. Body root: the markers or script body, else the strongest CMS container, else density scoring.
6. Blocks in reading order, minus chrome elements and chrome lines; attachments next to the body.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from lxml import etree

from nianbao.clean import purge
from nianbao.clean.containers import (
    ScriptBody,
    detail_body,
    elements_named,
    has_content_marker_meta,
    marker_body,
    pick_container,
)
from nianbao.clean.containers import candidates as container_candidates
from nianbao.clean.density import best_by_density
from nianbao.clean.encoding import decode_page
from nianbao.clean.hidden import HidingRules, read_stylesheets
from nianbao.clean.lines import attachments_near, filter_lines, script_fields
from nianbao.clean.metadata import fields_from_text, fill, meta_tags, page_title
from nianbao.clean.parsing import parse_fragment, parse_html
from nianbao.document import Block, CleanedDocument, Metadata, normalize_line

MAX_BYTES = 20_000_000
_BINARY_MAGIC = (
    b"%PDF",
    b"PK\x03\x04",
    b"\xd0\xcf\x11\xe0",
    b"\x89PNG",
    b"GIF8",
    b"\xff\xd8\xff",
    b"\x1f\x8b",
)
_STRIP = ("script", "style", "noscript", "template", etree.Comment, etree.ProcessingInstruction)


@dataclass
class _Run:
    """State gathered while cleaning one page."""

    url: str | None
    warnings: list[str] = field(default_factory=list)
    repairs: list[str] = field(default_factory=list)
    removed: Counter[str] = field(default_factory=Counter)
    metadata: Metadata = field(default_factory=Metadata)


def clean_page(body: bytes, url: str | None = None, headers: dict[str, str] | None = None) -> CleanedDocument:
    """Clean one saved page: the report body as blocks, its title and metadata, and what was removed.

    Never raises on bad input: an empty, binary or unparseable page yields a document with a warning.
    """
    run = _Run(url=url, metadata=Metadata(url=url))
    body = bytes(body)
    if len(body) > MAX_BYTES:
        run.warnings.append(f"page larger than {MAX_BYTES} bytes: cleaned the first {MAX_BYTES}")
        body = body[:MAX_BYTES]
    refusal = _refuse(body)
    if refusal:
        return _document(run, "", [], encoding=None, warning=refusal)
    decoded = decode_page(body, headers)
    run.warnings += decoded.warnings
    run.repairs += decoded.repairs
    parsed = parse_html(decoded.text, decoded.utf8)
    run.warnings += parsed.warnings
    run.repairs += parsed.repairs
    if parsed.root is None:
        return _document(run, "", [], encoding=decoded.encoding)
    return _clean_tree(run, parsed.root, decoded.text, decoded.encoding)


def _refuse(body: bytes) -> str | None:
    if not body.strip():
        return "empty page"
    head = body[:4096]
    if head.startswith(_BINARY_MAGIC) or head.count(b"\x00") > len(head) // 100:
        return "not an HTML page (binary content)"
    return None


def _clean_tree(run: _Run, root: etree._Element, text: str, encoding: str) -> CleanedDocument:
    meta = meta_tags(root)
    script = detail_body(text) or marker_body(text, has_content_marker_meta(root))
    rules = read_stylesheets(s.text or "" for s in root.iter("style"))
    etree.strip_elements(root, *_STRIP, with_tail=False)
    host = _page_host(run.url, meta, root)
    # one XPath pass picks every element whose class/id names a body container or a chrome widget
    named = elements_named(root, purge.chrome_or_container_class, purge.chrome_or_container_id)
    candidates = container_candidates(root, named=named)
    chrome_named = [e for e in named if purge.is_chrome_named(e)]
    _purge(root, rules, host, run.removed, protect=[e for _, e in candidates], source=text)
    title = normalize_line(meta.get("title") or _script_title(script) or page_title(root, None))
    fill(run.metadata, meta)
    if script:
        fill(run.metadata, script_fields(script.fields))
    fill(run.metadata, fields_from_text("\n".join(_TEXTS(root)), known=run.metadata))
    purge.drop_all(purge.index_tables(root, text), "index_table", run.removed)
    body_root, signal = _body_root(run, root, script, (rules, host), candidates, chrome_named)
    return _finish(
        run,
        body_root,
        signal,
        title,
        encoding,
        chrome_named if body_root.getroottree().getroot() is root else None,
    )


_TEXTS = etree.XPath("//text()", smart_strings=False)


def _purge(
    root: etree._Element,
    rules: HidingRules,
    host: str | None,
    removed: Counter[str],
    protect: list,
    source: str | None = None,
) -> None:
    hidden = [h for h in purge.hidden_elements(root, rules, source) if not purge.contains_any(h, protect)]
    purge.drop_all(hidden, "hidden", removed)
    spam = [e for e in purge.spam_elements(root, host) if not purge.contains_any(e, protect)]
    purge.drop_all(spam, "spam", removed)


def _body_root(
    run: _Run,
    root: etree._Element,
    script: ScriptBody | None,
    purging: tuple[HidingRules, str | None],
    candidates: list[tuple[int, etree._Element]],
    chrome_named: list[etree._Element],
) -> tuple[etree._Element, str]:
    rules, host = purging
    if script:
        fragment = parse_fragment(script.markup)
        if fragment is not None:
            _purge(fragment, rules, host, run.removed, protect=[], source=script.markup)
            return fragment, script.signal
    alive = [(t, e) for t, e in candidates if _attached(e, root)]
    container = pick_container(alive)
    if container is not None:
        return container, f"container:{container.get('class') or container.get('id')}"
    purge.drop_all(purge.chrome_elements(root, named=chrome_named), "chrome:element", run.removed)
    best = best_by_density(root)
    run.warnings.append("no known body container: used text density")
    return (best if best is not None else root), "density"


def _attached(element: etree._Element, root: etree._Element) -> bool:
    return element is root or any(a is root for a in element.iterancestors())


def _finish(
    run: _Run,
    body_root: etree._Element,
    signal: str,
    title: str,
    encoding: str,
    chrome_named: list[etree._Element] | None,
) -> CleanedDocument:
    from nianbao.clean.blocks import BlockBuilder

    chrome = purge.chrome_elements(body_root, named=chrome_named)
    purge.drop_all(chrome, "chrome:element", run.removed)
    builder = BlockBuilder(run.url)
    blocks = filter_lines(builder.build(body_root), title, run)
    attachments = builder.attachments
    if signal != "density" and not signal.startswith(("gkmlpt", "marker")):
        attachments_near(body_root, attachments, run.url)
    doc = _document(run, title, blocks, encoding=encoding)
    doc.attachments = attachments
    if not blocks:  # every block holds text (empty lines and tables are never built)
        if builder.images:
            doc.image_only = True
            doc.warnings.append(f"image-only body: {builder.images} image(s), no text")
        else:
            doc.warnings.append("no body text found")
    return doc


def _document(
    run: _Run, title: str, blocks: list[Block], encoding: str | None, warning: str | None = None
) -> CleanedDocument:
    warnings = run.warnings + ([warning] if warning else [])
    return CleanedDocument(
        title=title,
        blocks=blocks,
        metadata=run.metadata,
        removed=dict(run.removed),
        repairs=run.repairs,
        warnings=warnings,
        encoding=encoding,
    )


def _page_host(url: str | None, meta: dict[str, str], root: etree._Element) -> str | None:
    for candidate in (url, meta.get("site_domain")):
        if candidate:
            host = urlsplit(candidate if "//" in candidate else f"//{candidate}").hostname
            if host:
                return host
    return None


def _script_title(script: ScriptBody | None) -> str | None:
    if script is None:
        return None
    value = script.fields.get("title")
    return value if isinstance(value, str) else None
