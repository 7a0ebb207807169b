"""Realistic page chrome around a body: head with the mandated ``<meta>`` tags, accessibility toolbar,
header and menus, 当前位置 breadcrumbs, info line (来源/发布日期/点击量), 字体 大中小, 分享到, 【打印本页】
【关闭窗口】, 上一篇/下一篇, related links (with off-world and private-address traps), QR code and footer.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from html import escape
from struct import pack

from testbed.model import Site

ICP = {
    "内蒙古自治区": "蒙",
    "广西壮族自治区": "桂",
    "江西省": "赣",
    "河南省": "豫",
    "广东省": "粤",
    "安徽省": "皖",
}
VENDORS = (
    "拓尔思信息技术股份有限公司",
    "南京大汉网络有限公司",
    "安徽龙讯信息科技有限公司",
    "开普云信息科技股份有限公司",
)
TRAP_LINKS = (
    ("中国政府网", "http://www.gov.cn/"),
    ("百度", "https://www.baidu.com/"),
    ("内网办公系统", "http://10.12.0.8/oa/login.jsp"),
    ("本机管理", "http://127.0.0.1:8080/admin/"),
    ("元数据", "http://169.254.169.254/latest/meta-data/"),
)


@dataclass
class Parts:
    """What a page needs besides its site; ``body`` goes inside the family's body container."""

    title: str
    body: str
    crumbs: list[tuple[str, str]] = field(default_factory=list)  # (text, href) after 首页
    column: str = ""
    published: str = ""  # 2018-03-29 17:05:00
    source: str = ""
    meta: bool = True  # the mandated <meta> tags (most pages, not all)
    article: bool = False  # detail-page furniture (info line, share, print, prev/next)
    container: tuple[str, str] = ('<div class="content">', "</div>")
    head_extra: str = ""
    tail_extra: str = ""  # after the body container (attachments, scripts)
    style: str = ""  # page stylesheet additions (spam rules)
    prev_next: tuple[tuple[str, str] | None, tuple[str, str] | None] = (None, None)
    charset: str = "utf-8"
    hits: int = 0


def head(site: Site, p: Parts) -> str:
    metas = [
        f'<meta charset="{p.charset}">',
        f'<meta http-equiv="Content-Type" content="text/html; charset={p.charset}">',
    ]
    if p.meta:
        pairs = {
            "SiteName": site.name,
            "SiteDomain": site.host,
            "SiteIDCode": site.site_code,
            "ColumnName": p.column,
        }
        if p.article:
            pairs |= {"ArticleTitle": p.title, "PubDate": p.published[:16], "ContentSource": p.source}
        metas += [f'<meta name="{k}" content="{escape(v)}">' for k, v in pairs.items() if v]
    style = f"<style>{p.style}</style>" if p.style else ""
    return (
        f"<head>{''.join(metas)}<title>{escape(p.title)}_{escape(site.name)}</title>"
        f'<link rel="stylesheet" href="{site.prefix}/css/style.css">{style}{p.head_extra}</head>'
    )


def header(site: Site) -> str:
    from testbed import search  # these import this module
    from testbed.families import layout_for

    base = site.prefix + "/"
    menus = [
        ("首页", base),
        ("政务公开", layout_for(site).zwgk()),
        ("政务服务", f"{base}zwfw/"),
        ("互动交流", f"{base}hdjl/"),
    ]
    menu = "".join(f'<li><a href="{h}">{t}</a></li>' for t, h in menus)
    return (
        '<div class="topbar"><span>欢迎访问！</span><a href="javascript:;" onclick="SetHome(this)">设为首页</a>'
        '<a href="javascript:;">加入收藏</a><a href="javascript:;" id="zh_click">繁体版</a>'
        '<a href="javascript:;" id="cniil_wza">无障碍浏览</a><a href="javascript:;">长者模式</a></div>'
        f'<div class="header"><img src="{site.prefix}/images/logo.png" alt="{escape(site.name)}">'
        f"<h2>{escape(site.name)}</h2>{search.form_html(layout_for(site))}</div>"
        f'<ul class="nav">{menu}</ul>'
    )


