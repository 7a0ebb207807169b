"""Signals of the nianbao crawl (beyond Scrapy's own)."""

document_cleaned = object()
"""Sent by the text pipeline with ``url``, ``text`` (cleaned text format) and ``refers_to`` (the WARC
record id of the archived response, when known); the WARC writer answers with a ``conversion`` record."""
