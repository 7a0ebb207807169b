"""The five seeds as testbed reports: cleaned texts, rebuilt tables, every shape renders."""

from __future__ import annotations

from testbed.content import SHAPES, render_body, seed_reports
from testbed.content.seeds import SEED_DIR
from testbed.content.seedtext import clean_seed, renumber_ordinals, restore


def test_five_seeds_with_their_issuers_and_templates():
    reports = seed_reports()
    assert [(r.issuer.county, r.issuer.adcode, r.template) for r in reports] == [
        ("乌审旗", "150626", "old2014"),
        ("灵山县", "450721", "narrative"),
        ("靖安县", "360925", "old2014"),
        ("济源市", "419001", "old2014"),
        ("阿尔山市", "152202", "narrative"),
    ]
    assert reports[2].issuer.level == "township" and reports[2].issuer.name.startswith("三爪仑乡")
    assert all(r.year == 2017 for r in reports)


def test_seed_tables_are_rebuilt_as_real_tables():
    reports = seed_reports()
    assert [len(r.doc.tables) for r in reports] == [1, 0, 1, 1, 0]
    wsq = reports[0].doc.tables[0].text_rows()
    assert wsq[0] == "序号\t统计指标\t单位\t统计数" and len(wsq) == 84
    assert (
        wsq[2].endswith("\t25155")
        and wsq[68] == "68\t(二)网上办理事项内容\t\t开通网上办理六类行政审批事项388项"
    )
    assert wsq[61].startswith("61\t") and wsq[61].endswith("\t万元\t5")
    szl = reports[2].doc.tables[0].text_rows()
    assert "（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）\t条\t292" in szl
    assert "制发规范性文件总数\t件\t" in szl
    jy = reports[3].doc.tables[0]
    assert jy.rows[0][0].colspan == 3 and jy.rows[-1][0].text.startswith("单位负责人")
    assert "(一)收到申请数\t件\t45" in jy.text_rows()


def test_every_shape_renders_every_seed():
    for report in seed_reports():
        for shape in SHAPES:
            body = render_body(report, shape)
            assert body.gold_lines and body.html
            assert (len(body.images) > 0) == (shape == "image" and bool(report.doc.tables))


def test_seed_texts_have_no_chrome_or_spam_and_restored_glyphs():
    texts = {n: (SEED_DIR / f"{n}.txt").read_text("utf-8") for n in ("000", "001", "002", "003", "004")}
    for text in texts.values():
        for chrome in ("当前位置", "字体", "分享", "ICP备", "Copyright", "88明升", "导航链接", "点击量"):
            assert chrome not in text
        assert "\n\n" not in text and text.endswith("\n")
    assert "(灵政办发〔2017〕45号)" in texts["001"] and "〔201745" not in texts["001"]
    assert "统计期限从2017年1月1日起至12月31日止" in texts["001"]
    assert "截至2017年12月31日" in texts["001"] and "2017年2月" in texts["001"]
    assert "\n(四)加强业务培训" in texts["001"] and "\n()" not in texts["001"]
    assert texts["004"].startswith("本年度报告是按照")


def test_restoration_only_touches_certain_contexts():
    assert restore("(灵政办发〔201745)") == "(灵政办发〔2017〕45号)"
    assert restore("从201711日起至1231日止") == "从2017年1月1日起至12月31日止"
    assert restore("公开政府信息34920;二是") == "公开政府信息34920;二是"
    assert restore("2017,灵山县") == "2017年,灵山县"
    lines = renumber_ordinals(["一、概况", "()甲", "()乙", "二、其他", "()丙"])
    assert lines == ["一、概况", "(一)甲", "(二)乙", "二、其他", "(一)丙"]


def test_clean_seed_drops_chrome_and_title():
    raw = "当前位置: 首页 -> 年报\n某县2017年政府信息公开工作年度报告\n2018-02-13 11:37 来源:某县 分享到:\n\n  正文88明升|88明升备用【明陞】一段\n导航链接:\n"
    assert clean_seed(raw, "某县2017年政府信息公开工作年度报告") == ["正文一段"]
