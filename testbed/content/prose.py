"""Narrative prose of a report: intro, section paragraphs with key figures, problems, signature.

Every function takes a ``Random`` and returns paragraphs (plain text). Key figures are passed in, so the
numbers stated in prose are exactly those recorded in ``Report.narrative``.
"""

from __future__ import annotations

from random import Random

from testbed.content.model import Issuer

OLD_SECTIONS = (
    "一、概述",
    "二、主动公开政府信息情况",
    "三、依申请公开政府信息和不予公开政府信息情况",
    "四、政府信息公开的收费及减免情况",
    "五、因政府信息公开申请行政复议、提起行政诉讼的情况",
    "六、政府信息公开工作存在的主要问题及改进情况",
    "七、其他需要报告的事项",
)
OLD_SECTION_VARIANTS = {
    "二、主动公开政府信息情况": "二、主动公开政府信息的情况",
    "六、政府信息公开工作存在的主要问题及改进情况": "六、存在的主要问题及改进措施",
}
_OVERVIEW = (
    "{y}年，{we}认真贯彻落实《条例》和上级关于政务公开工作的各项部署，围绕中心工作，不断加大政府信息公开力度。",
    "{we}高度重视政府信息公开工作，调整充实了政府信息公开工作领导小组，明确分管领导和具体工作人员，形成了主要领导亲自抓、分管领导具体抓、工作人员抓落实的工作格局。",
    "进一步健全政府信息公开保密审查、信息发布协调、依申请公开受理等工作制度，严格落实“先审查、后公开”和“一事一审”原则。",
    "年内组织开展政府信息公开业务培训，进一步提高了工作人员的业务能力和工作水平。",
    "按照“公开为常态、不公开为例外”的原则，及时更新政府信息公开指南和公开目录，方便公众查阅。",
    "将政府信息公开工作纳入年度目标管理考核，强化督促检查，确保各项工作落到实处。",
)
_PROBLEMS = (
    "一是部分单位对政府信息公开工作重视程度不够，信息更新不够及时；二是公开内容的深度和广度有待拓展；三是工作人员多为兼职，业务水平有待提高。",
    "与上级要求和公众期待相比，仍存在公开形式较为单一、政策解读不够深入、互动回应不够及时等问题。",
    "下一步，{we}将进一步加强组织领导，完善工作机制，加大重点领域信息公开力度，强化政策解读和回应关切。",
    "{ny}年，{we}将继续加强业务培训和督促检查，推动政府信息公开工作规范化、标准化。",
    "进一步畅通依申请公开渠道，严格按照法定时限答复，提高答复质量。",
)
_OTHER = (
    "无其他需要报告的事项。",
    "{y}年，{we}无其他需要报告的事项。",
    "本年度无其他需要报告的事项。",
)


def we(issuer: Issuer) -> str:
    """How the report refers to its issuer: 我县, 我旗, 我局, 我乡, 我镇 …"""
    name = issuer.name.removesuffix("人民政府")
    if issuer.level == "department":
        return "我" + (name[-1] if name[-1] in "局委办" else "单位")
    if name.endswith("街道") or name.endswith("苏木"):
        return "我" + name[-2:]
    return "我" + (name[-1] if name else "县")


def intro(rng: Random, issuer: Issuer, year: int, sections: tuple[str, ...]) -> str:
    parts = "、".join(s.split("、", 1)[1] for s in sections)
    office = issuer.name if issuer.level != "county_gov" else f"{issuer.county}人民政府办公室"
    tel = f"0{rng.randint(310, 999)}-{rng.randint(2000000, 8999999)}"
    return (
        f"本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）要求，由{office}编制。"
        f"全文包括{parts}等内容。本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。"
        f"如对本报告有任何疑问，请与{office}联系（电话：{tel}）。"
    )


def overview(rng: Random, issuer: Issuer, year: int) -> list[str]:
    chosen = rng.sample(_OVERVIEW[1:], k=rng.randint(2, 4))
    return [s.format(y=year, we=we(issuer)) for s in (_OVERVIEW[0], *chosen)]


def active_paragraph(rng: Random, issuer: Issuer, year: int, total: int, website: int | None) -> str:
    lead = f"{year}年，{we(issuer)}共主动公开政府信息{total}条"
    if website is not None and rng.random() < 0.7:
        lead += f"，其中通过政府网站公开{website}条"
    return lead + "，涉及机构职能、政策文件、规划计划、财政预决算、重点领域信息等内容。"


def applications_paragraph(issuer: Issuer, year: int, received: int) -> str:
    if received == 0:
        return f"{year}年，{we(issuer)}共收到政府信息公开申请0件，未发生不予公开政府信息的情况。"
    return f"{year}年，{we(issuer)}共收到政府信息公开申请{received}件，均已在法定期限内答复。"


def fees_paragraph(issuer: Issuer, year: int) -> str:
    return f"{year}年，{we(issuer)}未收取政府信息公开相关费用，无减免情况。"


def review_paragraph(issuer: Issuer, year: int, reviews: int, lawsuits: int) -> str:
    return f"{year}年，{we(issuer)}因政府信息公开被申请行政复议{reviews}件，被提起行政诉讼{lawsuits}件。"


def problems(rng: Random, issuer: Issuer, year: int) -> list[str]:
    chosen = rng.sample(_PROBLEMS, k=rng.randint(2, 3))
    return [s.format(y=year, ny=year + 1, we=we(issuer)) for s in chosen]


def other_matters(rng: Random, issuer: Issuer, year: int) -> str:
    return rng.choice(_OTHER).format(y=year, we=we(issuer))


def key_points_2021(rng: Random, issuer: Issuer, year: int) -> list[str]:
    """Section 六 of the 2021 format: 政务公开工作要点 and 信息处理费."""
    return [
        "（一）贯彻落实政务公开年度工作要点情况",
        f"{year}年，{we(issuer)}对照年度政务公开工作要点，逐项分解任务，按期完成各项工作。",
        "（二）收取信息处理费情况",
        f"{year}年，{we(issuer)}未收取信息处理费。",
    ]
