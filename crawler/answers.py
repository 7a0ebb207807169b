"""One answer's page analysis, made once per response.

The render middleware analyses every plain HTML answer to decide whether it needs a browser; the spider
needs the same analysis to route the answer. The middleware keeps what it made in the request's meta with
a key of the answer it read (URL, status, body), and the spider takes it from there when the key still
matches (a retried or replaced answer is analysed again). Each plain HTML answer is parsed and analysed
once in the reactor, not twice.
"""

from __future__ import annotations

from typing import Any

from scrapy.http import Response

from nianbao.discover import analyze_page
from nianbao.discover.model import PageAnalysis

META_KEY = "page_analysis"


def content_type(response: Response) -> str:
    return (response.headers.get("Content-Type") or b"").decode("latin-1")


def _answer_key(response: Response) -> tuple[str, int, int, int]:
    return (response.url, response.status, len(response.body), hash(response.body))


def keep_analysis(meta: dict[str, Any], response: Response, analysis: PageAnalysis | None) -> None:
    """Keep ``analysis`` of ``response`` for the spider (nothing when there is none)."""
    if analysis is not None:
        meta[META_KEY] = (_answer_key(response), analysis)


def analysis_of(response: Response) -> PageAnalysis:
    """The analysis the middleware kept for this very answer, or a fresh one."""
    kept = response.meta.pop(META_KEY, None)
    if kept is not None and kept[0] == _answer_key(response):
        return kept[1]
    return analyze_page(response.body, response.url, content_type(response), status=response.status)
