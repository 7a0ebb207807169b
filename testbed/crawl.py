"""Scrapy settings that point a crawl at a running testbed (used by ``nianbao harvest --testbed``)."""

from __future__ import annotations

from typing import Any

from crawler.middlewares.testbed import TestbedConfig, playwright_launch_options

MIDDLEWARE = "crawler.middlewares.testbed.TestbedMiddleware"
MIDDLEWARE_ORDER = 80  # before scope (90), rendering and WARC


def testbed_settings(proxy: str) -> dict[str, Any]:
    """TESTBED_* settings, the routing middleware and Chromium launch options for ``proxy``."""
    from crawler import settings as base

    TestbedConfig(True, proxy).validate()
    middlewares = dict(getattr(base, "DOWNLOADER_MIDDLEWARES", {}))
    middlewares[MIDDLEWARE] = MIDDLEWARE_ORDER
    return {
        "TESTBED_ENABLED": True,
        "TESTBED_PROXY": proxy,
        "DOWNLOADER_MIDDLEWARES": middlewares,
        "PLAYWRIGHT_LAUNCH_OPTIONS": playwright_launch_options(
            proxy, getattr(base, "PLAYWRIGHT_LAUNCH_OPTIONS", {})
        ),
    }
