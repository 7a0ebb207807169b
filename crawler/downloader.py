"""The downloader: Scrapy's, with its per-host concurrency limit enforced under the asyncio reactor.

Scrapy 2.19's ``Downloader._process_queue`` hands each queued request to a task (``loop.create_task``) and
counts it as transferring only when that task starts, a loop turn later. With no download delay, every
request queued for a host at that moment goes out at once, whatever ``CONCURRENT_REQUESTS_PER_DOMAIN``
says (a listing that yields 30 reports of one host sends 30 requests to it together). Politeness here
means one request at a time per host, so a dispatched request is counted as transferring at once; the
download task removes it when it ends, as before. Delays, slots and signals are Scrapy's own. ``pause``
holds a host's queue for a while (retry backoff, ``crawler.middlewares.backoff``).
"""

from __future__ import annotations

from time import monotonic
from typing import Any

from scrapy import Request, signals
from scrapy.core.downloader import Downloader, Slot
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.utils.asyncio import call_later
from scrapy.utils.defer import _schedule_coro

from crawler.middlewares.backoff import retry_after


class PoliteDownloader(Downloader):
    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.paused_until: dict[int, float] = {}  # id(slot) -> monotonic time its queue may go on
        self.longest_pause = crawler.settings.getfloat("RETRY_BACKOFF_MAX", 60.0)
        crawler.signals.connect(self._asked_to_wait, signal=signals.response_downloaded)

    def _asked_to_wait(self, response: Response, request: Request, **_: Any) -> None:
        """A 429/503 with ``Retry-After`` pauses its host before the next queued request goes out (this
        signal comes before the slot is freed; the retry middleware only sees the answer after)."""
        if response.status in (429, 503):
            seconds = retry_after(response.headers.get(b"Retry-After"))
            if seconds:
                self.pause(request, min(seconds, self.longest_pause))

    def pause(self, request: Request, seconds: float) -> None:
        """Send nothing more to ``request``'s slot (its host) for ``seconds``."""
        key = self.get_slot_key(request)
        slot = self.slots.get(key)
        if slot is not None:
            until = monotonic() + seconds
            self.paused_until[id(slot)] = max(self.paused_until.get(id(slot), 0.0), until)

    def _process_queue(self, slot: Slot) -> None:
        if slot.latercall:
            return
        now = monotonic()
        paused = self.paused_until.get(id(slot), 0.0) - now
        if paused > 0:  # a retry backoff (crawler.middlewares.backoff) holds the whole host
            slot.latercall = call_later(paused, self._latercall, slot)
            return
        delay = slot.download_delay()
        if delay:
            penalty = delay - now + slot.lastseen
            if penalty > 0:
                slot.latercall = call_later(penalty, self._latercall, slot)
                return
        while slot.queue and slot.free_transfer_slots() > 0:
            slot.lastseen = now
            request, queue_dfd = slot.queue.popleft()
            slot.transferring.add(request)  # counted now, not when its task starts (the fix)
            _schedule_coro(self._wait_for_download(slot, request, queue_dfd))
            if delay:
                self._process_queue(slot)
                break
