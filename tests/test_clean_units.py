"""Unit tests of the clean stage's parts: encoding, parsing, hidden CSS, spam, chrome lines, blocks."""

from __future__ import annotations

import pytest

from nianbao.clean import clean_page
from nianbao.clean.chrome import chrome_kind
from nianbao.clean.encoding import decode_page
from nianbao.clean.hidden import read_stylesheets, style_hides
from nianbao.clean.metadata import iso_datetime
from nianbao.clean.spam import is_foreign, spam_score

REPORT = "本报告根据《中华人民共和国政府信息公开条例》编制，统计期限自2017年1月1日起至2017年12月31日止。"


def _page(body: str, head: str = "", charset: str = "utf-8") -> bytes:
    return f"<html><head><meta charset='{charset}'>{head}</head><body>{body}</body></html>".encode(
        "gb18030" if charset.startswith("gb") else "utf-8"
    )


def test_gbk_without_declaration() -> None:
    decoded = decode_page(REPORT.encode("gbk"))
    assert decoded.text == REPORT and decoded.encoding == "gb18030"


def test_http_header_charset_is_validated() -> None:
    decoded = decode_page(REPORT.encode("utf-8"), {"Content-Type": "text/html; charset=GB2312"})
    assert decoded.encoding == "utf-8" and decoded.repairs


def test_truncated_multibyte_decodes_with_warning() -> None:
    decoded = decode_page(REPORT.encode("utf-8")[:-1])
    assert decoded.text.startswith("本报告") and decoded.warnings


@pytest.mark.parametrize(
    "style",
    ["display:none", "DISPLAY: NONE !important", "visibility:hidden", "font-size:0", "font-size:0px;",
     "width:0;height:0", "height:0px;overflow:hidden", "position:absolute;left:-9999px", "text-indent:-999em"],
)  # fmt: skip
def test_hiding_styles(style: str) -> None:
    assert style_hides(style)


@pytest.mark.parametrize(
    "style", ["font-size:16pt", "width:100%", "height:0.5em", "margin-left:-2px", "display:block"]
)
def test_visible_styles(style: str) -> None:
    assert not style_hides(style)


def test_stylesheet_rules_skip_media_blocks() -> None:
    rules = read_stylesheets(["@media print{.body{display:none}} .x1, div.x2 {display:none} #y {color:red}"])
    assert rules.classes == {"x1"} and rules.tag_classes == {("div", "x2")} and not rules.ids


def test_spam_vocabulary_and_foreign_links() -> None:
    assert spam_score("88明升|88明升备用【明陞】") >= 3
    assert spam_score("金沙县人民政府") == 0
    assert is_foreign("http://www.88ms.com/", "www.ls.gov.cn")
    assert not is_foreign("http://www.qzh.gov.cn/", "www.ls.gov.cn")
    assert not is_foreign("/zwgk/", "www.ls.gov.cn")


@pytest.mark.parametrize(
    ("line", "kind"),
    [("当前位置：首页 > 政务公开", "breadcrumb"), ("【打印本页】【关闭窗口】", "tools"), ("上一篇：通知", "prev_next"),
     ("网站标识码：4507210001 桂ICP备05003569号", "footer"), ("来源：县政府办 点击量：12", "meta"),
     ("扫一扫在手机打开当前页", "qrcode"), ("无障碍浏览", "accessibility")],
)  # fmt: skip
def test_chrome_lines(line: str, kind: str) -> None:
    assert chrome_kind(line) == kind


@pytest.mark.parametrize(
    "line", [REPORT, "一、政府信息公开工作基本情况", "灵山县人民政府办公室", "2018年2月13日", "（三）接受培训人员数",
             "各部门主办的网站均按要求公开了政府信息，并在首页设置了信息公开专栏。"],
)  # fmt: skip
def test_body_lines_are_not_chrome(line: str) -> None:
    assert chrome_kind(line) is None


def test_iso_datetime() -> None:
    assert iso_datetime("2018年2月13日") == "2018-02-13"
    assert iso_datetime("2018-02-13 11:37") == "2018-02-13T11:37:00"
    assert iso_datetime("2018-13-40") is None


def test_split_spans_join_without_spaces() -> None:
    body = "<div id='zoom'><p><span>201</span><span>7</span><span>年</span><span>\n1</span><span>月</span>统计</p></div>"
    assert clean_page(_page(body)).body_lines() == ["2017年 1月统计"]


def test_cjk_line_breaks_dropped() -> None:
    body = f"<div class='TRS_Editor'><p>政府信息\n公开工作</p><p>{REPORT}</p></div>"
    assert clean_page(_page(body)).body_lines()[0] == "政府信息公开工作"


def test_title_from_title_tag_without_site_name() -> None:
    doc = clean_page(
        _page(f"<div id='zoom'><p>{REPORT}</p></div>", "<title>某县2017年年报_某县人民政府</title>")
    )
    assert doc.title == "某县2017年年报"


def test_layout_table_walked_and_data_table_kept() -> None:
    body = (f"<div id='zoom'><table><tr><td><p>{REPORT}</p><table><tr><td>指标</td><td>数</td></tr>"
            "<tr><td colspan='2'>合计</td></tr></table></td></tr></table></div>")  # fmt: skip
    doc = clean_page(_page(body))
    assert doc.body_lines() == [REPORT, "指标\t数", "合计"]
    assert doc.tables[0].rows[1][0].colspan == 2


def test_hidden_container_ancestor_is_kept() -> None:
    doc = clean_page(_page(f"<div style='display:none'><div class='TRS_Editor'><p>{REPORT}</p></div></div>"))
    assert doc.body_lines() == [REPORT]
