"""Send each active subscriber their digest for the current period, exactly once per (subscriber, period).

Three phases, so the DuckDB write lock is never held while talking to SMTP:
1. plan (one short write connection): per subscriber, skip a period already `sent`/`empty`; select new incidents
   and updates; render; write the delivery row `pending` with its Message-ID and incident ids.
2. send each message (no database connection open).
3. record each outcome in its own short write connection: `sent` (+ the incident versions received, same
   transaction) or `failed` (retried by the next run; a later period's digest re-selects its incidents).

A crash between sending and recording leaves the row `pending`: the next run re-sends the same incidents with the
same Message-ID (at-least-once; a duplicate is detectable by its Message-ID, a digest is never silently lost).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path

import duckdb

from alerts import ledger
from alerts.chart import daily_chart_png
from alerts.periods import Period, current_period
from alerts.render import build_message, new_message_id, strings
from alerts.selection import Digest, Item, select_digest
from alerts.send import DeliveryError, OutboxTransport, Transport, make_transport
from alerts.subscribers import Subscriber, list_subscribers
from incidents.config import Settings
from warehouse.db import write_connection

log = logging.getLogger(__name__)

DEFAULT_FROM = "digest@brussels-incidents.invalid"


@dataclass
class DigestStats:
    subscribers: int = 0
    sent: int = 0
    failed: int = 0
    empty: int = 0
    skipped_already_sent: int = 0
    would_send: int = 0                                                # dry run only
    previews: list[EmailMessage] = field(default_factory=list, repr=False)  # dry run only

    def as_dict(self) -> dict[str, int]:
        return {k: getattr(self, k) for k in
                ("subscribers", "sent", "failed", "empty", "skipped_already_sent", "would_send")}


@dataclass
class _Planned:
    subscriber: Subscriber
    period: Period
    items: list[Item]
    message: EmailMessage


def mail_from(settings: Settings) -> str:
    return settings.smtp.mail_from if settings.smtp else DEFAULT_FROM


def _commune_names(con: duckdb.DuckDBPyConnection, language: str) -> dict[str, str]:
    """French canonical name → name in the subscriber's language (Dutch names for nl)."""
    if language != "nl":
        return {}
    return dict(con.execute("SELECT commune, commune_nl FROM communes").fetchall())


class _Charts:
    """Chart PNGs of one run, shared by subscribers whose charts show the same numbers in the same language."""

    def __init__(self) -> None:
        self._cache: dict[tuple, bytes] = {}

    def png(self, digest: Digest) -> bytes:
        sub = digest.subscriber
        key = (sub.language, tuple(digest.daily))
        if key not in self._cache:
            self._cache[key] = daily_chart_png(digest.daily, strings()[sub.language]["chart_title"])
        return self._cache[key]


def _plan(con: duckdb.DuckDBPyConnection, settings: Settings, now: dt.datetime, stats: DigestStats,
          dry_run: bool, send_empty: bool) -> list[_Planned]:
    plans: list[_Planned] = []
    charts = _Charts()
    subscribers = list_subscribers(con, active_only=True)
    stats.subscribers = len(subscribers)
    for sub in subscribers:
        period = current_period(sub.frequency, now)
        existing = ledger.get_delivery(con, sub.subscriber_id, period.key)
        if existing is not None and existing.status in ledger.DONE:
            stats.skipped_already_sent += 1
            continue
        resend = existing is not None and existing.status == "pending" and bool(existing.incident_ids)
        try:
            digest = select_digest(con, sub, period, only_ids=existing.incident_ids if resend else None)
            message = None
            if not digest.is_empty or send_empty:
                message_id = (existing.message_id if resend and existing.message_id
                              else new_message_id(mail_from(settings)))
                message = build_message(digest, mail_from=mail_from(settings),
                                        unsubscribe_base_url=settings.unsubscribe_base_url,
                                        commune_names=_commune_names(con, sub.language), message_id=message_id,
                                        chart_png=charts.png(digest))
        except Exception as exc:  # noqa: BLE001 - one subscriber's bad data never stops the others
            log.exception("digest %s for subscriber %s could not be built", period.key, sub.subscriber_id)
            stats.failed += 1
            if not dry_run:
                ledger.mark_failed(con, sub.subscriber_id, period, f"not built: {type(exc).__name__}: {exc}", now,
                                   count_attempt=True)
            continue
        if message is None:
            stats.empty += 1
            if not dry_run:
                ledger.mark_empty(con, sub.subscriber_id, period, now)
        elif dry_run:
            stats.would_send += 1
            stats.previews.append(message)
        else:
            ledger.mark_pending(con, sub.subscriber_id, period, message["Message-ID"],
                                [i.incident_id for i in digest.items], now)
            plans.append(_Planned(sub, period, digest.items, message))
    return plans


def _deliver(db: Path, transport: Transport, plan: _Planned, stats: DigestStats) -> None:
    sid, period = plan.subscriber.subscriber_id, plan.period
    try:
        transport.send(plan.message, name=f"{period.key}_{sid}")
    except Exception as exc:  # noqa: BLE001 - one subscriber's failure never stops the others
        error = str(exc) if isinstance(exc, DeliveryError) else f"{type(exc).__name__}: {exc}"
        log.warning("digest %s for subscriber %s not delivered: %s", period.key, sid, error)
        with write_connection(db) as con:
            ledger.mark_failed(con, sid, period, error, dt.datetime.now(dt.timezone.utc))
        stats.failed += 1
        return
    with write_connection(db) as con:
        ledger.mark_sent(con, sid, period, plan.items, dt.datetime.now(dt.timezone.utc))
    stats.sent += 1


def send_digests(db: Path, settings: Settings, *, outbox: Path | None = None, now: dt.datetime | None = None,
                 dry_run: bool = False, send_empty: bool = False) -> DigestStats:
    """Deliver the current period's digest to every active subscriber (see the module docstring).

    outbox: write .eml files there instead of SMTP (default: SMTP when configured, else `settings.outbox`).
    dry_run: render only; nothing is sent or recorded (the messages are in `stats.previews`).
    send_empty: also send a digest when there is nothing new (default: record the period as `empty`).
    """
    now = now or dt.datetime.now(dt.timezone.utc)
    stats = DigestStats()
    with write_connection(db) as con:
        plans = _plan(con, settings, now, stats, dry_run, send_empty)
    if not plans:
        return stats
    transport = OutboxTransport(outbox) if outbox is not None else make_transport(settings.smtp, settings.outbox)
    try:
        for plan in plans:
            _deliver(db, transport, plan, stats)
    finally:
        transport.close()
    log.info("digests: %s", stats.as_dict())
    return stats
