"""Golden-file tests: every fixture page cleans to exactly its gold text, plus family-specific checks."""

from __future__ import annotations

from pathlib import Path

import pytest

from nianbao.clean import clean_page
from nianbao.clean.evaluate import CHROME_MARKERS, Sample, clean_sample, corpus, score

FIXTURES = Path(__file__).parent / "fixtures" / "clean"
CASES = list(corpus(FIXTURES))


def _clean(name: str, url: str | None = None):
    return clean_page((FIXTURES / "pages" / f"{name}.html").read_bytes(), url=url)


@pytest.mark.parametrize("sample", CASES, ids=[c.name for c in CASES])
def test_page_cleans_to_gold(sample: Sample) -> None:
    assert clean_sample(sample) == sample.gold


@pytest.mark.parametrize("sample", CASES, ids=[c.name for c in CASES])
def test_no_chrome_marker_leaks(sample: Sample) -> None:
    result = score(clean_sample(sample), sample.gold)
    assert result.leaked == ()
    assert result.recall >= 0.95


def test_corpus_covers_every_chrome_item() -> None:
    pages = "".join(
        s.bodies[0].decode("utf-8", "ignore") + s.bodies[0].decode("gb18030", "ignore") for s in CASES
    )
    for word in ("当前位置", "分享到", "打印本页", "关闭窗口", "字体", "来源", "发布日期", "点击量", "上一篇", "下一篇",
                 "相关链接", "主办", "承办", "网站标识码", "ICP备", "公网安备", "Copyright", "技术支持", "联系我们",
                 "无障碍", "扫一扫", "二维码"):  # fmt: skip
        assert word in pages, word
    assert len(CHROME_MARKERS) > 20


def test_word_split_spans_keep_every_character() -> None:
    text = _clean("001").to_text()
    assert "〔2017〕45号" in text and "2017年1月1日起至12月31日止" in text
    assert "（一）" in text


def test_visible_spam_link_removed_and_counted() -> None:
    document = _clean("001", url="http://www.lingshan.gov.cn/zwgk/201802/t20180213_1.html")
    assert "明升" not in document.to_text()
    assert document.removed["spam"] == 1
    assert document.attachments[0].url == "http://www.lingshan.gov.cn/zwgk/201802/P020180213571928382929.xls"


def test_gbk_declared_as_gb2312_decodes_and_reports_metadata() -> None:
    document = _clean("001")
    assert document.encoding == "gb18030"
    assert document.metadata.published == "2018-02-13T11:37:00"
    assert document.metadata.source == "灵山县政府信息公开领导小组办公室"
    assert document.metadata.site_id == "4507210001"


def test_hanweb_mandated_meta_first() -> None:
    meta = _clean("002").metadata
    assert (meta.published, meta.source, meta.site_id, meta.column) == (
        "2018-01-25T16:20:00", "三爪仑乡人民政府", "3609250003", "乡镇年报")  # fmt: skip


def test_excms_index_table_becomes_metadata() -> None:
    document = _clean("003")
    assert document.metadata.index_number == "005328917/2018-00031"
    assert document.metadata.document_number == "济政办〔2018〕12号"
    assert document.removed["index_table"] == 1
    assert "索引号" not in document.to_text()


def test_gkmlpt_detail_json_body_and_fields() -> None:
    document = _clean("004")
    assert document.metadata.index_number == "11152202011600000X/2018-00012"
    assert document.metadata.published == "2018-01-30T11:15:21"
    assert len(document.body_lines()) > 30


@pytest.mark.parametrize(("name", "repair"), [("006", "declared utf-8 but decoded as gb18030"),
                                              ("007", "declared gbk but decoded as utf-8")])  # fmt: skip
def test_wrong_charset_declaration_is_repaired(name: str, repair: str) -> None:
    assert any(repair in r for r in _clean(name).repairs)


def test_stray_end_tags_repaired() -> None:
    document = _clean("008")
    assert any("stray" in r for r in document.repairs)
    assert len(document.body_lines()) == 9


def test_hidden_spam_removed_by_inline_style_and_stylesheet() -> None:
    document = _clean("009")
    assert document.removed["hidden"] == 8
    for word in ("葡京", "六合彩", "太阳城", "三级片", "赌场", "老虎机", "彩金", "博狗"):
        assert word not in document.to_text()


def test_image_only_page_keeps_title_and_warns() -> None:
    document = _clean("010")
    assert document.image_only and document.body_lines() == []
    assert document.title == "某县2017年政府信息公开工作年度报告"
    assert any("image-only" in w for w in document.warnings)


def test_ucap_table_spans_preserved() -> None:
    table = _clean("011").tables[0]
    assert table.rows[0][0].rowspan == 3 and table.rows[0][0].colspan == 3
    assert table.grid()[2][3] == "自然人"


def test_density_fallback_warns() -> None:
    assert any("density" in w for w in _clean("012").warnings)
