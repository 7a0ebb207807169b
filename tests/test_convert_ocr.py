"""OCR of scans: the cell reader's pieces (lines, dashes, number candidates, plausibility, label repair), the
multi-page TIFF handed to tesseract, and scans of testbed reports parsed back to their gold values."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image, ImageDraw

from nianbao.convert import convert_file
from nianbao.convert.cells import (
    CellInk,
    label_text,
    number_candidates,
    plausible_number,
    read_dashes,
    text_lines,
)
from nianbao.convert.measure import char_error_rate
from nianbao.convert.tesseract import Word, multipage_tiff, parse_tsv
from nianbao.evaluate import value_score
from nianbao.parse import parse_document
from testbed.attachments import render_attachment
from testbed.content import Issuer, make_report


def _word(text: str) -> Word:
    return Word(text, 0, 10, 0, 10, (0, 1, 1, 1), 90.0)


def test_multipage_tiff_holds_every_frame_pixel_for_pixel():
    frames = [Image.new("L", (w, 7), 255) for w in (13, 40, 1)]  # odd sizes: padding to even offsets
    ImageDraw.Draw(frames[1]).line((2, 3, 30, 3), fill=0)
    tiff = Image.open(io.BytesIO(multipage_tiff(frames)))
    assert getattr(tiff, "n_frames", 1) == 3
    for index, frame in enumerate(frames):
        tiff.seek(index)
        assert tiff.size == frame.size and tiff.tobytes() == frame.tobytes()


def test_tsv_words_carry_frame_and_confidence():
    tsv = (
        "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
        "4\t2\t1\t1\t1\t0\t5\t6\t30\t20\t-1\t\n"
        "5\t2\t1\t1\t1\t1\t5\t6\t30\t20\t91.5\t37\n"
    )
    (word,) = parse_tsv(tsv)
    assert (word.text, word.frame, word.x1, word.bottom, word.conf) == ("37", 1, 35, 26, 91.5)


def test_text_lines_split_a_cell_at_blank_rows_and_crop_each_line():
    dark = np.zeros((60, 100), dtype=bool)
    dark[10:30, 20:90] = True  # first line
    dark[36:50, 15:40] = True  # second, shorter, starting further left
    assert text_lines(dark, (5, 5, 95, 55)) == [(20, 10, 90, 30), (15, 36, 40, 50)]
    assert text_lines(dark, (0, 52, 100, 60)) == []  # no ink


def test_flat_strokes_are_dashes_without_ocr():
    inks = [
        CellInk(0, 0, [(0, 0, 10, 24)]),  # a digit-sized glyph
        CellInk(0, 1, [(0, 0, 20, 4)]),  # short flat stroke
        CellInk(0, 2, [(0, 0, 50, 4)]),  # two characters wide
    ]
    read_dashes(inks)
    assert [(i.text, i.pending) for i in inks] == [("", True), ("-", False), ("——", False)]


def test_number_candidates_are_short_and_digit_high():
    labels = [CellInk(0, i, [(0, 0, 24 * n, 24)]) for i, n in enumerate((4, 6, 8, 12))]
    number, unit, slash, long_number = (
        CellInk(0, 10, [(0, 0, 26, 19)]),  # "79": digits are lower than Chinese characters
        CellInk(0, 11, [(0, 0, 24, 24)]),  # "条"
        CellInk(0, 12, [(0, 0, 10, 25)]),  # "/"
        CellInk(0, 13, [(0, 0, 150, 19)]),  # too wide for a number
    )
    two_lines = CellInk(0, 14, [(0, 0, 20, 19), (0, 25, 20, 44)])
    found = number_candidates([*labels, number, unit, slash, long_number, two_lines])
    assert found == [number, slash]


@pytest.mark.parametrize(
    ("text", "width", "height", "ok"),
    [
        ("79", 26, 19, True),
        ("719", 26, 19, False),  # a digit too many for the ink
        ("7", 26, 19, False),  # one too few
        ("1", 11, 19, True),
        ("8302", 55, 19, True),
        ("3769.08", 92, 19, True),
        ("/", 10, 25, True),
        ("/", 40, 25, False),
        ("12a", 40, 19, False),
    ],
)
def test_a_number_must_fit_its_ink(text, width, height, ok):  # type: ignore[no-untyped-def]
    assert plausible_number(text, width, height) is ok


def test_label_lines_rejoin_and_a_misread_item_number_is_repaired():
    assert label_text([[_word("|.当面申请数")]]) == "1.当面申请数"
    assert label_text([[_word("了.属于行政执法案卷")]]) == "7.属于行政执法案卷"
    assert label_text([[_word("（四）旗区政务服务中心建立行政审批和电子监")], [_word("察系统")]]) == (
        "（四）旗区政务服务中心建立行政审批和电子监察系统"
    )
    assert label_text([[_word("工作")]]) == "工作"  # 工 not followed by a dot stays


def test_cer_counts_a_split_paragraph_as_one_edit():
    gold = "标题\n第一段很长的文字。\n第二段。\n表\t1\t2"
    split = "标题\n第一段很长\n的文字。\n第二段。\n表\t1\t2"
    assert char_error_rate(gold, split) == pytest.approx(1 / len(gold.replace("\n", "")))


ISSUER = Issuer("乌审旗人民政府", "county_gov", "150626", "乌审旗")


@pytest.mark.slow
@pytest.mark.parametrize(("year", "file_type"), [(2016, "png"), (2019, "jpeg"), (2022, "pdf_image")])
def test_scans_of_testbed_reports_parse_to_their_gold_values(year, file_type):  # type: ignore[no-untyped-def]
    report = make_report(1, ISSUER, year)
    doc = convert_file(render_attachment(report.doc, file_type), name=f"scan.{file_type}")
    parsed = parse_document(doc)
    got = [{"table": v.table, "row": v.row, "col": v.col, "value": v.value} for v in parsed.values]
    gold = [{"table": g.table, "row": g.row, "col": g.col, "value": g.value} for g in report.values]
    score = value_score(gold, got)
    assert score.correct / score.expected >= 0.98, score.wrong
    assert char_error_rate(report.doc.to_text(), doc.to_text()) <= 0.01


@pytest.mark.parametrize("batch", [1, 8])
def test_tiff_pages_come_back_in_order_whatever_the_batch(monkeypatch, batch):  # type: ignore[no-untyped-def]
    from nianbao.convert import ocr
    from testbed.attachments.scan import _font

    monkeypatch.setattr(ocr, "BATCH", batch)
    pages = []
    for text in ("第一页政府信息公开", "第二页年度报告内容"):
        page = Image.new("L", (1654, 2339), 255)  # A4 at 200 dpi
        ImageDraw.Draw(page).text((130, 130), text, fill=0, font=_font(30))
        pages.append(page)
    tiff = io.BytesIO()
    pages[0].save(tiff, "TIFF", save_all=True, append_images=pages[1:])
    doc = convert_file(tiff.getvalue(), name="scan.tif")
    assert doc.to_text().replace("\n", "").startswith("第一页政府信息公开第二页年度报告内容")


def test_a_speck_apart_from_the_text_is_no_line():
    dark = np.zeros((60, 100), dtype=bool)
    dark[10:30, 20:90] = True
    dark[45:47, 50:52] = True  # 4 pixels of dust under the text
    assert text_lines(dark, (5, 5, 95, 55)) == [(20, 10, 90, 30)]


def test_without_the_number_pass_chi_sim_reads_the_numbers(monkeypatch):  # type: ignore[no-untyped-def]
    from convert_fixtures import small_report

    from nianbao.convert import cells
    from nianbao.convert.limits import ConversionError
    from nianbao.convert.measure import cell_accuracy

    real = cells.read_lines

    def no_eng(frames, timeout, lang="chi_sim", whitelist=None):  # type: ignore[no-untyped-def]
        if lang == "eng":
            raise ConversionError("tesseract failed: Failed loading language 'eng'")
        return real(frames, timeout, lang, whitelist)

    monkeypatch.setattr(cells, "read_lines", no_eng)
    source = small_report()
    doc = convert_file(render_attachment(source, "png"), name="scan.png")
    right, total = cell_accuracy(source, doc, numbers_only=True)
    assert total > 0 and right == total


def _scan_with_grid(ink_outside: tuple[int, int, int, int] | None) -> object:
    from nianbao.convert.grid import Grid
    from nianbao.convert.ocr import PageScan

    image = Image.new("L", (800, 600), 255)
    draw = ImageDraw.Draw(image)
    draw.rectangle((120, 200, 680, 560), fill=0)  # the table's ink, inside its grid
    if ink_outside:
        draw.rectangle(ink_outside, fill=0)
    grid = Grid([100.0, 700.0], [180.0, 580.0], [(0, 0, 1, 1)])
    return PageScan(image, 1.0, [grid], [])


def test_a_page_that_is_all_table_has_no_page_text_to_read():
    from nianbao.convert.ocr import outside_tables

    assert outside_tables(_scan_with_grid(None)) is None  # type: ignore[arg-type]


def test_page_text_outside_tables_is_cropped_to_its_ink_and_its_words_moved_back():
    from nianbao.convert.ocr import PAGE_MARGIN, _moved, outside_tables

    found = outside_tables(_scan_with_grid((300, 60, 500, 90)))  # type: ignore[arg-type]
    assert found is not None
    crop, x0, y0 = found
    assert (x0, y0) == (300 - PAGE_MARGIN, 60 - PAGE_MARGIN)
    assert crop.size == (201 + 2 * PAGE_MARGIN, 31 + 2 * PAGE_MARGIN)
    (word,) = _moved([Word("表一", 24, 224, 24, 55, (0, 1, 1, 1), 90.0)], x0, y0)
    assert (word.x0, word.x1, word.top, word.bottom) == (300, 500, 60, 91)


def test_text_outside_a_ruled_table_is_placed_where_it_was_printed():
    from nianbao.convert.layout import Line, TableItem
    from nianbao.convert.limits import Limits
    from nianbao.convert.ocr import read_scans, scan_page
    from testbed.attachments.scan import _font

    page = Image.new("L", (1400, 900), 255)
    draw = ImageDraw.Draw(page)
    for y in (200, 300, 400):
        draw.line((150, y, 1250, y), fill=0, width=3)
    for x in (150, 700, 1250):
        draw.line((x, 200, x, 400), fill=0, width=3)
    draw.text((200, 230), "规范性文件", fill=0, font=_font(34))
    draw.text((900, 230), "12", fill=0, font=_font(34))
    draw.text((600, 700), "注：以上数据截至年底", fill=0, font=_font(34))
    (read,) = read_scans([scan_page(page, Limits())], timeout=60)
    (table,) = [item for item in read.items if isinstance(item, TableItem)]
    (note,) = [item for item in read.items if isinstance(item, Line)]
    assert table.table.rows[0][0].text == "规范性文件"
    assert "以上数据截至年底" in note.text
    assert abs(note.top - 700) < 20 and abs(note.x0 - 600) < 20  # page coordinates, not the crop's
