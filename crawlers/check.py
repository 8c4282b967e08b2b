"""`incidents sources check`: fetch every enabled outlet's robots.txt, feeds and sitemaps once and parse one sample
article, to verify the registry (the day-one check with network).

Plain sequential HTTP through the standard library, not Scrapy: a one-off check of a few dozen URLs needs no
reactor (and Twisted's cannot restart in one process). Polite all the same: the project's User-Agent, robots.txt
obeyed, a delay between two requests to one host, a timeout and a size cap on every answer.
"""

from __future__ import annotations

import gzip
import http.client
import time
import urllib.error
import urllib.request
import urllib.robotparser
from dataclasses import dataclass
from urllib.parse import urlsplit

import feedparser
from lxml import etree

from crawlers import settings as crawl_settings
from crawlers.charset import header_charset
from crawlers.dates import as_datetime, from_struct_time, parse_machine_date
from crawlers.parse import ParseSkip, parse_article
from crawlers.sources import Outlet

MAX_BYTES = crawl_settings.DOWNLOAD_MAXSIZE
_XML = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, huge_tree=False)


@dataclass(frozen=True)
class CheckRow:
    outlet: str
    kind: str            # robots | feed | sitemap | article
    url: str
    status: int | None   # HTTP status, None when no answer
    entries: int | None  # feed entries / sitemap URLs
    newest: str | None   # newest entry date (ISO)
    note: str            # the sample's title/date/length, or what went wrong
    ok: bool


@dataclass
class Answer:
    url: str  # after redirects
    status: int | None
    body: bytes = b""
    content_type: str = ""
    error: str | None = None

    @property
    def charset(self) -> str | None:
        return header_charset(self.content_type)


