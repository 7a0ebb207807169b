"""Testbed faults on the wire, epochs, the routing middleware, the CLI, Chromium (families 5 and 7) and a
whole province."""

from __future__ import annotations

import gzip
import http.client
import socket
import subprocess
import sys
import zlib
from collections.abc import Iterator

import pytest
from scrapy import Request
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.settings import Settings
from testbed_sites_fixtures import FAST_ATTACHMENTS, fetch

from crawler.middlewares import testbed as tb_mw
from nianbao.cli import main
from nianbao.errors import ConfigError
from testbed import app as tb_app
from testbed import faults
from testbed.app import Request as TbRequest
from testbed.families import antibot
from testbed.server import Handle, start_testbed


@pytest.fixture(scope="module")
def heavy() -> Iterator[Handle]:
    handle = start_testbed(counties=8, seed=5, profile="heavy", attachment_types=())
    try:
        yield handle
    finally:
        handle.stop()


def affected_path(bed: tb_app.Testbed, kind: str) -> tuple[str, str]:
    """A (host, path) of a served page whose fault is ``kind`` (burst | reset | truncate)."""
    cat = bed.catalog
    for host in cat.hosts():
        if cat.antibot(host) or host in cat.world.redirects:
            continue
        plan = cat.faults[host]
        for key, page in cat.page_map(host).items():
            if page.role not in ("column", "listing", "other") or not faults.affected(
                host, key, plan, cat.world.seed
            ):
                continue
            probe = faults.FaultState()
            first = faults.decide(host, key, plan, probe, cat.world.seed)
            if {"burst": first.status_503, "reset": first.reset, "truncate": first.truncate}[kind]:
                return host, key
    raise AssertionError(f"no page with fault {kind}")


def test_5xx_burst_ends(heavy: Handle) -> None:
    host, path = affected_path(heavy.testbed, "burst")
    codes = [fetch(heavy.proxy, f"http://{host}{path}").status for _ in range(3)]
    assert codes == [503, 503, 200]


def test_reset_happens_once(heavy: Handle) -> None:
    host, path = affected_path(heavy.testbed, "reset")
    with pytest.raises((ConnectionError, http.client.RemoteDisconnected, OSError)):
        fetch(heavy.proxy, f"http://{host}{path}")
    assert fetch(heavy.proxy, f"http://{host}{path}").status == 200


def test_truncated_body_then_whole(heavy: Handle) -> None:
    host, path = affected_path(heavy.testbed, "truncate")
    conn = http.client.HTTPConnection("127.0.0.1", heavy.port, timeout=10)
    conn.request("GET", f"http://{host}{path}")
    resp = conn.getresponse()
    with pytest.raises(http.client.IncompleteRead):
        resp.read()
    assert fetch(heavy.proxy, f"http://{host}{path}").status == 200


