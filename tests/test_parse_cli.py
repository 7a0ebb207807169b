"""``nianbao parse``: text and HTML input, JSON and summary output, one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

from nianbao.cli import main

SEEDS = Path(__file__).resolve().parent / "fixtures" / "parse" / "seeds"


def test_parse_txt_json(capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["parse", str(SEEDS / "003.txt"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["template"] == "old2014" and data["year"] == 2017
    assert set(data) == {
        "template",
        "title",
        "year",
        "issuer",
        "level",
        "published",
        "values",
        "checks",
        "warnings",
    }
    website = [v for v in data["values"] if v["row"] == "s1_website"]
    assert website[0]["value"] == 29265 and website[0]["source"] == "table"


def test_parse_summary_lists_failed_checks(capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["parse", str(SEEDS / "003.txt")]) == 0
    out = capsys.readouterr().out
    assert "template:  old2014" in out and "FAILED text_vs_table.proactive_website" in out


def test_parse_html(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    rows = "".join(
        f"<tr><td>{label}</td><td>件</td><td>{n}</td></tr>"
        for label, n in [
            ("（一）收到申请数", 5),
            ("1.当面申请数", 2),
            ("2.传真申请数", 0),
            ("3.网络申请数", 3),
            ("4.信函申请数", 0),
        ]
    )
    page = f"""<html><head><title>某县2017年政府信息公开工作年度报告</title></head><body><div id="zoom">
    <p>某县2017年政府信息公开工作年度报告</p><p>本报告根据条例编制。统计指标如下。</p>
    <table><tr><td>统计指标</td><td>单位</td><td>统计数</td></tr>{rows}</table></div></body></html>"""
    path = tmp_path / "report.html"
    path.write_text(page, "utf-8")
    assert main(["parse", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    values = {v["row"]: v["value"] for v in data["values"]}
    assert values["s3_received"] == 5 and values["s3_recv_online"] == 3
    assert any(c["rule"] == "old2014.received" and c["ok"] for c in data["checks"])


def test_parse_missing_file_is_one_line_error(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["parse", str(tmp_path / "nope.txt")]) == 1
    assert "no such file" in capsys.readouterr().err
