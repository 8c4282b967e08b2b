"""Feed spider: reads every enabled outlet's RSS/Atom feeds and follows entries not yet in the warehouse."""

from __future__ import annotations

import logging
from typing import Any, AsyncIterator, Iterator

import feedparser
import scrapy
from scrapy.http import Response

from crawlers.dates import from_struct_time, to_published
from crawlers.spiders.base import OutletSpider

log = logging.getLogger(__name__)


class FeedSpider(OutletSpider):
    name = "feeds"
    caps_entries = True

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for outlet in self.outlets.values():
            for url in outlet.feeds:
                yield self._request(url, outlet, self.parse_feed, kind="feed")

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request]:
        outlet = self.answered(response)
        try:
            yield from self._entries(response, outlet)
        finally:
            self._done(outlet.name)

    def _entries(self, response: Response, outlet) -> Iterator[scrapy.Request]:
        headers = {"content-type": response.headers.get(b"Content-Type", b"").decode("latin-1"),
                   "content-location": response.url}
        parsed = feedparser.parse(response.body, response_headers=headers)
        entries = parsed.get("entries") or []
        if parsed.get("bozo"):
            problem = f"{response.url}: {parsed.get('bozo_exception')!r}"
            if not entries:
                self.tally.error(outlet.name, "feed_malformed", problem)
                return
            log.warning("feed %s is malformed; using the %d entries read before the error", problem, len(entries))
        if not entries:
            self.tally.skip(outlet.name, "feed_empty", response.url)
        self.tally.feed(outlet.name, len(entries))
        for entry in entries:
            request = self.article_request(entry.get("link"), outlet, feed_entry(entry))
            if request is not None:
                yield request


def feed_entry(entry: Any) -> dict[str, str | None]:
    """What the parser and the incremental filter need from a feedparser entry."""
    published = from_struct_time(entry.get("published_parsed"))
    # feedparser answers .get("updated_parsed") with the *published* date when there is none: test membership.
    updated = from_struct_time(entry["updated_parsed"]) if "updated_parsed" in entry else None
    return {"published": to_published(published), "updated": to_published(updated),
            "title": (entry.get("title") or "").strip() or None}
