"""Outlet health: each outlet's crawl per run (`outlet_runs`), the states of the `outlet_health` view, and the
states the operator was last told about (`outlet_alerts`)."""

from __future__ import annotations

import datetime as dt
import json
from contextlib import closing
from pathlib import Path
from typing import Any

import duckdb

from warehouse.db import connect, write_connection


def record_outlet_runs(db: Path, run_id: str, started_at: dt.datetime, mode: str,
                       by_outlet: dict[str, dict[str, Any]]) -> int:
    """Store one row per outlet of a crawl (`CrawlStats.by_outlet`); a retried crawl replaces its rows."""
    rows = [[run_id, outlet, started_at, mode, c.get("requests", 0), c.get("failures", 0), c.get("robots_refused", 0),
             json.dumps(c.get("http_statuses") or {}), json.dumps(c.get("skipped") or {}), c.get("feeds", 0),
             c.get("entries", 0), c.get("articles_new", 0), c.get("articles_updated", 0), c.get("parsed", 0),
             c.get("parse_failed", 0), c.get("capped", 0), c.get("seconds")]
            for outlet, c in sorted(by_outlet.items())]
    if not rows:
        return 0
    with write_connection(db) as con:
        con.executemany("INSERT OR REPLACE INTO outlet_runs VALUES (" + ", ".join("?" * 17) + ")", rows)
    return len(rows)


def outlet_states(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """The `outlet_health` rows (worst first), as dicts."""
    cur = con.execute("SELECT * FROM outlet_health")
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row)) for row in cur.fetchall()]


def flagged_outlets(db: Path, read_only: bool = False) -> list[dict[str, str]]:
    """The outlets whose state is not `ok`: [{outlet, state, detail}], worst first. `read_only` for commands that
    only look (`incidents stats`); an older warehouse without the table has nothing to flag."""
    with closing(connect(db, read_only=True)) if read_only else write_connection(db) as con:
        return _flagged(con)


def _flagged(con: duckdb.DuckDBPyConnection) -> list[dict[str, str]]:
    try:
        return [r for r in outlet_report(con) if r["state"] != "ok"]
    except duckdb.CatalogException:  # a read-only look at a warehouse from before migration 0007
        return []


def outlet_report(con: duckdb.DuckDBPyConnection) -> list[dict[str, str]]:
    """Every outlet of the latest crawl: [{outlet, state, detail}], worst first."""
    return [{"outlet": s["outlet"], "state": s["state"], "detail": _detail(s)} for s in outlet_states(con)]


def notified_states(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """{outlet: state} the operator was last emailed about."""
    return dict(con.execute("SELECT outlet, state FROM outlet_alerts").fetchall())


def record_notified(con: duckdb.DuckDBPyConnection, states: dict[str, str], at: dt.datetime) -> None:
    con.executemany("INSERT OR REPLACE INTO outlet_alerts VALUES (?, ?, ?)",
                    [[outlet, state, at] for outlet, state in sorted(states.items())])


def _detail(s: dict[str, Any]) -> str:
    """What an operator reads next to the state."""
    if s["state"] == "failing":
        statuses = json.loads(s["http_statuses"] or "{}")
        answers = ", ".join(f"HTTP {k} x{v}" for k, v in sorted(statuses.items())) or "no HTTP answer"
        last = f"last success {s['last_success']:%Y-%m-%d}" if s["last_success"] else "never succeeded"
        return f"all {s['requests']} request(s) failed ({answers}; {s['robots_refused']} refused by robots.txt); {last}"
    if s["state"] == "ok":
        return f"{s['articles_new']} new article(s) in the last run"
    if s["state"] == "silent":
        return (f"no new article for {s['runs_without_new']} runs in a row "
                f"({s['entries_seen']} feed entries in the last run)")
    return (f"{s['parsed_ok']} of {s['parsed_ok'] + s['parse_failed']} page(s) parsed in the last run "
            f"({float(s['parse_rate']):.0%})")
