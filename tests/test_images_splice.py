"""Body images of a page: the cheap OCR test, marker splicing, and a page whose tables are screenshots
parsing to the truth (tesseract reads the PNGs the testbed draws)."""

from __future__ import annotations

import io
import random
from dataclasses import asdict
from functools import cache

import pytest
from PIL import Image

from nianbao.document import Block, Cell, CleanedDocument, Table
from nianbao.evaluate import value_score
from nianbao.image_splice import mark_images, splice_images, tag_url
from nianbao.ingest import one_document, to_document
from nianbao.page_images import worth_ocr
from nianbao.parse import parse_document
from testbed.content import Issuer, make_report, render_body
from testbed.content.image import render_table

BASE = "http://www.wsq.gov.cn.test/zwgk/nb/"
ISSUER = Issuer("乌审旗人民政府", "county_gov", "150626", "乌审旗", "鄂尔多斯市", "内蒙古自治区")


def _page(title: str, body: str) -> bytes:
    return (
        f'<html><head><meta charset="utf-8"><title>{title}</title></head><body>'
        f'<div class="header"><img src="/images/logo.png"></div><div class="TRS_Editor">{body}</div></body></html>'
    ).encode()


def _png(image: Image.Image, kind: str = "PNG") -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, kind)
    return buffer.getvalue()


@cache
def _table_png() -> bytes:
    rows = [[Cell("信息内容"), Cell("本年新制作数量"), Cell("本年新公开数量")]]
    rows += [[Cell(f"第{i}项"), Cell(str(i * 7)), Cell(str(i * 3))] for i in range(1, 6)]
    return render_table(Table(rows))


def test_a_rendered_table_is_worth_ocr() -> None:
    verdict = worth_ocr(_table_png())
    assert verdict.ok and verdict.reason == "ruled table" and verdict.rules >= 6


def test_photos_tiny_images_and_non_images_are_not() -> None:
    rng = random.Random(5)
    photo = Image.new("RGB", (640, 480))
    photo.putdata(
        [(rng.randrange(40, 200), rng.randrange(256), rng.randrange(120)) for _ in range(640 * 480)]
    )
    assert worth_ocr(_png(photo, "JPEG")).reason == "looks like a photo or graphic"
    assert not worth_ocr(_png(Image.new("L", (120, 40), 255))).ok  # a button
    assert not worth_ocr(b"<html>not an image</html>").ok
    truncated = worth_ocr(_table_png()[:3000])
    assert not truncated.ok and truncated.reason.startswith("undecodable")


def test_a_screenshot_of_prose_passes_as_printed_text() -> None:
    from PIL import ImageDraw, ImageFont

    from testbed.content.image import FONT_PATH

    page = Image.new("L", (900, 400), 255)
    draw = ImageDraw.Draw(page)
    for line in range(6):
        draw.text(
            (40, 30 + 55 * line),
            "本机关主动公开政府信息一千二百条，" * 2,
            font=ImageFont.truetype(FONT_PATH, 26),
        )
    verdict = worth_ocr(_png(page))
    assert verdict.ok and verdict.reason == "printed text" and verdict.rules < 3


def test_blank_page_image_is_not_worth_ocr() -> None:
    assert worth_ocr(_png(Image.new("L", (1200, 900), 255))).reason == "looks like a photo or graphic"


def test_tag_url_reads_lazy_escaped_and_entity_sources() -> None:
    assert tag_url(b'<IMG SRC="a.png?x=1&amp;y=2">', BASE) == BASE + "a.png?x=1&y=2"
    assert (
        tag_url(b'<img src="/loading.gif" data-src="/u/cms/1.jpg">', BASE)
        == "http://www.wsq.gov.cn.test/u/cms/1.jpg"
    )
    assert tag_url(b'<img src=\\"/u/2.png\\" alt=\\"\\">', BASE) == "http://www.wsq.gov.cn.test/u/2.png"
    assert tag_url(b'<img src="data:image/png;base64,AAAA">', BASE) == ""


