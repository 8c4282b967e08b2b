"""Send each active subscriber their digest for the current period, exactly once per (subscriber, period).

The DuckDB write lock is held only for SQL, never while rendering or talking to SMTP:
1. select (short write connection): per subscriber, skip a period already `sent`/`empty`; select new incidents and
   updates; record `empty` periods.
2. render each digest (no connection open).
3. mark (short write connection): write each delivery row `pending` with its Message-ID and incident ids.
4. send each message (no connection open), then record its outcome in its own short write connection: `sent`
   (+ the incident versions received, same transaction) or `failed` (retried by the next run; a later period's
   digest re-selects its incidents).

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
from alerts.selection import Digest, select_digest
from alerts.send import DeliveryError, OutboxTransport, Transport, make_transport
from alerts.subscribers import list_subscribers
from core.settings import Settings
from warehouse.db import write_connection

log = logging.getLogger(__name__)



@dataclass
class DigestStats:
    subscribers: int = 0
    sent: int = 0
    failed: int = 0
    empty: int = 0
    skipped_already_sent: int = 0
    would_send: int = 0                                                     # dry run only
    previews: list[EmailMessage] = field(default_factory=list, repr=False)  # dry run only

    def as_dict(self) -> dict[str, int]:
        return {k: getattr(self, k) for k in
                ("subscribers", "sent", "failed", "empty", "skipped_already_sent", "would_send")}


@dataclass
class _Draft:
    """One subscriber's digest on its way: selected, then rendered, then sent."""

    digest: Digest
    message_id: str | None              # reused when re-sending an interrupted (`pending`) delivery
    commune_names: dict[str, str]
    message: EmailMessage | None = None

    @property
    def subscriber_id(self) -> str:
        return self.digest.subscriber.subscriber_id

    @property
    def period(self) -> Period:
        return self.digest.period


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
        language = digest.subscriber.language
        key = (language, tuple(digest.daily))
        if key not in self._cache:
            self._cache[key] = daily_chart_png(digest.daily, strings()[language]["chart_title"])
        return self._cache[key]


def _not_built(con: duckdb.DuckDBPyConnection, sid: str, period: Period, exc: Exception, now: dt.datetime,
               stats: DigestStats, dry_run: bool) -> None:
    log.error("digest %s for subscriber %s could not be built: %s: %s", period.key, sid, type(exc).__name__, exc)
    stats.failed += 1
    if not dry_run:
        ledger.mark_failed(con, sid, period, f"not built: {type(exc).__name__}: {exc}", now, count_attempt=True)


def _select(con: duckdb.DuckDBPyConnection, now: dt.datetime, stats: DigestStats, dry_run: bool,
            send_empty: bool) -> list[_Draft]:
    """The digests to send this run; periods already done are skipped, empty ones recorded."""
    drafts: list[_Draft] = []
    subscribers = list_subscribers(con, active_only=True)
    stats.subscribers = len(subscribers)
    for sub in subscribers:
        period = current_period(sub.frequency, now)
        try:
            resends = ledger.interrupted(con, sub.subscriber_id, sub.frequency)
            for old in resends:
                drafts.append(_Draft(select_digest(con, sub, old.period, only_ids=old.incident_ids),
                                     old.message_id, _commune_names(con, sub.language)))
            existing = ledger.get_delivery(con, sub.subscriber_id, period)
            if existing is not None and existing.status in ledger.DONE:
                stats.skipped_already_sent += 1
                continue
            if any(old.period.key == period.key for old in resends):
                continue  # this period's digest is the interrupted one; newer incidents wait for the next period
            digest = select_digest(con, sub, period, exclude_ids=[i for old in resends for i in old.incident_ids])
        except (duckdb.Error, ValueError, TypeError, KeyError) as exc:  # bad data in one subscriber's rows
            _not_built(con, sub.subscriber_id, period, exc, now, stats, dry_run)
            continue
        if digest.is_empty and not send_empty:
            stats.empty += 1
            if not dry_run:
                ledger.mark_empty(con, sub.subscriber_id, period, now)
            continue
        drafts.append(_Draft(digest, None, _commune_names(con, sub.language)))
    return drafts


def _render(drafts: list[_Draft], settings: Settings) -> list[tuple[_Draft, Exception]]:
    """Build each draft's message (no connection open); returns the drafts that could not be rendered."""
    charts = _Charts()
    failures = []
    for draft in drafts:
        try:
            draft.message = build_message(
                draft.digest, mail_from=settings.mail_from, unsubscribe_base_url=settings.unsubscribe_base_url,
                commune_names=draft.commune_names,
                message_id=draft.message_id or new_message_id(settings.mail_from),
                chart_png=charts.png(draft.digest))
        except Exception as exc:  # noqa: BLE001 - one subscriber's bad data never stops the others
            failures.append((draft, exc))
    return failures


def _deliver(db: Path, transport: Transport, draft: _Draft, stats: DigestStats) -> None:
    sid, period = draft.subscriber_id, draft.period
    try:
        transport.send(draft.message, name=f"{period.key}_{sid}")
    except Exception as exc:  # noqa: BLE001 - one subscriber's failure never stops the others
        error = str(exc) if isinstance(exc, DeliveryError) else f"{type(exc).__name__}: {exc}"
        log.warning("digest %s for subscriber %s not delivered: %s", period.key, sid, error)
        with write_connection(db) as con:
            ledger.mark_failed(con, sid, period, error, dt.datetime.now(dt.timezone.utc))
        stats.failed += 1
        return
    with write_connection(db) as con:
        ledger.mark_sent(con, sid, period, draft.digest.items, dt.datetime.now(dt.timezone.utc))
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
        drafts = _select(con, now, stats, dry_run, send_empty)
    failures = _render(drafts, settings)
    drafts = [d for d in drafts if d.message is not None]
    if dry_run:
        for draft, exc in failures:
            log.error("digest %s for subscriber %s could not be built: %s", draft.period.key, draft.subscriber_id, exc)
        stats.failed += len(failures)
        stats.would_send = len(drafts)
        stats.previews = [d.message for d in drafts]
        return stats
    if drafts or failures:
        with write_connection(db) as con:
            for draft, exc in failures:
                _not_built(con, draft.subscriber_id, draft.period, exc, now, stats, dry_run)
            for draft in drafts:
                ledger.mark_pending(con, draft.subscriber_id, draft.period, draft.message["Message-ID"],
                                    [i.incident_id for i in draft.digest.items], now)
    if drafts:
        transport = OutboxTransport(outbox) if outbox is not None else make_transport(settings.smtp, settings.outbox)
        try:
            for draft in drafts:
                _deliver(db, transport, draft, stats)
        finally:
            transport.close()
    log.info("digests: %s", stats.as_dict())
    return stats
