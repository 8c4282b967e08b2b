"""Entry point of the crawl child process: `python -m crawlers.child CONFIG.json` (see crawlers.run).

A fresh process per crawl, because the Twisted reactor cannot be restarted inside one process.
"""

from __future__ import annotations

import ctypes
import json
import logging
import os
import signal
import sys
from pathlib import Path

SPIDERS = {"feeds": "crawlers.spiders.feed.FeedSpider", "sitemaps": "crawlers.spiders.sitemap.SitemapSpider"}


PARENT_ENV = "INCIDENTS_CRAWL_PARENT"  # set by crawlers.run: the PID this child dies with
PR_SET_PDEATHSIG = 1  # linux/prctl.h


def die_with_parent() -> None:
    """Have the kernel SIGKILL this process when the crawl's parent dies, however it dies (even SIGKILL, which
    leaves the parent no chance to stop us): a crawl never keeps fetching under PID 1. Linux only."""
    parent = os.environ.get(PARENT_ENV)
    if not parent or not sys.platform.startswith("linux"):
        return
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if os.getppid() != int(parent):  # the parent died before prctl took effect
        os._exit(1)


def _without_tracebacks() -> None:
    """Every log record of this process without its traceback (Scrapy re-installs its handlers per crawl, so the
    records themselves are made that way)."""
    make_record = logging.getLogRecordFactory()

    def one_line(*args, **kwargs) -> logging.LogRecord:
        record = make_record(*args, **kwargs)
        record.exc_info, record.exc_text, record.stack_info = None, None, None
        return record

    logging.setLogRecordFactory(one_line)


def main(config_path: str) -> int:
    die_with_parent()
    config = json.loads(Path(config_path).read_text(encoding="utf-8"))
    os.environ["SCRAPY_SETTINGS_MODULE"] = "crawlers.settings"
    from scrapy.crawler import AsyncCrawlerProcess
    from scrapy.utils.misc import load_object
    from scrapy.utils.project import get_project_settings

    settings = get_project_settings()
    settings.set("ARTICLES_OUT", config["articles_out"], priority="cmdline")
    for key, value in (config.get("settings") or {}).items():
        settings.set(key, value, priority="cmdline")
    known = json.loads(Path(config["known"]).read_text(encoding="utf-8")) if config.get("known") else {}
    spider_cls = load_object(SPIDERS[config["mode"]])

    process = AsyncCrawlerProcess(settings)
    if settings.get("LOG_LEVEL") != "DEBUG":  # tracebacks only with -v: a failed download is one line
        _without_tracebacks()
    crawler = process.create_crawler(spider_cls)
    process.crawl(crawler, outlets=config["outlets"], known=known,
                  date_from=config.get("date_from"), date_to=config.get("date_to"))
    process.start()
    reason = crawler.stats.get_value("finish_reason") if crawler.stats else None
    if crawler.spider is None or reason != "finished":
        print(f"crawl child: the crawl did not finish normally (finish reason: {reason})", file=sys.stderr)
        return 1
    crawler.spider.tally.write(Path(config["stats_out"]))
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python -m crawlers.child CONFIG.json")
    sys.exit(main(sys.argv[1]))
