"""What one subscriber's digest contains: new incidents, updates, their sources, header counts, chart data."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

import duckdb

from alerts.periods import Period
from alerts.subscribers import Subscriber
from core.dates import BRUSSELS
from warehouse.db import query_sql
from warehouse.incidents import FACT_FIELDS, IncidentFacts

CHART_DAYS = 30


def sql(name: str) -> str:
    """The text of warehouse/queries/alerts/<name>.sql (the project's SQL lives under warehouse/)."""
    return query_sql("alerts", name)


@dataclass(frozen=True)
class Source:
    outlet: str
    url: str
    title: str | None


@dataclass
class Item(IncidentFacts):
    """An incident in a digest (its `last_updated` is the version this digest carries)."""

    is_update: bool
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)   # field -> (as received, now)
    sources: list[Source] = field(default_factory=list)

    def facts(self) -> dict[str, Any]:
        """The facts as sent (stored with the delivery, to describe a later update)."""
        return {f: (v.isoformat() if isinstance(v, dt.date) else v) for f in FACT_FIELDS for v in [getattr(self, f)]}


@dataclass(frozen=True)
class Counts:
    this_period: int
    previous_period: int
    shootings_this_year: int
    shootings_last_year: int


@dataclass
class Digest:
    subscriber: Subscriber
    period: Period
    items: list[Item]
    counts: Counts
    daily: list[tuple[dt.date, int]]   # incidents per day over the last CHART_DAYS days

    @property
    def new_items(self) -> list[Item]:
        return [i for i in self.items if not i.is_update]

    @property
    def updates(self) -> list[Item]:
        return [i for i in self.items if i.is_update]

    @property
    def is_empty(self) -> bool:
        return not self.items


def _filters(sub: Subscriber) -> dict[str, Any]:
    return {"communes": list(sub.communes), "types": list(sub.types), "min_severity": sub.min_severity}


def baseline(con: duckdb.DuckDBPyConnection, sub: Subscriber, period: Period) -> dt.datetime:
    """Incidents first seen after this are new to the subscriber: the start of their first digest period."""
    row = con.execute("SELECT min(period_start) FROM deliveries WHERE subscriber_id = ?", [sub.subscriber_id]).fetchone()
    return min(row[0], period.start) if row and row[0] is not None else period.start


def _changes(received: str | None, item: Item) -> dict[str, tuple[Any, Any]]:
    if not received:
        return {}
    before = json.loads(received)
    now = item.facts()
    return {f: (before.get(f), now[f]) for f in FACT_FIELDS if before.get(f) != now[f]}


def select_items(con: duckdb.DuckDBPyConnection, sub: Subscriber, period: Period, *,
                 only_ids: list[str] | None = None, exclude_ids: list[str] = ()) -> list[Item]:
    """New incidents and updates for the subscriber, each with its source articles."""
    params = {**_filters(sub), "subscriber_id": sub.subscriber_id, "since": baseline(con, sub, period),
              "now": period.end, "restrict": only_ids is not None, "only_ids": list(only_ids or []),
              "exclude_ids": list(exclude_ids)}
    cur = con.execute(sql("digest_items"), params)
    names = [d[0] for d in cur.description]
    items = []
    for row in cur.fetchall():
        rec = dict(zip(names, row))
        received = rec.pop("received_facts")
        item = Item(**rec)
        item.changes = _changes(received, item)
        if item.is_update and received and not item.changes:
            continue  # a newer version with the same visible facts (e.g. a merge, one more source): not news
        items.append(item)
    if items:
        by_id = {i.incident_id: i for i in items}
        for incident_id, outlet, url, title, *_ in con.execute(sql("incident_sources"),
                                                               {"incident_ids": list(by_id)}).fetchall():
            by_id[incident_id].sources.append(Source(outlet, url, title))
    return items


def select_digest(con: duckdb.DuckDBPyConnection, sub: Subscriber, period: Period, *,
                  only_ids: list[str] | None = None, exclude_ids: list[str] = ()) -> Digest:
    """Everything the subscriber's digest for `period` shows.

    only_ids: exactly these incidents (re-sending an interrupted delivery); exclude_ids: leave these out (they wait
    in an interrupted delivery that is re-sent first).
    """
    items = select_items(con, sub, period, only_ids=only_ids, exclude_ids=exclude_ids)
    today = period.local_day
    row = con.execute(sql("period_counts"), {
        **_filters(sub), "start": period.start, "previous_start": period.previous_start, "end": period.end,
        "today": today,
    }).fetchone()
    daily = con.execute(sql("daily_counts"), {**_filters(sub), "today": today, "days": CHART_DAYS, "tz": BRUSSELS.key}).fetchall()
    return Digest(sub, period, items, Counts(*row), [(d, n) for d, n in daily])
