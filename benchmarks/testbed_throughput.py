"""Throughput of the testbed server under concurrent keep-alive load from a client in another process.

Prints requests/s for the testbed (warm LRU cache, real pages of a 12-county world) against a reference
measured in the same run: a bare asyncio server answering a fixed 20 KB page (the ceiling of the approach).
The testbed must stay at least 3x the crawler's throughput (the crawler is polite: about 1 request per
host every few seconds, a few hundred requests/s at the very most on the whole province).

    .venv/bin/python benchmarks/testbed_throughput.py [--seconds 5] [--connections 32]
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing as mp
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from testbed.server import start_testbed  # noqa: E402

FIXED = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 20000\r\n\r\n" + b"x" * 20000


async def _client(port: int, urls: list[str], seconds: float, connections: int) -> int:
    done = 0
    deadline = time.monotonic() + seconds

    async def worker(k: int) -> None:
        nonlocal done
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        i = k
        while time.monotonic() < deadline:
            url = urls[i % len(urls)]
            i += connections
            host = url.split("/")[2]
            writer.write(f"GET {url} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
            await writer.drain()
            head = await reader.readuntil(b"\r\n\r\n")
            length = next(
                (
                    int(line.split(b":")[1])
                    for line in head.split(b"\r\n")
                    if line.lower().startswith(b"content-length")
                ),
                0,
            )
            await reader.readexactly(length)
            done += 1
        writer.close()

    await asyncio.gather(*(worker(k) for k in range(connections)))
    return done


def client_process(port: int, urls: list[str], seconds: float, connections: int, out: mp.Queue) -> None:
    out.put(asyncio.run(_client(port, urls, seconds, connections)))


def measure(port: int, urls: list[str], seconds: float, connections: int) -> float:
    queue: mp.Queue = mp.Queue()
    proc = mp.Process(target=client_process, args=(port, urls, seconds, connections, queue))
    proc.start()
    n = queue.get(timeout=seconds + 60)
    proc.join()
    return n / seconds


def fixed_server() -> tuple[int, mp.Process]:
    ready: mp.Queue = mp.Queue()

    def serve() -> None:
        async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            try:
                while await reader.readuntil(b"\r\n\r\n"):
                    writer.write(FIXED)
                    await writer.drain()
            except (asyncio.IncompleteReadError, ConnectionError):
                writer.close()

        async def main() -> None:
            server = await asyncio.start_server(handle, "127.0.0.1", 0)
            ready.put(server.sockets[0].getsockname()[1])
            await server.serve_forever()

        asyncio.run(main())

    proc = mp.Process(target=serve, daemon=True)
    proc.start()
    return ready.get(timeout=10), proc


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--connections", type=int, default=32)
    args = parser.parse_args()
    handle = start_testbed(counties=12, seed=1, profile="none", attachment_types=())
    try:
        pages = [
            p
            for p in handle.testbed.catalog.all_pages()
            if p.role in ("report", "listing", "column", "distractor")
            and not handle.testbed.catalog.antibot(p.host)
        ]
        urls = [p.url for p in pages][:400]
        warm = measure(handle.port, urls, max(2.0, args.seconds), 8)  # renders every page once
        tb = measure(handle.port, urls, args.seconds, args.connections)
    finally:
        handle.stop()
    port, proc = fixed_server()
    ref = measure(port, ["http://x.test/"] * 10, args.seconds, args.connections)
    proc.terminate()
    print(
        f"testbed (warm, {len(urls)} real pages, {args.connections} connections): {tb:,.0f} req/s   (warm-up pass {warm:,.0f} req/s)"
    )
    print(f"reference (bare asyncio server, fixed 20 KB page):          {ref:,.0f} req/s")
    print(f"ratio testbed/reference: {tb / ref:.2f}")
    print("requirement: the testbed must stay >= 3x the crawler's throughput (see crawler benchmarks)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
