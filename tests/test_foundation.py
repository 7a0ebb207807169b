"""Foundation pieces: the canonical schema, the cleaned-document text format, typed configs, the CLI."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from scrapy.settings import Settings

from nianbao import schema
from nianbao.cli import SUBCOMMANDS, build_parser, main
from nianbao.config import read_config
from nianbao.document import Block, Cell, CleanedDocument, Table
from nianbao.errors import ConfigError


def test_schema_counts_match_domain_brief() -> None:
    assert len(schema.old2014_rows()) == 65
    assert len(schema.old2014_rows(extended=True)) == 83
    assert [e.seq for e in schema.old2014_rows(extended=True)] == list(range(1, 84))
    assert len(schema.entries("v2019", "t3", "row")) == 27
    assert len(schema.entries("v2021", "t3", "row")) == 30
    assert len(schema.entries("v2021", "t4", "col")) == 15


def test_value_cells_axes() -> None:
    cells = schema.value_cells("v2021")
    assert ("t4", "", "review.upheld") in cells
    assert ("t3", "new_received", "natural") in cells
    assert not any(c[1] == "results" for c in cells)  # 三、本年度办理结果 only groups rows
    assert all(c[2] == "" for c in schema.value_cells("old2014"))
    assert schema.tables("v2019")[-1] == "t4"
    with pytest.raises(KeyError, match="v2019/t3/nope"):
        schema.entry("v2019", "t3", "nope")


def test_text_format_collapses_whitespace_and_writes_merged_cells_once() -> None:
    table = Table([[Cell("申请人情况", colspan=2)], [Cell("自然人"), Cell("\u3000 12 ")]])
    doc = CleanedDocument(
        "\u3000标题 ", [Block("paragraph", "正文\u200b\u3000内容\n续"), Block("table", table=table)]
    )
    assert doc.to_text() == "标题\n正文 内容 续\n申请人情况\n自然人\t12\n"
    assert table.grid() == [["申请人情况", "申请人情况"], ["自然人", "12"]]


def test_grid_expands_rowspan_under_colspan() -> None:
    table = Table(
        [[Cell("a", rowspan=2, colspan=2), Cell("b")], [Cell("c")], [Cell("d"), Cell("e"), Cell("f")]]
    )
    assert table.grid() == [["a", "a", "b"], ["a", "a", "c"], ["d", "e", "f"]]


@dataclass
class _Config:
    enabled: bool = True
    level: int = 6
    root: Path = Path("archive")

    def validate(self) -> None:
        if not 0 <= self.level <= 9:
            raise ConfigError("X_LEVEL must be 0..9: set X_LEVEL=6")


def test_read_config_coerces_and_validates() -> None:
    config = read_config(_Config, Settings({"X_ENABLED": "false", "X_LEVEL": "3", "X_ROOT": "/a"}), "X")
    assert config == _Config(False, 3, Path("/a"))
    with pytest.raises(ConfigError, match="set X_LEVEL=6"):
        read_config(_Config, Settings({"X_LEVEL": 12}), "X")
    with pytest.raises(ConfigError, match="X_LEVEL='six'"):
        read_config(_Config, Settings({"X_LEVEL": "six"}), "X")


def test_cli_help_lists_subcommands_each_with_example(capsys: pytest.CaptureFixture[str]) -> None:
    parser = build_parser()
    help_text = parser.format_help()
    for name in SUBCOMMANDS:
        assert name in help_text
        sub = parser._subparsers._group_actions[0].choices[name]  # type: ignore[union-attr]
        assert "Example:" in sub.format_help() and "nianbao " + name.split("-")[0] in sub.format_help()


def test_cli_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["no-such-command"])
    assert exc.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) <= 2 and "invalid choice" in err[-1]


def test_cli_without_command_prints_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "COMMAND" in capsys.readouterr().out


@given(st.text())
def test_normalize_line_fast_path_agrees_with_the_full_rule(text: str) -> None:
    from nianbao.document import _INVISIBLE, _SPACE, normalize_line

    assert normalize_line(text) == _SPACE.sub(" ", _INVISIBLE.sub("", text)).strip()
