"""Plain results of page analysis: what a page links to and what the spider should request next.

Every analyser in ``nianbao.discover`` returns these dataclasses; none of them touches the network.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Classification:
    """Whether a title (and text) is a 政府信息公开工作年度报告, its report year, and why.

    ``decided_by`` is ``title``, ``text``, ``title+text`` or ``none``; ``undecided`` is True when the
    evidence seen so far is not enough (a title without a year, no text yet): fetch and look again.
    """

    is_report: bool
    year: int | None
    reason: str
    decided_by: str = "title"
    undecided: bool = False


COLUMN_SCORE = 80
"""Column-link score from which a link is taken to be the 年报 column itself (slug ndbg and up)."""


@dataclass(frozen=True)
class ColumnLink:
    """A link that probably leads towards the 政府信息公开年报 column (higher score = closer)."""

    url: str
    text: str
    score: int
    reason: str

    @property
    def is_column(self) -> bool:
        """The link points at the 年报 column itself (text or slug), not only towards it."""
        return self.score >= COLUMN_SCORE


@dataclass
class ListingRequest:
    """A further listing page of the column, as a request spec (``family`` names the CMS rule)."""

    url: str
    method: str = "GET"
    body: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    family: str = ""


@dataclass(frozen=True)
class ReportLink:
    """A candidate report item of a listing, with what its title alone says."""

    url: str
    title: str
    date: str = ""  # ISO YYYY-MM-DD when the listing shows one
    is_attachment: bool = False
    publisher: str = ""
    classification: Classification | None = None

    @property
    def follow(self) -> bool:
        """Worth fetching: a report by its title, or not decidable without the page."""
        c = self.classification
        return c is None or c.is_report or c.undecided


@dataclass(frozen=True)
class Attachment:
    """A downloadable file linked from a page (PDF, Word, WPS, Excel, TRS P0…/W0… files, downfile.jsp)."""

    url: str
    text: str
    extension: str


@dataclass(frozen=True)
class BodyImage:
    """An image inside the article body that may carry content (a table pasted as a screenshot).

    ``width``/``height`` are the declared sizes in pixels, None when the page gives none."""

    url: str
    alt: str = ""
    width: int | None = None
    height: int | None = None


@dataclass
class PageAnalysis:
    """Everything ``analyze_page`` found on one answer (HTML, Hanweb XML, JSON)."""

    url: str
    kind: str = "html"  # html | hanweb_xml | json | empty
    family: str = ""  # trs | hanweb | lonsun | gkmlpt | "" (generic)
    title: str = ""
    meta: dict[str, str] = field(default_factory=dict)  # 国办发〔2017〕47号 metas: SiteName, ColumnName, …
    publisher: str = ""
    text_head: str = ""  # first lines of the article body, for classify_report(title, text)
    is_article: bool = False
    column_links: list[ColumnLink] = field(default_factory=list)
    is_report_column: bool = False
    column_reason: str = ""
    listing_requests: list[ListingRequest] = field(default_factory=list)
    report_links: list[ReportLink] = field(default_factory=list)
    multipage_links: list[str] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    body_images: list[BodyImage] = field(default_factory=list)  # article pages only; see discover.images
    xhr_urls: list[str] = field(default_factory=list)  # JSON endpoints named in the page's scripts
    data_urls: list[str] = field(default_factory=list)  # a JS shell's xhr_urls: where its content lies
    needs_browser: bool = False
    browser_reason: str = ""
