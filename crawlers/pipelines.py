"""Item pipelines: validate -> drop duplicates -> write the Articles JSONL (path injected via settings)."""

from __future__ import annotations

import json
import logging
from pathlib import Path

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from crawlers.items import ArticleItem
from core.schema import validate_article

log = logging.getLogger(__name__)


class ValidateArticle:
    """Reject items that would not load (missing id/text, malformed `published`); count the reason."""

    def __init__(self, crawler: Crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "ValidateArticle":
        return cls(crawler)

    def process_item(self, item: ArticleItem) -> ArticleItem:
        adapter = ItemAdapter(item)
        try:
            validate_article(adapter.asdict(), f"article {adapter.get('url')}")
        except Exception as exc:  # UserError with the precise reason
            self.crawler.spider.tally.skip(adapter.get("outlet"), "invalid", str(exc))
            raise DropItem(str(exc)) from exc
        return item


class DropDuplicates:
    """One article per canonical URL per crawl (the same story reached through two feeds or URLs)."""

    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.seen: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "DropDuplicates":
        return cls(crawler)

    def process_item(self, item: ArticleItem) -> ArticleItem:
        if item.id in self.seen:
            self.crawler.spider.tally.skip(item.outlet, "duplicate", item.url, level=logging.DEBUG)
            raise DropItem(f"duplicate {item.url}")
        self.seen.add(item.id)
        return item


class WriteJsonl:
    """Append each article to the ARTICLES_OUT file (the parent process renames it into place on success)."""

    def __init__(self, crawler: Crawler, path: Path):
        self.crawler = crawler
        self.path = path
        self.fh = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "WriteJsonl":
        out = crawler.settings.get("ARTICLES_OUT")
        if not out:
            raise ValueError("ARTICLES_OUT is not set: crawls must be started through crawlers.run.crawl")
        return cls(crawler, Path(out))

    def open_spider(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.fh = self.path.open("w", encoding="utf-8")

    def close_spider(self) -> None:
        if self.fh:
            self.fh.close()

    def process_item(self, item: ArticleItem) -> ArticleItem:
        self.fh.write(json.dumps(item.to_json(), ensure_ascii=False) + "\n")
        self.fh.flush()
        self.crawler.spider.tally.article(item.outlet, updated=item.is_update)
        return item
