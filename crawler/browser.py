"""The browser behind scrapy-playwright: Debian's Chromium, its flags and the Scrapy settings
that put it there. A leaf module: `crawler.settings` reads it without loading the
middlewares."""

import os

# Chromium's headless shell (Debian's chromium-headless-shell: the same engine without the
# desktop browser's layers, what Playwright itself runs for headless Chromium) opens a page
# for about half the CPU of the full browser; the full one serves where it is all there is.
SHELL_PATH = "/usr/bin/chromium-headless-shell"
BROWSER_PATH = SHELL_PATH if os.path.exists(SHELL_PATH) else "/usr/bin/chromium"
BROWSER_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--mute-audio",
    # A room's script that allocates without end crashes its own page (a recorded crawl
    # error) at this heap size instead of taking the machine's memory with it.
    "--js-flags=--max-old-space-size=1024",
]
INSTALL_HINT = "apt-get install -y chromium-headless-shell fonts-noto-cjk"
HANDLER = "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler"
ASYNCIO_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"


def playwright_settings(
    executable_path: str = BROWSER_PATH, max_pages: int = 4, timeout_s: float = 20.0
) -> dict:
    """The Scrapy settings that put Chromium behind scrapy-playwright (merge into settings).

    Only requests with meta["playwright"] go to the browser; all others keep Scrapy's own
    HTTP handler. Example:
        settings.update(playwright_settings("/usr/bin/chromium"))
    """
    return {
        "DOWNLOAD_HANDLERS": {"http": HANDLER, "https": HANDLER},
        "TWISTED_REACTOR": ASYNCIO_REACTOR,
        "PLAYWRIGHT_BROWSER_TYPE": "chromium",
        "PLAYWRIGHT_LAUNCH_OPTIONS": {
            "executable_path": executable_path,
            "headless": True,
            "args": list(BROWSER_ARGS),
            "timeout": 30_000,
        },
        "PLAYWRIGHT_MAX_CONTEXTS": 1,
        "PLAYWRIGHT_MAX_PAGES_PER_CONTEXT": max_pages,
        "PLAYWRIGHT_ABORT_REQUEST": "crawler.middlewares.render.abort_media",
        "PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT": timeout_s * 1000,
        "PLAYWRIGHT_RESTART_DISCONNECTED_BROWSER": True,
    }
