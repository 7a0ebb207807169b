"""Which of a portal's requests are still somewhere in the crawl, so that a portal whose navigation is
exhausted is known at once, not only when the whole crawl falls idle (which, in a province-wide crawl, is
the end of the crawl).

Every request the spider makes carries a token (``meta["pending_token"]``) that its copies keep (retries,
redirects, a render in the browser). The token is settled when the spider has finished with the request's
answer (its callback or errback has yielded everything) or when the scheduler drops it as a duplicate.
When a portal's last token settles, ``crawler.signals.portal_settled`` is sent with the portal. A request
dropped silently elsewhere (``DepthMiddleware``) leaves its token open: that portal is then only known to
be settled when the crawl falls idle, as before. A resumed crawl (JOBDIR) does not track, since its queued
requests were made by the previous process and hold tokens this one never issued.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from typing import Any

from scrapy import Request
from scrapy.signalmanager import SignalManager

from crawler.signals import portal_settled


class PendingRequests:
    def __init__(self, signals: SignalManager) -> None:
        self.signals = signals
        self.open: dict[str, set[int]] = {}
        self.enabled = True
        self._tokens = itertools.count(1)

    def issue(self, request: Request) -> None:
        """Give ``request`` a token and count it against its portal."""
        portal = request.meta.get("portal")
        if not self.enabled or portal is None:
            return
        token = next(self._tokens)
        request.meta["pending_token"] = token
        self.open.setdefault(portal.adcode, set()).add(token)

    def settle(self, meta: Mapping[str, Any]) -> None:
        """The spider is done with the request of ``meta`` (or it was dropped)."""
        portal, token = meta.get("portal"), meta.get("pending_token")
        tokens = self.open.get(portal.adcode) if portal is not None else None
        if not tokens or token not in tokens:
            return
        tokens.remove(token)
        if not tokens:
            self.signals.send_catch_log(portal_settled, portal=portal)

    def dropped(self, request: Request, **_: Any) -> None:
        """``request_dropped``: the scheduler refused the request (a duplicate); it will never be answered."""
        self.settle(request.meta)
