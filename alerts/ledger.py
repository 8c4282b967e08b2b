"""The delivery ledger: one `deliveries` row per (subscriber, period) and what each subscriber received.

Status flow: (none) → pending (written before sending) → sent | failed; empty when there was nothing to send;
superseded for a failed delivery whose incidents went into another period's digest. A `pending` row found by a
later run was interrupted between sending and recording: it is re-sent as it was (same incidents, same Message-ID).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

import duckdb

from alerts.periods import Period
from alerts.selection import Item
from warehouse.db import transaction

DONE = ("sent", "empty")


@dataclass(frozen=True)
class Delivery:
    period: Period
    status: str
    attempts: int
    message_id: str | None
    incident_ids: list[str]


_DELIVERY = ("SELECT period_key, period_start, period_end, status, attempts, message_id, incident_ids "
             "FROM deliveries WHERE subscriber_id = ?")


def _delivery(row: tuple, frequency: str) -> Delivery:
    key, start, end, status, attempts, message_id, ids = row
    return Delivery(Period(key, start, end, frequency), status, attempts, message_id, json.loads(ids) if ids else [])


def get_delivery(con: duckdb.DuckDBPyConnection, subscriber_id: str, period: Period) -> Delivery | None:
    row = con.execute(f"{_DELIVERY} AND period_key = ?", [subscriber_id, period.key]).fetchone()
    return _delivery(row, period.frequency) if row else None


def interrupted(con: duckdb.DuckDBPyConnection, subscriber_id: str, frequency: str) -> list[Delivery]:
    """Deliveries left `pending` by a crash (maybe sent, maybe not): re-sent as they were, oldest first."""
    rows = con.execute(f"{_DELIVERY} AND status = 'pending' AND json_array_length(incident_ids) > 0 "
                       "ORDER BY period_start", [subscriber_id]).fetchall()
    return [_delivery(r, frequency) for r in rows]


def _upsert(con: duckdb.DuckDBPyConnection, subscriber_id: str, period: Period, status: str, *,
            message_id: str | None, incident_ids: list[str], now: dt.datetime, count_attempt: bool) -> None:
    con.execute(
        """
        INSERT INTO deliveries (subscriber_id, period_key, period_start, period_end, status, attempts, message_id,
                                incident_ids, created_at)
        VALUES ($sid, $key, $start, $end, $status, $attempt, $mid, $ids, $now)
        ON CONFLICT (subscriber_id, period_key) DO UPDATE SET
            period_end = excluded.period_end, status = excluded.status,
            attempts = deliveries.attempts + excluded.attempts, message_id = excluded.message_id,
            incident_ids = excluded.incident_ids, last_error = NULL
        """,
        {"sid": subscriber_id, "key": period.key, "start": period.start, "end": period.end, "status": status,
         "attempt": int(count_attempt), "mid": message_id, "ids": json.dumps(incident_ids), "now": now},
    )


def supersede_older(con: duckdb.DuckDBPyConnection, subscriber_id: str, period_key: str) -> int:
    """Failed deliveries of other periods (and interrupted ones carrying no incident): this one carries their
    incidents, which were never received."""
    rows = con.execute(
        "UPDATE deliveries SET status = 'superseded' WHERE subscriber_id = ? AND period_key <> ? "
        "AND (status = 'failed' OR (status = 'pending' AND coalesce(json_array_length(incident_ids), 0) = 0)) "
        "RETURNING period_key",
        [subscriber_id, period_key],
    ).fetchall()
    return len(rows)


def mark_pending(con: duckdb.DuckDBPyConnection, subscriber_id: str, period: Period, message_id: str,
                 incident_ids: list[str], now: dt.datetime) -> None:
    with transaction(con):
        supersede_older(con, subscriber_id, period.key)
        _upsert(con, subscriber_id, period, "pending", message_id=message_id, incident_ids=incident_ids, now=now,
                count_attempt=True)


def mark_empty(con: duckdb.DuckDBPyConnection, subscriber_id: str, period: Period, now: dt.datetime) -> None:
    with transaction(con):
        supersede_older(con, subscriber_id, period.key)
        _upsert(con, subscriber_id, period, "empty", message_id=None, incident_ids=[], now=now, count_attempt=False)


def mark_sent(con: duckdb.DuckDBPyConnection, subscriber_id: str, period: Period, items: list[Item],
              now: dt.datetime) -> None:
    """The delivery is sent and each incident's carried version is recorded as received, in one transaction."""
    with transaction(con):
        con.execute("UPDATE deliveries SET status = 'sent', sent_at = ?, last_error = NULL "
                    "WHERE subscriber_id = ? AND period_key = ?", [now, subscriber_id, period.key])
        if items:
            con.execute(
                "INSERT OR REPLACE INTO delivered_incidents "
                "(subscriber_id, incident_id, version, period_key, delivered_at, facts) "
                "SELECT $sid, unnest($ids::TEXT[]), unnest($versions::TIMESTAMPTZ[]), $key, $now, "
                "unnest($facts::TEXT[])::JSON",
                {"sid": subscriber_id, "key": period.key, "now": now, "ids": [i.incident_id for i in items],
                 "versions": [i.last_updated for i in items], "facts": [json.dumps(i.facts()) for i in items]},
            )


def mark_failed(con: duckdb.DuckDBPyConnection, subscriber_id: str, period: Period, error: str,
                now: dt.datetime, count_attempt: bool = False) -> None:
    """Not delivered (send refused, or the digest could not even be built): retried by the next run.

    count_attempt: the attempt was not counted yet (no `pending` row was written for it).
    """
    con.execute(
        """
        INSERT INTO deliveries (subscriber_id, period_key, period_start, period_end, status, attempts, last_error,
                                created_at)
        VALUES ($sid, $key, $start, $end, 'failed', 1, $error, $now)
        ON CONFLICT (subscriber_id, period_key) DO UPDATE SET
            status = 'failed', last_error = excluded.last_error, attempts = deliveries.attempts + $extra
        """,
        {"sid": subscriber_id, "key": period.key, "start": period.start, "end": period.end, "error": error[:1000],
         "now": now, "extra": int(count_attempt)},
    )
