"""Scrapy settings of greenroom: every GREENROOM_* setting, its default and what it does.

The config maps onto these in one place (`greenroom.config.crawl_settings`); a few are read from
the environment, as documented overrides (README, "Configuration"). Readers ask `setting` (a
crawl's settings) or `env_setting` (the environment), which fall back on the defaults here.
"""

import os

from scrapy.settings import BaseSettings

from crawler.browser import BROWSER_PATH, playwright_settings

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
    # Scrapy's (580), without decoding a page whose first bytes hold no `refresh`; after the
    # render middleware on a response, as Scrapy's was.
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "crawler.middlewares.refresh.MetaRefreshMiddleware": 579,
}
SPIDER_MIDDLEWARES = {
    "crawler.middlewares.bounds.BoundsMiddleware": 800,
}
ITEM_PIPELINES = {
    "crawler.pipelines.PagePipeline": 300,
}
EXTENSIONS = {
    "crawler.progress.Progress": 500,
}

# greenroom's own settings (the CLI sets GREENROOM_DB and GREENROOM_RUN_ID).
GREENROOM_DB = "greenroom.db"  # the database; captures go to <db>.captures/
GREENROOM_RUN_ID = 0  # the run being crawled (0: none)
GREENROOM_CONFIG = None  # path of the TOML config, or None for `crawl URL...`
GREENROOM_RESUME_ENABLED = True  # a resumed run replays what it already captured
GREENROOM_BOUNDS_ENABLED = True  # cut endless URL chains (crawler.middlewares.bounds)
GREENROOM_BOUNDS_MAX_CHAIN = 100  # pages in a row of one URL shape (calendars, session trails)
GREENROOM_BOUNDS_MAX_PER_SHAPE = 0  # cap on pages of one URL shape; 0: none
GREENROOM_HEALTH_MIN_PAGES = 1  # a run with fewer captured pages is unhealthy
GREENROOM_HEALTH_MAX_ERROR_RATE = 0.2  # crawl errors per captured page
# on real pages extraction is the crawl's longest step: one process a core (docs/speed.md)
GREENROOM_EXTRACT_WORKERS = 2  # processes extracting facts (crawler.extraction); 0: in the reactor
GREENROOM_PROGRESS_INTERVAL = 5.0  # seconds between progress lines on stderr; 0: off

# Livestream rooms: JS-drawn pages are detected from content and rendered in Debian's
# chromium through scrapy-playwright (crawler.middlewares.render, crawler.rooms).
GREENROOM_RENDER_ENABLED = True  # off: every page stays on plain HTTP
GREENROOM_RENDER_FORCE: list[str] = []  # URL regexes a regulator wants rendered regardless
GREENROOM_RENDER_LISTINGS = False  # render (once) a listing whose static page shows no price
GREENROOM_ROOM_SAMPLES = 2  # samples per room
GREENROOM_ROOM_SAMPLE_INTERVAL = 3.0  # seconds between two samples of a room
GREENROOM_ROOM_RENDER_EVERY = 0  # 0: render a room's first sample, read its API after; N: 1, N+1…
GREENROOM_RENDER_TIMEOUT = 20.0  # seconds; a render not settled by then is a crawl error
GREENROOM_BROWSER_PATH = BROWSER_PATH  # chromium-headless-shell if installed, else chromium
GREENROOM_RENDER_MAX_PAGES = 12  # pages open at once: a render waits ~half its time (speed.md)
GREENROOM_RENDER_PAGE_USES = 8  # samples a browser page serves, then a new one; 1: always new
GREENROOM_RENDER_STORE = "storage.warc.CaptureStore"  # where room samples are written
GREENROOM_ROOM_RESOURCES = True  # keep a room sample's images, styles and scripts as captures
GREENROOM_ROOM_RESOURCE_MAX_BYTES = 5 * 1024 * 1024  # a larger asset is skipped
GREENROOM_ROOM_RESOURCES_MAX_BYTES = 50 * 1024 * 1024  # a sample's assets stop here

