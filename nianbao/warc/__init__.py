"""WARC archiving: record builders, the rotating gzip writer, repair, CDXJ indexing and checks.

``records`` builds records (pure), ``writer`` writes them, ``reader`` reads our files back strictly,
``repair`` closes files a crash left ``.open``, ``cdxj`` indexes finished files, ``check`` verifies them.
The Scrapy side lives in ``crawler/extensions/warc.py``.
"""
