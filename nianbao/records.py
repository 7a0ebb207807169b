"""A report candidate's cleaned document and parse result → the store's rows, and the steps between.

Shared by the crawl pipelines (``pipelines/``) and ``nianbao reparse``, so a re-parse writes exactly what a
crawl would: ``document_record`` (metadata and text), ``stat_values`` and ``check_results`` (from
``ParsedReport.to_dict()``), ``classify_candidate`` (title, then the listing's anchor text) and
``inherit_page_metadata`` (an attachment takes its linking page's title and dates where the file has none).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from nianbao.discover import classify_report
from nianbao.discover.model import Classification
from nianbao.document import CleanedDocument
from nianbao.store import CheckResult, DocumentRecord, StatValue

INHERITED_FIELDS = ("published", "source", "index_number", "document_number", "site_id", "column")


def document_record(item: Any) -> DocumentRecord:
    """The ``documents`` row of a candidate (a ``ReportItem`` or anything with the same attributes)."""
    doc = item.document
    parsed = _summary(item.parsed)
    meta = doc.metadata if doc else None
    portal = getattr(item, "portal", None)
    return DocumentRecord(
        url=item.url,
        title=(parsed.get("title") or (doc.title if doc else "") or item.listing_title),
        issuer=parsed.get("issuer") or (meta.source if meta and meta.source else "") or "",
        adcode=portal.adcode if portal else getattr(item, "adcode", ""),
        level=parsed.get("level") or "",
        year=parsed.get("year") or item.year,
        published=(meta.published if meta and meta.published else "") or item.listing_date,
        template=parsed.get("template") or "",
        text_path=item.text_path,
        text_sha256=item.text_sha256,
        host=urlsplit(item.url).hostname or "",
        page_url=item.page_url,
        is_report=item.is_report,
        text=doc.to_text() if doc and item.is_report else "",
        parts=list(getattr(item, "parts", None) or [item.url]),
        listing_title=item.listing_title,
        listing_date=item.listing_date,
    )


def _summary(parsed: Any) -> dict[str, Any]:
    """Title, issuer, level, year and template of a parse result (a ``ParsedReport`` or its dict form)."""
    if parsed is None:
        return {}
    if isinstance(parsed, dict):
        return parsed
    return {name: getattr(parsed, name, None) for name in ("title", "issuer", "level", "year", "template")}


def shallow_dict(report: Any) -> dict[str, Any]:
    """``ParsedReport.to_dict()`` without its deep copies (values and checks as the objects' own dicts):
    what ``stat_values``/``check_results`` read, ~10x cheaper for a 230-value report."""
    return {"values": [vars(v) for v in report.values], "checks": [vars(c) for c in report.checks]}


def stat_values(parsed: dict[str, Any]) -> list[StatValue]:
    """``values`` of a parse result as store rows: numbers in ``value``, text cells in ``value_text``."""
    out = []
    for v in parsed.get("values", []):
        value = v.get("value")
        number = float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None
        text = "" if value is None or number is not None else str(value)
        out.append(
            StatValue(
                table=v.get("table", ""),
                row=v.get("row", ""),
                col=v.get("col", ""),
                label=v.get("label", ""),
                unit=v.get("unit", "") or "",
                value=number,
                value_text=text,
                source=v.get("source", "table"),
                evidence=v.get("evidence", "") or "",
            )
        )
    return out


def check_results(parsed: dict[str, Any]) -> list[CheckResult]:
    return [
        CheckResult(c["rule"], bool(c["ok"]), c.get("detail", "") or "") for c in parsed.get("checks", [])
    ]


def classify_candidate(doc: CleanedDocument | None, listing_title: str) -> Classification:
    """Report or not, and its year: the document's title with its text, then the listing's anchor text."""
    title = (doc.title if doc else "") or listing_title
    text = doc.to_text() if doc else ""
    verdict = classify_report(title, text)
    if not verdict.is_report and listing_title and listing_title != title:
        verdict = classify_report(listing_title, text)
    return verdict


def inherit_page_metadata(doc: CleanedDocument, page_meta: dict[str, Any]) -> None:
    """An attachment report takes the linking page's title and metadata where the file has none."""
    if page_meta.get("title") and (not doc.title or len(doc.title) < 6):
        doc.title = page_meta["title"]
    for name in INHERITED_FIELDS:
        if page_meta.get(name) and not getattr(doc.metadata, name):
            setattr(doc.metadata, name, page_meta[name])
