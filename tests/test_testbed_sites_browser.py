"""Families 5 (JS-only) and 7 (anti-bot 412/521) in headless Chromium through the testbed proxy: the browser
sees what plain HTTP cannot (the XHR-rendered list and body; the page behind the cookie challenge)."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from crawler.middlewares.testbed import playwright_launch_options
from testbed.server import Handle, start_testbed

CHROMIUM = "/usr/bin/chromium"
BASE_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="needs /usr/bin/chromium"),
]


@pytest.fixture(scope="module")
def bed() -> Iterator[Handle]:
    handle = start_testbed(counties=12, seed=3, profile="none", attachment_types=())
    try:
        yield handle
    finally:
        handle.stop()


@pytest.fixture(scope="module")
def browser(bed: Handle) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    options = playwright_launch_options(bed.proxy, {"headless": True, "args": BASE_ARGS})
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, **options)
        try:
            yield chromium
        finally:
            chromium.close()


def test_js_portal_renders_list_and_body(bed: Handle, browser: object) -> None:
    site = next(s for s in bed.testbed.catalog.world.sites if s.family == "jsportal")
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(f"http://{site.host}/xxgk/nb/index.html", wait_until="networkidle")
    links = page.eval_on_selector_all("#list a", "els => els.map(e => [e.textContent, e.href])")
    assert links and any("年" in t for t, _ in links)
    title, href = next((t, h) for t, h in links if "政府信息公开" in t and "报告" in t)
    page.goto(href, wait_until="networkidle")
    assert page.inner_text("#title") == title
    assert len(page.inner_text("#content")) > 100
    page.close()


@pytest.mark.parametrize("flavour", ["412", "521"])
def test_antibot_passes_in_a_browser(bed: Handle, browser: object, flavour: str) -> None:
    site = next(s for s in bed.testbed.catalog.world.sites if s.antibot == flavour)
    context = browser.new_context()  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(f"http://{site.host}/", wait_until="networkidle")
    page.wait_for_selector("div.footer", timeout=15000)
    assert site.name in page.content() and "政务公开" in page.inner_text("body")
    cookies = {c["name"] for c in context.cookies()}
    assert {"FSSBBIl1UgzbN7N80T", "__jsl_clearance"} & cookies
    context.close()


def test_browser_cannot_leave_the_world(bed: Handle, browser: object) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    response = page.goto("http://www.baidu.com/")
    assert response is not None and response.status == 502
    page.close()
