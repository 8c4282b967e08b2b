"""Crawl counters kept by the spiders in the child process and written as JSON for crawlers.run."""

from __future__ import annotations

import json
import logging
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger("crawlers")


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

    def skip(self, outlet: str | None, reason: str, detail: str = "", level: int = logging.WARNING) -> None:
        """A logged, counted skip (bad input is never a crash)."""
        self.skipped[reason] += 1
        self._by_outlet[outlet or "?"]["skipped"] += 1
        log.log(level, "skip [%s] %s: %s", outlet, reason, detail)

    def error(self, outlet: str | None, reason: str, detail: str = "") -> None:
        """A failure on the outlet's side or ours (5xx after retries, timeouts, unexpected parse errors)."""
        self.skipped[reason] += 1
        self.errors_by_outlet[outlet or "?"] += 1
        self._by_outlet[outlet or "?"]["errors"] += 1
        log.error("error [%s] %s: %s", outlet, reason, detail)

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

    def progress_line(self, outlet: str, parsed: int) -> str:
        c = self._by_outlet[outlet]
        return (f"[crawl] {outlet}: done: {c['feeds']} feeds/sitemaps read, {c['entries']} entries, "
                f"{parsed} articles parsed, {c['skipped']} skipped, {c['errors']} errors")

    def report_outlet(self, outlet: str, parsed: int) -> None:
        """The per-outlet progress line on stderr (relayed live by crawlers.run)."""
        print(self.progress_line(outlet, parsed), file=sys.stderr, flush=True)

    def as_dict(self) -> dict:
        return {"feeds_read": self.feeds_read, "entries_seen": self.entries_seen, "new_articles": self.new_articles,
                "updated_articles": self.updated_articles, "skipped": dict(self.skipped),
                "errors_by_outlet": dict(self.errors_by_outlet), "articles_by_outlet": dict(self.articles_by_outlet)}

    def write(self, path: Path) -> None:
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(json.dumps(self.as_dict(), indent=1), encoding="utf-8")
        tmp.replace(path)
