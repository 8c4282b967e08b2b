"""The project's one time zone and its one parser of `published` values (Articles JSONL, crawled metadata)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

BRUSSELS = ZoneInfo("Europe/Brussels")


def parse_published(value: Any) -> tuple[dt.datetime | None, dt.date | None]:
    """`published` as (timestamp or None, calendar day or None); raises ValueError if malformed.

    `YYYY-MM-DD` gives a day only; an ISO timestamp (`Z` allowed) gives both."""
    if value in (None, ""):
        return None, None
    if isinstance(value, dt.datetime):
        return value, value.date()
    if isinstance(value, dt.date):
        return None, value
    s = str(value)
    if len(s) == 10:
        day = dt.date.fromisoformat(s)
        return None, day
    ts = dt.datetime.fromisoformat(s.replace("Z", "+00:00"))
    return ts, ts.date()


def to_utc(ts: dt.datetime | None) -> dt.datetime | None:
    """An aware UTC timestamp; a naive one is taken as Brussels local time."""
    if ts is None:
        return None
    if ts.tzinfo is None:
        ts = ts.replace(tzinfo=BRUSSELS)
    return ts.astimezone(dt.timezone.utc)


def publication_day(value: Any) -> dt.date | None:
    """The publication day in Brussels time (a timestamp at 23:30Z is the next day in Brussels)."""
    ts, day = parse_published(value)
    if ts is not None and ts.tzinfo is not None:
        return ts.astimezone(BRUSSELS).date()
    return day
