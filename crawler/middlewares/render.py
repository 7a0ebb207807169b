"""Render on demand: plain HTTP first, Chromium (scrapy-playwright) only where plain HTTP cannot see.

A response that is an anti-bot answer (412/521/468, a tiny script-only stub) or a JS shell whose content
arrives by XHR is fetched again in the browser. A listing or report shell (or the 年报 column reached from
a menu) whose scripts name their data answers in full (``PageAnalysis.data_urls``) is passed on instead: the spider reads the data plainly and
asks for the browser (``meta["render"]``) only when the answer is not what it can read
(``RENDER_READ_DATA`` off renders every shell). The decision is remembered per host and shared by the
hosts of one prefecture (WAF blocking is set per prefecture), so later requests go straight to the
browser. Files (PDF/DOC/…) are never rendered. Browser pages are bounded by the PLAYWRIGHT_* settings.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from scrapy_playwright.page import PageMethod

from crawler.answers import content_type, keep_analysis
from crawler.extensions.warc import warc_extension
from nianbao.config import read_config
from nianbao.discover import browser_verdict, verdict_and_analysis
from nianbao.warc.records import HttpExchange

log = logging.getLogger(__name__)

BLOCKED_RESOURCES = frozenset({"image", "media", "font"})
ANTIBOT_STATUSES = frozenset({412, 468, 521})
SCRIPT_FETCHES = frozenset({"xhr", "fetch"})
WALL_REASONS = ("anti-bot", "tiny script-only")  # browser_verdict reasons that mean a WAF, not a JS page


def abort_heavy_resources(request: Any) -> bool:
    """``PLAYWRIGHT_ABORT_REQUEST``: images, media and fonts are never loaded."""
    return request.resource_type in BLOCKED_RESOURCES


@dataclass
class RenderConfig:
    enabled: bool = True
    share_prefecture: bool = True
    wait_until: str = "networkidle"
    read_data: bool = True  # a JS shell whose scripts name its data answers in full: the spider reads them


class RenderOnDemandMiddleware:
    def __init__(self, config: RenderConfig, crawler: Crawler) -> None:
        if not config.enabled:
            raise NotConfigured("RENDER_ENABLED is off")
        self.config, self.stats, self.crawler = config, crawler.stats, crawler
        self.browser_keys: set[str] = set()
        self.cookies: dict[str, dict[str, str]] = {}  # host -> cookies set by scripts in the browser
        self.last_navigation: dict[str, int] = {}  # URL -> status of the browser's latest main-frame answer

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RenderOnDemandMiddleware:
        return cls(read_config(RenderConfig, crawler.settings, "RENDER"), crawler)

    def process_request(self, request: Request) -> None:
        if request.meta.get("playwright") or request.meta.get("plain"):
            return None
        if request.meta.get("render"):  # the spider could not read a JS shell's data: render the shell
            self._use_browser(request)
            return None
        if (urlsplit(request.url).hostname or "") in self.cookies or request.meta.get("stage") == "file":
            self._lend_cookies(request)
        elif self._keys(request) & self.browser_keys and not request.meta.get("plain_answered"):
            self._use_browser(request, straight=True)
        return None

    def _lend_cookies(self, request: Request) -> None:
        """Once the browser passed a host's challenge, that host is fetched over plain HTTP with the cookies
        it earned (files always: a browser shows a viewer, not the bytes); a wall met again means the
        cookies went stale, and the page goes back to the browser."""
        earned = self.cookies.get(urlsplit(request.url).hostname or "")
        if earned and isinstance(request.cookies, dict):
            request.cookies = {**earned, **request.cookies}  # type: ignore[dict-item]

    def process_response(self, request: Request, response: Response) -> Request | Response:
        if request.meta.get("playwright"):
            self._keep_cookies(request, response)
            return passed_challenge(response, self.last_navigation.pop(response.url, None))
        if request.meta.get("stage") == "file" or request.meta.get("plain"):
            return response
        nav = request.meta.get("stage") == "nav"
        reason, analysis = verdict_and_analysis(
            response.body, response.status, content_type(response), response.url, self.config.read_data, nav
        )
        if not reason:
            keep_analysis(request.meta, response, analysis)  # the spider routes by the same analysis
            # no wall: a retry of this answer (a 5xx, a broken transfer) stays plain even if the host's
            # prefecture is walled meanwhile (the retry middleware copies this meta)
            request.meta["plain_answered"] = True
            return response
        self.cookies.pop(urlsplit(request.url).hostname or "", None)  # stale, if there were any
        # an anti-bot wall is remembered for the host and its prefecture: later pages go straight to the
        # browser (a direct fetch would only archive the same challenge again); a JS shell is a property of
        # the page, so such pages keep their direct fetch (the shell a replay needs) and render after it
        keys = self._keys(request) if reason.startswith(WALL_REASONS) else set()
        if not keys <= self.browser_keys:
            log.info("render: %s needs a browser (%s); remembered for %s", request.url, reason, sorted(keys))
            self.browser_keys |= keys
        assert self.stats is not None
        self.stats.inc_value(f"render/switched/{reason}")
        retry = request.replace(dont_filter=True)
        self._use_browser(retry)
        return retry

    def _note_navigation(self, response: Any) -> bool:
        """Remember the status of a main-frame navigation answer (a challenge's reload included): Playwright
        reports the first one's status for the page. True when ``response`` is such an answer."""
        request = response.request
        try:
            main = request.is_navigation_request() and request.frame.parent_frame is None
        except Exception:  # a detached frame
            return False
        if main and request.resource_type == "document":
            self.last_navigation[response.url] = response.status
            return True
        return False

    async def _archive_script_fetch(self, response: Any) -> None:
        """Hand every XHR/fetch answer of a rendered page to the WARC writer (Scrapy never sees them)."""
        self._note_navigation(response)
        if response.request.resource_type in SCRIPT_FETCHES:
            await self._archive_browser_answer(response)

    async def _archive_page_answers(self, response: Any) -> None:
        """For a page sent straight to the browser (no direct fetch): also the answers to the page's own
        navigations (the challenge and the real page after the reload), so the archive holds the raw
        response of the page itself, not only its rendered DOM."""
        if self._note_navigation(response) or response.request.resource_type in SCRIPT_FETCHES:
            await self._archive_browser_answer(response)

    async def _archive_browser_answer(self, response: Any) -> None:
        request = response.request
        extension = warc_extension(self.crawler)
        if extension is None:
            return
        try:
            body = await response.body()
            headers = [(h["name"], h["value"]) for h in await response.headers_array()]
            sent = [(h["name"], h["value"]) for h in await request.headers_array()]
        except Exception as exc:  # a redirect or a closed page has no body: nothing to archive
            log.debug("render: no body for %s: %s", response.url, exc)
            return
        exchange = HttpExchange(
            url=response.url,
            status=response.status,
            reason=response.status_text,
            response_headers=headers,
            body=body,
            method=request.method,
            request_headers=sent,
            request_body=request.post_data_buffer or b"",
        )
        extension.capture_browser_fetch(exchange)

    def _keep_cookies(self, request: Request, response: Response) -> None:
        for method in request.meta.get("playwright_page_methods", []):
            if getattr(method, "method", "") == "evaluate" and isinstance(method.result, str):
                jar = self.cookies.setdefault(urlsplit(response.url).hostname or "", {})
                jar.update(parse_cookie_string(method.result))

    def _use_browser(self, request: Request, straight: bool = False) -> None:
        """Render ``request`` in Chromium; ``straight``: no direct fetch of it was made (its host or
        prefecture is known to be walled), so the browser's own answers for the page are archived too."""
        request.meta["playwright"] = True
        request.meta.setdefault("playwright_page_methods", [PageMethod("evaluate", "document.cookie")])
        archive = self._archive_page_answers if straight else self._archive_script_fetch
        request.meta.setdefault("playwright_page_event_handlers", {"response": archive})
        request.meta.setdefault("playwright_page_goto_kwargs", {"wait_until": self.config.wait_until})
        assert self.stats is not None
        self.stats.inc_value(f"render/host/{urlsplit(request.url).hostname}")

    def _keys(self, request: Request) -> set[str]:
        keys = {f"host:{urlsplit(request.url).hostname}"}
        portal = request.meta.get("portal")
        if self.config.share_prefecture and portal is not None and portal.prefecture:
            keys.add(f"prefecture:{portal.province}/{portal.prefecture}")
        return keys


def parse_cookie_string(text: str) -> dict[str, str]:
    """``document.cookie`` (``a=1; b=2``) as a dict."""
    pairs = (part.strip().partition("=") for part in text.split(";"))
    return {name: value for name, sep, value in pairs if name and sep}


def passed_challenge(response: Response, last_status: int | None = None) -> Response:
    """A browser that ran an anti-bot challenge reloaded the page: Playwright reports the status of the
    first navigation (412/521/468), but the DOM is the page the reload brought. It gets the status of that
    last answer (``last_status``, as the page's handlers saw it): a 200 is a passed challenge; an error (a
    503 after the challenge) stays an error, to be retried like any. Without that status, a DOM that is no
    longer a wall counts as passed."""
    if response.status not in ANTIBOT_STATUSES:
        return response
    if last_status is not None and last_status not in ANTIBOT_STATUSES:
        if 200 <= last_status < 300:
            return response.replace(status=last_status, flags=[*response.flags, "challenge_passed"])
        return response.replace(status=last_status)
    if last_status is None and not browser_verdict(response.body, 200, content_type(response)):
        return response.replace(status=200, flags=[*response.flags, "challenge_passed"])
    return response
