"""Sitemap spider (backfill): news sitemaps and sitemap indexes, restricted to a publication date range."""

from __future__ import annotations

import calendar
import datetime as dt
import gzip
import logging
import re
from typing import AsyncIterator, Iterator

import scrapy
from lxml import etree
from scrapy.http import Response

from crawlers.dates import day_of, parse_machine_date, to_published
from crawlers.spiders.base import OutletSpider
from crawlers.sources import Outlet
from crawlers.urls import date_in_url

log = logging.getLogger(__name__)

MAX_SITEMAP_BYTES = 50 * 1024 * 1024  # the sitemaps.org limit for one uncompressed file
_NAME_DAY = re.compile(r"(20\d\d)[-_/](\d\d)[-_/](\d\d)")
_NAME_MONTH = re.compile(r"(20\d\d)[-_/](\d\d)(?!\d)")
_PARSER = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, huge_tree=False)


class SitemapSpider(OutletSpider):
    name = "sitemaps"

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for outlet in self.outlets.values():
            for url in outlet.sitemaps:
                yield self._request(url, outlet, self.parse_sitemap, kind="sitemap")

    def parse_sitemap(self, response: Response) -> Iterator[scrapy.Request]:
        outlet = self.answered(response)
        try:
            yield from self._sitemap(response, outlet)
        finally:
            self._done(outlet.name)

    def _sitemap(self, response: Response, outlet: Outlet) -> Iterator[scrapy.Request]:
        body = response.body
        if body[:2] == b"\x1f\x8b":
            try:
                body = gzip.decompress(body)[:MAX_SITEMAP_BYTES]
            except (OSError, EOFError) as exc:
                self.tally.error(outlet.name, "sitemap_malformed", f"{response.url}: bad gzip ({exc})")
                return
        try:
            root = etree.fromstring(body, parser=_PARSER)
        except etree.XMLSyntaxError as exc:
            root = None
            log.debug("sitemap parse error %s", exc)
        if root is None:
            self.tally.error(outlet.name, "sitemap_malformed", response.url)
            return
        kind = etree.QName(root).localname
        if kind == "sitemapindex":
            children = [(_child_text(el, "loc"), _child_text(el, "lastmod")) for el in root if _local(el) == "sitemap"]
            self.tally.feed(outlet.name, len(children))
            for loc, lastmod in children:
                if not loc:
                    continue
                why = self.child_outside_range(loc, lastmod)
                if why:
                    self.tally.skip(outlet.name, "sitemap_out_of_range", f"{loc} ({why})", level=logging.DEBUG)
                elif not outlet.allows(loc):
                    self.tally.skip(outlet.name, "offsite", loc)
                else:
                    yield self._request(loc, outlet, self.parse_sitemap, kind="sitemap")
        elif kind == "urlset":
            urls = [el for el in root if _local(el) == "url"]
            self.tally.feed(outlet.name, len(urls))
            if not urls:
                self.tally.skip(outlet.name, "sitemap_empty", response.url)
            for el in urls:
                loc = _child_text(el, "loc")
                entry = {"published": _news(el, "publication_date"), "updated": _child_text(el, "lastmod"),
                         "title": _news(el, "title")}
                entry = {k: (to_published(parse_machine_date(v)) if k != "title" else v) for k, v in entry.items()}
                day = day_of(entry["published"]) or (date_in_url(loc) if loc else None) or day_of(entry["updated"])
                if day is not None and not self.in_range(day):
                    self.tally.skip(outlet.name, "out_of_range", f"{loc} ({day})", level=logging.DEBUG)
                    continue
                request = self.article_request(loc, outlet, entry)
                if request is not None:
                    yield request
        else:
            self.tally.error(outlet.name, "sitemap_malformed", f"{response.url}: root element <{kind}>")

    def in_range(self, day: dt.date) -> bool:
        return not ((self.date_from and day < self.date_from) or (self.date_to and day > self.date_to))

    def child_outside_range(self, loc: str, lastmod: str | None) -> str | None:
        """Why a child sitemap cannot hold articles of the range (its lastmod or dated name), or None."""
        modified = day_of(lastmod)
        if self.date_from and modified is not None and modified < self.date_from:
            return f"lastmod {modified}"
        m = _NAME_DAY.search(loc)
        if m:
            try:
                day = dt.date(*map(int, m.groups()))
            except ValueError:
                day = None
            if day is not None and not self.in_range(day):
                return f"name day {day}"
            return None
        m = _NAME_MONTH.search(loc)
        if m and 1 <= int(m.group(2)) <= 12:
            year, month = int(m.group(1)), int(m.group(2))
            first = dt.date(year, month, 1)
            last = dt.date(year, month, calendar.monthrange(year, month)[1])
            if (self.date_to and first > self.date_to) or (self.date_from and last < self.date_from):
                return f"name month {year}-{month:02d}"
        return None


def _local(el: etree._Element) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def _child_text(el: etree._Element, name: str) -> str | None:
    for child in el:
        if _local(child) == name and child.text and child.text.strip():
            return child.text.strip()
    return None


def _news(el: etree._Element, name: str) -> str | None:
    """<news:news><news:publication_date>/<news:title> of a news-sitemap <url>."""
    for child in el:
        if _local(child) == "news":
            return _child_text(child, name)
    return None
