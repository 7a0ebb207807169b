"""classify_report on real-style titles (and texts where the title is not enough)."""

from __future__ import annotations

from pathlib import Path

import pytest

from nianbao.discover import classify_report

SEEDS = Path(__file__).parent / "fixtures" / "parse" / "seeds"  # copies of shared/seeds
SEED_004_TEXT = """阿尔山市

来源:阿尔山市 发布日期:2018-01-30 11:15:21 点击量:
分享
下载本页 打印

  本年度报告是按照《中华人民共和国政府信息公开条例》和内蒙古自治区《政府信息公开年度报告制度》要求,在综合分析我市2017年政府信息公开工作报告的基础上编制,涉及统计数据时间为2017年1月1日-12月31日。
"""

REPORTS = [
    ("乌审旗人民政府2017年政府信息公开工作年度报告", 2017),  # seed 000
    ("灵山县2017年政府信息公开工作年度报告", 2017),  # seed 001
    ("三爪仑乡2017年政府信息公开年度报告", 2017),  # seed 002 omits 工作
    ("济源市2017年政府信息公开工作年度报告", 2017),  # seed 003
    ("2018年度政府信息公开工作报告", 2018),
    ("2019年度乌审旗政府信息公开年报", 2019),
    ("乌审旗教育局2020年度政府信息公开工作年度报告", 2020),
    ("嘎鲁图镇人民政府2021年政府信息公开工作年度报告", 2021),
    ("阿荣旗政府信息公开工作年度报告（2022年）", 2022),
    ("二〇一七年度政府信息公开工作年度报告", 2017),
    ("灵山县２０１６年政府信息公开工作年度报告", 2016),
    ("2012年政府信息公开工作报告", 2012),
    ("灵山县 2023年 政府信息公开 工作年度报告", 2023),
    ("黟县2017年政府信息公开年报（2018年3月19日发布）", 2017),
]

NOT_REPORTS = [
    ("关于做好2017年度政府信息公开工作年度报告编制工作的通知", "做好"),
    ("关于报送2019年政府信息公开工作年度报告的通知", "报送"),
    ("乌审旗2018年法治政府建设年度报告", "法治政府"),
    ("内蒙古XX有限公司2019年度企业年报", "企业"),
    ("2019年度企业年度报告公示", "企业"),
    ("政府信息公开指南", "公开指南"),
    ("乌审旗人民政府信息公开制度", "公开制度"),
    ("图解：乌审旗2020年政府信息公开工作年度报告", "图解"),
    ("《2019年政府信息公开工作年度报告》解读", "解读"),
    ("乌审旗政府网站2020年度工作报表", "年度工作报表"),
    ("乌审旗召开2018年政务公开工作会议", "会议"),
    ("图里河镇开展冬季送温暖活动", "lacks the report phrase"),
    ("2017年乌审旗国民经济和社会发展统计公报", "国民经济"),
]


@pytest.mark.parametrize(("title", "year"), REPORTS)
def test_report_titles(title: str, year: int) -> None:
    verdict = classify_report(title)
    assert (verdict.is_report, verdict.year, verdict.decided_by) == (True, year, "title"), verdict


@pytest.mark.parametrize(("title", "why"), NOT_REPORTS)
def test_not_report_titles(title: str, why: str) -> None:
    verdict = classify_report(title)
    assert not verdict.is_report and not verdict.undecided and verdict.year is None
    assert why in verdict.reason


def test_notice_title_is_not_a_report_even_with_report_like_text() -> None:
    text = "各苏木镇：\n请于1月31日前报送2017年政府信息公开工作年度报告。本报告统计期限自2017年1月1日起。"
    assert not classify_report("关于做好2017年度政府信息公开工作年度报告编制工作的通知", text).is_report


def test_seed_004_lost_title_decided_by_text() -> None:
    assert classify_report("阿尔山市").undecided
    verdict = classify_report("阿尔山市", SEED_004_TEXT)
    assert (verdict.is_report, verdict.year, verdict.decided_by) == (True, 2017, "text")
    assert classify_report(None, SEED_004_TEXT).year == 2017
    assert classify_report("", SEED_004_TEXT).is_report


def test_statistics_period_gives_year() -> None:
    text = "根据条例要求，编制本报告。\n本报告中所列数据的统计期限自2019年1月1日起至2019年12月31日止。"
    verdict = classify_report(None, text)
    assert (verdict.is_report, verdict.year) == (True, 2019)


def test_title_without_year_takes_year_from_text() -> None:
    assert classify_report("乌审旗政府信息公开工作年度报告").undecided
    text = "乌审旗2018年政府信息公开工作年度报告\n本报告由概述……组成。"
    verdict = classify_report("乌审旗政府信息公开工作年度报告", text)
    assert (verdict.is_report, verdict.year, verdict.decided_by) == (True, 2018, "title+text")


def test_year_is_report_year_not_publication_date() -> None:
    text = "发布日期：2018-03-19\n本报告统计期限自2017年1月1日起至2017年12月31日止。"
    assert classify_report(None, text).year == 2017
    assert classify_report("2018年3月发布：黟县2017年政府信息公开工作年度报告").year == 2017


def test_news_text_without_title_is_not_a_report() -> None:
    text = "1月20日，我县召开政务公开工作会议，部署年度工作。\n会议要求各单位提高认识。"
    assert not classify_report(None, text).is_report
    assert not classify_report(None, None).is_report


@pytest.mark.parametrize("name", ["000", "001", "002", "003", "004"])
def test_seed_texts(name: str) -> None:
    path = next(SEEDS.glob(f"{name}*.txt"))
    text = path.read_text("utf-8")
    first = text.strip().splitlines()[0]
    verdict = classify_report(first, text)
    assert (verdict.is_report, verdict.year) == (True, 2017), (first, verdict)
