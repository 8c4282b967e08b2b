"""What both spiders share: the outlets, the incremental filter, article fetching/parsing, failure accounting."""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from typing import Any, Iterator

import scrapy
from scrapy.exceptions import DownloadCancelledError, IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from crawlers.charset import header_charset
from crawlers.dates import BRUSSELS, as_datetime, day_of, parse_machine_date
from crawlers.items import ArticleItem
from crawlers.middlewares import OffsiteRequest
from crawlers.parse import ParseSkip, parse_article
from crawlers.sources import Outlet, parse_sources
from crawlers.tally import Tally
from crawlers.urls import canonicalize

log = logging.getLogger(__name__)


class OutletSpider(scrapy.Spider):
    """Base spider: `outlets` (registry data), `known` {canonical URL: last known modification, ISO}."""

    caps_entries = False  # follow at most max_entries per outlet and run (the nightly feeds; not a backfill range)

    def __init__(self, outlets: list[dict], known: dict[str, str | None] | None = None,
                 date_from: str | None = None, date_to: str | None = None, **kwargs: Any):
        super().__init__(**kwargs)
        self.outlets = {o.name: o for o in parse_sources({"outlet": outlets}, "crawl config") if o.enabled}
        self.allowed_domains = sorted({d for o in self.outlets.values() for d in o.allowed_domains})
        self.known = known or {}
        self.date_from = dt.date.fromisoformat(date_from) if date_from else None
        self.date_to = dt.date.fromisoformat(date_to) if date_to else None
        self.tally = Tally()
        for name in self.outlets:
            self.tally.outlet(name)
        self.scheduled: set[str] = set()
        self.pending: Counter = Counter()
        self.followed: Counter = Counter()  # entries followed per outlet (capped per run: max_entries)

    # ---- bookkeeping -------------------------------------------------------------------------------
    def outlet_of(self, request: scrapy.Request) -> Outlet | None:
        return self.outlets.get(request.meta.get("outlet", ""))

    def _request(self, url: str, outlet: Outlet, callback, **meta: Any) -> scrapy.Request:
        self.pending[outlet.name] += 1
        self.tally.count(outlet.name, "requests")
        # dont_filter: we dedupe ourselves by canonical URL; it also lets a redirect loop reach REDIRECT_MAX_TIMES.
        return scrapy.Request(url, callback=callback, errback=self.on_failure, dont_filter=True,
                              meta={"outlet": outlet.name, **meta})

    def answered(self, response: Response) -> Outlet:
        """The outlet of a response reaching a callback (its HTTP status counted)."""
        outlet = self.outlets[response.meta["outlet"]]
        self.tally.status(outlet.name, response.status)
        return outlet

    def _done(self, outlet: str) -> None:
        self.pending[outlet] -= 1
        if self.pending[outlet] <= 0:
            self.tally.report_outlet(outlet)

    def closed(self, reason: str) -> None:
        log.info("crawl closed (%s): %s", reason, self.tally.as_dict())

    # ---- incremental filter ------------------------------------------------------------------------
    def article_request(self, link: str | None, outlet: Outlet, entry: dict[str, Any]) -> scrapy.Request | None:
        """A request for a feed/sitemap entry, or None when it must not be fetched (counted)."""
        if not link or not link.startswith(("http://", "https://")):
            self.tally.skip(outlet.name, "bad_link", repr(link))
            return None
        url = canonicalize(link)
        if not outlet.allows(url):
            self.tally.skip(outlet.name, "offsite", url)
            return None
        if outlet.skips(url):
            self.tally.skip(outlet.name, "skip_pattern", url, level=logging.INFO)
            return None
        if url in self.scheduled:
            self.tally.skip(outlet.name, "duplicate", url, level=logging.DEBUG)
            return None
        is_update = False
        if url in self.known:
            if not self.changed_since_known(url, entry.get("updated")):
                self.tally.skip(outlet.name, "known", url, level=logging.DEBUG)
                return None
            is_update = True
        cap = self.max_entries(outlet)
        if self.caps_entries and self.followed[outlet.name] >= cap:
            if not self.tally.counted(outlet.name, "capped"):
                log.warning("[%s] more than %d new entries in this run: the rest wait for the next run "
                            "(max_entries in the sources registry, MAX_ENTRIES_PER_OUTLET)", outlet.name, cap)
            self.tally.count(outlet.name, "capped")
            self.tally.skip(outlet.name, "entry_cap", url, level=logging.DEBUG)
            return None
        self.followed[outlet.name] += 1
        self.scheduled.add(url)
        return self._request(link, outlet, self.parse_article_page, entry=entry, is_update=is_update)

    def max_entries(self, outlet: Outlet) -> int:
        """How many entries of one outlet a run follows at most (the registry's value, else the setting)."""
        return outlet.max_entries or self.settings.getint("MAX_ENTRIES_PER_OUTLET")

    def changed_since_known(self, url: str, updated: str | None) -> bool:
        """True when the feed's `updated` for a known URL is newer than what the warehouse holds."""
        new = parse_machine_date(updated)
        old = parse_machine_date(self.known.get(url))
        if not isinstance(new, dt.datetime):
            return False
        if old is None:
            return True
        if not isinstance(old, dt.datetime):
            old = dt.datetime.combine(old, dt.time.max, tzinfo=BRUSSELS)
        return new > old

    # ---- article pages -----------------------------------------------------------------------------
    def parse_article_page(self, response: Response) -> Iterator[ArticleItem]:
        outlet = self.answered(response)
        try:
            item = self._parse(response, outlet)
            if item is not None:
                self.tally.count(outlet.name, "parsed")
                yield item
        finally:
            self._done(outlet.name)

    def _parse(self, response: Response, outlet: Outlet) -> ArticleItem | None:
        if not isinstance(response, TextResponse):
            ctype = response.headers.get(b"Content-Type", b"").decode("latin-1")
            self.tally.skip(outlet.name, "not_html", f"{response.url} ({ctype or 'no content type'})")
            return None
        entry = response.meta.get("entry") or {}
        try:
            art = parse_article(response.body, response.url, outlet=outlet.name, language=outlet.language,
                                feed_entry=entry, encoding=_header_charset(response), selectors=outlet.selectors)
        except ParseSkip as exc:
            self.tally.count(outlet.name, "parse_failed")
            self.tally.skip(outlet.name, exc.reason, response.url)
            return None
        except Exception as exc:  # a parser bug must not end the crawl: log, count, go on
            log.exception("parse error on %s", response.url)
            self.tally.count(outlet.name, "parse_failed")
            self.tally.error(outlet.name, "parse_error", f"{response.url}: {exc!r}")
            return None
        if art["language"] not in outlet.languages:  # multilingual outlet, page in none of its languages
            art["language"] = outlet.languages[0]
        is_update = bool(response.meta.get("is_update"))
        if art["url"] != canonicalize(response.request.url if response.request else response.url):
            # The page's canonical URL differs from the feed link: apply the incremental filter again.
            if art["url"] in self.known:
                if not self.changed_since_known(art["url"], entry.get("updated") or art.get("modified")):
                    self.tally.skip(outlet.name, "known", art["url"], level=logging.DEBUG)
                    return None
                is_update = True
        if self.date_from or self.date_to:
            day = day_of(art["published"])
            if day is not None and ((self.date_from and day < self.date_from) or (self.date_to and day > self.date_to)):
                self.tally.skip(outlet.name, "out_of_range", f"{art['url']} ({day})", level=logging.INFO)
                return None
        # Store the later of the page's and the feed's modification time, so an unchanged entry is not re-fetched.
        modified = [m for m in (art.get("modified"), entry.get("updated")) if parse_machine_date(m) is not None]
        if modified:
            art["modified"] = max(modified, key=_sort_key)
        art["fetched_at"] = dt.datetime.now(dt.timezone.utc).isoformat()
        return ArticleItem(**art, is_update=is_update)

    # ---- failures ----------------------------------------------------------------------------------
    def on_failure(self, failure: Failure) -> None:
        request = failure.request
        outlet = request.meta.get("outlet")
        kind = request.meta.get("kind", "article")
        prefix = "" if kind == "article" else f"{kind}_"
        try:
            reason, is_error = classify_failure(failure)
            detail = f"{request.url}: {failure.getErrorMessage()}"
            if outlet:
                if isinstance(failure.value, HttpError):
                    self.tally.status(outlet, failure.value.response.status)
                self.tally.count(outlet, "robots_refused" if reason == "robots" else "failures")
            if is_error or kind != "article":
                self.tally.error(outlet, prefix + reason, detail)
            else:
                self.tally.skip(outlet, reason, detail, level=logging.INFO if reason == "robots" else logging.WARNING)
        finally:
            if outlet:
                self._done(outlet)


def classify_failure(failure: Failure) -> tuple[str, bool]:
    """(counter key, whether it is an error rather than an expected skip) for a failed request."""
    exc = failure.value
    if isinstance(exc, OffsiteRequest):
        return "offsite_redirect", False
    if isinstance(exc, HttpError):
        status = exc.response.status
        return f"http_{status}", status >= 500 or status == 429
    if isinstance(exc, IgnoreRequest):
        msg = str(exc)
        if "robots.txt" in msg:
            return "robots", False
        if "redirection" in msg:
            return "redirect_loop", False
        if "offsite" in msg.lower():
            return "offsite_redirect", False
        return "ignored", False
    if isinstance(exc, DownloadCancelledError) or "max size" in str(exc) or "maxsize" in str(exc):
        return "too_large", False
    name = type(exc).__name__
    if "Timeout" in name:
        return "timeout", True
    if "DNS" in name or "Resolve" in name:
        return "dns", True
    if "Connection" in name or "Connect" in name:
        return "connection", True
    return name, True


def _header_charset(response: Response) -> str | None:
    return header_charset(response.headers.get(b"Content-Type", b"").decode("latin-1"))


def _sort_key(value: str) -> dt.datetime:
    return as_datetime(parse_machine_date(value))
