"""The downloader: Scrapy's, with its per-host concurrency limit enforced under the asyncio reactor.

Scrapy 2.19's ``Downloader._process_queue`` hands each queued request to a task (``loop.create_task``) and
counts it as transferring only when that task starts, a loop turn later. With no download delay, every
request queued for a host at that moment goes out at once, whatever ``CONCURRENT_REQUESTS_PER_DOMAIN``
says (a listing that yields 30 reports of one host sends 30 requests to it together). Politeness here
means one request at a time per host, so a dispatched request is counted as transferring at once; the
download task removes it when it ends, as before. Delays, slots and signals are Scrapy's own.
"""

from __future__ import annotations

from time import monotonic

from scrapy.core.downloader import Downloader, Slot
from scrapy.utils.asyncio import call_later
from scrapy.utils.defer import _schedule_coro


class PoliteDownloader(Downloader):
    def _process_queue(self, slot: Slot) -> None:
        if slot.latercall:
            return
        now = monotonic()
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