# Licence images read by OCR (crawler.licence_images, crawler.ocr).
GREENROOM_OCR_ENABLED = True  # off: licence images are not read
GREENROOM_OCR_ENGINE = "rapidocr"  # or "tesseract"
GREENROOM_OCR_MIN_SIDE = 100  # pixels; a smaller image is decorative
GREENROOM_OCR_MAX_PIXELS = 50_000_000  # a larger image is a decompression bomb (600 dpi: 35M)

# the class writing captures; None: storage.warc.CaptureStore beside GREENROOM_DB
GREENROOM_STORE_CLASS = None  # (cluster workers: storage.relay.RelayStore)

# A cluster worker (crawler.cluster; the coordinator sets these for each worker it starts).
GREENROOM_CLUSTER_REDIS = None  # Redis URL; None: a single-process crawl
GREENROOM_CLUSTER_NS = None  # prefix of the run's Redis keys
GREENROOM_CLUSTER_RUN = 0  # the run's id
GREENROOM_CLUSTER_WORKER = None  # this worker's id; None: host and pid
GREENROOM_CLUSTER_CAPTURES = None  # the run's WARC directory
GREENROOM_CLUSTER_KEY = ""  # the run's relay key, hex (crawler.redis_trust)
GREENROOM_CLUSTER_TICK = 0.25  # seconds between acknowledgements and relay pushes
GREENROOM_CLUSTER_HEARTBEAT_TTL = 15.0  # seconds a worker's heartbeat lives
GREENROOM_CLUSTER_SLOT_TTL = 120.0  # seconds a host's fetch slot lives (a killed worker's)
GREENROOM_CLUSTER_DELAY = 0.0  # seconds between two fetches from one host, cluster-wide
GREENROOM_CLUSTER_WAIT_S = 600.0  # how long a client waits for Redis to come back

# Read from the environment only (README, "Configuration"): documented overrides, with the
# default each has when unset.
GREENROOM_CHECK_WORKERS = 1  # processes sharing the checks of a large database
GREENROOM_PARALLEL_MIN = 20_000  # items from which a check is shared with a twin process
GREENROOM_PROGRESS = None  # "plain": periodic lines even on a terminal
GREENROOM_PROGRESS_MIN = 50_000  # pages from which an analysis prints each step
GREENROOM_ACTOR = None  # who the case history records; None: user@host
GREENROOM_PASSWORD_HASH = None  # `greenroom ui --password-hash`
GREENROOM_KEY_DIR = None  # key pairs of `greenroom keygen`; None: ~/.config/greenroom
GREENROOM_TRUSTED_KEYS = None  # the trusted-keys file `verify` reads; None: see storage.trust
GREENROOM_LEXICONS = None  # a directory of a rule maintainer's lexicon edits (checks.terms)
GREENROOM_PYWB_BIN = None  # pywb's scripts for the replay tests; None: .venv/pywb/bin

globals().update(
    playwright_settings(
        GREENROOM_BROWSER_PATH,
        max_pages=GREENROOM_RENDER_MAX_PAGES,
        timeout_s=GREENROOM_RENDER_TIMEOUT,
    )
)


def setting(settings, name: str):
    """A GREENROOM_* setting of a crawl: its value in `settings` (Scrapy settings or a dict)
    where set, as the type of its default here, else that default."""
    default = globals()[name]
    value = settings.get(name) if settings is not None else None
    if value is None or value == "":
        return default
    return _typed(BaseSettings({name: value}), name, default)


def env_setting(name: str):
    """A GREENROOM_* setting read from the environment (a documented override), as the type
    of its default here; the default when unset or unreadable."""
    default = globals()[name]
    value = os.environ.get(name, "")
    if not value:
        return default
    if isinstance(default, int) and not isinstance(default, bool) and not value.isdigit():
        return default
    try:
        return _typed(BaseSettings({name: value}), name, default)
    except ValueError:
        return default


def _typed(settings: BaseSettings, name: str, default):
    if isinstance(default, bool):
        return settings.getbool(name)
    if isinstance(default, int):
        return settings.getint(name)
    if isinstance(default, float):
        return settings.getfloat(name)
    if isinstance(default, list):
        return settings.getlist(name)
    return settings.get(name)
