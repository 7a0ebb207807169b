"""Representative reports for the converter tests: a v2019 report (Table 3 with its 3-row header and spans)
and an old2014 report (the 65-row 统计表), built as CleanedDocuments with numbers from a seeded RNG."""

from __future__ import annotations

import random

from nianbao.document import Block, Cell, CleanedDocument, Metadata, Table

T3_GROUPS = [
    (
        "（三）不予公开",
        [
            "1.属于国家秘密",
            "2.其他法律行政法规禁止公开",
            "3.危及“三安全一稳定”",
            "4.保护第三方合法权益",
            "5.属于三类内部事务信息",
            "6.属于四类过程性信息",
            "7.属于行政执法案卷",
            "8.属于行政查询事项",
        ],
    ),
    (
        "（四）无法提供",
        ["1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确"],
    ),
    (
        "（五）不予处理",
        [
            "1.信访举报投诉类申请",
            "2.重复申请",
            "3.要求提供公开出版物",
            "4.无正当理由大量反复申请",
            "5.要求行政机关确认或重新出具已获取信息",
        ],
    ),
]


def _numbers(rng: random.Random, n: int = 7) -> list[Cell]:
    return [Cell(str(rng.choice([0, 0, 1, 2, 3, 5, 12, 37, 108]))) for _ in range(n)]


