"""All nianbao settings, one prefix per component, each with an ``<PREFIX>_ENABLED`` switch.

Components read their settings once (``from_crawler``) into a typed config (``nianbao.config``);
contradictions fail at start with a message naming the fix. Command-line ``-s NAME=VALUE`` and the
``nianbao harvest`` options override these.
"""

from __future__ import annotations

import os

BOT_NAME = "nianbao"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"
USER_AGENT = "nianbao/0.1 (+https://github.com/nianbao; archiving government annual reports)"

# --- Output root: WARC files, cleaned texts and the SQLite store live under it ----------------------
ARCHIVE_ROOT = "archive"

# --- Politeness (archiving.md §5): robots obeyed, one request at a time per host, delay, AutoThrottle
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 32
CONCURRENT_REQUESTS_PER_DOMAIN = 1
DOWNLOAD_DELAY = 2.0
DOWNLOAD_DELAY_JITTER = 0.5  # each delay drawn from 0.5x-1.5x (Scrapy 2.19; was RANDOMIZE_DOWNLOAD_DELAY)
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 5.0
AUTOTHROTTLE_MAX_DELAY = 60.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
# retries back off (crawler/middlewares/backoff.py): the host is paused for Retry-After, else BASE × 2^(n−1) s
RETRY_BACKOFF_BASE = 1.0
RETRY_BACKOFF_MAX = 60.0
RETRY_EXCEPTIONS = [
    "scrapy.exceptions.CannotResolveHostError",
    "scrapy.exceptions.DownloadConnectionRefusedError",
    "scrapy.exceptions.DownloadFailedError",
    "scrapy.exceptions.DownloadTimeoutError",
    "scrapy.exceptions.ResponseDataLossError",
    "twisted.internet.error.ConnectionDone",
    "twisted.internet.error.ConnectError",
    "twisted.internet.error.ConnectionLost",
    OSError,
    "scrapy.core.downloader.handlers.http11.TunnelError",
    "playwright._impl._errors.TimeoutError",  # a rendered page that did not settle in time: try again
]
DOWNLOAD_TIMEOUT = 60
DOWNLOAD_MAXSIZE = 200 * 1024 * 1024
DOWNLOAD_WARNSIZE = 32 * 1024 * 1024
REDIRECT_MAX_TIMES = 10
DEPTH_LIMIT = 8
# Scrapy's downloader with CONCURRENT_REQUESTS_PER_DOMAIN actually enforced (see crawler/downloader.py)
DOWNLOADER = "crawler.downloader.PoliteDownloader"
# many hosts at one request each: take the next request from the host with the fewest in flight, so one
# big site's queued reports never starve the other sites' discovery (Scrapy's broad-crawl queue)
SCHEDULER_PRIORITY_QUEUE = "scrapy.pqueues.DownloaderAwarePriorityQueue"
DEFAULT_REQUEST_HEADERS = {
    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5",
}

# --- Reactor and logging ---------------------------------------------------------------------------
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
LOG_LEVEL = "INFO"
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False  # no control port: harvests run unattended
FEED_EXPORT_ENCODING = "utf-8"

# --- Testbed (offline province on loopback); nothing in testbed mode leaves loopback ----------------
TESTBED_ENABLED = False
TESTBED_PROXY = ""

# --- Store (SQLite under ARCHIVE_ROOT unless STORE_PATH is set) -------------------------------------
STORE_ENABLED = True
STORE_PATH = ""

# --- Cleaned texts under ARCHIVE_ROOT/text ----------------------------------------------------------
TEXT_ENABLED = True

# --- Render on demand: Chromium through scrapy-playwright only for anti-bot answers and JS shells ------
RENDER_ENABLED = True
RENDER_SHARE_PREFECTURE = True  # a prefecture's hosts share the decision (WAF blocking is per prefecture)
RENDER_WAIT_UNTIL = "networkidle"
RENDER_READ_DATA = True  # read a JS shell's data answer (JSON) plainly when its script names it; else render
DOWNLOAD_HANDLERS = {
    "http": "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler",
    "https": "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler",
}
PLAYWRIGHT_BROWSER_TYPE = "chromium"
PLAYWRIGHT_LAUNCH_OPTIONS = {
    "executable_path": "/usr/bin/chromium",
    "headless": True,
    "args": [
        *(["--no-sandbox"] if os.geteuid() == 0 else []),
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
    ],
}
PLAYWRIGHT_MAX_CONTEXTS = 2
PLAYWRIGHT_MAX_PAGES_PER_CONTEXT = 2
PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT = 30_000
PLAYWRIGHT_ABORT_REQUEST = "crawler.middlewares.render.abort_heavy_resources"

