"""Unit tests: record building, the writer (rotation, failures), repair, CDXJ and the checker."""

from __future__ import annotations

import base64
import gzip
import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from nianbao.cli import main
from nianbao.warc.cdxj import cdxj_lines, cdxj_path
from nianbao.warc.check import check_files, is_chunk_framed
from nianbao.warc.reader import iter_members, parse_record, split_http
from nianbao.warc.records import (
    HttpExchange,
    RevisitOf,
    derived_record,
    http_request_head,
    http_response_head,
    request_record,
    response_record,
    revisit_record,
    warc_date,
)
from nianbao.warc.repair import repair_directory
from nianbao.warc.writer import WarcWriteError, WarcWriter

VENV_BIN = Path(sys.executable).parent


def _exchange(body: bytes = b"hello", **changes: object) -> HttpExchange:
    exchange = HttpExchange(
        url="http://a.gov.cn/list?page=2&q=%E5%B9%B4%E6%8A%A5",
        status=200,
        response_headers=[
            ("Content-Type", "text/html; charset=GBK"),
            ("Set-Cookie", "a=1; Path=/"),
            ("Set-Cookie", "b=2; Path=/"),
            ("Transfer-Encoding", "chunked"),
        ],
        body=body,
        ip_address="127.0.0.1",
        request_headers=[("Accept-Encoding", "gzip, deflate")],
        date=warc_date(),
    )
    for name, value in changes.items():
        setattr(exchange, name, value)
    return exchange


def _b32sha1(data: bytes) -> str:
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode()


def test_status_line_has_protocol_and_reason() -> None:
    assert http_response_head("HTTP/1.0", 404, "", []).startswith(b"HTTP/1.0 404 Not Found\r\n")
    assert http_response_head("HTTP/1.1", 200, "Fine", []).startswith(b"HTTP/1.1 200 Fine\r\n")


def test_repeated_set_cookie_survive_and_transfer_encoding_is_renamed() -> None:
    head = http_response_head("HTTP/1.1", 200, "OK", _exchange().response_headers)
    assert head.count(b"Set-Cookie: ") == 2
    assert b"\r\nTransfer-Encoding" not in head
    assert b"X-Orig-Transfer-Encoding: chunked\r\n" in head


def test_request_line_keeps_query_and_adds_host() -> None:
    head = http_request_head("GET", _exchange().url, [("Accept", "*/*")])
    assert head.startswith(b"GET /list?page=2&q=%E5%B9%B4%E6%8A%A5 HTTP/1.1\r\nHost: a.gov.cn\r\n")
    assert http_request_head("GET", "http://a.gov.cn", []).startswith(b"GET / HTTP/1.1\r\n")


def test_response_and_request_digests() -> None:
    body = gzip.compress("报告".encode("gbk"))
    record = response_record(_exchange(body))
    block = b"".join(record.block)
    assert record.header("WARC-Block-Digest") == _b32sha1(block)
    assert record.header("WARC-Payload-Digest") == _b32sha1(body)
    assert record.header("WARC-IP-Address") == "127.0.0.1"
    request = request_record(_exchange(body), record.record_id)
    assert request.header("WARC-Concurrent-To") == record.record_id


def test_revisit_profiles() -> None:
    original = RevisitOf("<urn:uuid:x>", "http://a.gov.cn/", "2024-01-01T00:00:00Z", "sha1:AAAA")
    same = revisit_record(_exchange(), original, "1.1", not_modified=False)
    assert same.header("WARC-Profile").endswith("/1.1/revisit/identical-payload-digest")
    assert same.header("WARC-Refers-To") == "<urn:uuid:x>"
    assert same.header("WARC-Refers-To-Date") == "2024-01-01T00:00:00Z"
    assert same.header("WARC-Payload-Digest") == "sha1:AAAA"
    old = revisit_record(_exchange(status=304), original, "1.0", not_modified=True)
    assert old.header("WARC-Profile").endswith("/1.0/revisit/server-not-modified")
    assert b"hello" not in b"".join(old.block)


def test_warc_date_precision_per_version() -> None:
    assert len(warc_date(version="1.0")) == len("2024-01-01T00:00:00Z")
    assert len(warc_date(version="1.1")) == len("2024-01-01T00:00:00.000000Z")


def _write_sample(directory: Path, version: str = "1.1", records: int = 3, rotate: int = 10**9) -> WarcWriter:
    writer = WarcWriter(directory, "t", version, 6, rotate_bytes=rotate)
    for number in range(records):
        exchange = _exchange(os.urandom(2000) + bytes([number]))
        response = response_record(exchange)
        writer.write(response)
        writer.write(request_record(exchange, response.record_id))
    writer.close()
    return writer


