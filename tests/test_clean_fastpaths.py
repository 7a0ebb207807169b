"""The block builder's whole-string fast paths give what the plain, line-by-line definitions give.

``_join_lines`` + ``_collapse_space`` stand for ``join_inline`` + one-space collapse over a whole body;
``_plain_cells`` + ``_plain_row`` stand for ``_row`` (cell by cell) over a table of text and paragraphs.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from nianbao.clean import blocks

_SPACE = re.compile(r"[\s\u3000\u00a0]+")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")

BODY_CHARS = st.sampled_from(
    [" ", "\t", "\r", "\n", "\u3000", "\xa0", "\x85", "\u2003", "\u200b", "\ufeff", "年", "月", "a", ",", "。",
     blocks.LINK, blocks.LINK_END, blocks.BREAK]
)  # fmt: skip


@settings(max_examples=1500, deadline=None)
@given(st.lists(BODY_CHARS, max_size=16).map("".join))
def test_body_text_fast_path_matches_definition(text: str) -> None:
    reference = _SPACE.sub(" ", _INVISIBLE.sub("", blocks.join_inline(text))).strip()
    assert blocks._collapse_space(blocks._remove_invisible(blocks._join_lines(text))) == reference


def _content(pieces: list[str]) -> str:
    return re.sub(" +", " ", "".join(pieces))  # the builder's input: whitespace already one space


CONTENT = st.lists(st.sampled_from(["年", "a", " ", "。", "1", blocks.BREAK]), max_size=8).map(_content)
CELLS = st.lists(st.tuples(st.sampled_from(["", "2,", ",3", "2,2"]), CONTENT), max_size=4)


@settings(max_examples=1500, deadline=None)
@given(st.lists(CELLS, max_size=4))
def test_plain_table_fast_path_matches_cell_by_cell(rows: list[list[tuple[str, str]]]) -> None:
    piece = "".join(
        "".join(blocks.CELL + spans + blocks.SPAN_END + text for spans, text in row) + blocks.ROW_END
        for row in rows
    )
    reference = [blocks._row(row) for row in piece.split(blocks.ROW_END)]
    assert [blocks._plain_row(row) for row in blocks._plain_cells(piece).split(blocks.ROW_END)] == reference


def test_comment_markers_found_at_any_comment_in_any_case() -> None:
    from nianbao.clean.containers import marker_body

    page = "<!-- nav --><p>menu</p><!--zjeg_rss.CONTENT.Begin--><p>正文</p><!-- ZJEG_RSS.content.end -->"
    found = marker_body(page, content_meta=False)
    assert found is not None and found.markup == "<p>正文</p>" and found.signal == "marker:ZJEG_RSS"
    assert marker_body("<!--正文开始--><p>年报</p><!-- 正文结束 -->", False).markup == "<p>年报</p>"  # type: ignore[union-attr]
    assert marker_body("<p>no markers</p><!-- x -->", False) is None


def test_content_start_meta_pair_needs_the_meta_in_the_tree() -> None:
    from nianbao.clean import clean_page

    page = (
        "<html><head><title>t</title></head><body><div>导航</div><META name='contentstart'>"
        "<p>报告正文第一段，内容足够长。</p><meta name=ContentEnd><div>页脚</div></body></html>"
    )
    assert "报告正文第一段" in clean_page(page.encode()).to_text()
    assert "导航" not in clean_page(page.encode()).to_text()
