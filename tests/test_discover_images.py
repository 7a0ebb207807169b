"""Body images: which ``<img>`` of a report page discovery hands to the spider (content, not chrome)."""

from __future__ import annotations

from nianbao.discover import analyze_page

URL = "http://www.xx.gov.cn/zwgk/xxgknb/202401/t20240120_123.html"
PROSE = "<p>" + "本机关认真贯彻落实《中华人民共和国政府信息公开条例》，主动公开政府信息。" * 4 + "</p>"


def _page(body: str, outside: str = "", container: str = '<div class="TRS_Editor">') -> bytes:
    return (
        "<html><head><title>2023年政府信息公开工作年度报告</title></head><body>"
        f'<div class="header"><img src="/images/logo.png" alt="县政府"></div>{outside}'
        f"{container}{PROSE}{body}{PROSE}</div>"
        '<div class="footer"><img src="/images/qrcode.png" alt="微信公众号二维码"></div></body></html>'
    ).encode()


def _urls(body: bytes, url: str = URL) -> list[str]:
    return [image.url for image in analyze_page(body, url).body_images]


def test_table_image_in_the_body_is_found_with_an_absolute_url() -> None:
    page = _page('<p style="text-align:center"><img src="123-table1.png" alt="统计表"></p>')
    assert _urls(page) == ["http://www.xx.gov.cn/zwgk/xxgknb/202401/123-table1.png"]


def test_chrome_images_are_not_content() -> None:
    chrome = (
        '<div class="share"><img src="/img/weixin.png"></div>'
        '<p><img src="/images/ewm.jpg"></p>'  # a QR code by its name
        '<img src="/images/spacer.gif" width="1" height="1">'
        '<img src="/u/cms/www/ico_doc.gif" width="16" height="16">'
        '<img src="/u/cms/www/a.jpg" style="width:24px;height:24px">'
        '<img src="data:image/png;base64,iVBORw0KGgo=">'
        '<img src="/images/print.png" alt="打印">'
        '<img src="/u/cms/www/chart.svg">'
        '<img alt="no source">'
    )
    assert _urls(_page(chrome)) == []


def test_logo_and_footer_outside_the_container_are_ignored() -> None:
    page = _page("", outside='<img src="/images/banner_big.jpg" width="1200" height="300">')
    assert _urls(page) == []


def test_lazy_loading_and_cms_upload_paths_without_alt() -> None:
    body = (
        '<p><img src="/images/loading.gif" data-src="/u/cms/www/202401/20153012abcd.jpg"></p>'
        '<p><img data-original="../../upload/2024/tb2.jpeg" width="800"></p>'
        '<p><IMG SRC="//cdn.xx.gov.cn/pic/3.png"></p>'
    )
    assert _urls(_page(body)) == [
        "http://www.xx.gov.cn/u/cms/www/202401/20153012abcd.jpg",
        "http://www.xx.gov.cn/zwgk/upload/2024/tb2.jpeg",
        "http://cdn.xx.gov.cn/pic/3.png",
    ]


def test_duplicates_collapse_and_the_count_is_capped() -> None:
    many = "".join(f'<p><img src="/u/t{i % 30}.png"></p>' for i in range(60))
    urls = _urls(_page(many))
    assert len(urls) == 20 and len(set(urls)) == 20 and urls[0] == "http://www.xx.gov.cn/u/t0.png"


def test_marker_body_and_other_containers() -> None:
    zjeg = (
        "<html><body><div><img src='/logo.png'></div><!--ZJEG_RSS.content.begin-->"
        f"{PROSE}<p><img src='tb.png'></p><!--ZJEG_RSS.content.end--></body></html>"
    ).encode()
    assert _urls(zjeg) == ["http://www.xx.gov.cn/zwgk/xxgknb/202401/tb.png"]
    zoom = _page('<img src="/a/b/table.jpg">', container='<div id="zoom">')
    assert _urls(zoom) == ["http://www.xx.gov.cn/a/b/table.jpg"]


def test_page_without_a_known_container_uses_the_densest_text() -> None:
    page = (
        '<html><body><div class="top"><img src="/logo.jpg"></div><div class="main">'
        f'{PROSE}<p><img src="/files/tj.png"></p>{PROSE}{PROSE}</div></body></html>'
    ).encode()
    assert _urls(page) == ["http://www.xx.gov.cn/files/tj.png"]


def test_listing_and_json_answers_have_no_body_images() -> None:
    listing = b'<html><body><ul><li><a href="/a.html">2023\xe5\xb9\xb4</a></li></ul></body></html>'
    assert _urls(listing) == []
    assert analyze_page(b'{"articles": []}', URL, "application/json").body_images == []


def test_an_image_linked_as_a_file_is_left_to_the_attachment() -> None:
    body = '<p><a href="/u/scan1.jpg">2023年度报告扫描件</a></p><p><img src="/u/scan1.jpg"></p><p><img src="/u/t.png"></p>'
    analysis = analyze_page(_page(body), URL)
    assert "http://www.xx.gov.cn/u/scan1.jpg" in [a.url for a in analysis.attachments]
    assert [i.url for i in analysis.body_images] == ["http://www.xx.gov.cn/u/t.png"]
