"""Pages a title filter falls for: notices about reports, other annual reports, enterprise 年报 notices,
news and the column's own guide pages. None of their titles matches ``REPORT_TITLE_RE``; the compile
notices do match the naive regex of domain.md §7.
"""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from random import Random

from nianbao.document import Block, CleanedDocument
from testbed.content.model import DISTRACTOR_KINDS, Distractor, Issuer

_TITLES = {
    "compile_notice": (
        "关于做好{y}年政府信息公开工作年度报告编制工作的通知",
        "关于报送{y}年度政府信息公开工作年度报告的通知",
        "{county}人民政府办公室关于做好{y}年度政府信息公开年报编制和发布工作的通知",
    ),
    "other_annual_report": (
        "{name}{y}年法治政府建设年度报告",
        "{county}{y}年度法治政府建设情况报告",
        "{name}{y}年度部门决算公开",
    ),
    "enterprise_annual_report": (
        "关于开展{y}年度企业年报公示工作的通知",
        "{county}市场监督管理局关于做好{y}年度市场主体年报工作的提示",
        "企业年报公示温馨提示：{next}年6月30日前完成{y}年度年报",
    ),
    "news": (
        "{county}召开{next}年政务公开工作推进会",
        "{county}组织开展政府信息公开业务培训",
        "{county}政务公开工作获市级通报表扬",
    ),
    "guide": (
        "{name}政府信息公开指南",
        "{name}政府信息公开制度",
        "{name}依申请公开指南",
    ),
}
_BODIES = {
    "compile_notice": [
        "各乡镇人民政府，县政府各部门：",
        "根据《中华人民共和国政府信息公开条例》规定，为做好{y}年度政府信息公开工作年度报告编制和发布工作，现将有关事项通知如下：",
        "一、各单位要严格按照规定格式编制年度报告，确保数据准确、内容完整。",
        "二、年度报告须于{next}年1月31日前在政府信息公开专栏发布。",
    ],
    "other_annual_report": [
        "{y}年，{county}坚持以习近平法治思想为指导，深入推进法治政府建设，现将有关情况报告如下。",
        "一、主要举措和成效",
        "二、存在的不足和原因",
        "三、下一步工作安排",
    ],
    "enterprise_annual_report": [
        "根据《企业信息公示暂行条例》规定，企业应当于每年1月1日至6月30日，通过国家企业信用信息公示系统报送上一年度年度报告。",
        "请各类市场主体按时报送年报，逾期未报送的将被列入经营异常名录。",
    ],
    "news": [
        "近日，{county}组织召开政务公开工作会议，总结{y}年工作，部署下一阶段任务。",
        "会议要求各单位进一步提高认识，压实责任，推动政务公开工作再上新台阶。",
    ],
    "guide": [
        "为保障公民、法人和其他组织依法获取政府信息，根据《中华人民共和国政府信息公开条例》，编制本指南。",
        "一、主动公开",
        "二、依申请公开",
        "三、监督和救济",
    ],
}


def make_distractor(seed: int | str, issuer: Issuer, kind: str, year: int | None = None) -> Distractor:
    """A distractor page of ``kind`` (one of ``DISTRACTOR_KINDS``) for ``issuer``."""
    if kind not in DISTRACTOR_KINDS:
        raise ValueError(f"unknown distractor kind {kind!r}; expected one of {', '.join(DISTRACTOR_KINDS)}")
    base = f"{seed}:{issuer.adcode}:{issuer.name}:{kind}:{year}"
    rng = Random(base)
    year = year if year is not None else rng.randint(2014, 2023)
    fields = {"y": year, "next": year + 1, "county": issuer.county, "name": issuer.name}
    title = rng.choice(_TITLES[kind]).format(**fields)
    blocks = [
        Block("heading" if len(text) < 12 and text[1] == "、" else "paragraph", text.format(**fields))
        for text in _BODIES[kind]
    ]
    published = date(year, 12, 1) + timedelta(days=rng.randint(0, 120))
    digest = hashlib.sha1(base.encode()).hexdigest()[:10]
    return Distractor(
        id=f"{issuer.adcode}-{kind}-{digest}",
        title=title,
        kind=kind,
        published=published,
        doc=CleanedDocument(title=title, blocks=blocks),
    )
