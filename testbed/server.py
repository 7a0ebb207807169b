"""The testbed server: one asyncio HTTP/1.1 server on 127.0.0.1 that is a virtual-host server and an HTTP
forward proxy at once. It serves by the Host header and also accepts absolute-form request lines
(``GET http://www.wsq.gov.cn.test/ HTTP/1.1``), so Scrapy reaches the ``.test`` hosts with
``meta["proxy"]`` and Chromium with ``--proxy-server``. Hosts outside the world get a 502 refusal: the
server never opens a connection anywhere. It writes the bytes itself, so faults can reach the wire
(chunked transfer, resets, truncated bodies, delays).
"""

from __future__ import annotations

import asyncio
import http.client
import logging
import socket
import struct
import threading
import time
import urllib.request
from collections import Counter
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any
from urllib.parse import urlsplit

from testbed.app import Answer, Request, Testbed
from testbed.pages import Reply, html

log = logging.getLogger(__name__)
MAX_HEADER = 64 * 1024
MAX_BODY = 1 << 20
CHUNK = 16 * 1024
LOOPBACK = ("127.0.0.1", "localhost")


class BadRequest(Exception):
    pass


async def read_request(reader: asyncio.StreamReader, port: int) -> tuple[Request, bool] | None:
    """One request from the stream (None at EOF), and whether the connection may stay open."""
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except asyncio.IncompleteReadError:
        return None
    except asyncio.LimitOverrunError as exc:
        raise BadRequest("request head too large") from exc
    lines = head.decode("latin-1").split("\r\n")
    try:
        method, target, version = lines[0].split(" ", 2)
    except ValueError as exc:
        raise BadRequest(f"bad request line {lines[0]!r}") from exc
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "0") or 0)
    if length > MAX_BODY:
        raise BadRequest("request body too large")
    body = await reader.readexactly(length) if length else b""
    host, path = _target(target, headers.get("host", ""), method)
    keep = version == "HTTP/1.1" and headers.get("connection", "").lower() != "close"
    return Request(method.upper(), host, path, headers, body), keep


def _target(target: str, host_header: str, method: str) -> tuple[str, str]:
    if method.upper() == "CONNECT":
        return target.rsplit(":", 1)[0].lower(), "CONNECT"
    if target.lower().startswith(("http://", "https://")):
        split = urlsplit(target)
        path = (split.path or "/") + (f"?{split.query}" if split.query else "")
        return (split.hostname or "").lower(), path
    return host_header.rsplit(":", 1)[0].strip("[]").lower() if host_header else "", target


def _head(reply: Reply, headers: list[tuple[str, str]], keep: bool) -> bytes:
    try:
        phrase = HTTPStatus(reply.status).phrase
    except ValueError:
        phrase = "Unknown"
    lines = [
        f"HTTP/1.1 {reply.status} {phrase}",
        "Server: nianbao-testbed",
        f"Content-Type: {reply.content_type}",
    ]
    lines += [f"{k}: {v}" for k, v in [*reply.headers, *headers]]
    lines.append("Connection: keep-alive" if keep else "Connection: close")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1", "replace")


def _reset(writer: asyncio.StreamWriter) -> None:
    sock = writer.get_extra_info("socket")
    if sock is not None:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()


