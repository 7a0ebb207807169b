"""Tesseract as a library: word for word what the program reads, models kept loaded between calls, its time
limit kept, and the program whenever the library is not in use."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PIL import Image, ImageDraw

from nianbao.convert import tessapi, tesseract
from nianbao.convert.limits import ConversionError
from testbed.attachments.scan import _font

LABELS = ["主动公开政府信息数量", "第二十条第（一）项", "行政复议", "本年新制作数量"]
NUMBERS = ["0", "17", "1234", "96.5"]


def _line(text: str, size: int = 30) -> Any:
    image = Image.new("L", (40 + size * len(text), 2 * size), 255)
    ImageDraw.Draw(image).text((20, size // 2), text, fill=0, font=_font(size))
    return image


def _page(lines: int = 12) -> Any:
    page = Image.new("L", (1400, 120 + 60 * lines), 255)
    draw = ImageDraw.Draw(page)
    for i in range(lines):
        draw.text(
            (80, 60 + 60 * i), f"第{i + 1}行：本机关全年主动公开政府信息{37 * i}条", fill=0, font=_font(30)
        )
    return page


@pytest.fixture
def library() -> Iterator[None]:
    tessapi.use_library()
    assert tessapi.available(), "libtesseract.so.5 cannot be used in this process"
    yield
    tessapi.use_library(False)


def _read_all() -> tuple[Any, Any, Any]:
    labels = tesseract.read_lines([_line(t) for t in LABELS], 60)
    numbers = tesseract.read_lines([_line(t) for t in NUMBERS], 60, "eng", "0123456789.-")
    return labels, numbers, tesseract.read_pages([_page(), _page(3)], 60)


def test_the_library_reads_word_for_word_what_the_program_reads(library: None) -> None:
    with_library = _read_all()
    tessapi.use_library(False)
    with_program = _read_all()
    assert with_library == with_program
    labels, numbers, pages = with_library
    assert ["".join(w.text for w in words) for words in labels][0] == LABELS[0]
    assert ["".join(w.text for w in words) for words in numbers] == NUMBERS
    assert [w.frame for w in pages[1]] == [1] * len(pages[1]) and "第3行" in "".join(w.text for w in pages[1])


def test_an_engine_stays_loaded_and_each_thread_borrows_its_own(library: None) -> None:
    tesseract.read_lines([_line("年度报告")], 60)
    loaded = len(tessapi._every)
    tesseract.read_lines([_line("政府信息")], 60)
    assert len(tessapi._every) == loaded  # the second call loaded no model
    with tessapi.engine("chi_sim") as first, tessapi.engine("chi_sim") as second:
        assert first is not second  # busy engines are not shared
    with tessapi.engine("chi_sim") as again:
        assert again in (first, second)


def test_the_library_stops_at_its_time_limit_and_reads_on_afterwards(library: None) -> None:
    with tessapi.engine("chi_sim") as engine, pytest.raises(ConversionError, match="ran out"):
        engine.read(_page(30), 0, 6, "", 0.05)
    assert "".join(w.text for w in tesseract.read_lines([_line("行政复议")], 60)[0]) == "行政复议"


def test_a_missing_model_is_a_conversion_error_naming_the_package(library: None) -> None:
    with pytest.raises(ConversionError, match="tesseract-ocr-xyz"):
        tessapi.Engine("xyz")


def test_without_the_library_the_program_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    runs: list[list[str]] = []
    real = tesseract.run_tool

    def counted(cmd: list[str], *args: Any, **kwargs: Any) -> bytes:
        runs.append(cmd)
        return real(cmd, *args, **kwargs)

    monkeypatch.setattr(tesseract, "run_tool", counted)
    tessapi.use_library(False)
    assert "".join(w.text for w in tesseract.read_lines([_line("行政诉讼")], 60)[0]) == "行政诉讼"
    assert len(runs) == 1 and runs[0][0] == "tesseract"
    tessapi.use_library()
    try:
        tesseract.read_lines([_line("行政诉讼")], 60)
    finally:
        tessapi.use_library(False)
    assert len(runs) == 1
