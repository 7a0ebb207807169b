"""End to end: real Scrapy crawls (subprocess) of a loopback site, then warcio check, nianbao warc check,
a pywb replay compared byte for byte, revisits on a second crawl, SIGTERM, unwritable dir, rendered DOMs."""

from __future__ import annotations

import gzip
import json
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from replay import fetch
from replay import wayback as serve_warcs
from warc_fixtures import ROOT, Site, SiteServer, run_crawl

from nianbao.cli import main
from nianbao.store import Store
from nianbao.warc.reader import iter_members, parse_record

pytestmark = pytest.mark.slow
BIN = Path(sys.executable).parent
PATHS = ["/", "/report?id=1&y=2023", "/gbk", "/chunked", "/doc.pdf", "/etag", "/report?id=2&y=2022"]


def _records(directory: Path) -> list[dict[str, str]]:
    out = []
    for path in sorted(directory.glob("*.warc.gz")):
        for member in iter_members(path):
            record = parse_record(member.data)
            out.append({**dict(record.headers), "_file": path.name, "_block": record.block.decode("latin-1")})
    return out


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Site, str, list[str]]]:
    root = tmp_path_factory.mktemp("archive")
    with SiteServer() as server:
        first = run_crawl(root, server.base + "/")
        assert first.returncode == 0, first.stderr[-2000:]
        files_first = sorted(p.name for p in (root / "warc").glob("*.warc.gz"))
        server.site.generation = 2
        second = run_crawl(root, server.base + "/")
        assert second.returncode == 0, second.stderr[-2000:]
        yield root, server.site, server.base, files_first


def test_files_closed_indexed_and_checked(crawled: tuple[Path, Site, str, list[str]]) -> None:
    root = crawled[0]
    files = sorted((root / "warc").glob("*.warc.gz"))
    assert len(files) == 2 and not list((root / "warc").glob("*.open"))
    assert all(path.with_name(path.name.replace(".warc.gz", ".cdxj")).stat().st_size > 0 for path in files)
    warcio = subprocess.run([BIN / "warcio", "check", "-v", *files], capture_output=True, text=True)
    assert warcio.returncode == 0, warcio.stdout
    assert main(["warc", "check", str(root / "warc")]) == 0


def test_records_faithful(crawled: tuple[Path, Site, str, list[str]]) -> None:
    root, site, base, first_files = crawled
    records = [r for r in _records(root / "warc") if r["_file"] == first_files[0]]
    by_type_url = {(r["WARC-Type"], r.get("WARC-Target-URI")): r for r in records}
    gbk = by_type_url[("response", base + "/gbk")]["_block"].encode("latin-1")
    head, _, payload = gbk.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200 OK\r\n") and head.count(b"Set-Cookie:") == 2
    assert b"Content-Encoding: gzip" in head and b"\r\nTransfer-Encoding" not in head
    assert gzip.decompress(payload) == site.content("/gbk")
    request = by_type_url[("request", base + "/report?id=1&y=2023")]
    assert request["_block"].startswith("GET /report?id=1&y=2023 HTTP/1.1\r\nHost: 127.0.0.1:")
    assert "Accept-Encoding: gzip, deflate\r\n" in request["_block"]
    assert (
        request["WARC-Concurrent-To"]
        == by_type_url[("response", base + "/report?id=1&y=2023")]["WARC-Record-ID"]
    )
    redirect = by_type_url[("response", base + "/redirect")]["_block"]
    assert redirect.startswith("HTTP/1.0 302 Found") or redirect.startswith("HTTP/1.1 302 Found")
    index_meta = by_type_url[("metadata", base + "/")]["_block"]
    assert f"outlink: {base}/gbk L" in index_meta and "hopsFromSeed: 0" in index_meta
    conversion = by_type_url[("conversion", "urn:text:" + base + "/report?id=1&y=2023")]
    assert conversion["WARC-Refers-To-Target-URI"] == base + "/report?id=1&y=2023"
    assert (
        conversion["WARC-Refers-To"]
        == by_type_url[("response", base + "/report?id=1&y=2023")]["WARC-Record-ID"]
    )
    assert "政府信息公开" in conversion["_block"].encode("latin-1").decode("utf-8")
    assert all(r["WARC-Type"] == "warcinfo" for r in records[:1])


