"""Testbed routing: in testbed mode every request goes through the testbed proxy on loopback, and any
request for a host that is not a ``.test`` host is dropped, so nothing can leave 127.0.0.1.

Enable with ``TESTBED_ENABLED = True`` and ``TESTBED_PROXY = "http://127.0.0.1:PORT"`` (printed by
``nianbao testbed serve``). ``playwright_launch_options`` gives the matching Chromium launch options.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from scrapy.exceptions import IgnoreRequest, NotConfigured

from nianbao.errors import ConfigError

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from scrapy.crawler import Crawler

log = logging.getLogger(__name__)
TEST_SUFFIX = ".test"
LOOPBACK = ("127.0.0.1", "localhost")


@dataclass(frozen=True)
class TestbedConfig:
    enabled: bool
    proxy: str

    def validate(self) -> None:
        if not self.enabled:
            return
        if not self.proxy:
            raise ConfigError(
                "TESTBED_ENABLED is set without TESTBED_PROXY: set TESTBED_PROXY=http://127.0.0.1:PORT "
                "(printed by `nianbao testbed serve`)"
            )
        split = urlsplit(self.proxy)
        if split.scheme != "http" or split.hostname not in LOOPBACK or not split.port:
            raise ConfigError(
                f"TESTBED_PROXY={self.proxy!r} is not a loopback proxy: use http://127.0.0.1:PORT"
            )


def read_testbed_config(settings: Any) -> TestbedConfig:
    config = TestbedConfig(
        bool(settings.getbool("TESTBED_ENABLED")), str(settings.get("TESTBED_PROXY") or "")
    )
    config.validate()
    return config


def is_testbed_host(host: str) -> bool:
    return host.endswith(TEST_SUFFIX) and len(host) > len(TEST_SUFFIX)


class TestbedMiddleware:
    """Downloader middleware: route ``.test`` hosts through the testbed proxy, drop everything else."""

    def __init__(self, config: TestbedConfig, crawler: Crawler | None = None) -> None:
        if not config.enabled:
            raise NotConfigured("TESTBED_ENABLED is False")
        self.config, self.crawler = config, crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> TestbedMiddleware:
        return cls(read_testbed_config(crawler.settings), crawler)

    def process_request(self, request: Request, spider: Spider | None = None) -> None:
        host = (urlsplit(request.url).hostname or "").lower()
        if not is_testbed_host(host):
            if self.crawler is not None and self.crawler.stats is not None:
                self.crawler.stats.inc_value("testbed/dropped/not_testbed_host")
            log.info("testbed: dropped %s (host %r is not a .test host of the testbed)", request.url, host)
            raise IgnoreRequest(f"testbed mode: {host!r} is not a .test host")
        request.meta["proxy"] = self.config.proxy
        return None


def playwright_launch_options(proxy: str, base: dict[str, Any] | None = None) -> dict[str, Any]:
    """Chromium launch options for scrapy-playwright in testbed mode: everything through the testbed proxy,
    and no name resolution for anything else (``MAP * ~NOTFOUND`` except loopback)."""
    options = dict(base or {})
    args = [
        a for a in options.get("args", []) if not a.startswith(("--proxy-server", "--host-resolver-rules"))
    ]
    options["args"] = [
        *args,
        f"--proxy-server={proxy}",
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
        "--proxy-bypass-list=<-loopback>",
    ]
    options["proxy"] = {"server": proxy, "bypass": ""}
    return options
