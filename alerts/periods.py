"""Digest periods: a daily or weekly window ending at the run time, named by a stable key."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from core.dates import BRUSSELS

LENGTHS = {"daily": dt.timedelta(days=1), "weekly": dt.timedelta(days=7)}


@dataclass(frozen=True)
class Period:
    key: str              # daily:2026-11-25 | weekly:2026-W48 (Brussels calendar); one delivery per key
    start: dt.datetime    # end - one period
    end: dt.datetime      # the run time
    frequency: str

    @property
    def previous_start(self) -> dt.datetime:
        return self.start - LENGTHS[self.frequency]

    @property
    def local_day(self) -> dt.date:
        return self.end.astimezone(BRUSSELS).date()


def current_period(frequency: str, now: dt.datetime) -> Period:
    """The period a run at `now` delivers: the first run in a Brussels day (or ISO week) sends, later ones skip."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    local = now.astimezone(BRUSSELS).date()
    if frequency == "daily":
        key = f"daily:{local.isoformat()}"
    elif frequency == "weekly":
        year, week, _ = local.isocalendar()
        key = f"weekly:{year}-W{week:02d}"
    else:
        raise ValueError(f"unknown frequency {frequency!r}")
    return Period(key=key, start=now - LENGTHS[frequency], end=now, frequency=frequency)
