"""Scrapy settings for the Brussels news crawlers: polite by default (see docs/topics/settings in Scrapy).

Run-specific values (user agent, output paths, test overrides) are injected by crawlers.run / crawlers.child.
"""

import os
from pathlib import Path

from core.settings import DEFAULT_USER_AGENT

BOT_NAME = "brussels-incidents"
SPIDER_MODULES = ["crawlers.spiders"]
NEWSPIDER_MODULE = "crawlers.spiders"

# Identify ourselves with a contact URL (overridden from core.settings.Settings.user_agent) and obey robots.txt.
USER_AGENT = DEFAULT_USER_AGENT
ROBOTSTXT_OBEY = True

# Politeness: at most 2 requests in flight per site, a delay between them, adapted by AutoThrottle.
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 1.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False  # no listening control port in unattended crawls
LOG_INSTALL_ROOT_HANDLER = True

# Robustness: bounded sizes and waits; retries with exponential backoff on 5xx/429/timeouts, never on other 4xx.
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 5 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
REDIRECT_MAX_TIMES = 5
RETRY_ENABLED = True
RETRY_TIMES = 2
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
# Scrapy's list without CannotResolveHostError: a host that does not resolve now will not resolve 2 s later.
RETRY_EXCEPTIONS = [
    "scrapy.exceptions.DownloadConnectionRefusedError",
    "scrapy.exceptions.DownloadFailedError",
    "scrapy.exceptions.DownloadTimeoutError",
    "scrapy.exceptions.ResponseDataLossError",
    "twisted.internet.error.ConnectionDone",
    "twisted.internet.error.ConnectError",
    "twisted.internet.error.ConnectionLost",
    OSError,  # the HttpCompression middleware on an empty response
    "scrapy.core.downloader.handlers.http11.TunnelError",
]
RETRY_BACKOFF_BASE = 2.0  # seconds before the first retry, doubled for each further one
RETRY_BACKOFF_MAX = 60.0

DOWNLOADER_MIDDLEWARES = {
    "crawlers.middlewares.OutletDomainMiddleware": 40,  # before Scrapy's offsite (50): per-outlet domains, counted
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawlers.middlewares.BackoffRetryMiddleware": 550,
}
# Feeds listing thousands of entries are followed for at most this many per outlet and nightly run (an outlet's
# `max_entries` in the sources registry overrides it); the rest is counted (`capped`) and waits for the next run.
# The sitemap backfill is not capped: its date range bounds it.
MAX_ENTRIES_PER_OUTLET = 300

ITEM_PIPELINES = {
    "crawlers.pipelines.ValidateArticle": 100,
    "crawlers.pipelines.DropDuplicates": 200,
    "crawlers.pipelines.WriteJsonl": 900,
}
ARTICLES_OUT = None  # path of the Articles JSONL the WriteJsonl pipeline writes (set by crawlers.child)

# Development: cache every response on disk (INCIDENTS_HTTPCACHE=1) to re-run parsing without refetching.
HTTPCACHE_ENABLED = os.environ.get("INCIDENTS_HTTPCACHE", "") in ("1", "true", "yes")
HTTPCACHE_DIR = str(Path(os.environ.get("INCIDENTS_HTTPCACHE_DIR", "data/httpcache")).resolve())
HTTPCACHE_EXPIRATION_SECS = 0

LOG_LEVEL = "WARNING"
FEED_EXPORT_ENCODING = "utf-8"
