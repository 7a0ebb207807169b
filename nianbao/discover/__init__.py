"""Discovery: pure analysis of downloaded answers (no network) for the spider to route on.

``analyze_page(body, url, content_type, status)`` reads one answer (HTML, Hanweb dataproxy XML, JSON);
``classify_report(title, text)`` says whether a candidate is a 政府信息公开工作年度报告 and on which year;
``nianbao.discover.urls`` canonicalises URLs and gives registrable domains offline.
"""

from __future__ import annotations

from nianbao.discover.classify import classify_report
from nianbao.discover.model import (
    Attachment,
    BodyImage,
    Classification,
    ColumnLink,
    ListingRequest,
    PageAnalysis,
    ReportLink,
)
from nianbao.discover.page import analyze_page, browser_verdict, verdict_and_analysis
from nianbao.discover.urls import canonicalize_url, registrable_domain

__all__ = [
    "Attachment",
    "BodyImage",
    "Classification",
    "ColumnLink",
    "ListingRequest",
    "PageAnalysis",
    "ReportLink",
    "analyze_page",
    "browser_verdict",
    "canonicalize_url",
    "classify_report",
    "registrable_domain",
    "verdict_and_analysis",
]
