"""Warehouse reads and writes of the resolver: unresolved mentions, candidate incidents, write-back."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from typing import Any, Iterable

import duckdb
import pyarrow as pa

from resolve.matching import Report

# A report's columns: the mention, its article's publication and ingestion times.
_REPORT_SELECT = """
SELECT m.mention_id, m.article_id, m.type, m.date, m.commune, m.place, m.killed, m.injured, m.weapon,
       m.confidence, m.details, m.incident_id, m.prior_incident_ids,
       epoch(coalesce(a.published_at, CAST(a.published_date AS TIMESTAMPTZ), a.first_seen, m.created_at)) AS reported_at,
       coalesce(m.date, a.published_date, CAST(a.first_seen AS DATE), CAST(m.created_at AS DATE)) AS ref_day,
       epoch(coalesce(a.first_seen, m.created_at)) AS ingested_at,
       (m.date IS NOT NULL OR a.published_date IS NOT NULL) AS anchored
FROM mentions m LEFT JOIN articles a USING (article_id)
"""

INCIDENT_COLUMNS = ("incident_id", "type", "date", "commune", "police_zone", "place", "killed", "injured", "weapon",
                    "confidence", "sources_count", "first_seen", "last_updated", "status", "provenance",
                    "mentions_count")

_INCIDENT_SCHEMA = pa.schema([
    ("incident_id", pa.string()), ("type", pa.string()), ("date", pa.date32()), ("commune", pa.string()),
    ("police_zone", pa.string()), ("place", pa.string()), ("killed", pa.int32()), ("injured", pa.int32()),
    ("weapon", pa.string()), ("confidence", pa.float64()), ("sources_count", pa.int32()),
    ("first_seen", pa.timestamp("us", tz="UTC")), ("last_updated", pa.timestamp("us", tz="UTC")),
    ("status", pa.string()), ("provenance", pa.string()), ("mentions_count", pa.int32()),
])


@dataclass
class StoredIncident:
    """An incident row as stored, and the reports currently attached to it."""

    row: dict[str, Any]
    members: list[Report] = field(default_factory=list)


def _report(row: dict[str, Any]) -> Report:
    return Report.build(
        mention_id=row["mention_id"], article_id=row["article_id"], type=row["type"], date=row["date"],
        commune=row["commune"], place=row["place"], killed=row["killed"], injured=row["injured"],
        weapon=row["weapon"], confidence=row["confidence"], details=row["details"],
        reported_at=float(row["reported_at"]), ref_day=row["ref_day"], ingested_at=float(row["ingested_at"]),
        anchored=bool(row["anchored"]), priors=tuple(row.get("prior_incident_ids") or ()))


def _dicts(cur: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


def unresolved_reports(con: duckdb.DuckDBPyConnection) -> list[Report]:
    """Every mention not yet assigned to an incident, oldest report first (a deterministic order)."""
    rows = _dicts(con.execute(_REPORT_SELECT + " WHERE m.incident_id IS NULL ORDER BY reported_at, m.mention_id"))
    return [_report(r) for r in rows]


def stale_incident_ids(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Active incidents whose attached mentions changed since the last run (re-extraction deleted some)."""
    return [r[0] for r in con.execute(
        "SELECT i.incident_id FROM incidents i LEFT JOIN ("
        "  SELECT incident_id, count(*) AS n FROM mentions WHERE incident_id IS NOT NULL GROUP BY incident_id"
        ") c USING (incident_id) WHERE i.status = 'active' AND coalesce(c.n, 0) <> coalesce(i.mentions_count, 0) "
        "ORDER BY i.incident_id").fetchall()]


def incidents_at_places(con: duckdb.DuckDBPyConnection, words: Iterable[str]) -> list[str]:
    """Active or retracted incidents with a report naming a place that contains one of these (folded) words:
    the candidates of a report anchored to no day (no date, no publication day), found by place, not by day."""
    words = sorted({w for w in words if len(w) >= 4})
    if not words:
        return []
    pattern = "|".join(re.escape(w) for w in words)
    return [r[0] for r in con.execute(
        "SELECT DISTINCT m.incident_id FROM mentions m JOIN incidents i USING (incident_id) "
        "WHERE i.status IN ('active', 'retracted') AND m.place IS NOT NULL "
        "AND regexp_matches(strip_accents(lower(m.place)), ?) ORDER BY 1", [pattern]).fetchall()]


