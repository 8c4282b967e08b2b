"""The `runs` table: one row per flow run (running -> completed | failed | skipped), written in short transactions;
and what a run changed in `incidents`, for its summary."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import duckdb

from warehouse.db import write_connection


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


ABANDONED = "abandoned: the run stopped without recording its end (killed, or the database was locked)"


def start_run(db: Path, run_id: str, flow: str, started_at: dt.datetime | None = None) -> None:
    """Record a run as `running` (a re-executed flow run keeps its id: the row is reset).

    Earlier runs of the same flow still marked `running` can no longer be (flows of one name do not overlap):
    they are closed as `failed` with the reason.
    """
    with write_connection(db) as con:
        con.execute("UPDATE runs SET status = 'failed', ended_at = ?, error = coalesce(error, ?) "
                    "WHERE flow = ? AND status = 'running' AND run_id <> ?", [utcnow(), ABANDONED, flow, run_id])
        con.execute(
            "INSERT OR REPLACE INTO runs (run_id, flow, started_at, ended_at, status, counts, error) "
            "VALUES (?, ?, ?, NULL, 'running', NULL, NULL)", [run_id, flow, started_at or utcnow()])


def finish_run(db: Path, run_id: str, status: str, counts: dict[str, Any] | None = None,
               error: str | None = None) -> None:
    """Close a run row: completed, failed or skipped, with its counts and first error."""
    with write_connection(db) as con:
        con.execute("UPDATE runs SET ended_at = ?, status = ?, counts = ?, error = ? WHERE run_id = ?",
                    [utcnow(), status, json.dumps(counts or {}, ensure_ascii=False, default=str), error, run_id])


def record_skipped(db: Path, run_id: str, flow: str, reason: str, counts: dict[str, Any] | None = None) -> None:
    """A run that decided not to work (e.g. a late scheduled run): one `skipped` row with the reason."""
    now = utcnow()
    with write_connection(db) as con:
        con.execute(
            "INSERT OR REPLACE INTO runs (run_id, flow, started_at, ended_at, status, counts, error) "
            "VALUES (?, ?, ?, ?, 'skipped', ?, ?)",
            [run_id, flow, now, now, json.dumps(counts or {}, default=str), reason])


def get_run(db: Path, run_id: str) -> dict[str, Any] | None:
    """A run row as a dict (counts decoded), or None."""
    with write_connection(db) as con:
        row = con.execute("SELECT run_id, flow, started_at, ended_at, status, counts, error FROM runs "
                          "WHERE run_id = ?", [run_id]).fetchone()
    if row is None:
        return None
    keys = ("run_id", "flow", "started_at", "ended_at", "status", "counts", "error")
    out = dict(zip(keys, row))
    out["counts"] = json.loads(out["counts"]) if out["counts"] else {}
    return out


def last_finished_run(con: duckdb.DuckDBPyConnection) -> dict[str, Any] | None:
    """The most recent run that ended (completed, failed or skipped; a run still `running` is left out), or None."""
    row = con.execute("SELECT run_id, flow, started_at, ended_at, status, error FROM runs WHERE status <> 'running' "
                      "ORDER BY coalesce(ended_at, started_at) DESC, started_at DESC LIMIT 1").fetchone()
    return dict(zip(("run_id", "flow", "started_at", "ended_at", "status", "error"), row)) if row else None


def incidents_touched(con: duckdb.DuckDBPyConnection, since: dt.datetime) -> dict[str, Any]:
    """Active incidents in total, and per commune those created or updated since `since` (a run's start)."""
    rows = con.execute("SELECT coalesce(commune, 'unknown'), count(*), count(*) FILTER (WHERE last_updated >= ?) "
                       "FROM incidents WHERE status = 'active' GROUP BY 1", [since]).fetchall()
    touched = sorted(((commune, n) for commune, _, n in rows if n), key=lambda kv: (-kv[1], kv[0]))
    return {"incidents_total": sum(total for _, total, _ in rows), "per_commune": dict(touched)}
