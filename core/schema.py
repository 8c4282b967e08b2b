"""The Articles JSONL schema (docs/ARCHITECTURE.md): ids, content hashes, validation. The incident vocabulary of
Predictions JSONL is `core.vocabulary`."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Any, Callable

from core.dates import parse_published, to_utc
from core.errors import UserError
from core.jsonl import read_jsonl

ARTICLE_FIELDS = ("id", "url", "outlet", "language", "published", "title", "text")


def article_id(url: str) -> str:
    """Stable article id derived from its canonical URL."""
    return "a-" + hashlib.sha1(url.encode("utf-8")).hexdigest()[:16]


def content_hash(article: dict[str, Any]) -> str:
    """Hash of what extraction reads (title + text): a changed hash means a changed article."""
    payload = (article.get("title") or "") + "\n" + (article.get("text") or "")
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


# `published` must fall in this range: older is a parsing accident (year 1), later than a little ahead of now
# (time zones, clocks) is one too (year 9999); either would poison date arithmetic downstream.
PUBLISHED_MIN = dt.date(1990, 1, 1)
PUBLISHED_AHEAD = dt.timedelta(days=2)
# What the warehouse itself accepts, whatever the day (fictional test and gold articles may be dated ahead):
# inputs are checked against now + PUBLISHED_AHEAD when read, the warehouse against this fixed bound.
STORABLE_LATEST = dt.datetime(2100, 1, 1, tzinfo=dt.timezone.utc)
OPTIONAL_STRINGS = ("url", "outlet", "language", "title")


class BadArticle(UserError):
    """One article that cannot be loaded; `reason` is the short reason it is counted under."""

    def __init__(self, message: str, reason: str):
        super().__init__(message)
        self.reason = reason


def _check_unicode(value: str, field: str, where: str) -> None:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise BadArticle(f"{where}: {field!r} holds a lone surrogate (not valid Unicode)", "invalid unicode") from None


def validate_article(obj: dict[str, Any], where: str, latest: dt.datetime | None = None) -> dict[str, Any]:
    """Check one Articles-JSONL object (required keys, the type of every field, `published` well formed and
    within [PUBLISHED_MIN, `latest`], by default now + PUBLISHED_AHEAD); return it with the known fields only.
    Raises BadArticle."""
    missing = [k for k in ("id", "text") if k not in obj]
    if missing:
        raise BadArticle(f"{where}: article lacks required key(s) {', '.join(missing)}", "missing key")
    if not isinstance(obj["id"], str) or not obj["id"]:
        raise BadArticle(f"{where}: 'id' must be a non-empty string, got {type(obj['id']).__name__}", "bad id")
    if not isinstance(obj["text"], str):
        raise BadArticle(f"{where}: 'text' must be a string", "bad text")
    for key in OPTIONAL_STRINGS:
        if obj.get(key) is not None and not isinstance(obj[key], str):
            raise BadArticle(f"{where}: {key!r} must be a string or null, got {type(obj[key]).__name__}", f"bad {key}")
    for key in ("id", "text", *OPTIONAL_STRINGS):
        if obj.get(key):
            _check_unicode(obj[key], key, where)
    published = obj.get("published")
    if published is not None and not isinstance(published, str):
        raise BadArticle(f"{where}: 'published' must be YYYY-MM-DD, an ISO timestamp or null, got "
                         f"{type(published).__name__} {published!r}", "bad published")
    try:
        ts, day = parse_published(published)
    except ValueError:
        raise BadArticle(f"{where}: 'published' must be YYYY-MM-DD, an ISO timestamp or null, got {published!r}",
                         "bad published") from None
    if day is not None:
        latest = latest or dt.datetime.now(dt.timezone.utc) + PUBLISHED_AHEAD
        try:
            too_new = to_utc(ts) > latest if ts is not None else day > latest.date()
        except OverflowError:  # a timestamp at the very edge of the calendar
            too_new = True
        if day < PUBLISHED_MIN or too_new:
            raise BadArticle(f"{where}: 'published' {published!r} is outside {PUBLISHED_MIN} .. "
                             f"{latest.isoformat(timespec='minutes')}", "published out of range")
    return {k: obj.get(k) for k in ARTICLE_FIELDS}


def read_articles(path: Path | str,
                  on_skip: Callable[[int, str, str], None] | None = None) -> list[dict[str, Any]]:
    """Read and validate an Articles JSONL file. A bad line (unreadable, invalid article, an id seen before)
    raises a UserError naming file:line, unless `on_skip` is given: then it is called with (line number, reason,
    message) and the line is skipped, so one bad article does not cost the others."""
    articles, seen = [], set()

    def skip(lineno: int, reason: str, message: str) -> None:
        if on_skip is None:
            raise UserError(message)
        on_skip(lineno, reason, message)

    for lineno, obj in read_jsonl(path, on_error=lambda n, msg: skip(n, "unreadable line", msg)):
        try:
            art = validate_article(obj, f"{path}:{lineno}")
        except BadArticle as exc:
            skip(lineno, exc.reason, str(exc))
            continue
        if art["id"] in seen:
            skip(lineno, "duplicate id", f"{path}:{lineno}: duplicate article id {art['id']!r}")
            continue
        seen.add(art["id"])
        articles.append(art)
    return articles
