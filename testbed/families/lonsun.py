"""LonSun excms (安徽龙讯): the 信息公开 platform on an ``xxgk.`` host; lists
``/public/column/{organId}?type=3&action=list&pageIndex=P`` (type 3 = 公开年报, 2 = 公开指南, 4 = 主动公开目录);
details ``/public/{columnId}/{contentId}.html``.
"""

from __future__ import annotations

from testbed.families import common
from testbed.families.base import Layout
from testbed.model import Entry


class LonsunLayout(Layout):
    family = "lonsun"
    per_page = 16
    container = ('<div class="j-fontContent newscontnet minh500" id="zoom">', "</div>")

    @property
    def organ(self) -> int:
        return 6000000 + int(self.site.site_code[-6:]) % 1000000

    def xxgk(self) -> str:
        return f"/public/column/{self.organ}?type=4&action=list"

    def listing(self, n: int) -> str:
        base = f"/public/column/{self.organ}?type=3&action=list"
        return base if n == 0 else f"{base}&pageIndex={n + 1}"

    def detail(self, entry: Entry) -> str:
        return f"/public/{self.organ + 1}/{entry.number}.html"

    def duplicate(self, entry: Entry) -> str:
        return f"/public/{self.organ + 7}/{entry.number}.html"

    def attachment(self, entry: Entry, file_type: str) -> str:
        k = entry.attachments.index(file_type)
        return f"/public/resources/upload/{entry.published:%Y%m%d}/{entry.number}{k}.{common.file_ext(file_type)}"