def table3(rng: random.Random) -> Table:
    note = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    rows = [
        [Cell(note, rowspan=3, colspan=3), Cell("申请人情况", colspan=7)],
        [Cell("自然人", rowspan=2), Cell("法人或其他组织", colspan=5), Cell("总计", rowspan=2)],
        [Cell(t) for t in ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")],
        [Cell("一、本年新收政府信息公开申请数量", colspan=3), *_numbers(rng)],
        [Cell("二、上年结转政府信息公开申请数量", colspan=3), *_numbers(rng)],
    ]
    group = 2 + sum(len(items) for _, items in T3_GROUPS) + 2
    rows.append(
        [Cell("三、本年度办理结果", rowspan=group), Cell("（一）予以公开", colspan=2), *_numbers(rng)]
    )
    rows.append([Cell("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", colspan=2), *_numbers(rng)])
    for head, items in T3_GROUPS:
        for i, item in enumerate(items):
            rows.append(([Cell(head, rowspan=len(items))] if i == 0 else []) + [Cell(item), *_numbers(rng)])
    rows.append([Cell("（六）其他处理", colspan=2), *_numbers(rng)])
    rows.append([Cell("（七）总计", colspan=2), *_numbers(rng)])
    rows.append([Cell("四、结转下年度继续办理", colspan=3), *_numbers(rng)])
    return Table(rows)


OLD2014_ROWS = [
    ("一、主动公开情况", "——"),
    ("（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）", "条"),
    ("其中：主动公开规范性文件数", "条"),
    ("制发规范性文件总数", "件"),
    ("（二）通过不同渠道和方式公开政府信息的情况", "——"),
    ("1.政府公报公开政府信息数", "条"),
    ("2.政府网站公开政府信息数", "条"),
    ("3.政务微博公开政府信息数", "条"),
    ("4.政务微信公开政府信息数", "条"),
    ("5.其他方式公开政府信息数", "条"),
    ("二、回应解读情况", "——"),
    ("（一）回应公众关注热点或重大舆情数（不同方式回应同一热点或舆情计1次）", "次"),
    ("（二）通过不同渠道和方式回应解读的情况", "——"),
    ("1.参加或举办新闻发布会总次数", "次"),
    ("其中：主要负责同志参加新闻发布会次数", "次"),
    ("2.政府网站在线访谈次数", "次"),
    ("其中：主要负责同志参加政府网站在线访谈次数", "次"),
    ("3.政策解读稿件发布数", "篇"),
    ("4.微博微信回应事件数", "次"),
    ("5.其他方式回应事件数", "次"),
    ("三、依申请公开情况", "——"),
    ("（一）收到申请数", "件"),
    ("1.当面申请数", "件"),
    ("2.传真申请数", "件"),
    ("3.网络申请数", "件"),
    ("4.信函申请数", "件"),
    ("（二）申请办结数", "件"),
    ("1.按时办结数", "件"),
    ("2.延期办结数", "件"),
    ("（三）申请答复数", "件"),
    ("1.属于已主动公开范围数", "件"),
    ("2.同意公开答复数", "件"),
    ("3.同意部分公开答复数", "件"),
    ("4.不同意公开答复数", "件"),
    ("其中：涉及国家秘密", "件"),
    ("涉及商业秘密", "件"),
    ("涉及个人隐私", "件"),
    ("危及国家安全、公共安全、经济安全和社会稳定", "件"),
    ("不是《条例》所指政府信息", "件"),
    ("法律法规规定的其他情形", "件"),
    ("5.不属于本行政机关公开数", "件"),
    ("6.申请信息不存在数", "件"),
    ("7.告知作出更改补充数", "件"),
    ("8.告知通过其他途径办理数", "件"),
    ("四、行政复议数量", "件"),
    ("（一）维持具体行政行为数", "件"),
    ("（二）被依法纠错数", "件"),
    ("（三）其他情形数", "件"),
    ("五、行政诉讼数量", "件"),
    ("（一）维持具体行政行为或者驳回原告诉讼请求数", "件"),
    ("（二）被依法纠错数", "件"),
    ("（三）其他情形数", "件"),
    ("六、举报投诉数量", "件"),
    ("七、依申请公开信息收取的费用", "万元"),
    ("八、机构建设和保障经费情况", "——"),
    ("（一）政府信息公开工作专门机构数", "个"),
    ("（二）设置政府信息公开查阅点数", "个"),
    ("（三）从事政府信息公开工作人员数", "人"),
    ("1.专职人员数（不包括政府公报及政府网站工作人员数）", "人"),
    ("2.兼职人员数", "人"),
    ("（四）政府信息公开专项经费（不包括用于政府公报编辑管理及政府网站建设维护等方面的经费）", "万元"),
    ("九、政府信息公开会议和培训情况", "——"),
    ("（一）召开政府信息公开工作会议或专题会议数", "次"),
    ("（二）举办各类培训班数", "次"),
    ("（三）接受培训人员数", "人次"),
]


def old2014_table(rng: random.Random) -> Table:
    rows = [[Cell("统计指标"), Cell("单位"), Cell("统计数")]]
    for label, unit in OLD2014_ROWS:
        value = "——" if unit == "——" else ("0.5" if unit == "万元" else str(rng.randint(0, 3000)))
        rows.append([Cell(label), Cell(unit), Cell(value)])
    return Table(rows)


def v2019_report(seed: int = 1) -> CleanedDocument:
    rng = random.Random(seed)
    return CleanedDocument(
        title="某某县2019年政府信息公开工作年度报告",
        metadata=Metadata(source="某某县人民政府办公室"),
        blocks=[
            Block(
                "paragraph",
                "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）要求编制。"
                "报告所列数据的统计期限自2019年1月1日起至2019年12月31日止。如对本报告有任何疑问，"
                "请与某某县人民政府办公室联系（地址：某某县人民路1号，邮编：123456，电话：0123-4567890）。",
            ),
            Block("heading", "一、总体情况"),
            Block("paragraph", "2019年，我县认真贯彻落实新修订的《条例》，全年主动公开政府信息1234条。"),
            Block("heading", "三、收到和处理政府信息公开申请情况"),
            Block("table", table=table3(rng)),
            Block("heading", "五、存在的主要问题及改进情况"),
            Block("paragraph", "一是公开内容不够全面；二是解读形式较为单一。"),
        ],
    )


def old2014_report(seed: int = 2) -> CleanedDocument:
    rng = random.Random(seed)
    return CleanedDocument(
        title="某某县2016年政府信息公开工作年度报告",
        metadata=Metadata(source="某某县人民政府"),
        blocks=[
            Block(
                "paragraph",
                "根据《中华人民共和国政府信息公开条例》规定，现公布2016年度本县政府信息公开工作年度报告。",
            ),
            Block("heading", "附表：政府信息公开情况统计表"),
            Block("table", table=old2014_table(rng)),
        ],
    )


def small_report() -> CleanedDocument:
    """One small page for the OCR tests."""
    table = Table(
        [
            [Cell("统计指标", rowspan=2), Cell("申请人情况", colspan=2)],
            [Cell("自然人"), Cell("法人")],
            [Cell("一、本年新收申请数量"), Cell("12"), Cell("305")],
            [Cell("（一）予以公开"), Cell("7"), Cell("48")],
            [Cell("四、结转下年度继续办理"), Cell("0"), Cell("16")],
        ]
    )
    return CleanedDocument(
        title="某某县2020年政府信息公开工作年度报告",
        blocks=[
            Block("heading", "一、总体情况"),
            Block("paragraph", "全年主动公开政府信息2136条，收到申请317件。"),
            Block("table", table=table),
        ],
    )