def breadcrumbs(site: Site, crumbs: list[tuple[str, str]]) -> str:
    links = [f'<a href="{site.prefix}/">首页</a>'] + [f'<a href="{h}">{escape(t)}</a>' for t, h in crumbs]
    return '<div class="position">当前位置：' + " &gt; ".join(links) + "</div>"


def info_line(p: Parts) -> str:
    return (
        f'<div class="info"><span>来源：{escape(p.source)}</span><span>发布日期：{p.published}</span>'
        f'<span>点击量：<em id="hits">{p.hits}</em></span>'
        '<span class="font">字体：<a href="javascript:doZoom(18)">大</a> <a href="javascript:doZoom(16)">中</a> '
        '<a href="javascript:doZoom(14)">小</a></span>'
        '<span class="share">分享到：<a href="javascript:;" class="wx">微信</a><a href="javascript:;" class="wb">微博</a>'
        '<a href="javascript:;" class="qq">QQ空间</a></span></div>'
    )


def article_tail(site: Site, p: Parts) -> str:
    prev, nxt = p.prev_next
    prev_html = f'<a href="{prev[1]}">{escape(prev[0])}</a>' if prev else "没有了"
    next_html = f'<a href="{nxt[1]}">{escape(nxt[0])}</a>' if nxt else "没有了"
    return (
        '<div class="tools"><a href="javascript:window.print()">【打印本页】</a>'
        '<a href="javascript:window.close()">【关闭窗口】</a></div>'
        f'<div class="prevnext"><p>上一篇：{prev_html}</p><p>下一篇：{next_html}</p></div>'
    )


def related(site: Site) -> str:
    links = "".join(f'<li><a href="{h}" target="_blank">{t}</a></li>' for t, h in TRAP_LINKS)
    return f'<div class="related"><h4>相关链接</h4><ul>{links}</ul></div>'


def footer(site: Site, province: str) -> str:
    short = ICP.get(province, province[:1] or "京")
    vendor = VENDORS[sum(map(ord, site.host)) % len(VENDORS)]
    code, name = site.site_code, escape(site.name)
    return (
        f'<div class="footer"><div class="ewm"><img src="{site.prefix}/images/qrcode.png" alt="微信公众号二维码">'
        "<p>扫一扫在手机打开当前页</p></div>"
        f"<p>主办：{name}　承办：{name}办公室　网站标识码：{code}</p>"
        f'<p><a href="https://beian.miit.gov.cn/">{short}ICP备{int(code[-5:]):05d}号-1</a>　'
        f"{short}公网安备 {code[:6]}02000123号</p>"
        f"<p>地址：{escape(site.name[:-4] or site.name)}政务服务中心　电话：0477-{int(code[-7:]):07d}　"
        f"Copyright © 2024 All Rights Reserved　技术支持：{vendor}</p>"
        '<p>导航链接：<a href="http://www.gov.cn/">中国政府网</a></p></div>'
    )


def render(site: Site, p: Parts, province: str = "") -> str:
    """The whole page as text; the body sits inside ``p.container``."""
    body = [header(site), breadcrumbs(site, p.crumbs), '<div class="main">']
    if p.article:
        body += [f'<h1 class="title">{escape(p.title)}</h1>', info_line(p)]
    body += [p.container[0], p.body, p.container[1], p.tail_extra]
    if p.article:
        body.append(article_tail(site, p))
    body += ["</div>", related(site), footer(site, province or (site.county.province if site.county else ""))]
    return f'<!DOCTYPE html><html lang="zh-CN">{head(site, p)}<body>{"".join(body)}</body></html>'


def tiny_png(rgb: tuple[int, int, int] = (200, 30, 30), size: int = 8) -> bytes:
    """A small solid PNG (logo, QR code placeholder)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return pack(">I", len(data)) + kind + data + pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + bytes(rgb) * size for _ in range(size))
    ihdr = pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
    )


STYLESHEET = (
    "body{font-family:'Microsoft YaHei',SimSun;margin:0}.nav li{display:inline-block;padding:0 1em}"
    ".position{margin:8px 0}.footer{background:#eee;text-align:center}.info span{margin-right:1em}"
    ".sr-skip{position:absolute;left:-9999px;top:-9999px}.hidden-ad{display:none}.z0{width:0;height:0;overflow:hidden}"
)
