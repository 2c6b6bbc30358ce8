"""Scrapy settings of greenroom: every GREENROOM_* setting and its default.

The CLI overrides the per-run ones (database, run id, bounds, politeness) from the config.
"""

from crawler.middlewares.render import BROWSER_PATH, playwright_settings

BOT_NAME = "greenroom"
SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"

# Politeness: robots.txt obeyed, AutoThrottle on, a user agent naming the agency.
ROBOTSTXT_OBEY = True
USER_AGENT = "greenroom/0.1 (market regulator compliance crawler)"
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 8
DOWNLOAD_DELAY = 0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 0.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 8.0
AUTOTHROTTLE_MAX_DELAY = 10.0

# Faults: retry 5xx, bound redirects, sizes and time.
RETRY_ENABLED = True
RETRY_TIMES = 2
REDIRECT_MAX_TIMES = 10
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 32 * 1024 * 1024
DOWNLOAD_WARNSIZE = 8 * 1024 * 1024
DNS_TIMEOUT = 10
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
LOG_LEVEL = "INFO"
# Breadth first: index pages before the long tails behind them.
DEPTH_PRIORITY = 1
SCHEDULER_DISK_QUEUE = "scrapy.squeues.PickleFifoDiskQueue"
SCHEDULER_MEMORY_QUEUE = "scrapy.squeues.FifoMemoryQueue"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"

DOWNLOADER_MIDDLEWARES = {
    # Nearest the downloader: every response is captured as received (before
    # decompression, redirects and retries act on it).
    "crawler.middlewares.capture.CaptureMiddleware": 950,
    # Below compression (590) and redirects (600): finishes browser samples of rooms.
    "crawler.middlewares.render.RenderMiddleware": 580,
    # Before everything that fetches: a resumed run replays what it already captured.
    "crawler.middlewares.resume.ResumeMiddleware": 50,
    # Scrapy's, except that every request waiting for a host's robots.txt obeys it (a
    # cluster worker starts with many waiting: crawler.middlewares.robots).
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawler.middlewares.robots.RobotsTxtMiddleware": 100,
}
SPIDER_MIDDLEWARES = {
    "crawler.middlewares.bounds.BoundsMiddleware": 800,
}
ITEM_PIPELINES = {
    "crawler.pipelines.PagePipeline": 300,
}
EXTENSIONS = {
    "greenroom.runs.Progress": 500,
}

# greenroom's own settings (the CLI sets GREENROOM_DB and GREENROOM_RUN_ID).
GREENROOM_DB = "greenroom.db"
GREENROOM_RUN_ID = 0
GREENROOM_CONFIG = None  # path of the TOML config, or None for `crawl URL...`
GREENROOM_RESUME_ENABLED = True
GREENROOM_BOUNDS_ENABLED = True
GREENROOM_BOUNDS_MAX_CHAIN = (
    100  # pages in a row with the same URL shape (calendars, session trails)
)
GREENROOM_BOUNDS_MAX_PER_SHAPE = 0  # cap on pages of one URL shape; 0: none
GREENROOM_HEALTH_MIN_PAGES = 1  # a run with fewer captured pages is unhealthy
GREENROOM_HEALTH_MAX_ERROR_RATE = 0.2  # crawl errors per captured page
# Page facts are extracted in this many worker processes fed through a pipe; the reactor's
# process fetches and captures (crawler.extraction). 0: extract in the reactor's process.
GREENROOM_EXTRACT_WORKERS = 1
GREENROOM_PROGRESS_INTERVAL = 5.0  # seconds between progress lines on stderr; 0: off

# Livestream rooms: JS-drawn pages are detected from content and rendered in Debian's
# chromium through scrapy-playwright (crawler.middlewares.render, crawler.rooms).
GREENROOM_RENDER_ENABLED = True
GREENROOM_RENDER_FORCE: list[str] = []  # URL regexes a regulator wants rendered regardless
GREENROOM_RENDER_LISTINGS = False  # render (once) a listing whose static page shows no price
GREENROOM_ROOM_SAMPLES = 2
GREENROOM_ROOM_SAMPLE_INTERVAL = 3.0
GREENROOM_ROOM_RENDER_EVERY = 0  # 0: later samples read the room's API; N: render every N
GREENROOM_RENDER_TIMEOUT = 20.0
GREENROOM_BROWSER_PATH = BROWSER_PATH  # chromium-headless-shell if installed, else chromium
GREENROOM_RENDER_MAX_PAGES = 4
globals().update(
    playwright_settings(
        GREENROOM_BROWSER_PATH,
        max_pages=GREENROOM_RENDER_MAX_PAGES,
        timeout_s=GREENROOM_RENDER_TIMEOUT,
    )
)
