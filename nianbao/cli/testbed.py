"""``nianbao testbed``: serve the offline province of county portals, or write its truth."""

from __future__ import annotations

import argparse
import asyncio
import logging
from pathlib import Path

from nianbao.errors import InputError

HELP = "Serve the offline testbed province (serve) or write the truth of every page (truth)."
EXAMPLE = """nianbao testbed serve --port 8800 --counties 20       # then: TESTBED_PROXY=http://127.0.0.1:8800
nianbao testbed truth --out archive/testbed --counties 20"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", choices=("serve", "truth"), help="serve the world, or write truth.jsonl")
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (0 = a free one)")
    parser.add_argument(
        "--counties", type=int, default=None, help="number of counties (default: the whole province)"
    )
    parser.add_argument(
        "--epoch", type=int, default=0, help="advance the world K epochs (new, revised, vanished reports)"
    )
    parser.add_argument("--seed", type=int, default=0, help="world seed (same seed, same world)")
    parser.add_argument(
        "--province", default=None, help="province name as in county_portals.csv (default 内蒙古自治区)"
    )
    parser.add_argument(
        "--faults", choices=("default", "none", "heavy"), default="default", help="fault profile"
    )
    parser.add_argument("--out", type=Path, default=None, help="truth: output directory")


def run(args: argparse.Namespace) -> int:
    from testbed.app import Testbed

    if args.counties is not None and args.counties < 1:
        raise InputError("--counties must be at least 1")
    if args.epoch < 0:
        raise InputError("--epoch must be 0 or more")
    testbed = Testbed(args.counties, args.seed, args.epoch, args.faults, args.province)
    if args.action == "truth":
        return _truth(testbed, args.out)
    return _serve(testbed, args.port)


def _truth(testbed: object, out: Path | None) -> int:
    from testbed.truth import write_truth

    if out is None:
        raise InputError("truth needs --out DIR (e.g. --out archive/testbed)")
    path, n = write_truth(testbed.catalog, out)  # type: ignore[attr-defined]
    print(f"wrote {n} lines to {path}")
    return 0


def _serve(testbed: object, port: int) -> int:
    from testbed.server import serve_forever

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    def ready(bound: int) -> None:
        hosts = testbed.catalog.hosts()  # type: ignore[attr-defined]
        print(f"testbed serving {len(hosts)} hosts on http://127.0.0.1:{bound}/ (e.g. http://{hosts[0]}/)")
        print(f"TESTBED_PROXY=http://127.0.0.1:{bound}", flush=True)

    try:
        asyncio.run(serve_forever(testbed, port, ready))  # type: ignore[arg-type]
    except OSError as exc:
        raise InputError(
            f"cannot listen on 127.0.0.1:{port}: {exc.strerror} (choose another --port or 0)"
        ) from exc
    return 0