def test_second_crawl_writes_revisits(crawled: tuple[Path, Site, str, list[str]]) -> None:
    root, site, base, first_files = crawled
    records = [r for r in _records(root / "warc") if r["_file"] not in first_files]
    kinds = {r.get("WARC-Target-URI"): r for r in records if r["WARC-Type"] in ("response", "revisit")}
    for path in ("/report?id=1&y=2023", "/gbk", "/chunked", "/doc.pdf"):
        revisit = kinds[base + path]
        assert revisit["WARC-Type"] == "revisit"
        assert revisit["WARC-Profile"].endswith("identical-payload-digest")
        assert revisit["WARC-Refers-To-Target-URI"] == base + path
    not_modified = kinds[base + "/etag"]
    assert not_modified["WARC-Profile"].endswith("server-not-modified")
    assert not_modified["_block"].startswith("HTTP/1.0 304") or not_modified["_block"].startswith(
        "HTTP/1.1 304"
    )
    assert kinds[base + "/changing"]["WARC-Type"] == "response"
    sent = [r for r in site.requests if r["path"] == "/etag"]
    assert "If-None-Match" not in sent[0]["headers"] and sent[-1]["headers"]["If-None-Match"] == '"v1-etag"'
    store = Store(root / "nianbao.db")
    assert {c.record_type for c in store.captures("url = ?", [base + "/etag"])} == {"response", "revisit"}
    store.close()


@pytest.fixture(scope="module")
def wayback(
    crawled: tuple[Path, Site, str, list[str]], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    files = sorted((crawled[0] / "warc").glob("*.warc.gz"))
    with serve_warcs(files, tmp_path_factory.mktemp("pywb")) as base:
        yield base


def _first_timestamp(crawled: tuple[Path, Site, str, list[str]]) -> str:
    index = (crawled[0] / "warc" / crawled[3][0]).with_name(crawled[3][0].replace(".warc.gz", ".cdxj"))
    return index.read_text().splitlines()[0].split(" ")[1]


@pytest.mark.parametrize("path", PATHS)
def test_pywb_replays_byte_equal(crawled: tuple[Path, Site, str, list[str]], wayback: str, path: str) -> None:
    """Both crawls replay the served bytes: the first from responses, the second through its revisits."""
    site, base = crawled[1], crawled[2]
    for timestamp in (_first_timestamp(crawled), "2100"):
        status, body, headers = fetch(f"{wayback}/t/{timestamp}id_/{base}{path}")
        if headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        if path == "/etag" and timestamp == "2100":
            assert status == 304  # a server-not-modified revisit replays as the 304 it was
        else:
            assert status == 200 and body == site.content(path), timestamp


def test_pywb_cdx_matches_our_index(crawled: tuple[Path, Site, str, list[str]], wayback: str) -> None:
    base = crawled[2]
    status, body, _ = fetch(f"{wayback}/t/cdx?url={base}/gbk&output=json")
    theirs = [json.loads(line) for line in body.decode().splitlines()]
    ours = []
    for path in sorted((crawled[0] / "warc").glob("*.cdxj")):
        ours += [
            json.loads(line.split(" ", 2)[2]) for line in path.read_text().splitlines() if '/gbk"' in line
        ]
    key = ("offset", "length", "filename", "digest", "mime")
    assert sorted(tuple(e.get(k) for k in key) for e in theirs) == sorted(
        tuple(e.get(k) for k in key) for e in ours
    )


def test_unwritable_archive_dir_stops_cleanly(tmp_path: Path) -> None:
    (tmp_path / "warc").write_text("a file where the WARC directory should be")
    with SiteServer() as server:
        result = run_crawl(tmp_path, server.base + "/")
        fetched = len(server.site.requests)
    assert result.returncode == 0
    errors = [line for line in result.stderr.splitlines() if "WARC archiving stopped" in line]
    assert len(errors) == 1 and "Traceback" not in result.stderr
    assert "'finish_reason': 'warc_write_failed'" in result.stderr and fetched <= 1


def test_sigterm_closes_the_open_file(tmp_path: Path) -> None:
    site = Site(pages=100_000)
    with SiteServer(site) as server:
        command = [
            sys.executable,
            str(ROOT / "tests" / "warc_fixtures.py"),
            "crawl",
            str(tmp_path),
            server.base + "/",
        ]
        process = subprocess.Popen(
            command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
        )
        warc = tmp_path / "warc"
        for _ in range(200):
            if len(site.requests) > 30:
                break
            time.sleep(0.05)
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=60)
    assert not list(warc.glob("*.open")), stderr[-2000:]
    files = list(warc.glob("*.warc.gz"))
    assert files and main(["warc", "check", str(warc)]) == 0


def test_kill_9_then_next_start_repairs(tmp_path: Path) -> None:
    site = Site(pages=100_000)
    with SiteServer(site) as server:
        command = [
            sys.executable,
            str(ROOT / "tests" / "warc_fixtures.py"),
            "crawl",
            str(tmp_path),
            server.base + "/",
        ]
        process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(200):
            if len(site.requests) > 30:
                break
            time.sleep(0.05)
        process.kill()
        process.wait()
        assert list((tmp_path / "warc").glob("*.open"))
        site.pages = 0
        result = run_crawl(tmp_path, server.base + "/")
    assert result.returncode == 0 and "repaired" in result.stderr
    assert not list((tmp_path / "warc").glob("*.open"))
    assert main(["warc", "check", str(tmp_path / "warc")]) == 0
