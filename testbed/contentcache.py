"""Lazy, cached access to report content (``testbed.content``) and attachments (``testbed.attachments``).

Entries name their content by seed; the content itself is generated on first use and kept in LRU caches,
so the server starts at once and truth generation pays for each report exactly once.
"""

from __future__ import annotations

import importlib
import logging
from functools import cache, lru_cache
from typing import Any

from nianbao.errors import NianbaoError
from testbed import content
from testbed.content import Distractor, RenderedBody, Report
from testbed.model import Entry

log = logging.getLogger(__name__)


def _content_function(name: str) -> Any:
    fn = getattr(content, name, None)
    if fn is None:
        raise NianbaoError(
            f"testbed.content.{name} is not available yet (the content generator has not landed)"
        )
    return fn


@cache
def _attachments_module() -> Any:
    try:
        return importlib.import_module("testbed.attachments")
    except ImportError as exc:
        log.warning("testbed.attachments not available (%s): reports are published without attachments", exc)
        return None


def attachment_types() -> tuple[str, ...]:
    """File types the attachment renderer knows, () when it has not landed."""
    module = _attachments_module()
    return tuple(getattr(module, "ATTACHMENT_TYPES", ())) if module else ()


def seeds() -> list[Report]:
    """The seed reports, [] (with a log line) when ``seed_reports`` has not landed."""
    fn = getattr(content, "seed_reports", None)
    if fn is None:
        log.warning("testbed.content.seed_reports not available: the world has no seed pages")
        return []
    return list(fn())


def clear() -> None:
    """Forget generated content (after an epoch change or a content monkeypatch in tests)."""
    for f in (report_for, body_for, distractor_for, attachment_for, _seed):
        f.cache_clear()


@lru_cache(maxsize=64)
def _seed(index: int) -> Report:
    return seeds()[index]


@lru_cache(maxsize=4096)
def report_for(entry: Entry) -> Report:
    """The report behind an entry (a revision changes the content seed, so values change)."""
    if entry.seed_report >= 0:
        return _seed(entry.seed_report)
    make = _content_function("make_report")
    report: Report = make(
        entry.seed + 7919 * entry.revision, entry.issuer, entry.year, inconsistent=entry.inconsistent
    )
    return report


@lru_cache(maxsize=4096)
def body_for(entry: Entry) -> RenderedBody:
    render = _content_function("render_body")
    body: RenderedBody = render(report_for(entry), entry.shape)
    return body


@lru_cache(maxsize=4096)
def distractor_for(entry: Entry) -> Distractor:
    make = _content_function("make_distractor")
    d: Distractor = make(entry.seed, entry.issuer, entry.distractor_kind)
    return d


@lru_cache(maxsize=256)
def attachment_for(entry: Entry, file_type: str) -> bytes:
    """The report rendered as a file; raises NianbaoError when the renderer is missing."""
    module = _attachments_module()
    if module is None:
        raise NianbaoError("testbed.attachments is not available: cannot render attachments")
    data: bytes = module.render_attachment(report_for(entry).doc, file_type)
    return data


def report_gold_text(entry: Entry) -> str:
    """Title line then the rendered body's gold lines: what a perfect cleaner emits for the HTML page."""
    title = report_for(entry).title
    return "\n".join([title, *body_for(entry).gold_lines]) + "\n"
