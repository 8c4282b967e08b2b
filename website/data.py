"""What the public site shows, read from the warehouse's analyst views (warehouse/queries/site/*.sql) in one
short read-only connection, as plain records the templates lay out."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from core.errors import UserError
from core.vocabulary import vocabulary
from warehouse.db import connect, query_sql
from warehouse.incidents import FACT_FIELDS, IncidentFacts

MAP_DAYS = 90          # the map colours incidents of the last 90 days
TREND_MONTHS = 24      # the trend charts cover the last 24 months


@dataclass
class Source:
    """One report of an incident: the article and what it said."""

    mention_id: str
    outlet: str | None
    language: str | None
    url: str | None
    title: str | None
    published: dt.datetime | None
    first_seen: dt.datetime | None
    facts: dict[str, Any]
    evidence: list[str]
    revisions: int


@dataclass
class Incident(IncidentFacts):
    """An incident's page: its facts, where each came from, its reports and the ids merged into it."""

    sources_count: int
    confidence: float | None
    provenance: dict[str, str]      # fact -> mention_id of the report that supplied it
    context: list[str]
    outlets: list[str]
    sources: list[Source] = field(default_factory=list)
    merged: list[dict[str, Any]] = field(default_factory=list)   # ids merged into this one


@dataclass
class CommuneCounts:
    commune: str
    recent: int        # last MAP_DAYS days
    total: int
    shootings: int
    killed: int
    injured: int


@dataclass
class SiteData:
    today: dt.date
    year_to_date: dict[str, dict[str, int]]            # type -> {this_year, last_year, all_time}, every type
    shootings_by_year: list[dict[str, Any]]
    communes: dict[str, CommuneCounts]                 # French name -> counts, the 19 communes
    monthly: dict[str | None, list[tuple[dt.date, dict[str, int]]]]   # commune (None = region) -> months
    incidents: list[Incident]                          # newest first
    merged: dict[str, str]                             # merged id -> the active incident it belongs to


def _rows(con: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    cur = con.execute(query_sql("site", name), params or {})
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row)) for row in cur.fetchall()]


def _monthly(con: duckdb.DuckDBPyConnection, today: dt.date, commune: str | None) -> list[tuple[dt.date, dict[str, int]]]:
    months: dict[dt.date, dict[str, int]] = {}
    for r in _rows(con, "monthly_by_type", {"today": today, "months": TREND_MONTHS, "commune": commune}):
        by_type = months.setdefault(r["month"], {})
        if r["type"] is not None:
            by_type[r["type"]] = r["incidents"]
    return sorted(months.items())


def _source(r: dict[str, Any]) -> Source:
    evidence = [e.get("text", "") for e in json.loads(r["evidence"] or "[]") if isinstance(e, dict)]
    return Source(mention_id=r["mention_id"], outlet=r["outlet"], language=r["language"], url=r["url"],
                  title=r["title"], published=r["published"], first_seen=r["article_first_seen"],
                  facts={f: r[f] for f in FACT_FIELDS}, evidence=[e for e in evidence if e], revisions=r["revisions"])


def read_site_data(con: duckdb.DuckDBPyConnection, today: dt.date) -> SiteData:
    """Everything the site shows, as of `today` (Brussels date)."""
    ytd = {t: {"this_year": 0, "last_year": 0, "all_time": 0} for t in vocabulary().types}
    for r in _rows(con, "year_to_date", {"today": today}):
        ytd[r["type"]] = {k: r[k] for k in ("this_year", "last_year", "all_time")}
    communes = {r["commune"]: CommuneCounts(**r) for r in _rows(con, "communes", {"today": today, "days": MAP_DAYS})}
    incidents = []
    for r in _rows(con, "incidents"):
        r["provenance"] = json.loads(r["provenance"]) if r["provenance"] else {}
        r["context"] = list(r["context"] or [])
        r["outlets"] = list(r["outlets"] or [])
        incidents.append(Incident(**r))
    by_id = {i.incident_id: i for i in incidents}
    for r in _rows(con, "sources"):
        if r["incident_id"] in by_id:
            by_id[r["incident_id"]].sources.append(_source(r))
    merged = {}
    for r in _rows(con, "merges"):
        merged[r["merged_id"]] = r["survivor"]
        by_id[r["survivor"]].merged.append(r)
    monthly = {None: _monthly(con, today, None)}
    for commune in communes:
        monthly[commune] = _monthly(con, today, commune)
    return SiteData(today=today, year_to_date=ytd, shootings_by_year=_rows(con, "shootings_by_year"),
                    communes=communes, monthly=monthly, incidents=incidents, merged=merged)


def load(db: Path, today: dt.date) -> SiteData:
    """Read the site's data in one read-only connection (closed before anything is rendered)."""
    con = connect(db, read_only=True)
    try:
        return read_site_data(con, today)
    except duckdb.CatalogException as exc:
        raise UserError(f"{db}: the warehouse lacks a table or view ({str(exc).splitlines()[0]}); open it once "
                        "read-write (e.g. `incidents run`) to bring its schema up to date") from exc
    finally:
        con.close()
