"""HTTP semantics of the testbed, independent of the wire: host admission, the anti-bot gate, page lookup,
an LRU cache of rendered replies, conditional requests (ETag / Last-Modified → 304), content encoding,
charset lies and the fault decision for the request.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import zlib
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime

from testbed import contentcache, faults
from testbed.catalog import Catalog, norm_target
from testbed.families import antibot
from testbed.pages import Page, Reply, html, not_found
from testbed.registry import DEFAULT_PROVINCE
from testbed.world import build_world

log = logging.getLogger(__name__)
EPOCH_DATE = datetime(2024, 1, 1, tzinfo=UTC)
CACHE_SIZE = 4096


@dataclass
class Request:
    method: str
    host: str  # lower-case, no port
    target: str  # path and query
    headers: dict[str, str] = field(default_factory=dict)  # lower-case names
    body: bytes = b""


@dataclass
class Answer:
    """A reply ready for the wire, with what the wire must do to it."""

    reply: Reply
    encoding: str = ""  # gzip | deflate applied to reply.body already
    chunked: bool = False
    decision: faults.Decision = field(default_factory=faults.Decision)


class Testbed:
    """One world, its catalog and its request handling; ``set_epoch`` rebuilds the world."""

    def __init__(
        self,
        counties: int | None = None,
        seed: int = 0,
        epoch: int = 0,
        profile: str = "default",
        province: str | None = None,
        attachment_types: tuple[str, ...] | None = None,
    ) -> None:
        self.counties, self.seed, self.profile = counties, seed, profile
        self.province, self.attachment_types = province, attachment_types
        self.state = faults.FaultState()
        self._cache: OrderedDict[tuple[str, str, str], Reply] = OrderedDict()
        self._lock = threading.Lock()
        self.catalog = self._catalog(epoch)

    def _catalog(self, epoch: int) -> Catalog:
        world = build_world(
            self.counties, self.seed, epoch, self.province or DEFAULT_PROVINCE, self.attachment_types
        )
        return Catalog(world, self.profile)

    @property
    def epoch(self) -> int:
        return self.catalog.world.epoch

    def set_epoch(self, epoch: int) -> None:
        catalog = self._catalog(epoch)
        with self._lock:
            self.catalog = catalog
            self._cache.clear()
        contentcache.clear()
        self.state.reset()

    def knows(self, host: str) -> bool:
        return host in self.catalog.world.hosts()

    def cached(self, req: Request) -> Answer | None:
        """Answer at once when the reply is already rendered (the server's fast path), else None."""
        key = (req.host, norm_target(req.target), req.method if req.method == "POST" else "GET")
        if req.body or key not in self._cache:
            return None
        return self.handle(req)

    def handle(self, req: Request) -> Answer:
        """Answer one request (never raises: a rendering failure is a logged 500)."""
        try:
            return self._handle(req)
        except Exception as exc:  # a bug in one page must not take the server down
            log.exception("testbed: error serving http://%s%s", req.host, req.target)
            return Answer(html(f"<h1>500</h1><p>{type(exc).__name__}</p>", status=500))

    def _handle(self, req: Request) -> Answer:
        catalog = self.catalog
        plan = catalog.faults.get(req.host, faults.HostFaults())
        flavour = catalog.antibot(req.host)
        if (
            flavour
            and req.target != "/robots.txt"
            and not antibot.passes(req.headers.get("cookie", ""), req.host, flavour, catalog.world.seed)
        ):
            return Answer(antibot.challenge(req.host, flavour, catalog.world.seed))
        decision = faults.decide(req.host, req.target, plan, self.state, catalog.world.seed)
        if decision.status_503:
            return Answer(
                Reply(
                    503, b"<h1>503 Service Temporarily Unavailable</h1>", "text/html", [("Retry-After", "1")]
                ),
                decision=decision,
            )
        reply = self._reply(req)
        if reply.status == 200 and plan.conditional and self._not_modified(req, reply):
            return Answer(Reply(304, b"", reply.content_type, _validators(reply)), decision=decision)
        return self._encode(req, reply, plan, decision)

    def _reply(self, req: Request) -> Reply:
        key = (req.host, norm_target(req.target), req.method if req.method == "POST" else "GET")
        with self._lock:
            cached = self._cache.get(key)
            if cached is not None and not req.body:
                self._cache.move_to_end(key)
                return cached
        found = self.catalog.lookup(req.host, req.target, req.method, req.body)
        reply = found.render() if isinstance(found, Page) else (found or not_found())
        if isinstance(found, Page) and reply.status == 200:
            reply.headers = [*reply.headers, *_validators(reply, found)]
        if reply.status < 500 and not req.body:
            with self._lock:
                self._cache[key] = reply
                while len(self._cache) > CACHE_SIZE:
                    self._cache.popitem(last=False)
        return reply

    def _not_modified(self, req: Request, reply: Reply) -> bool:
        headers = dict(reply.headers)
        if "if-none-match" in req.headers:  # RFC 9110 §13.1.3: then If-Modified-Since is ignored
            return "ETag" in headers and req.headers["if-none-match"] == headers["ETag"]
        since, modified = req.headers.get("if-modified-since"), headers.get("Last-Modified")
        if since and modified:
            try:
                return parsedate_to_datetime(since) >= parsedate_to_datetime(modified)
            except (TypeError, ValueError):
                return False
        return False

    def _encode(
        self, req: Request, reply: Reply, plan: faults.HostFaults, decision: faults.Decision
    ) -> Answer:
        accepted = req.headers.get("accept-encoding", "")
        ctype = reply.content_type
        if (
            plan.wrong_charset
            and "charset=utf-8" in ctype
            and "html" in ctype
            and not self.catalog.antibot(req.host)
        ):
            ctype = ctype.replace("utf-8", "gbk")
        elif "gb18030" in ctype:
            ctype = "text/html"  # the legacy site leaves the charset to its (wrong) meta declaration
        out = Reply(reply.status, reply.body, ctype, reply.headers)
        encoding = (
            plan.encoding if plan.encoding and plan.encoding in accepted and len(reply.body) > 256 else ""
        )
        if encoding:
            out.body = _compress(reply.body, encoding)
        return Answer(out, encoding, plan.chunked, decision)


def _compress(body: bytes, encoding: str) -> bytes:
    if encoding == "gzip":
        c = zlib.compressobj(6, zlib.DEFLATED, 31)
    else:
        c = zlib.compressobj(6, zlib.DEFLATED, 15)
    return c.compress(body) + c.flush()


def _validators(reply: Reply, page: Page | None = None) -> list[tuple[str, str]]:
    known = dict(reply.headers)
    if "ETag" in known:
        return [(k, v) for k, v in reply.headers if k in ("ETag", "Last-Modified")]
    etag = '"' + hashlib.blake2b(reply.body, digest_size=8).hexdigest() + '"'
    when = EPOCH_DATE
    if page is not None and page.entry is not None:
        p = page.entry.published
        when = datetime(p.year, p.month, p.day, 9, tzinfo=UTC) + timedelta(days=30 * page.entry.revision)
    return [("ETag", etag), ("Last-Modified", format_datetime(when, usegmt=True))]
