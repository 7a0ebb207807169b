"""A real pywb (``wb-manager`` + ``wayback`` from the venv) serving WARC files on a free loopback port."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str, timeout: float = 20) -> tuple[int, bytes, dict[str, str]]:
    """GET without a proxy; HTTP errors are answers too."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(url, timeout=timeout) as answer:
            return answer.status, answer.read(), dict(answer.headers.items())
    except urllib.error.HTTPError as error:
        return error.code, error.read(), dict(error.headers.items())


@contextmanager
def wayback(files: Sequence[Path], home: Path, collection: str = "t") -> Iterator[str]:
    """pywb serving ``files`` as ``collection``; yields its base URL."""
    subprocess.run([BIN / "wb-manager", "init", collection], cwd=home, check=True, capture_output=True)
    subprocess.run([BIN / "wb-manager", "add", collection, *files], cwd=home, check=True, capture_output=True)
    port = free_port()
    process = subprocess.Popen(
        [BIN / "wayback", "-p", str(port), "-b", "127.0.0.1"],
        cwd=home,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                fetch(f"{base}/{collection}/cdx?url=x")
                break
            except OSError:
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)