# --- WARC archive (crawler/extensions/warc.py; docs in nianbao/warc/) ---------------------------------
WARC_ENABLED = True
WARC_VERSION = "1.1"  # "1.0" for readers that reject WARC/1.1
WARC_GZIP_LEVEL = 6  # per-record gzip; 9 (warcio's fixed level) costs ~3x the CPU for ~the same size
WARC_ROTATE_BYTES = 1_000_000_000  # start a new file once the current one reaches this size
WARC_PREFIX = "nianbao"  # file names: {prefix}-{timestamp17}-{serial:05d}-{host}.warc.gz; one per shard
WARC_DIR = ""  # default {ARCHIVE_ROOT}/warc
WARC_DEDUP_ENABLED = True  # same URL + same payload digest as archived -> revisit record
WARC_CONDITIONAL_ENABLED = True  # If-None-Match/If-Modified-Since from the store; 304 -> revisit

# --- Item pipelines, one job each; switch any off with <PREFIX>_ENABLED = False ----------------------
UNCHANGED_ENABLED = True  # a candidate answered 304 (all parts, all images) and already stored is not redone
CLEAN_ENABLED = True
CLEAN_WORKERS = 2  # processes that clean, convert and OCR (nice +10); 0 = in the crawl's own thread
CLEAN_IMAGES_ENABLED = True  # fetch a report page's body images, OCR them and splice their tables in
CLEAN_IMAGES_SECONDS = 90.0  # OCR time budget for one page's body images
CLASSIFY_ENABLED = True
PARSE_ENABLED = True
PARSE_WORKERS = 1  # processes that parse (nice +10); 0 = in the crawl's own thread
ATTRIBUTE_ENABLED = True  # reports found on a prefecture's site go to the county that issued them
ATTRIBUTE_REGISTRY = ""  # the registry CSV of the harvest ("" = bundled)
ITEM_PIPELINES: dict[str, int] = {
    "pipelines.unchanged.UnchangedPipeline": 50,  # 304 for everything and already stored: kept as stored
    "pipelines.clean.CleanPipeline": 100,
    "pipelines.classify.ClassifyPipeline": 200,
    "pipelines.parse.ParsePipeline": 400,
    "pipelines.attribute.AttributePipeline": 450,
    "pipelines.text.TextPipeline": 460,  # after attribution: texts live under the issuing county
    "pipelines.store.StorePipeline": 500,
}
EXTENSIONS: dict[str, int] = {
    "crawler.extensions.warc.WarcExtension": 100,
    "crawler.extensions.progress.Progress": 500,
    "crawler.extensions.search_fallback.SearchFallback": 300,
}
# --- Site search when navigation never reached a portal's 年报 column (crawler/extensions/search_fallback.py)
SEARCH_FALLBACK_ENABLED = True
SEARCH_FALLBACK_QUERIES = ["信息公开年报", "信息公开年度报告", "信息公开工作年度报告"]
SEARCH_FALLBACK_MAX_FORMS = 1  # search forms of a home page tried, best first
PROGRESS_ENABLED = True  # a one-line display on a terminal; silent under cron (stderr not a terminal)
PROGRESS_INTERVAL = 2.0
SPIDER_MIDDLEWARES: dict[str, int] = {
    "crawler.middlewares.warc_outlinks.WarcOutlinksMiddleware": 45,
}
DOWNLOADER_MIDDLEWARES: dict[str, int | None] = {
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.middlewares.backoff.BackoffRetryMiddleware": 550,
    "crawler.middlewares.render.RenderOnDemandMiddleware": 585,
    "crawler.middlewares.warc_http.WarcHttpMiddleware": 595,
}

# --- Scope and trap defences (crawler/middlewares/scope.py); runs before robots.txt is fetched -------
SCOPE_ENABLED = True
SCOPE_MAX_PAGE = (
    200  # page-number parameters (page=, pageIndex=, index_N.html, Hanweb startrecord) above this
)
SCOPE_HOST_BUDGET = 2000  # requests per host per run; later ones are dropped (stat scope/dropped/host_budget)
SCOPE_MAX_PATH_DEPTH = 12  # path segments
SCOPE_MAX_SEGMENT_REPEAT = 2  # the same path segment more often than this is a trap (/a/b/a/b/a/)
SCOPE_MIN_YEAR = 1990  # calendar parameters (year=, date=, /YYYY/MM/) outside SCOPE_MIN_YEAR..next year
SCOPE_RESOLVE_DNS = (
    True  # outside testbed mode, drop hosts resolving to private/loopback/link-local addresses
)
DOWNLOADER_MIDDLEWARES["crawler.middlewares.scope.ScopeMiddleware"] = 90
