"""Read-only summaries of the warehouse: headline counts (`incidents stats`) and Parquet export."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Iterator

import duckdb

from core.errors import UserError
from warehouse.db import connect

# What `incidents export` writes: tables and the analyst view of sources.
EXPORTS = ("incidents", "incident_sources", "incident_merges", "mentions", "articles")


def _one(con: duckdb.DuckDBPyConnection, sql: str) -> Any:
    return con.execute(sql).fetchall()[0][0]


def _query(con: duckdb.DuckDBPyConnection, sql: str) -> list[tuple]:
    try:
        return con.execute(sql).fetchall()
    except duckdb.CatalogException as exc:
        raise UserError(f"the warehouse lacks a table or view ({str(exc).splitlines()[0]}); open it once read-write "
                        "(e.g. `incidents run`) to bring its schema up to date") from exc


def headline_stats(db: Path) -> dict[str, Any]:
    """Counts of articles, mentions and incidents; active incidents by type, year and commune."""
    con = connect(db, read_only=True)
    try:
        articles, extracted, in_scope = _query(con, (
            "SELECT (SELECT count(*) FROM articles), count(*), count(*) FILTER (WHERE in_scope) FROM extractions"))[0]
        mentions, unresolved = _query(con, "SELECT count(*), count(*) FILTER (WHERE incident_id IS NULL) FROM mentions")[0]
        status = dict(_query(con, "SELECT status, count(*) FROM incidents GROUP BY status"))
        by_type = dict(_query(con, "SELECT type, count(*) AS n FROM active_incidents GROUP BY type ORDER BY n DESC, type"))
        years = _query(con, (
            "SELECT coalesce(a.year, s.year) AS year, coalesce(a.n, 0), coalesce(s.shootings, 0), coalesce(a.killed, 0),"
            " coalesce(a.injured, 0), s.prosecutor_shootings FROM ("
            "  SELECT year(date) AS year, count(*) AS n, CAST(sum(killed) AS BIGINT) AS killed,"
            "         CAST(sum(injured) AS BIGINT) AS injured"
            "  FROM active_incidents WHERE date IS NOT NULL GROUP BY year(date)) a "
            "FULL OUTER JOIN (SELECT * FROM shootings_by_year WHERE shootings > 0 OR articles > 0) s USING (year) "
            "ORDER BY year"))
        communes = dict(_query(con, (
            "SELECT coalesce(commune, '(unknown)'), count(*) AS n FROM active_incidents GROUP BY 1 "
            "ORDER BY n DESC, 1 LIMIT 5")))
        latest = _query(con, (
            "SELECT incident_id, type, date, commune FROM active_incidents WHERE date IS NOT NULL "
            "ORDER BY date DESC, incident_id LIMIT 1"))
    finally:
        con.close()
    return {
        "articles": articles, "articles_extracted": extracted, "articles_in_scope": in_scope,
        "mentions": mentions, "mentions_unresolved": unresolved,
        "incidents": {k: status.get(k, 0) for k in ("active", "merged", "retracted")},
        "by_type": by_type,
        "by_year": [{"year": y, "incidents": n, "shootings": sh, "killed": k, "injured": i, "prosecutor_shootings": ref}
                    for y, n, sh, k, i, ref in years],
        "top_communes": communes,
        "latest_incident": " ".join(str(v) for v in latest[0] if v is not None) if latest else None,
    }


def export_parquet(db: Path, to: Path) -> Iterator[tuple[str, int, Path]]:
    """Write each of EXPORTS to `to`/<name>.parquet (atomically: a temp file renamed); yield (name, rows, path)."""
    con = connect(db, read_only=True)
    try:
        to.mkdir(parents=True, exist_ok=True)
        for name in EXPORTS:
            path = to / f"{name}.parquet"
            tmp = to / f".{name}.parquet.tmp"
            _query(con, f"COPY (SELECT * FROM {name}) TO '{_sql_path(tmp)}' (FORMAT parquet)")
            os.replace(tmp, path)
            rows = _one(con, f"SELECT count(*) FROM {name}")
            yield name, rows, path
    except OSError as exc:
        raise UserError(f"{to}: cannot write the export ({exc})") from exc
    finally:
        con.close()


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")
