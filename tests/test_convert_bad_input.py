"""Bad input gives a clear warning in bounded time, never an exception."""

from __future__ import annotations

import io
import time
import zipfile

import pytest
from convert_fixtures import small_report

from nianbao.convert import Limits, convert_file, convert_file_isolated, is_convertible, sniff
from nianbao.convert.limits import ConversionError, run_isolated
from testbed.attachments import render_attachment


def _encrypted_pdf() -> bytes:
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    pdf = canvas.Canvas(out, encrypt=StandardEncryption("secret", canPrint=0))
    pdf.drawString(72, 700, "hidden")
    pdf.save()
    return out.getvalue()


def _zip_bomb_docx(size: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * size)
    return out.getvalue()


def test_encrypted_pdf_is_reported():
    doc = convert_file(_encrypted_pdf(), name="report.pdf")
    assert doc.blocks == [] and any("encrypted" in w for w in doc.warnings)


def test_truncated_pdf_is_reported_not_raised():
    data = render_attachment(small_report(), "pdf")
    doc = convert_file(data[: len(data) // 3], name="report.pdf")
    assert doc.warnings


def test_zip_bomb_docx_is_refused_before_unpacking():
    data = _zip_bomb_docx(60 * 1024 * 1024)
    assert len(data) < 1024 * 1024 and sniff(data) == "docx"
    start = time.monotonic()
    doc = convert_file(data, name="report.docx")
    assert time.monotonic() - start < 2
    assert any("zip bomb" in w for w in doc.warnings)


def test_small_declared_size_limit_applies_to_xlsx_too():
    xlsx = render_attachment(small_report(), "xlsx")
    doc = convert_file(xlsx, limits=Limits(max_unzipped=1000))
    assert any("zip bomb" in w for w in doc.warnings)


def test_wrong_extension_is_converted_by_content_with_a_warning():
    docx = render_attachment(small_report(), "docx")
    doc = convert_file(docx, name="report.pdf")
    assert doc.title == small_report().title
    assert any("named .pdf" in w and "DOCX" in w for w in doc.warnings)


@pytest.mark.parametrize("data", [b"", b"   \n", b"\x00\x01garbage" * 10, b"<html><body>x</body></html>"])
def test_not_a_convertible_file(data):  # type: ignore[no-untyped-def]
    assert not is_convertible(data)
    doc = convert_file(data, name="x.doc")
    assert doc.title == "" and doc.blocks == [] and len(doc.warnings) == 1


def test_corrupt_ole_and_image_are_reported():
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
    for data in (ole, png):
        doc = convert_file(data, name="bad")
        assert doc.blocks == [] and doc.warnings


def test_long_pdf_is_capped_in_pages_and_time():
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    pdf = canvas.Canvas(out)
    for page in range(500):
        pdf.drawString(72, 700, f"page {page} text")
        pdf.showPage()
    pdf.save()
    start = time.monotonic()
    doc = convert_file(out.getvalue())
    assert time.monotonic() - start < 30
    assert any("500 pages: only the first 150" in w for w in doc.warnings)
    assert "page 149 text" in doc.to_text() and "page 150 text" not in doc.to_text()


def test_isolated_conversion_returns_the_document():
    data = render_attachment(small_report(), "docx")
    assert convert_file_isolated(data, "r.docx").title == small_report().title


def test_isolated_run_is_stopped_at_the_time_limit():
    start = time.monotonic()
    with pytest.raises(ConversionError, match="exceeded"):
        run_isolated(time.sleep, (60,), Limits(max_seconds=0.5))
    assert time.monotonic() - start < 10
