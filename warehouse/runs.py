"""The `runs` table: one row per flow run (running -> completed | failed | skipped), written in short transactions."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

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
