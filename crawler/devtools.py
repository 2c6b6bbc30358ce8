"""A drawn page's evidence taken straight from Chromium's DevTools: its DOM and a full-page PNG.

Playwright's `page.content()` and `page.screenshot()` run in an isolated world that Playwright
first fills with its utility script, parsed anew by every page's renderer, and a screenshot
adds four evaluations (viewport, fonts, page size, clean-up). The same DOM and PNG asked of
DevTools directly cost a room's render about 40 ms less CPU (docs/speed.md, eighth pass).
Neither runs the page's own script: `DOM.getOuterHTML` serialises the document inside the
browser, and `Page.captureScreenshot` draws what the compositor lays out. Playwright's
screenshot also waited for `document.fonts.ready`; a sample is shot once the network has
been quiet for a while (crawler.rooms), and a web font is a request it waits for.

Example (in a scrapy-playwright page method):
    devtools = await DevTools.open(page)
    png, dom = await devtools.screenshot(), await devtools.dom()
    await devtools.close()
"""

from __future__ import annotations

import base64
import contextlib
import math
from typing import TYPE_CHECKING

from playwright.async_api import Error as PlaywrightError

if TYPE_CHECKING:
    from playwright.async_api import CDPSession
    from playwright.async_api import Page as BrowserPage


class DevTools:
    """One page's DevTools session: the serialised DOM and full-page PNG screenshots."""

    def __init__(self, session: CDPSession) -> None:
        self.session = session

    @classmethod
    async def open(cls, page: BrowserPage) -> DevTools:
        return cls(await page.context.new_cdp_session(page))

    async def dom(self) -> str:
        """The main frame's document as the browser serialises it: doctype and markup."""
        root = await self.session.send("DOM.getDocument", {"depth": 0})
        got = await self.session.send("DOM.getOuterHTML", {"nodeId": root["root"]["nodeId"]})
        return got["outerHTML"]

    async def screenshot(self) -> bytes:
        """A PNG of the whole page at CSS pixel scale: its scrollable area, or the viewport
        when the page is smaller (as Playwright's `full_page=True` takes it)."""
        metrics = await self.session.send("Page.getLayoutMetrics")
        content, view = metrics["cssContentSize"], metrics["cssLayoutViewport"]
        width = math.ceil(max(content["width"], view["clientWidth"]))
        height = math.ceil(max(content["height"], view["clientHeight"]))
        beyond = width > view["clientWidth"] or height > view["clientHeight"]
        clip = {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}
        shot = await self.session.send(
            "Page.captureScreenshot",
            {"format": "png", "clip": clip, "captureBeyondViewport": beyond},
        )
        return base64.b64decode(shot["data"])

    async def close(self) -> None:
        with contextlib.suppress(PlaywrightError):  # the page may have closed or crashed
            await self.session.detach()