def raw(port: int, request: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(request)
        chunks = []
        while data := sock.recv(65536):
            chunks.append(data)
    return b"".join(chunks)


def test_wire_encodings_and_conditional_requests(heavy: Handle) -> None:
    cat = heavy.testbed.catalog
    plain = [h for h in cat.hosts() if not cat.antibot(h) and h not in cat.world.redirects]
    gz = next(h for h in plain if cat.faults[h].encoding == "gzip")
    resp = fetch(heavy.proxy, f"http://{gz}/zwgk/", headers={"Accept-Encoding": "gzip"})
    if resp.status == 200:
        assert resp.headers["content-encoding"] == "gzip" and "政务公开".encode() in gzip.decompress(
            resp.body
        )
    df = next((h for h in plain if cat.faults[h].encoding == "deflate"), None)
    if df:
        resp = fetch(heavy.proxy, f"http://{df}/robots.txt", headers={"Accept-Encoding": "deflate"})
        assert resp.status == 200 and (
            resp.headers.get("content-encoding") != "deflate" or zlib.decompress(resp.body)
        )
    chunked = next(h for h in plain if cat.faults[h].chunked)
    wire = raw(
        heavy.port,
        f"GET http://{chunked}/robots.txt HTTP/1.1\r\nHost: {chunked}\r\nConnection: close\r\n\r\n".encode(),
    )
    assert b"Transfer-Encoding: chunked" in wire and wire.endswith(b"0\r\n\r\n")
    first = fetch(heavy.proxy, f"http://{chunked}/robots.txt")
    again = fetch(
        heavy.proxy, f"http://{chunked}/robots.txt", headers={"If-None-Match": first.headers["etag"]}
    )
    assert again.status == 304 and not again.body
    since = fetch(
        heavy.proxy,
        f"http://{chunked}/robots.txt",
        headers={"If-Modified-Since": first.headers["last-modified"]},
    )
    assert since.status == 304


def test_traps(heavy: Handle) -> None:
    host = next(
        h
        for h in heavy.testbed.catalog.hosts()
        if heavy.testbed.catalog.faults[h].traps
        and not heavy.testbed.catalog.antibot(h)
        and h not in heavy.testbed.catalog.world.redirects
    )
    robots = fetch(heavy.proxy, f"http://{host}/robots.txt").body.decode()
    assert "Disallow: /private/" in robots
    cal = fetch(heavy.proxy, f"http://{host}/calendar/2391-07.html")
    assert cal.status in (200, 503) and (cal.status == 503 or b"/calendar/2391-08.html" in cal.body)
    assert fetch(heavy.proxy, f"http://{host}/loop/a").headers.get("location") in ("/loop/b", None)
    page = fetch(heavy.proxy, f"http://{host}/dongtai/list_9999.html")
    assert page.status == 503 or b"list_10000.html" in page.body
    home = fetch(heavy.proxy, f"http://{host}/")
    assert home.status == 503 or (b"10.12.0.8" in home.body and b"169.254.169.254" in home.body)


def test_proxy_refuses_connect_and_serves_index(heavy: Handle) -> None:
    assert (
        b" 405 "
        in raw(heavy.port, b"CONNECT www.baidu.com:443 HTTP/1.1\r\nHost: www.baidu.com:443\r\n\r\n")[:20]
    )
    index = raw(heavy.port, b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
    assert b".gov.cn.test" in index


def test_epoch_adds_revises_and_removes() -> None:
    bed = tb_app.Testbed(6, seed=2, profile="none", attachment_types=())
    before = {e.id: e for e in bed.catalog.world.entries()}
    urls = {p.entry.id: (p.host, p.path) for p in bed.catalog.all_pages() if p.entry and p.role == "report"}
    bed.set_epoch(2)
    after = {e.id: e for e in bed.catalog.world.entries()}
    assert set(after) - set(before), "new reports appear"
    assert set(before) - set(after), "some reports vanish"
    assert any(after[k].revision > before[k].revision for k in set(before) & set(after))
    gone = next(iter(set(before) - set(after)))
    assert all(p.entry is None or p.entry.id != gone for p in bed.catalog.all_pages())
    host, path = urls[gone]
    flavour = bed.catalog.antibot(host)
    cookie = (
        f"{antibot.COOKIE[flavour]}={antibot.token(host, flavour, bed.catalog.world.seed)}" if flavour else ""
    )
    assert bed.handle(TbRequest("GET", host, path, {"cookie": cookie})).reply.status == 404


def test_middleware_config() -> None:
    with pytest.raises(NotConfigured):
        tb_mw.TestbedMiddleware(tb_mw.read_testbed_config(Settings({"TESTBED_ENABLED": False})))
    with pytest.raises(ConfigError, match="TESTBED_PROXY"):
        tb_mw.read_testbed_config(Settings({"TESTBED_ENABLED": True}))
    with pytest.raises(ConfigError, match="loopback"):
        tb_mw.read_testbed_config(
            Settings({"TESTBED_ENABLED": True, "TESTBED_PROXY": "http://10.0.0.1:8080"})
        )
    mw = tb_mw.TestbedMiddleware(
        tb_mw.read_testbed_config(
            Settings({"TESTBED_ENABLED": True, "TESTBED_PROXY": "http://127.0.0.1:8800"})
        )
    )
    req = Request("http://www.wsq.gov.cn.test/")
    mw.process_request(req)
    assert req.meta["proxy"] == "http://127.0.0.1:8800"
    for url in (
        "http://www.wsq.gov.cn/",
        "http://10.12.0.8/",
        "http://127.0.0.1:8080/admin/",
        "http://169.254.169.254/",
    ):
        with pytest.raises(IgnoreRequest):
            mw.process_request(Request(url))
    opts = tb_mw.playwright_launch_options(
        "http://127.0.0.1:8800", {"headless": True, "args": ["--no-sandbox"]}
    )
    assert "--proxy-server=http://127.0.0.1:8800" in opts["args"] and opts["proxy"]["server"].endswith(
        ":8800"
    )
    assert any(a.startswith("--host-resolver-rules=MAP * ~NOTFOUND") for a in opts["args"])


def test_cli_truth_and_serve(tmp_path: object) -> None:
    out = tmp_path / "t"  # type: ignore[operator]
    assert main(["testbed", "truth", "--out", str(out), "--counties", "3", "--seed", "1"]) == 0
    lines = (out / "truth.jsonl").read_text().splitlines()
    assert len(lines) > 50 and '"role": "report"' in "\n".join(lines)
    assert main(["testbed", "truth", "--counties", "3"]) == 1
    proc = subprocess.Popen(
        [sys.executable, "-c", "from nianbao.cli import run; run()", "testbed", "serve", "--counties", "2"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        lines = [proc.stdout.readline() for _ in range(2)]  # type: ignore[union-attr]
        proxy = lines[1].strip().split("=", 1)[1]
        assert lines[1].startswith("TESTBED_PROXY=http://127.0.0.1:")
        assert fetch(proxy, "http://www.baidu.com/").status == 502
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.mark.slow
def test_whole_province_generates_and_serves() -> None:
    handle = start_testbed(seed=0, profile="none", attachment_types=FAST_ATTACHMENTS)
    try:
        world = handle.testbed.catalog.world
        assert len([s for s in world.sites if s.county]) >= 100
        hosts = handle.testbed.catalog.hosts()
        for host in hosts[:: max(1, len(hosts) // 25)]:
            flavour = handle.testbed.catalog.antibot(host)
            status = fetch(handle.proxy, f"http://{host}/").status
            expected = 302 if host.startswith("xxgk.") else 301 if host in world.redirects else 200
            assert status == (int(flavour) if flavour else expected), host
    finally:
        handle.stop()
