"""Publication dates: strict parsing of machine-readable dates, normalised to Europe/Brussels."""

from __future__ import annotations

import calendar
import datetime as dt
import re
import time

from core.dates import BRUSSELS

_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_machine_date(value: object) -> dt.datetime | dt.date | None:
    """An ISO-8601 date or timestamp (as in JSON-LD and <meta> tags); None when absent or not machine-readable.

    Naive timestamps are taken as Brussels local time; aware ones are converted to Brussels time.
    """
    if value is None:
        return None
    s = str(value).strip()
    if not s:
        return None
    if _ISO_DAY.match(s):
        try:
            return _plausible(dt.date.fromisoformat(s))
        except ValueError:
            return None
    s = s.replace("Z", "+00:00").replace(" ", "T", 1)
    s = re.sub(r"([+-]\d\d)(\d\d)$", r"\1:\2", s)  # +0100 -> +01:00
    try:
        ts = dt.datetime.fromisoformat(s)
    except ValueError:
        return None
    ts = ts.replace(tzinfo=BRUSSELS) if ts.tzinfo is None else ts.astimezone(BRUSSELS)
    return ts if _plausible(ts.date()) else None


def from_struct_time(value: time.struct_time | None) -> dt.datetime | None:
    """A feedparser `*_parsed` value (UTC struct_time) as a Brussels timestamp."""
    if not value:
        return None
    try:
        ts = dt.datetime.fromtimestamp(calendar.timegm(value), tz=dt.timezone.utc)
    except (OverflowError, ValueError):
        return None
    return ts.astimezone(BRUSSELS) if _plausible(ts.date()) else None


def as_datetime(value: dt.datetime | dt.date) -> dt.datetime:
    """A parsed date as a timestamp, to compare days with timestamps (a day alone: its midnight in Brussels)."""
    return value if isinstance(value, dt.datetime) else dt.datetime.combine(value, dt.time.min, tzinfo=BRUSSELS)


def _plausible(day: dt.date) -> dt.date | None:
    """Reject dates no news article can have (before 1995, or more than two days in the future)."""
    if day.year < 1995 or day > dt.date.today() + dt.timedelta(days=2):
        return None
    return day


def to_published(value: dt.datetime | dt.date | None) -> str | None:
    """Articles-JSONL `published`: a full ISO timestamp with offset, YYYY-MM-DD, or None."""
    if value is None:
        return None
    return value.isoformat()


def day_of(value: dt.datetime | dt.date | str | None) -> dt.date | None:
    """Calendar day (Brussels) of a date, timestamp or `published` string."""
    if value is None:
        return None
    if isinstance(value, str):
        value = parse_machine_date(value)
        if value is None:
            return None
    if isinstance(value, dt.datetime):
        return value.astimezone(BRUSSELS).date()
    return value