class Server:
    """The asyncio server around a ``Testbed``."""

    def __init__(self, testbed: Testbed, port: int = 0, latency_ms: int = 0) -> None:
        self.testbed = testbed
        self.port = port
        self.latency = latency_ms / 1000  # added to every answer of a world host: a server's round trip
        self.refused = 0  # requests for hosts outside the world (CONNECT included): must stay 0 in a crawl
        self.refused_hosts: Counter[str] = Counter()
        self._server: asyncio.base_events.Server | None = None

    async def start(self) -> None:
        self._server = await asyncio.start_server(
            self._connection, "127.0.0.1", self.port, limit=MAX_HEADER, backlog=1024
        )
        self.port = self._server.sockets[0].getsockname()[1]

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    async def _connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                parsed = await read_request(reader, self.port)
                if parsed is None:
                    break
                req, keep = parsed
                if not await self._serve(req, keep, writer):
                    break
                if not keep:
                    break
        except BadRequest as exc:
            await self._write(
                writer, Answer(html(f"<h1>400</h1><p>{exc}</p>", status=400)), req_method="GET", keep=False
            )
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            if not writer.is_closing():
                writer.close()

    async def _serve(self, req: Request, keep: bool, writer: asyncio.StreamWriter) -> bool:
        """Answer ``req``; False when the connection was dropped on purpose."""
        if req.target == "CONNECT":
            self.refused += 1
            self.refused_hosts[req.host] += 1
            answer = Answer(
                html(
                    f"<h1>405</h1><p>testbed: CONNECT to {req.host} refused (no TLS in the testbed)</p>",
                    status=405,
                )
            )
            await self._write(writer, answer, req.method, keep=False)
            return False
        if req.host in LOOPBACK or not req.host:
            await self._write(writer, Answer(self.testbed.catalog.index_page()), req.method, keep)
            return True
        if not self.testbed.knows(req.host):
            self.refused += 1
            self.refused_hosts[req.host] += 1
            log.info("testbed: refused a request for %s%s (not in the world)", req.host, req.target[:80])
            msg = (
                f"<h1>502 Bad Gateway</h1><p>testbed: host {req.host} is not part of the world; refused.</p>"
            )
            await self._write(writer, Answer(html(msg, status=502)), req.method, keep)
            return True
        answer = await self._answer(req)
        if answer.decision.delay or self.latency:
            await asyncio.sleep(answer.decision.delay + self.latency)
        if answer.decision.reset:
            _reset(writer)
            return False
        return await self._write(writer, answer, req.method, keep)

    async def _answer(self, req: Request) -> Answer:
        key_cached = self.testbed.cached(req)
        if key_cached is not None:
            return key_cached
        return await asyncio.get_running_loop().run_in_executor(None, self.testbed.handle, req)

    async def _write(self, writer: asyncio.StreamWriter, answer: Answer, req_method: str, keep: bool) -> bool:
        reply, body = answer.reply, answer.reply.body
        extra: list[tuple[str, str]] = [("Content-Encoding", answer.encoding)] if answer.encoding else []
        no_body = req_method == "HEAD" or reply.status in (204, 304)
        if answer.chunked and not no_body and not answer.decision.truncate:
            writer.write(_head(reply, [*extra, ("Transfer-Encoding", "chunked")], keep))
            for i in range(0, len(body), CHUNK):
                part = body[i : i + CHUNK]
                writer.write(b"%x\r\n%s\r\n" % (len(part), part))
            writer.write(b"0\r\n\r\n")
        else:
            writer.write(
                _head(
                    reply, [*extra, ("Content-Length", str(len(body)))], keep and not answer.decision.truncate
                )
            )
            if not no_body:
                writer.write(body[: len(body) // 2] if answer.decision.truncate else body)
        await writer.drain()
        if answer.decision.truncate:
            writer.close()
            return False
        return True


def fetch(opener: urllib.request.OpenerDirector, url: str, attempts: int = 8) -> tuple[bytes, str] | None:
    """GET ``url`` through a testbed opener (``Handle.opener``), retrying the world's bounded faults (503
    bursts, resets, truncated bodies): (body, Content-Type), or None for a non-http URL or a fault that
    outlasts the attempts."""
    if urlsplit(url).scheme != "http":
        return None
    for attempt in range(attempts):
        try:
            with opener.open(url, timeout=20) as response:
                body: bytes = response.read()
                length = response.headers.get("Content-Length")
                if length is None or int(length) == len(body):
                    return body, response.headers.get("Content-Type", "")
        except (OSError, http.client.HTTPException):
            pass
        time.sleep(0.05 * (attempt + 1))
    return None


@dataclass
class Handle:
    """A running testbed (see ``start_testbed``)."""

    testbed: Testbed
    server: Server
    loop: asyncio.AbstractEventLoop
    thread: threading.Thread

    @property
    def port(self) -> int:
        return self.server.port

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def proxy(self) -> str:
        return self.url

    def set_epoch(self, epoch: int) -> None:
        self.testbed.set_epoch(epoch)

    def opener(self) -> urllib.request.OpenerDirector:
        """A urllib opener that reaches the world's ``.test`` hosts through this testbed's proxy."""
        return urllib.request.build_opener(urllib.request.ProxyHandler({"http": self.proxy}))

    def truth(self) -> list[dict[str, Any]]:
        """The truth of every page of the served world, as ``truth.jsonl`` holds it."""
        from testbed.truth import records

        return list(records(self.testbed.catalog))

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self.server.close(), self.loop).result(timeout=10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=10)


def start_testbed(
    counties: int | None = None,
    seed: int = 0,
    epoch: int = 0,
    port: int = 0,
    profile: str = "default",
    province: str | None = None,
    attachment_types: tuple[str, ...] | None = None,
) -> Handle:
    """Build the world and serve it from a background thread; returns once the port is bound.

    ``profile`` is the fault profile (default | none | heavy); ``attachment_types`` limits attachment kinds."""
    testbed = Testbed(counties, seed, epoch, profile, province, attachment_types)
    server = Server(testbed, port)
    loop = asyncio.new_event_loop()
    ready = threading.Event()

    def run() -> None:
        asyncio.set_event_loop(loop)
        loop.run_until_complete(server.start())
        ready.set()
        loop.run_forever()
        loop.close()

    thread = threading.Thread(target=run, name="nianbao-testbed", daemon=True)
    thread.start()
    if not ready.wait(timeout=30):
        raise RuntimeError("testbed server did not start within 30 s")
    log.info("testbed serving on 127.0.0.1:%d", server.port)
    return Handle(testbed, server, loop, thread)


async def serve_forever(testbed: Testbed, port: int, on_ready: object = None) -> None:
    """Run the server in the current loop until cancelled (the CLI)."""
    server = Server(testbed, port)
    await server.start()
    if callable(on_ready):
        on_ready(server.port)
    try:
        await asyncio.Event().wait()
    finally:
        await server.close()