def load_incidents(con: duckdb.DuckDBPyConnection, day_ranges: list[tuple[dt.date, dt.date]],
                   extra_ids: Iterable[str] = ()) -> dict[str, StoredIncident]:
    """Active or retracted incidents dated (or, undated, first seen) within the day ranges, plus `extra_ids`,
    each with its attached reports. Blocking by date keeps a nightly run independent of history size."""
    conditions, params = [], []
    for lo, hi in day_ranges:
        conditions.append("(i.date BETWEEN ? AND ? OR (i.date IS NULL AND CAST(i.first_seen AS DATE) BETWEEN ? AND ?))")
        params += [lo, hi, lo, hi]
    extra = sorted(set(extra_ids))
    if extra:
        conditions.append("i.incident_id IN (SELECT unnest(?))")
        params.append(extra)
    if not conditions:
        return {}
    where = " OR ".join(conditions)
    rows = _dicts(con.execute(
        f"SELECT {', '.join('i.' + c for c in INCIDENT_COLUMNS)} FROM incidents i "
        f"WHERE i.status IN ('active', 'retracted') AND ({where}) ORDER BY i.incident_id", params))
    found = {r["incident_id"]: StoredIncident(row=r) for r in rows}
    if not found:
        return found
    members = _dicts(con.execute(
        _REPORT_SELECT + " WHERE m.incident_id IN (SELECT unnest(?)) ORDER BY reported_at, m.mention_id",
        [list(found)]))
    for m in members:
        found[m["incident_id"]].members.append(_report(m))
    return found


def existing_ids(con: duckdb.DuckDBPyConnection, ids: list[str]) -> set[str]:
    """Which of these incident ids are already taken (any status)."""
    if not ids:
        return set()
    return {r[0] for r in con.execute(
        "SELECT incident_id FROM incidents WHERE incident_id IN (SELECT unnest(?))", [ids]).fetchall()}


def write_incidents(con: duckdb.DuckDBPyConnection, rows: list[dict[str, Any]]) -> None:
    """Insert or replace incident rows (whole rows, keyed by incident_id)."""
    if not rows:
        return
    table = pa.Table.from_pylist(
        [{**r, "provenance": json.dumps(r["provenance"], sort_keys=True) if isinstance(r["provenance"], dict)
          else r["provenance"]} for r in rows], schema=_INCIDENT_SCHEMA)
    con.register("resolved_incidents", table)
    try:
        con.execute("INSERT OR REPLACE INTO incidents BY NAME SELECT * REPLACE (CAST(provenance AS JSON) AS provenance) "
                    "FROM resolved_incidents")
    finally:
        con.unregister("resolved_incidents")


def assign_mentions(con: duckdb.DuckDBPyConnection, assignment: dict[str, str]) -> None:
    """Set mentions.incident_id for each mention id -> incident id."""
    if not assignment:
        return
    table = pa.table({"mention_id": list(assignment), "incident_id": list(assignment.values())})
    con.register("mention_assignment", table)
    try:
        con.execute("UPDATE mentions SET incident_id = u.incident_id FROM mention_assignment u "
                    "WHERE mentions.mention_id = u.mention_id")
    finally:
        con.unregister("mention_assignment")


def record_merges(con: duckdb.DuckDBPyConnection, merges: list[tuple[str, str, str]], now: dt.datetime) -> None:
    """Record (merged_id, into_id, reason); earlier merges into a merged id now point at its survivor."""
    for merged_id, into_id, reason in merges:
        con.execute("UPDATE incident_merges SET into_id = ? WHERE into_id = ?", [into_id, merged_id])
        con.execute("INSERT OR REPLACE INTO incident_merges VALUES (?, ?, ?, ?)", [merged_id, into_id, now, reason])


def merged_into(con: duckdb.DuckDBPyConnection, ids: list[str]) -> dict[str, str]:
    """merged id -> the id it now lives on, for these ids (those never merged are absent)."""
    if not ids:
        return {}
    return dict(con.execute("SELECT merged_id, into_id FROM incident_merges WHERE merged_id IN (SELECT unnest(?))",
                            [ids]).fetchall())
