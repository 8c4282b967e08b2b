"""Crawl counters kept by the spiders in the child process and written as JSON for crawlers.run.

Besides the crawl-wide totals, every enabled outlet gets its own counts (`by_outlet`): what the outlet-health
records in the warehouse are made of (see warehouse/outlets.py).
"""

from __future__ import annotations

import json
import logging
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger("crawlers")

# Per-outlet counters (all integers): requests made (feeds, sitemaps, pages), failed requests, feeds/sitemaps read,
# entries listed, articles kept (new / updated), pages parsed, pages whose parsing found no article, entries beyond
# the per-run cap, robots.txt refusals.
OUTLET_COUNTERS = ("requests", "failures", "feeds", "entries", "articles_new", "articles_updated", "parsed",
                   "parse_failed", "capped", "robots_refused")


@dataclass
class Tally:
    feeds_read: int = 0
    entries_seen: int = 0
    new_articles: int = 0
    updated_articles: int = 0
    skipped: Counter = field(default_factory=Counter)
    errors_by_outlet: Counter = field(default_factory=Counter)
    articles_by_outlet: Counter = field(default_factory=Counter)
    _by_outlet: dict = field(default_factory=lambda: defaultdict(Counter))
    _reasons: dict = field(default_factory=lambda: defaultdict(Counter))  # outlet -> skip/error reason -> n
    _statuses: dict = field(default_factory=lambda: defaultdict(Counter))  # outlet -> HTTP status -> n
    _seconds: dict = field(default_factory=dict)  # outlet -> seconds from the crawl's start to its last answer
    _began: float = field(default_factory=time.monotonic)

    def outlet(self, outlet: str) -> None:
        """Declare an outlet (it gets counts even when nothing at all happened for it)."""
        self._by_outlet[outlet].update({k: 0 for k in OUTLET_COUNTERS})

    def skip(self, outlet: str | None, reason: str, detail: str = "", level: int = logging.WARNING) -> None:
        """A logged, counted skip (bad input is never a crash)."""
        self.skipped[reason] += 1
        self._by_outlet[outlet or "?"]["skipped"] += 1
        self._reasons[outlet or "?"][reason] += 1
        log.log(level, "skip [%s] %s: %s", outlet, reason, detail)

    def error(self, outlet: str | None, reason: str, detail: str = "") -> None:
        """A failure on the outlet's side or ours (5xx after retries, timeouts, unexpected parse errors)."""
        self.skipped[reason] += 1
        self.errors_by_outlet[outlet or "?"] += 1
        self._by_outlet[outlet or "?"]["errors"] += 1
        self._reasons[outlet or "?"][reason] += 1
        log.error("error [%s] %s: %s", outlet, reason, detail)

    def count(self, outlet: str, counter: str, n: int = 1) -> None:
        """Add to one of the OUTLET_COUNTERS."""
        self._by_outlet[outlet][counter] += n

    def counted(self, outlet: str, counter: str) -> int:
        return self._by_outlet[outlet][counter]

    def status(self, outlet: str, status: int) -> None:
        """An HTTP answer (success or error status) to one of the outlet's requests."""
        self._statuses[outlet][str(status)] += 1

    def feed(self, outlet: str, entries: int) -> None:
        self.feeds_read += 1
        self.entries_seen += entries
        self._by_outlet[outlet]["feeds"] += 1
        self._by_outlet[outlet]["entries"] += entries

    def article(self, outlet: str, updated: bool) -> None:
        if updated:
            self.updated_articles += 1
        else:
            self.new_articles += 1
        self.articles_by_outlet[outlet] += 1
        self._by_outlet[outlet]["articles_updated" if updated else "articles_new"] += 1

    def progress_line(self, outlet: str) -> str:
        c = self._by_outlet[outlet]
        return (f"[crawl] {outlet}: done: {c['feeds']} feeds/sitemaps read, {c['entries']} entries, "
                f"{c['parsed']} articles parsed, {c['skipped']} skipped, {c['errors']} errors")

    def report_outlet(self, outlet: str) -> None:
        """The per-outlet progress line on stderr (relayed live by crawlers.run)."""
        self._seconds[outlet] = round(time.monotonic() - self._began, 2)
        print(self.progress_line(outlet), file=sys.stderr, flush=True)

    def by_outlet(self) -> dict[str, dict]:
        """{outlet: OUTLET_COUNTERS + skipped (by reason), http_statuses, seconds} of every outlet seen."""
        return {outlet: {**{k: c[k] for k in OUTLET_COUNTERS}, "skipped": dict(self._reasons[outlet]),
                         "http_statuses": dict(self._statuses[outlet]),
                         "seconds": self._seconds.get(outlet, round(time.monotonic() - self._began, 2))}
                for outlet, c in sorted(self._by_outlet.items()) if outlet != "?"}

    def as_dict(self) -> dict:
        return {"feeds_read": self.feeds_read, "entries_seen": self.entries_seen, "new_articles": self.new_articles,
                "updated_articles": self.updated_articles, "skipped": dict(self.skipped),
                "errors_by_outlet": dict(self.errors_by_outlet), "articles_by_outlet": dict(self.articles_by_outlet),
                "by_outlet": self.by_outlet()}

    def write(self, path: Path) -> None:
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(json.dumps(self.as_dict(), indent=1), encoding="utf-8")
        tmp.replace(path)
