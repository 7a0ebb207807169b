"""Items the spider yields: one per report candidate (an HTML page, possibly multi-page, or a file)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from nianbao.document import CleanedDocument


@dataclass
class Portal:
    """The registry entry a crawl started from (issuer ≠ host: the report may name another unit)."""

    adcode: str
    county: str
    prefecture: str = ""
    province: str = ""
    portal_url: str = ""
    level: str = "county"  # "prefecture": its site also publishes its counties' reports


@dataclass
class ReportItem:
    """A report candidate as fetched, then enriched by the pipelines in order."""

    url: str
    bodies: list[bytes]  # the page and its continuation pages (TRS ``_1.html``…), content-decoded
    parts: list[str] = field(default_factory=list)  # the URLs of ``bodies``, in order
    content_type: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    listing_title: str = ""  # anchor text in the column listing
    listing_date: str = ""
    page_url: str = ""  # for an attachment: the page that links it
    page_meta: dict[str, Any] = field(default_factory=dict)  # that page's metadata (title, published, source)
    portal: Portal | None = None
    via_browser: bool = False
    warc_record_id: str = ""
    not_modified: bool = False  # answered 304 to a conditional request (every part and body image)
    images: list[tuple[str, bytes]] = field(default_factory=list)  # fetched body images: (URL, bytes)
    images_fetched: bool = False  # the spider fetched the page's body images (``images`` holds what came)
    # set by the pipelines
    kept: bool = False  # unchanged and already stored: the pipelines keep what is stored
    document: CleanedDocument | None = None
    is_report: bool = False
    year: int | None = None
    classify_reason: str = ""
    parsed: Any = None  # nianbao.parse.ParsedReport
    text_path: str = ""
    text_sha256: str = ""
    change: str = ""  # new | changed | unchanged

    def __repr__(self) -> str:
        size = sum(len(b) for b in self.bodies)
        images = f", {len(self.images)} image(s)" if self.images else ""
        return (
            f"ReportItem({self.url!r}, {len(self.bodies)} part(s), {size} bytes{images}, "
            f"is_report={self.is_report})"
        )
