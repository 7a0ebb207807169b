"""A shared platform (站群): several counties' sites under paths of their prefecture's host
(``www.xam.gov.cn.test/aes/…``), their own hosts redirecting there, and the prefecture's own 年报 column
carrying county reports (issuer is not host, as in seed 004).
"""

from __future__ import annotations

from testbed.families.base import Layout


class SharedLayout(Layout):
    family = "shared"
    per_page = 12
    container = ('<div class="article-content" id="zoom">', "</div>")