def test_writer_files_warcinfo_first_and_checks_pass(tmp_path: Path) -> None:
    writer = _write_sample(tmp_path, "1.0")
    [path] = writer.finished
    assert (
        path.name.startswith("t-") and path.name.endswith(".warc.gz") and len(path.name.split("-")[1]) == 17
    )
    members = list(iter_members(path))
    first = parse_record(members[0].data)
    assert first.warc_type == "warcinfo" and first.version == "1.0"
    assert check_files([path]).problems == []
    result = subprocess.run([VENV_BIN / "warcio", "check", "-v", path], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_writer_rotates(tmp_path: Path) -> None:
    writer = _write_sample(tmp_path, records=60, rotate=20_000)
    assert len(writer.finished) >= 4
    assert not list(tmp_path.glob("*.open"))
    for path in writer.finished:
        assert parse_record(next(iter_members(path)).data).warc_type == "warcinfo"
    assert check_files(writer.finished).problems == []


def test_writer_returns_member_locations(tmp_path: Path) -> None:
    writer = WarcWriter(tmp_path, "t")
    record = response_record(_exchange(b"payload"))
    location = writer.write(record)
    writer.close()
    member = next(m for m in iter_members(writer.finished[0]) if m.offset == location.offset)
    assert member.length == location.length and location.file == writer.finished[0].name
    assert split_http(parse_record(member.data).block)[2] == b"payload"


def test_unwritable_directory_is_one_line_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    with pytest.raises(WarcWriteError) as error:
        WarcWriter(blocker / "warc").open()
    assert "\n" not in str(error.value)


def test_disk_full_cuts_partial_record_and_closes(tmp_path: Path) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full")
    writer = WarcWriter(tmp_path, "t")
    writer.write(response_record(_exchange(b"whole")))
    path = writer.current_path
    assert path is not None
    size = path.stat().st_size
    assert writer._file is not None
    writer._file.close()
    writer._file = open("/dev/full", "wb")  # noqa: SIM115 - every write now fails with ENOSPC
    writer._path = path
    with pytest.raises(WarcWriteError, match="No space left"):
        writer.write(response_record(_exchange(os.urandom(100_000))))
    assert not path.exists() and writer.finished and writer.finished[0].stat().st_size == size
    assert check_files(writer.finished).problems == []


def test_repair_cuts_after_last_whole_record(tmp_path: Path) -> None:
    writer = _write_sample(tmp_path, records=4)
    whole = writer.finished[0]
    data = whole.read_bytes()
    broken = tmp_path / (whole.name.replace("t-", "t2-") + ".open")
    broken.write_bytes(data[: len(data) - 300])
    results = repair_directory(tmp_path)
    assert len(results) == 1 and results[0].final is not None and results[0].cut_bytes > 0
    repaired = results[0].final
    assert not broken.exists() and repaired.exists() and cdxj_path(repaired).exists()
    assert check_files([repaired]).problems == []
    assert len(list(iter_members(repaired))) == len(list(iter_members(whole))) - 1


def test_repair_cli_removes_file_without_whole_record(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "x.warc.gz.open").write_bytes(b"\x1f\x8b\x08\x00garbage")
    assert main(["warc", "repair", str(tmp_path)]) == 0
    assert "removed" in capsys.readouterr().out and not list(tmp_path.iterdir())


def test_check_finds_problems(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    writer = WarcWriter(tmp_path, "t")
    record = response_record(_exchange(b"body"))
    record.headers = [(k, "sha1:AAAA" if k == "WARC-Payload-Digest" else v) for k, v in record.headers]
    writer.write(record)
    writer.write(
        derived_record(
            "conversion",
            record.header("WARC-Target-URI"),
            warc_date(),
            b"x",
            "text/plain",
            "<urn:uuid:missing>",
        )
    )
    writer.close()
    truncated = tmp_path / "cut.warc.gz"
    truncated.write_bytes(writer.finished[0].read_bytes()[:-20])
    assert main(["warc", "check", str(writer.finished[0]), str(truncated)]) == 1
    out = capsys.readouterr().out
    assert "payload digest mismatch" in out
    assert "<urn:uuid:missing> is not in the checked files" in out
    assert "cut short" in out


def test_check_rejects_transfer_encoding_on_dechunked_body() -> None:
    assert is_chunk_framed(b"5\r\nhello\r\n0\r\n\r\n")
    assert not is_chunk_framed(b"hello world")
    from nianbao.warc.check import record_problems
    from nianbao.warc.reader import ParsedRecord

    block = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nhello"
    problems = record_problems(ParsedRecord("1.1", [("WARC-Type", "response")], block))
    assert any("Transfer-Encoding" in p for p in problems)


def test_cdxj_lines_sorted_with_pywb_fields(tmp_path: Path) -> None:
    writer = _write_sample(tmp_path, records=3)
    lines = cdxj_lines(writer.finished[0])
    assert len(lines) == 3 and lines == sorted(lines)
    key, timestamp, fields = lines[0].split(" ", 2)
    assert key.startswith("cn,gov,a)/list?") and len(timestamp) == 14
    for name in ('"url"', '"mime"', '"status": "200"', '"digest"', '"offset"', '"length"', '"filename"'):
        assert name in fields