def test_markers_splice_blocks_where_the_images_were() -> None:
    body = (
        "<p>第一段文字。</p><p><img src='t1.png'></p><p>第二段 <img src='t2.png'> 第三段</p><img src='x.png'>"
    )
    table = Block("table", table=Table([[Cell("a"), Cell("1")]]))
    wanted = {BASE + "t1.png": [table], BASE + "t2.png": [Block("paragraph", "图二")]}
    marked, markers = mark_images(_page("报告", body), BASE, wanted)
    assert len(markers) == 2 and b"x.png" in marked and b"t1.png" not in marked
    doc = one_document(marked, BASE + "p.html")
    placed = splice_images(doc, markers, wanted)
    assert placed == set(wanted)
    assert doc.body_lines() == ["第一段文字。", "a\t1", "第二段", "图二", "第三段"]


def test_unplaced_image_text_goes_to_the_end_with_a_warning() -> None:
    doc = CleanedDocument("t", [Block("paragraph", "正文")])
    assert splice_images(doc, {}, {BASE + "t.png": [Block("paragraph", "x")]}) == set()
    assert doc.body_lines() == ["正文"]


def test_a_saved_page_says_its_body_images_were_not_read() -> None:
    doc = one_document(_page("报告", "<p>正文。</p><p><img src='t1.png'></p><p><img src='t2.jpg'></p>"), BASE)
    assert "2 body image(s) not read (not fetched)" in doc.warnings
    doc = to_document([_page("报告", "<p><img src='t1.png'></p>")], BASE, images=[])
    assert "1 body image(s) not read (fetch failed)" in doc.warnings


def test_a_photo_in_the_body_is_skipped_not_read() -> None:
    photo = Image.effect_noise((640, 480), 90)
    doc = to_document(
        [_page("报告", "<p>正文。</p><p><img src='p.jpg'></p>")],
        BASE,
        images=[(BASE + "p.jpg", _png(photo.convert("RGB"), "JPEG"))],
    )
    assert doc.body_lines() == ["正文。"]
    assert any("p.jpg not read: looks like a photo" in w for w in doc.warnings)


def test_screenshot_tables_parse_to_the_truth() -> None:
    report = make_report(1, ISSUER, 2022)
    rendered = render_body(report, "image")
    images = [(BASE + name, data) for name, data in rendered.images.items()]
    assert len(images) == 3
    doc = to_document([_page(report.title, rendered.html)], BASE + "t1.html", images=images)
    lines = doc.body_lines()
    prose = [line for line in lines if "\t" not in line]
    assert prose == rendered.gold_lines  # the page's own text is intact, in order
    headings = [i for i, line in enumerate(lines) if "\t" not in line and line.startswith(("二、", "三、"))]
    assert len(headings) == 2 and any("\t" in line for line in lines[headings[0] : headings[1]])
    parsed = parse_document(doc)
    got = [{"table": v.table, "row": v.row, "col": v.col, "value": v.value} for v in parsed.values]
    score = value_score([asdict(v) for v in report.values], got)
    assert score.correct == score.expected, score.wrong[:5]


@pytest.mark.parametrize("budget", [0.5])
def test_the_page_budget_bounds_ocr(budget: float) -> None:
    doc = to_document(
        [_page("报告", "<p><img src='t.png'></p>")],
        BASE,
        images=[(BASE + "t.png", _table_png())],
        image_seconds=budget,
    )
    assert any("OCR time budget is spent" in w for w in doc.warnings)


def test_an_image_linked_as_a_file_is_not_counted_as_unread() -> None:
    body = "<p>正文。</p><p><a href='scan.jpg'>扫描件</a></p><p><img src='scan.jpg'></p>"
    assert not any("body image" in w for w in one_document(_page("报告", body), BASE).warnings)


def test_the_same_image_is_read_once_per_process(monkeypatch: pytest.MonkeyPatch) -> None:
    from nianbao import page_images

    calls: list[str] = []

    def fake_read(url: str, data: bytes, seconds: float) -> page_images.ImageText:
        calls.append(url)
        return page_images.ImageText(url, blocks=[Block("paragraph", data.decode())], seconds=1.5)

    monkeypatch.setattr(page_images, "_read_image", fake_read)
    monkeypatch.setattr(page_images, "_READ", page_images.OrderedDict())
    first = page_images.read_image("http://h.test/t1.png", b"one", 60)
    first.blocks.append(Block("paragraph", "spliced into a page"))  # callers may change what they get
    again = page_images.read_image("http://h.test/t1.png", b"one", 60)
    assert [b.text for b in again.blocks] == ["one"] and again.seconds == 0.0
    page_images.read_image("http://h.test/t1.png", b"changed", 60)  # same URL, other bytes: read again
    assert calls == ["http://h.test/t1.png", "http://h.test/t1.png"]
