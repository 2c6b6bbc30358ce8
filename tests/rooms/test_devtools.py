"""crawler.devtools: the DOM and full-page PNG of a drawn page, asked of Chromium's DevTools.

They must be what Playwright's page.content() and page.screenshot(full_page=True) gave
(the room evidence was taken with those), and the page's own script must not change them.
"""

from __future__ import annotations

import asyncio
import io

from conftest import BROWSER
from PIL import Image
from playwright.async_api import async_playwright

from crawler.browser import BROWSER_ARGS
from crawler.devtools import DevTools

LONG = "<!doctype html><title>长页</title>" + "".join(
    f"<div style='height:40px;background:#{i % 7}a{i % 5}'>商品 {i}</div>" for i in range(80)
)
WIDE = "<!doctype html><div style='width:2500px;height:30px;background:#3a6'>宽</div>"
SHORT = "<!doctype html><h1>直播间</h1><p>在线 120</p>"
ROWS = "<div style='height:60px'>行</div>" * 40
HIDDEN = "<html style='overflow:hidden'><body>" + ROWS  # not scrollable, still whole
FIXED = "<div style='position:fixed;top:0;width:100%;height:50px;background:red'>头</div>" + ROWS
FAR = "<div style='position:absolute;top:3000px'>远</div>"  # out of the flow, still shown
# a hostile page that rewrites how its own scripts see its markup serialised
LYING = (
    "<!doctype html><p>真实内容</p><script>"
    "Object.defineProperty(Element.prototype, 'outerHTML', {get() { return '<p>伪造</p>'; }});"
    "XMLSerializer.prototype.serializeToString = () => '';"
    "</script>"
)


def _taken(*pages: str) -> list[tuple[bytes, bytes, str, str]]:
    """(Playwright's PNG, DevTools' PNG, page.content(), DevTools' DOM) of each page's html."""

    async def take():
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=BROWSER, args=BROWSER_ARGS)
            page = await browser.new_page()
            taken = []
            for html in pages:
                await page.set_content(html)
                playwright_png = await page.screenshot(full_page=True, type="png")
                content = await page.content()
                devtools = await DevTools.open(page)
                png, dom = await devtools.screenshot(), await devtools.dom()
                await devtools.close()
                taken.append((playwright_png, png, content, dom))
            await browser.close()
            return taken

    return asyncio.run(take())


def _pixels(png: bytes) -> tuple[tuple[int, int], bytes]:
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    return image.size, image.convert("RGB").tobytes()


def test_screenshot_is_playwrights_full_page_png_pixel_for_pixel():
    sizes = {LONG: (1280, 3216), WIDE: (2508, 720), SHORT: (1280, 720), FAR: (1280, 3024)}
    sizes |= {HIDDEN: (1280, 2416), FIXED: (1280, 2416)}
    for (playwright_png, png, _, _), size in zip(_taken(*sizes), sizes.values(), strict=True):
        assert _pixels(png)[0] == size
        assert _pixels(png) == _pixels(playwright_png)


def test_dom_is_what_page_content_serialised():
    ((_, _, content, dom),) = _taken(LONG)
    assert dom == content
    assert dom.startswith("<!DOCTYPE html><html><head><title>长页</title>")
    assert "商品 79</div>" in dom


def test_the_pages_own_script_cannot_change_the_dom_taken():
    ((_, _, _, dom),) = _taken(LYING)
    assert "<p>真实内容</p>" in dom
    assert "伪造" not in dom.replace("'<p>伪造</p>'", "")  # only inside the script's source
