"""Render a report in every attachment format, convert it back, compare with the source."""

from __future__ import annotations

import pytest
from convert_fixtures import old2014_report, small_report, v2019_report

from nianbao.convert import convert_file
from nianbao.convert.measure import cell_accuracy, char_error_rate
from testbed.attachments import ATTACHMENT_TYPES, render_attachment

TEXT_LAYER = ("pdf", "docx", "xls", "xlsx")
WORD97 = ("doc", "wps")
SCANS = ("png", "jpeg", "pdf_image")


def _assert_exact(source, file_type):  # type: ignore[no-untyped-def]
    data = render_attachment(source, file_type)
    doc = convert_file(data, name=f"report.{file_type}")
    assert doc.warnings == []
    assert doc.title == source.title
    assert doc.body_lines() == source.body_lines()
    assert [t.grid() for t in doc.tables] == [t.grid() for t in source.tables]


@pytest.mark.parametrize("file_type", TEXT_LAYER)
@pytest.mark.parametrize("make", [v2019_report, old2014_report], ids=["v2019", "old2014"])
def test_text_layer_formats_round_trip_exactly(make, file_type):  # type: ignore[no-untyped-def]
    _assert_exact(make(), file_type)


@pytest.mark.parametrize("file_type", WORD97)
def test_word97_formats_round_trip_exactly(file_type):  # type: ignore[no-untyped-def]
    _assert_exact(v2019_report(), file_type)


@pytest.mark.slow
@pytest.mark.parametrize("file_type", WORD97)
def test_word97_old2014_round_trip(file_type):  # type: ignore[no-untyped-def]
    _assert_exact(old2014_report(), file_type)


def test_every_attachment_type_is_covered():
    assert set(TEXT_LAYER + WORD97 + SCANS) == set(ATTACHMENT_TYPES)


def test_rendering_is_deterministic():
    doc = v2019_report()
    for file_type in ("pdf", "docx", "xlsx", "xls", "png", "pdf_image"):
        assert render_attachment(doc, file_type) == render_attachment(doc, file_type)


@pytest.mark.parametrize("file_type", SCANS)
def test_scans_are_read_by_ocr_on_one_small_page(file_type):  # type: ignore[no-untyped-def]
    source = small_report()
    doc = convert_file(render_attachment(source, file_type), name=f"scan.{file_type}")
    assert doc.image_only
    assert char_error_rate(source.to_text(), doc.to_text()) <= 0.02
    right, total = cell_accuracy(source, doc, numbers_only=True)
    assert total == 6 and right / total >= 0.98
    assert [len(r) for r in doc.tables[0].grid()] == [len(r) for r in source.tables[0].grid()]


@pytest.mark.slow
@pytest.mark.parametrize("file_type", ["png", "pdf_image"])
def test_scan_of_table3_keeps_values(file_type):  # type: ignore[no-untyped-def]
    source = v2019_report()
    doc = convert_file(render_attachment(source, file_type), name=f"scan.{file_type}")
    right, total = cell_accuracy(source, doc, numbers_only=True)
    assert right / total >= 0.98
    assert char_error_rate(source.to_text(), doc.to_text()) <= 0.03