class Fetcher:
    """GET with the project's User-Agent, a timeout, a size cap, and `delay` seconds between requests to a host."""

    def __init__(self, user_agent: str, timeout: float, delay: float):
        self.user_agent, self.timeout, self.delay = user_agent, timeout, delay
        self.last: dict[str, float] = {}

    def get(self, url: str) -> Answer:
        host = urlsplit(url).netloc
        wait = self.last.get(host, -1e9) + self.delay - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        request = urllib.request.Request(url, headers={"User-Agent": self.user_agent, "Accept-Encoding": "identity"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                body = response.read(MAX_BYTES + 1)
                answer = Answer(response.geturl(), response.status, body, response.headers.get("Content-Type", ""))
                if len(body) > MAX_BYTES:
                    answer.error = f"larger than {MAX_BYTES // (1024 * 1024)} MB"
        except urllib.error.HTTPError as exc:
            answer = Answer(exc.geturl() or url, exc.code, error=f"HTTP {exc.code}")
        except (urllib.error.URLError, http.client.HTTPException, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            answer = Answer(url, None, error=f"no answer ({reason})")
        finally:
            self.last[host] = time.monotonic()
        return answer


def check_outlets(outlets: list[Outlet], *, user_agent: str, timeout: float = 30.0,
                  delay: float = crawl_settings.DOWNLOAD_DELAY) -> list[CheckRow]:
    """One row per robots.txt, feed, sitemap and sample article of each outlet, in order."""
    fetcher = Fetcher(user_agent, timeout, delay)
    rows: list[CheckRow] = []
    for outlet in outlets:
        rows += OutletCheck(outlet, fetcher).run()
    return rows


def failed_outlets(rows: list[CheckRow]) -> list[str]:
    """Outlets with at least one failed check, in order."""
    return list(dict.fromkeys(r.outlet for r in rows if not r.ok))


class OutletCheck:
    def __init__(self, outlet: Outlet, fetcher: Fetcher):
        self.outlet, self.fetcher = outlet, fetcher
        self.robots: dict[str, urllib.robotparser.RobotFileParser] = {}
        self.rows: list[CheckRow] = []
        self.sample: str | None = None  # the first article URL a feed or sitemap listed

    def row(self, kind: str, url: str, status: int | None, note: str, ok: bool,
            entries: int | None = None, newest: str | None = None) -> None:
        self.rows.append(CheckRow(self.outlet.name, kind, url, status, entries, newest, note, ok))

    def run(self) -> list[CheckRow]:
        for kind, urls in (("feed", self.outlet.feeds), ("sitemap", self.outlet.sitemaps)):
            for url in urls:
                answer = self.fetch(kind, url)
                if answer is not None:
                    (self.read_feed if kind == "feed" else self.read_sitemap)(answer)
        if self.sample:
            self.check_article(self.sample)
        elif not any(r.kind in ("feed", "sitemap") and not r.ok for r in self.rows):
            self.row("article", "", None, "no article URL in any feed or sitemap", False)
        return self.rows

    def allowed(self, url: str) -> bool:
        """robots.txt of the URL's host (read once, shown as a row); unreachable or 4xx means no rule."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self.robots:
            parser = urllib.robotparser.RobotFileParser()
            answer = self.fetcher.get(origin + "/robots.txt")
            if answer.status == 200 and not answer.error:
                parser.parse(answer.body.decode("utf-8", "replace").splitlines())
                note = "read"
            else:
                parser.parse([])
                note = f"{answer.error or f'HTTP {answer.status}'}: no rules, everything allowed"
            self.robots[origin] = parser
            self.row("robots", origin + "/robots.txt", answer.status, note, True)
        return self.robots[origin].can_fetch(self.fetcher.user_agent, url)

    def fetch(self, kind: str, url: str) -> Answer | None:
        """The answer when it can be read, else None (the failure is a row)."""
        if not self.allowed(url):
            self.row(kind, url, None, "disallowed by robots.txt", False)
            return None
        answer = self.fetcher.get(url)
        if answer.error:
            self.row(kind, url, answer.status, answer.error, False)
            return None
        if not self.outlet.allows(answer.url):
            self.row(kind, url, answer.status, f"redirected off the outlet's domains to {answer.url}", False)
            return None
        return answer

    def read_feed(self, answer: Answer) -> None:
        parsed = feedparser.parse(answer.body, response_headers={"content-location": answer.url,
                                                                 "content-type": answer.content_type})
        entries = parsed.get("entries") or []
        if not entries:
            problem = f"not a feed ({parsed.get('bozo_exception')})" if parsed.get("bozo") else "no entries"
            self.row("feed", answer.url, answer.status, problem, False, entries=0)
            return
        dates = [from_struct_time(e.get("published_parsed") or e.get("updated_parsed")) for e in entries]
        newest = max((d for d in dates if d is not None), default=None)
        self.sample = self.sample or next((e.get("link") for e in entries if e.get("link")), None)
        note = "malformed, entries read up to the error" if parsed.get("bozo") else "ok"
        self.row("feed", answer.url, answer.status, note, True, entries=len(entries),
                 newest=newest.isoformat() if newest else None)

    def read_sitemap(self, answer: Answer) -> None:
        body = answer.body
        if body[:2] == b"\x1f\x8b":
            try:
                body = gzip.decompress(body)[:MAX_BYTES]
            except (OSError, EOFError):
                self.row("sitemap", answer.url, answer.status, "bad gzip", False)
                return
        try:
            root = etree.fromstring(body, parser=_XML)
        except etree.XMLSyntaxError:
            root = None
        if root is None or etree.QName(root).localname not in ("urlset", "sitemapindex"):
            self.row("sitemap", answer.url, answer.status, "not a sitemap", False)
            return
        is_index = etree.QName(root).localname == "sitemapindex"
        locs = [t.strip() for t in root.xpath("./*[local-name()='url' or local-name()='sitemap']"
                                              "/*[local-name()='loc']/text()")]
        stamps = root.xpath(".//*[local-name()='lastmod' or local-name()='publication_date']/text()")
        dates = [d for d in (parse_machine_date(s.strip()) for s in stamps) if d is not None]
        newest = max(map(as_datetime, dates), default=None)
        if not is_index and locs:
            self.sample = self.sample or locs[0]
        self.row("sitemap", answer.url, answer.status, "sitemap index" if is_index else "ok", bool(locs),
                 entries=len(locs), newest=newest.isoformat() if newest else None)

    def check_article(self, url: str) -> None:
        answer = self.fetch("article", url)
        if answer is None:
            return
        try:
            art = parse_article(answer.body, answer.url, outlet=self.outlet.name, language=self.outlet.language,
                                encoding=answer.charset, selectors=self.outlet.selectors)
        except ParseSkip as exc:
            self.row("article", url, answer.status, f"no article parsed ({exc.reason})", False)
            return
        title = (art.get("title") or "(no title)")[:60]
        self.row("article", url, answer.status, f"{title} | {art.get('published') or 'no date'} | "
                 f"{len(art['text'])} chars", True)
