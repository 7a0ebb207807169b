"""Units of the converters: sniffing, text repairs, running-line removal, unruled tables, Word PDFs."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from convert_fixtures import old2014_report, small_report, v2019_report

from nianbao.convert import convert_file, sniff
from nianbao.convert.columns import find_unruled_tables
from nianbao.convert.layout import Line, Page, Segment, TableItem, assemble, strip_running_lines
from nianbao.convert.lines import close_up, is_page_number, join_wrapped
from nianbao.convert.measure import cell_accuracy, char_error_rate
from nianbao.convert.ocr import ocr_text
from testbed.attachments import ATTACHMENT_TYPES, render_attachment


@pytest.mark.parametrize("file_type", [t for t in ATTACHMENT_TYPES if t not in ("doc", "wps")])
def test_sniff_by_bytes(file_type):  # type: ignore[no-untyped-def]
    expected = {"pdf_image": "pdf"}.get(file_type, file_type)
    assert sniff(render_attachment(small_report(), file_type)) == expected


def test_sniff_tells_wps_from_doc():
    assert sniff(render_attachment(small_report(), "doc")) == "doc"
    assert sniff(render_attachment(small_report(), "wps")) == "wps"


def test_close_up_spaced_out_characters():
    assert close_up("三 、本 年 度 办 理 结 果") == "三、本年度办理结果"
    assert close_up("2019 年 1 月") == "2019 年 1 月"  # digits keep their spaces in a text layer
    assert close_up("Email: a b") == "Email: a b"


def test_labels_broken_over_lines_are_rejoined():
    assert join_wrapped(["（二）部分公开（区分处理的，只计这", "一情形，不计其他情形）"]) == (
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
    )
    assert join_wrapped(["12", "34"]) == "1234"
    assert join_wrapped(["Email", "address"]) == "Email address"


@pytest.mark.parametrize("text", ["-3-", "— 12 —", "－3－", "第3页", "第 3 页 共 10 页", "3/10", "7"])
def test_page_numbers(text):  # type: ignore[no-untyped-def]
    assert is_page_number(text)


def test_not_page_numbers():
    assert not is_page_number("一、总体情况") and not is_page_number("2019年")


def test_ocr_text_normalises_spacing_and_punctuation():
    assert ocr_text("某某县 2019 年 (一 ) 予以公开") == "某某县2019年（一）予以公开"
    assert ocr_text("邮编 : 123456") == "邮编：123456"


def _line(text: str, top: float, x0: float = 72, x1: float = 300, size: float = 12) -> Line:
    return Line(text, x0, x1, top, top + size, size, [Segment(text, x0, x1)])


def test_running_header_footer_and_page_numbers_are_removed():
    pages = [
        Page(595, 842, [_line("某县人民政府", 20), _line(f"正文{i}", 400), _line(f"-{i}-", 810)])
        for i in range(3)
    ]
    assert strip_running_lines(pages) == 6
    assert [[i.text for i in p.items if isinstance(i, Line)] for p in pages] == [
        ["正文0"],
        ["正文1"],
        ["正文2"],
    ]


def test_wrapped_paragraph_lines_are_joined_and_title_found():
    lines = [_line("某县2019年年度报告", 60, 150, 450, 18), _line("一、总体情况", 100)]
    lines += [
        _line("本年度主动公开政府信息一千余条，", 120, 96, 520),
        _line("较上年有所增加。", 136, 72, 200),
    ]
    lines += [_line("二、主动公开政府信息情况", 160)]
    doc = assemble([Page(595, 842, list[Line | TableItem](lines))])
    assert doc.title == "某县2019年年度报告"
    assert doc.body_lines() == [
        "一、总体情况",
        "本年度主动公开政府信息一千余条，较上年有所增加。",
        "二、主动公开政府信息情况",
    ]


def test_unruled_table_from_positions():
    def row(top: float, *cells: tuple[str, float]) -> Line:
        segs = [Segment(t, x, x + 12 * len(t)) for t, x in cells]
        return Line(" ".join(s.text for s in segs), segs[0].x0, segs[-1].x1, top, top + 12, 12, segs)

    lines = [row(100, ("统计指标", 72), ("单位", 300), ("统计数", 400))]
    lines += [
        row(120 + 20 * i, (f"{i}.当面申请数", 72), ("件", 306), (str(10 * i), 410)) for i in range(1, 4)
    ]
    tables, rest = find_unruled_tables([_line("标题", 40, 72, 200, 18), *lines])
    items: list[Line | TableItem] = [*rest, *tables]
    doc = assemble([Page(595, 842, items)])
    assert doc.title == "标题"
    assert doc.tables and doc.tables[0].text_rows() == ["统计指标\t单位\t统计数"] + [
        f"{i}.当面申请数\t件\t{10 * i}" for i in range(1, 4)
    ]


def test_measures():
    assert char_error_rate("abc\ndef", "abc\ndxf") == pytest.approx(1 / 6)
    doc = small_report()
    assert cell_accuracy(doc, doc, numbers_only=True) == (6, 6)


@pytest.mark.slow
@pytest.mark.parametrize("make", [v2019_report, old2014_report], ids=["v2019", "old2014"])
def test_word_exported_pdf_with_embedded_cjk_font(make, tmp_path: Path):  # type: ignore[no-untyped-def]
    """A PDF as Word/LibreOffice exports it (embedded CJK subset font, tables split over pages)."""
    soffice = shutil.which("soffice")
    assert soffice, "needs LibreOffice (apt-get install -y libreoffice-writer-nogui)"
    source = make()
    (tmp_path / "r.docx").write_bytes(render_attachment(source, "docx"))
    profile = (tmp_path / "profile").as_uri()
    cmd = [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir"]
    subprocess.run(
        [*cmd, str(tmp_path), str(tmp_path / "r.docx")], check=True, capture_output=True, timeout=120
    )
    doc = convert_file((tmp_path / "r.pdf").read_bytes(), name="r.pdf")
    assert doc.title == source.title
    right, total = cell_accuracy(source, doc)
    assert right == total
    assert char_error_rate(source.to_text(), doc.to_text()) == 0
