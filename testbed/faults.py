"""Faults and traps, per host and configurable.

Faults (5xx bursts, slow answers, connection resets, truncated bodies) hit a deterministic share of a host's
paths and are bounded: a burst answers 503 for the first ``burst`` requests of a path, a reset or a
truncation happens once, so a crawler that retries succeeds. Wire-level choices (gzip/deflate, chunked
transfer, a wrong charset in the header) are per host. Traps (an infinite calendar, endless pagination,
redirect chains and loops, a robots.txt-disallowed path, a very large page) live on some hosts.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass

PROFILES = ("default", "none", "heavy")


@dataclass(frozen=True)
class HostFaults:
    burst: int = 0  # first N requests of an affected path answer 503
    slow_ms: int = 0  # delay of an affected path
    reset: bool = False  # first request of an affected path: connection reset
    truncate: bool = False  # first answer of an affected path: body cut short
    share: int = 8  # one path in ``share`` is affected
    encoding: str = ""  # "" | gzip | deflate (when the client accepts it)
    chunked: bool = False
    wrong_charset: bool = False  # Content-Type header names a charset the body is not in
    traps: bool = False
    conditional: bool = True  # ETag / Last-Modified answered with 304


def _unit(*parts: object) -> float:
    digest = hashlib.blake2b(":".join(map(str, parts)).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") / 2**64


def plan_for(host: str, seed: int, profile: str = "default") -> HostFaults:
    """The faults of ``host`` under ``profile``: deterministic in (host, seed)."""
    if profile == "none":
        return HostFaults(conditional=True)
    heavy = profile == "heavy"
    u = [_unit(seed, host, i) for i in range(9)]
    return HostFaults(
        burst=2 if heavy or u[0] < 0.25 else 0,
        slow_ms=300 if heavy or u[1] < 0.15 else 0,
        reset=heavy or u[2] < 0.15,
        truncate=heavy or u[3] < 0.15,
        share=3 if heavy else 8,
        encoding="gzip" if u[4] < 0.4 else ("deflate" if u[4] < 0.55 else ""),
        chunked=u[5] < 0.4,
        wrong_charset=u[6] < 0.15,
        traps=heavy or u[7] < 0.35,
    )


def affected(host: str, path: str, faults: HostFaults, seed: int) -> bool:
    if path in ("/robots.txt",) or faults.share <= 0:
        return False
    return _unit(seed, "path", host, path) < 1 / faults.share


class FaultState:
    """Counts requests per (host, path) so that bursts end and resets and truncations happen once."""

    def __init__(self) -> None:
        self._counts: dict[tuple[str, str], int] = {}
        self._lock = threading.Lock()

    def hit(self, host: str, path: str) -> int:
        """Number of earlier requests for this URL."""
        with self._lock:
            n = self._counts.get((host, path), 0)
            self._counts[(host, path)] = n + 1
            return n

    def reset(self) -> None:
        with self._lock:
            self._counts.clear()


@dataclass(frozen=True)
class Decision:
    status_503: bool = False
    reset: bool = False
    truncate: bool = False
    delay: float = 0.0


def decide(host: str, path: str, faults: HostFaults, state: FaultState, seed: int) -> Decision:
    """What happens to this request: the n-th request of an affected path meets the n-th fault."""
    if not affected(host, path, faults, seed):
        return Decision()
    n = state.hit(host, path)
    kinds = [
        k for k, on in (("burst", faults.burst), ("reset", faults.reset), ("truncate", faults.truncate)) if on
    ]
    delay = faults.slow_ms / 1000
    if not kinds:
        return Decision(delay=delay)
    kind = kinds[int(_unit(seed, "kind", host, path) * len(kinds))]
    if kind == "burst":
        return Decision(status_503=n < faults.burst, delay=delay)
    return Decision(reset=kind == "reset" and n == 0, truncate=kind == "truncate" and n == 0, delay=delay)
