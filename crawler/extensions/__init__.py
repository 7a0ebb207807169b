"""Extensions on Scrapy signals (WARC capture)."""
