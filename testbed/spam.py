"""Injected spam, as hacked government pages carry it: hidden by inline style (display:none, zero size,
off-screen), hidden by the page stylesheet, or visible in the body text (the 88明升 link of seed 001).

Spam never belongs to the gold text: a perfect cleaner removes all of it.
"""

from __future__ import annotations

from dataclasses import dataclass

SPAM_TEXTS = (
    "澳门新葡京娱乐城 注册即送38元",
    "北京赛车pk10开奖直播 稳赚计划",
    "皇冠体育投注 官方网址",
    "太阳城娱乐 真人视讯",
)
SPAM_HOST = "http://www.88ms-bet.com/"
INLINE_STYLES = (
    "display:none",
    "width:0;height:0;overflow:hidden;font-size:0",
    "position:absolute;left:-9999px;top:-9999px",
)
SHEET_RULES = (
    (".{c}{{display:none}}", "div"),
    (".{c}{{position:absolute;left:-10000px}}", "div"),
    (".{c}{{width:0;height:0;overflow:hidden}}", "p"),
)
EXTERNAL_CLASSES = ("hidden-ad", "sr-skip", "z0")  # hidden by /css/style.css


@dataclass(frozen=True)
class Spammed:
    body: str
    style: str = ""  # rules to add to the page's <style>


def inject(kind: str, body: str, number: int) -> Spammed:
    """Add spam of ``kind`` ("" | inline | stylesheet | visible) to a body fragment."""
    text = SPAM_TEXTS[number % len(SPAM_TEXTS)]
    link = f'<a href="{SPAM_HOST}?id={number}">{text}</a>'
    if kind == "inline":
        style = INLINE_STYLES[number % len(INLINE_STYLES)]
        return Spammed(f'<div style="{style}">{link}</div>' + body + f'<span style="{style}">{text}</span>')
    if kind == "stylesheet":
        if number % 2:
            cls = EXTERNAL_CLASSES[number % len(EXTERNAL_CLASSES)]
            return Spammed(body + f'<div class="{cls}">{link}</div>')
        rule, tag = SHEET_RULES[number % len(SHEET_RULES)]
        cls = f"c{number % 997:03d}x"
        return Spammed(f'<{tag} class="{cls}">{link}</{tag}>' + body, rule.format(c=cls))
    if kind == "visible":
        return Spammed(body + f'<p><a href="{SPAM_HOST}">88明升</a>|88明升备用【明陞】</p>')
    return Spammed(body)
