"""Testbed body shapes: the HTML of every shape reads back to exactly its gold lines; seeds render too."""

from __future__ import annotations

import io
import re
import shutil
import subprocess

import lxml.html
import pytest
from PIL import Image

from nianbao.document import normalize_line
from testbed.content import SHAPES, Issuer, make_report, render_body, seed_reports

ISSUERS = [
    Issuer("乌审旗人民政府", "county_gov", "150626", "乌审旗", "鄂尔多斯市", "内蒙古自治区"),
    Issuer("灵山县商务局", "department", "450721", "灵山县", "钦州市", "广西壮族自治区"),
    Issuer("三爪仑乡", "township", "360925", "靖安县", "宜春市", "江西省"),
]
YEARS = (2012, 2015, 2018, 2019, 2020, 2021, 2022)


def read_back(fragment: str) -> list[str]:
    """A minimal perfect cleaner for these fragments: paragraphs one line each, table rows TAB-joined."""
    root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    lines: list[str] = []
    for element in root.iter("p", "table"):
        if element.tag == "table":
            for row in element.iter("tr"):
                line = "\t".join(normalize_line(td.text_content()) for td in row.iter("td"))
                if line.strip("\t "):
                    lines.append(line)
        elif not any(a.tag == "table" for a in element.iterancestors()):
            text = normalize_line(element.text_content())
            if text:
                lines.append(text)
    return lines


def _reports():
    return [make_report(seed, issuer, year) for seed in (1, 2) for issuer in ISSUERS for year in YEARS]


@pytest.mark.parametrize("shape", SHAPES)
def test_html_reads_back_to_the_gold_lines(shape):
    for report in _reports():
        body = render_body(report, shape)
        assert read_back(body.html) == body.gold_lines, (report.id, shape)


@pytest.mark.parametrize("shape", ["table", "borderless", "word"])
def test_table_shapes_keep_the_canonical_lines(shape):
    for report in _reports():
        assert render_body(report, shape).gold_lines == report.doc.to_text().splitlines()[1:]


def test_table_shape_has_real_spans_and_borders():
    html = render_body(make_report(1, ISSUERS[0], 2020), "table").html
    assert 'border="1"' in html and 'rowspan="3" colspan="3"' in html and 'colspan="5"' in html
    borderless = render_body(make_report(1, ISSUERS[0], 2020), "borderless").html
    assert "border=" not in borderless and "border:none" in borderless


def test_word_shape_splits_characters_across_font_spans():
    html = render_body(make_report(1, ISSUERS[0], 2017), "word").html
    assert "class=MsoNormal" in html and "<o:p></o:p>" in html and "MsoNormalTable" in html and "mso-" in html
    for char in "年月一":
        assert re.search(rf"<span[^>]*>{char}</span>", html), char
        assert not re.search(rf"<span[^>]*>[^<]*[^<{char}]{char}[^<]*</span>", html), char
    fonts = set(re.findall(r"font-family:([^;'\"]+)", html))
    assert len(fonts) >= 2


def test_word_shape_splits_document_numbers():
    report = seed_reports()[1]  # 灵山县: 〔2017〕45号 restored
    html = render_body(report, "word").html
    assert re.search(r">〕</span>", html) and re.search(r">号</span>", html)


def test_flat_shape_is_one_cell_per_paragraph_without_empty_cells():
    report = make_report(1, ISSUERS[0], 2017)
    body = render_body(report, "flat")
    assert not any("\t" in line for line in body.gold_lines)
    assert "序号" in body.gold_lines and "统计指标" in body.gold_lines


def test_pipe_shape_writes_rows_as_pipe_lines():
    body = render_body(make_report(1, ISSUERS[2], 2016), "pipe")
    pipes = [line for line in body.gold_lines if line.endswith("|")]
    assert len(pipes) >= 66 and all("\t" not in line for line in body.gold_lines)


def test_image_shape_draws_the_tables_and_leaves_them_out_of_the_gold():
    report = make_report(1, ISSUERS[0], 2021)
    body = render_body(report, "image")
    assert len(body.images) == len(report.doc.tables)
    for name, data in body.images.items():
        assert f'src="{name}"' in body.html
        image = Image.open(io.BytesIO(data))
        assert image.format == "PNG" and image.width > 300 and image.height > 60
    assert not any("\t" in line for line in body.gold_lines)
    assert "三、收到和处理政府信息公开申请情况" in body.gold_lines


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract not installed")
def test_image_table_is_legible_to_ocr():
    report = make_report(3, ISSUERS[0], 2020)
    data = list(render_body(report, "image").images.values())[-1]  # Table 4: two-level header, 15 values
    result = subprocess.run(
        ["tesseract", "stdin", "stdout", "-l", "chi_sim", "--psm", "4"],
        input=data,
        capture_output=True,
        timeout=120,
    )
    text = result.stdout.decode("utf-8").replace(" ", "")
    for label in ("行政复议", "行政诉讼", "结果维持", "复议后起诉"):
        assert label in text, text


def test_unknown_shape_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown shape"):
        render_body(make_report(1, ISSUERS[0], 2017), "pdf")
