"""The testbed served from a child process: its own interpreter, so a crawl in the parent never waits on the
server's rendering for the CPU lock (and vice versa). Used by ``nianbao demo``; tests use the in-process
``testbed.server.start_testbed``."""

from __future__ import annotations

import asyncio
import multiprocessing
import threading
from collections import Counter
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any

from testbed.app import Testbed


@dataclass(frozen=True)
class WorldSpec:
    counties: int | None = None
    seed: int = 0
    epoch: int = 0
    profile: str = "default"
    province: str | None = None
    attachment_types: tuple[str, ...] | None = None
    latency_ms: int = 0  # served by the process: every answer waits this long (a real server's round trip)

    def build(self) -> Testbed:
        return Testbed(
            self.counties, self.seed, self.epoch, self.profile, self.province, self.attachment_types
        )


@dataclass
class TestbedProcess:
    """``start()`` serves ``spec`` on a free loopback port; ``stop()`` returns the hosts it refused."""

    spec: WorldSpec
    port: int = 0
    refused_hosts: Counter[str] = field(default_factory=Counter)
    _process: Any = None
    _conn: Connection | None = None

    @property
    def proxy(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> TestbedProcess:
        context = multiprocessing.get_context("spawn")
        parent, child = context.Pipe()
        self._process = context.Process(
            target=_serve, args=(child, self.spec), name="nianbao-testbed", daemon=True
        )
        self._process.start()
        child.close()
        if not parent.poll(120):
            self._process.kill()
            raise RuntimeError("the testbed process did not start within 120 s")
        self.port, self._conn = int(parent.recv()), parent
        return self

    def stop(self) -> Counter[str]:
        if self._conn is not None:
            self._conn.send("stop")
            if self._conn.poll(30):
                self.refused_hosts = Counter(self._conn.recv())
        if self._process is not None:
            self._process.join(timeout=30)
            if self._process.is_alive():
                self._process.kill()
        return self.refused_hosts


def _serve(conn: Connection, spec: WorldSpec) -> None:
    """Child: serve until the parent says stop, then report the refused hosts."""
    from testbed.server import Server

    server = Server(spec.build(), 0, spec.latency_ms)
    loop = asyncio.new_event_loop()
    loop.run_until_complete(server.start())
    conn.send(server.port)

    def wait_for_stop() -> None:
        conn.recv()
        loop.call_soon_threadsafe(loop.stop)

    threading.Thread(target=wait_for_stop, daemon=True).start()
    loop.run_forever()
    loop.run_until_complete(server.close())
    conn.send(dict(server.refused_hosts))
