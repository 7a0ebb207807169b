"""Site chrome: the vocabulary and markup every portal wraps around an article.

Two signals, both shared by all portal families: ``class``/``id`` names of navigation, breadcrumb, share,
print, footer and similar widgets (element level), and the words those widgets print (line level:
当前位置, 分享到, 打印本页, 关闭窗口, 字体 大中小, 来源/发布日期/点击量, 上一篇/下一篇, 相关链接,
主办/承办/网站标识码/ICP备/公网安备/Copyright/技术支持/联系我们, 无障碍, 扫一扫/二维码). A line is
chrome when, after removing every chrome word, field and date it holds, almost nothing is left.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate

from lxml import etree

ATTR_CHROME = re.compile(
    r"(?:^|[\s_\-])(?:nav|navbar|menu|breadcrumbs?|crumbs?|position|location|dqwz|weizhi|share|bdshare|"
    r"fenxiang|footer|foot|header|topbar|copyright|banner|print|dayin|fontsize|zihao|related|"
    r"relate|xgxx|xgwz|xglj|xgwj|prev|next|sxp|sxy|pagelink|pager|qrcode|ewm|erweima|wza|toolbar|tools?|"
    r"sidebar|side|friendlink|yqlj|links|search|login|skip|gotop|backtop|fanhui|close|guanbi)(?:$|[\s_\-])",
    re.IGNORECASE,
)
STRUCTURAL_CHROME = {"nav", "header", "footer", "aside", "form", "select", "button", "iframe", "menu"}

KINDS: dict[str, tuple[str, ...]] = {
    "breadcrumb": ("当前位置", "您的位置", "你的位置", "您现在的位置", "当前的位置", "所在位置", "首页 >", "首页>"),
    "share": ("分享到", "分享至", "一键分享", "微信分享", "分享"),
    "tools": ("打印本页", "打印此页", "【打印】", "[打印]", "关闭窗口", "【关闭】", "[关闭]", "关闭本页",
              "收藏本页", "下载本页", "返回顶部", "字体：", "字体:", "字号：", "字号:", "【字体", "【字号",
              "打印", "关闭", "收藏", "默认"),
    "prev_next": ("上一篇", "下一篇", "上一条", "下一条", "上一页", "下一页"),
    "related": ("相关链接", "相关文章", "相关新闻", "相关信息", "相关阅读", "相关文件", "相关稿件", "相关解读"),
    "footer": ("主办单位", "承办单位", "主办：", "主办:", "承办：", "承办:", "网站标识码", "政府网站标识码",
               "ICP备", "公网安备", "Copyright", "copyright", "COPYRIGHT", "版权所有", "技术支持", "联系我们",
               "网站地图", "隐私声明", "导航链接", "举报中心", "建议使用", "分辨率", "网站声明", "纠错",
               "All Rights Reserved", "维护单位", "主办", "承办"),
    "accessibility": ("无障碍", "长者模式", "关怀版", "适老化", "读屏", "智能语音", "繁體", "繁体", "简体"),
    "qrcode": ("扫一扫", "二维码", "微信扫", "手机扫", "扫码", "手机版", "微信公众号", "官方微博"),
}  # fmt: skip
_FIELD = re.compile(
    r"(?:信息来源|来源|发布机构|发布者|作者|编辑|责任编辑|发布日期|发布时间|日期|时间|点击量|点击数|点击|"
    r"浏览次数|浏览量|浏览|阅读次数|阅读|访问量|访问次数|字体|字号)\s*[:：]\s*[^\s:：【】\[\]|]*"
)
_DATE = re.compile(r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?")
_FILLER = re.compile(r"[\s\W\d_a-zA-Z大中小号]+")
_ALL_WORDS = re.compile(
    "|".join(sorted({re.escape(w) for ws in KINDS.values() for w in ws}, key=len, reverse=True))
)
# any chrome word or field label at all: one search rejects most body lines before the full analysis
_SIGNAL = re.compile(_ALL_WORDS.pattern + "|" + _FIELD.pattern.split(")", 1)[0].lstrip("(?:"))
_HAS_FIELD = re.compile(r"(?:来源|发布日期|发布时间|点击量|浏览次数|阅读次数|访问量|字体|字号)\s*[:：]")
_LEADING = re.compile(
    "|".join(re.escape(w) for kind in ("breadcrumb", "prev_next", "related", "qrcode") for w in KINDS[kind])
)
_SENTENCE_END = re.compile(r"[。；;！？]\s*$")
_MAX_CHROME_LINE = 240


def attribute_is_chrome(element: etree._Element) -> bool:
    """True when the element's tag, ``class`` or ``id`` names a chrome widget."""
    if element.tag in STRUCTURAL_CHROME:
        return True
    names = f"{element.get('class') or ''} {element.get('id') or ''}".strip()
    return bool(names) and bool(ATTR_CHROME.search(names))


def lines_with_signal(joined: str, lines: list[str]) -> set[int]:
    """Indexes of the ``lines`` (``joined`` by newlines) holding any chrome word or field label, found by
    one scan of the joined text: the words hold no newline, so no match spans two lines."""
    starts = list(accumulate((len(line) + 1 for line in lines), initial=0))
    return {bisect_right(starts, match.start()) - 1 for match in _SIGNAL.finditer(joined)}


def chrome_kind(line: str) -> str | None:
    """The chrome kind of a text line (``"footer"``, ``"tools"``, ``"meta"``…), or None for body text."""
    line = line.strip()
    if not line or len(line) > _MAX_CHROME_LINE or not _SIGNAL.search(line):
        return None
    leading = _LEADING.match(line)
    if leading and len(line) <= 160:
        return _kind_of([leading.group(0)])
    words = _ALL_WORDS.findall(line)
    fields = _FIELD.findall(line)
    if not words and not fields:
        return None
    if _SENTENCE_END.search(line) and len(line) > 40:
        return None
    stripped = _DATE.sub("", _FIELD.sub("", _ALL_WORDS.sub("", line)))
    residue = _FILLER.sub("", stripped)
    # the chrome words must outweigh what is left: "（二）被依法纠错数" is a body line, not 纠错 chrome
    limit = min(max(6, len(line) // 4), max(2, len(line) - len(stripped)))
    if len(residue) > limit and not _strong_footer(line):
        return None
    return _kind_of(words) if words else "meta"


def _strong_footer(line: str) -> bool:
    return bool(
        re.search(r"ICP备|公网安备|网站标识码|Copyright|版权所有|技术支持", line, re.IGNORECASE)
    ) and not (_SENTENCE_END.search(line))


def _kind_of(words: list[str]) -> str:
    for kind, vocabulary in KINDS.items():
        if any(word in vocabulary for word in words):
            return kind
    return "chrome"


def is_meta_line(line: str) -> bool:
    """True when the line carries 来源/发布日期/点击量-style fields (kept as metadata, not body)."""
    return bool(_HAS_FIELD.search(line))
