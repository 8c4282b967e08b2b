"""Downloader middlewares: per-outlet allowed domains (redirects included) and retries with backoff."""

from __future__ import annotations

import asyncio
import logging

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import IgnoreRequest

log = logging.getLogger(__name__)


class OffsiteRequest(IgnoreRequest):
    """A request (usually a redirect) leaving the outlet's allowed domains."""


class OutletDomainMiddleware:
    """Drop any request outside its outlet's allowed_domains, including redirect targets (meta is kept)."""

    def __init__(self, crawler: Crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "OutletDomainMiddleware":
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        outlet = self.crawler.spider.outlet_of(request) if self.crawler.spider else None
        if outlet is not None and not outlet.allows(request.url):
            origin = (request.meta.get("redirect_urls") or [request.url])[0]
            raise OffsiteRequest(f"{request.url} is outside {outlet.name}'s allowed domains (from {origin})")
        return None


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's RetryMiddleware, waiting RETRY_BACKOFF_BASE * 2**(n-1) seconds before the n-th retry."""

    def __init__(self, settings):
        super().__init__(settings)
        self.backoff_base = settings.getfloat("RETRY_BACKOFF_BASE", 2.0)
        self.backoff_max = settings.getfloat("RETRY_BACKOFF_MAX", 60.0)

    async def process_request(self, request: Request) -> None:
        delay = request.meta.pop("retry_backoff", 0)
        if delay:
            await asyncio.sleep(delay)  # waits for this request only; the reactor keeps serving others
        return None

    def _retry(self, request, reason):
        retry = super()._retry(request, reason)
        if retry is not None:
            n = retry.meta.get("retry_times", 1)
            retry.meta["retry_backoff"] = min(self.backoff_base * 2 ** (n - 1), self.backoff_max)
        return retry
