"""Helpers for the testbed-sites tests: a small served world and a plain HTTP client through its proxy."""

from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass

FAST_ATTACHMENTS = ("xls", "png")  # renderers that take well under a second (DOC/WPS go through LibreOffice)


@dataclass
class Fetched:
    status: int
    headers: dict[str, str]
    body: bytes


def fetch(proxy: str, url: str, data: bytes | None = None, headers: dict[str, str] | None = None) -> Fetched:
    """One plain HTTP request through the testbed proxy; redirects are not followed."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: object, **kwargs: object) -> None:
            return None

    opener = urllib.request.build_opener(urllib.request.ProxyHandler({"http": proxy}), NoRedirect)
    req = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with opener.open(req, timeout=30) as resp:
            return Fetched(resp.status, {k.lower(): v for k, v in resp.headers.items()}, resp.read())
    except urllib.error.HTTPError as exc:
        return Fetched(exc.code, {k.lower(): v for k, v in exc.headers.items()}, exc.read())


def fetch_retrying(proxy: str, url: str, headers: dict[str, str] | None = None, attempts: int = 4) -> Fetched:
    """Like a crawler with retries: 5xx, resets and short reads are tried again."""
    last: Fetched | None = None
    for _ in range(attempts):
        try:
            last = fetch(proxy, url, headers=headers)
        except (OSError, urllib.error.URLError, ValueError):  # reset or truncated body (IncompleteRead)
            continue
        if last.status < 500:
            return last
    return last or Fetched(0, {}, b"")
