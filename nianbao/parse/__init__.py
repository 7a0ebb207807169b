"""Parse: a report's cleaned text (and its real tables) → template, metadata, values, checks.

``parse_report(text, tables)`` is pure; ``parse_document(doc)`` reads a ``CleanedDocument``.
"""

from __future__ import annotations

from nianbao.parse.model import Check, ParsedReport, Value
from nianbao.parse.narrative import NARRATIVE_KEYS
from nianbao.parse.report import parse_document, parse_report

__all__ = [
    "NARRATIVE_KEYS",
    "Check",
    "ParsedReport",
    "Value",
    "parse_document",
    "parse_report",
]
