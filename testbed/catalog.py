"""The catalog: every page of the world by host and path, built lazily per host from the site layouts.

Lookups normalise the query (parameter order does not matter). The truth iterates ``all_pages``; the server
asks ``lookup``. Both see the same page objects, so every truth URL answers.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from urllib.parse import urlsplit

from testbed import faults, search, traps
from testbed.families import layout_for
from testbed.families.base import Layout
from testbed.model import World
from testbed.pages import Page, Reply, html


def norm_target(target: str) -> str:
    """Path and query with the query parameters in a canonical order."""
    path, _, query = target.partition("?")
    if not query:
        return path
    return path + "?" + "&".join(sorted(p for p in query.split("&") if p))


class Catalog:
    def __init__(self, world: World, profile: str = "default") -> None:
        self.world = world
        self.profile = profile
        self.faults = {h: faults.plan_for(h, world.seed, profile) for h in world.hosts()}
        self._maps: dict[str, dict[str, Page]] = {}
        self._layouts: dict[str, list[Layout]] = {}
        self._lock = threading.Lock()

    def hosts(self) -> list[str]:
        return sorted(self.world.hosts())

    def layouts(self, host: str) -> list[Layout]:
        with self._lock:
            if host not in self._layouts:
                traps_on = self.faults.get(host, faults.HostFaults()).traps
                self._layouts[host] = [
                    layout_for(s, traps_on and s.host == host) for s in self.world.sites_on(host)
                ]
            return self._layouts[host]

    def page_map(self, host: str) -> dict[str, Page]:
        if host in self._maps:
            return self._maps[host]
        pages: dict[str, Page] = {}
        if host in self.world.redirects:
            pages["/"] = self._redirect_page(host)
        for layout in self.layouts(host):
            for page in layout.pages():
                if page.host == host:
                    pages.setdefault(norm_target(page.path), page)
        with self._lock:
            self._maps[host] = pages
        return pages

    def _redirect_page(self, host: str) -> Page:
        target = self.world.redirects[host]
        site = next(s for s in self.world.sites if s.county and s.county.host == host)
        reply = Reply(301, b"", "text/html", [("Location", target)])
        return Page(host, "/", "other", site, lambda: reply, note={"redirect_to": target})

    def antibot(self, host: str) -> str:
        """The anti-bot flavour guarding ``host`` ("" when none)."""
        return next((s.antibot for s in self.world.sites_on(host) if s.antibot), "")

    def lookup(self, host: str, target: str, method: str = "GET", body: bytes = b"") -> Page | Reply | None:
        """The page at ``target``, or a dynamic reply (APIs, traps, redirects), or None (404)."""
        if host in self.world.redirects:
            return Reply(301, b"", "text/html", [("Location", self.world.redirects[host])])
        page = self.page_map(host).get(norm_target(target))
        if page is not None and method in ("GET", "HEAD"):
            return page
        split = urlsplit(target)
        for layout in self.layouts(host):
            reply = search.answer(layout, split.path, split.query) if method in ("GET", "HEAD") else None
            reply = reply or layout.dynamic(split.path, split.query, body)
            if reply is not None:
                return reply
        if self.faults.get(host, faults.HostFaults()).traps:
            return traps.dynamic(self.world.sites_on(host)[0], split.path)
        return page

    def all_pages(self) -> Iterator[Page]:
        for host in self.hosts():
            yield from self.page_map(host).values()

    def index_page(self) -> Reply:
        """What ``http://127.0.0.1:PORT/`` shows: the hosts of the world."""
        rows = "".join(f'<li><a href="http://{h}/">{h}</a></li>' for h in self.hosts())
        return html(
            f"<html><head><title>nianbao testbed</title></head><body><h1>nianbao testbed</h1><ul>{rows}</ul></body></html>"
        )
