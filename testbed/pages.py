"""Pages and replies: what a URL of the world is (role, entry, gold) and what it answers (status, bytes).

A ``Page`` is cheap to create; its ``render`` and ``gold`` are called only when the page is served or the
truth is written. Each family lays out a site as a ``dict`` of path -> Page (see ``testbed.catalog``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from testbed.model import Entry, Site

ROLES = ("report", "report_attachment", "listing", "column", "distractor", "other")

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "scan_pdf": "application/pdf",
    "image_pdf": "application/pdf",
    "pdf_image": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "png": "image/png",
    "jpeg": "image/jpeg",
    "jpg": "image/jpeg",
    "wps": "application/kswps",
}


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    headers: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Page:
    host: str
    path: str  # path and query, as linked
    role: str
    site: Site
    render: Callable[[], Reply]
    entry: Entry | None = None
    file_type: str = ""
    gold: Callable[[], str | None] | None = None
    note: dict[str, Any] = field(default_factory=dict)  # part_of, pages, duplicate_of, robots_disallowed …
    method: str = "GET"

    @property
    def url(self) -> str:
        return f"http://{self.host}{self.path}"


def html(text: str, charset: str = "utf-8", status: int = 200) -> Reply:
    return Reply(status, text.encode(charset, "xmlcharrefreplace"), f"text/html; charset={charset}")


def json_reply(text: str) -> Reply:
    return Reply(200, text.encode("utf-8"), "application/json; charset=utf-8")


def not_found(site_name: str = "") -> Reply:
    body = f"<html><head><title>404 页面不存在</title></head><body><h1>404</h1><p>{site_name}：您访问的页面不存在或已删除。</p></body></html>"
    return html(body, status=404)


def file_ext(file_type: str) -> str:
    """The file-name extension for an attachment type (image-only PDFs are still .pdf)."""
    return {"scan_pdf": "pdf", "image_pdf": "pdf", "pdf_image": "pdf", "jpeg": "jpg"}.get(
        file_type, file_type.split("_")[0]
    )


def content_type(file_type: str) -> str:
    return CONTENT_TYPES.get(file_type) or CONTENT_TYPES.get(file_ext(file_type), "application/octet-stream")


def paginate(items: list[Any], per_page: int) -> list[list[Any]]:
    """Items in pages of ``per_page``; always at least one (possibly empty) page."""
    return [items[i : i + per_page] for i in range(0, len(items), per_page)] or [[]]
