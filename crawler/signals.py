"""Signals of the nianbao crawl (beyond Scrapy's own)."""

document_cleaned = object()
"""Sent by the text pipeline with ``url``, ``text`` (cleaned text format) and ``refers_to`` (the WARC
record id of the archived response, when known); the WARC writer answers with a ``conversion`` record."""

portal_settled = object()
"""Sent by the spider with ``portal`` when none of that portal's requests is left anywhere in the crawl
(``crawler.spiders.pending``): its navigation is exhausted, so the site-search fallback need not wait for
the whole crawl to fall idle."""
